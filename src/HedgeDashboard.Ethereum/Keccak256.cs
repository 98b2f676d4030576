using Nethereum.Util;

namespace HedgeDashboard.Ethereum;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), from Nethereum.</summary>
public static class Keccak256
{
    public static byte[] Hash(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Sha3Keccack.Current.CalculateHash(data);
    }

    public static byte[] Hash(byte[] data, int offset, int length) => Hash(data.AsSpan(offset, length));

    public static byte[] Hash(ReadOnlySpan<byte> data) => Hash(data.ToArray());

    /// <summary>Keccak-256 of the concatenation of several parts.</summary>
    public static byte[] HashConcat(params byte[][] parts) => Hash([.. parts.SelectMany(p => p)]);

    public static byte[] HashUtf8(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}
