using System.Numerics;

namespace HedgeDashboard.Ethereum.Abi;

/// <summary>What a revert's return data says: Error(string), Panic(uint256), a known custom error, or raw bytes.</summary>
public sealed record RevertReason(RevertKind Kind, string Message, byte[] Data)
{
    public BigInteger? PanicCode { get; init; }

    /// <summary>The 4-byte selector of a custom error (or of Error/Panic).</summary>
    public byte[]? Selector { get; init; }

    /// <summary>Decoded arguments of a custom error, when its definition was known.</summary>
    public IReadOnlyList<object?>? Arguments { get; init; }

    public override string ToString() => Message;
}

public enum RevertKind
{
    /// <summary>No return data (plain revert() or require without message).</summary>
    Empty,
    ErrorString,
    Panic,
    CustomError,
    Unknown,
}

/// <summary>Decodes revert data (the "data" of an execution-reverted error).</summary>
public static class RevertDecoder
{
    /// <summary>Selector of Error(string): 0x08c379a0.</summary>
    public static readonly byte[] ErrorSelector = [0x08, 0xc3, 0x79, 0xa0];

    /// <summary>Selector of Panic(uint256): 0x4e487b71.</summary>
    public static readonly byte[] PanicSelector = [0x4e, 0x48, 0x7b, 0x71];

    public static RevertReason Decode(ReadOnlySpan<byte> data, IEnumerable<AbiError>? knownErrors = null)
    {
        var bytes = data.ToArray();
        if (bytes.Length == 0)
        {
            return new RevertReason(RevertKind.Empty, "reverted without a reason", bytes);
        }

        if (bytes.Length < 4)
        {
            return new RevertReason(RevertKind.Unknown, $"reverted with data {Hex.Encode(bytes)}", bytes);
        }

        var selector = bytes[..4];
        try
        {
            if (selector.AsSpan().SequenceEqual(ErrorSelector))
            {
                var msg = (string)AbiCodec.Decode([AbiType.String], bytes.AsSpan(4))[0]!;
                return new RevertReason(RevertKind.ErrorString, msg, bytes) { Selector = selector };
            }

            if (selector.AsSpan().SequenceEqual(PanicSelector))
            {
                var code = (BigInteger)AbiCodec.Decode([AbiType.UInt(256)], bytes.AsSpan(4))[0]!;
                return new RevertReason(RevertKind.Panic, $"panic 0x{code:x2} ({PanicDescription(code)})", bytes) { Selector = selector, PanicCode = code };
            }

            foreach (var e in knownErrors ?? [])
            {
                if (e.Selector.AsSpan().SequenceEqual(selector))
                {
                    var args = AbiCodec.Decode(e.Inputs.Select(i => i.Type).ToArray(), bytes.AsSpan(4));
                    return new RevertReason(RevertKind.CustomError, $"{e.Name}({string.Join(", ", args.Select(AbiCodec.FormatValue))})", bytes)
                    {
                        Selector = selector,
                        Arguments = args,
                    };
                }
            }
        }
        catch (AbiDecodingException)
        {
            return new RevertReason(RevertKind.Unknown, $"reverted with undecodable data {Hex.Encode(bytes)}", bytes) { Selector = selector };
        }

        return new RevertReason(RevertKind.CustomError, $"custom error {Hex.Encode(selector)}", bytes) { Selector = selector };
    }

    /// <summary>Solidity's panic codes (docs: "Panic via assert and Error via require").</summary>
    public static string PanicDescription(BigInteger code) => (int)(code > 0x100 ? 0x100 : code) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assert failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "invalid storage byte array encoding",
        0x31 => "pop on empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to zero-initialized function",
        _ => "unknown panic code",
    };
}
