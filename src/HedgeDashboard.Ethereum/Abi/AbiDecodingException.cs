namespace HedgeDashboard.Ethereum.Abi;

/// <summary>Input that cannot be ABI-decoded: truncated, bad offsets, out-of-range values.</summary>
public sealed class AbiDecodingException : FormatException
{
    public AbiDecodingException(string message)
        : base(message)
    {
    }

    public AbiDecodingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
