using System.Collections;
using System.Globalization;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

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

/// <summary>
/// Decodes revert data (the "data" of an execution-reverted error) with Nethereum's error ABI model: Error(string),
/// Panic(uint256) and the custom errors a caller knows (<see cref="ErrorAbis"/>), each checked by <see cref="StrictAbi"/>.
/// </summary>
public static class RevertDecoder
{
    /// <summary>Selector of Error(string): 0x08c379a0.</summary>
    public static readonly byte[] ErrorSelector = [0x08, 0xc3, 0x79, 0xa0];

    /// <summary>Selector of Panic(uint256): 0x4e487b71.</summary>
    public static readonly byte[] PanicSelector = [0x4e, 0x48, 0x7b, 0x71];

    public static RevertReason Decode(ReadOnlySpan<byte> data, IEnumerable<ErrorABI>? knownErrors = null)
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
        var args = bytes[4..];
        try
        {
            if (selector.AsSpan().SequenceEqual(ErrorSelector))
            {
                var msg = (string)StrictAbi.Decode([new Parameter("string", "message", 1)], args, "Error(string)")[0].Result;
                return new RevertReason(RevertKind.ErrorString, msg, bytes) { Selector = selector };
            }

            if (selector.AsSpan().SequenceEqual(PanicSelector))
            {
                var code = (BigInteger)StrictAbi.Decode([new Parameter("uint256", "code", 1)], args, "Panic(uint256)")[0].Result;
                return new RevertReason(RevertKind.Panic, $"panic 0x{code:x2} ({PanicDescription(code)})", bytes) { Selector = selector, PanicCode = code };
            }

            var hex = Hex.Encode(selector)[2..];
            foreach (var e in knownErrors ?? [])
            {
                if (e.Sha3Signature.Replace("0x", "", StringComparison.Ordinal).StartsWith(hex, StringComparison.OrdinalIgnoreCase))
                {
                    var values = StrictAbi.Decode(e.InputParameters, args, e.Signature).OrderBy(o => o.Parameter.Order).Select(o => Plain(o.Parameter.Type, o.Result)).ToArray();
                    return new RevertReason(RevertKind.CustomError, $"{e.Name}({string.Join(", ", values.Select(Format))})", bytes)
                    {
                        Selector = selector,
                        Arguments = values,
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

    /// <summary>Nethereum error ABIs from Solidity signatures without tuples, e.g. "InvalidNonce(uint256,uint256,uint256)".</summary>
    public static IReadOnlyList<ErrorABI> ErrorAbis(params string[] signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        return
        [
            .. signatures.Select(s =>
            {
                var open = s.IndexOf('(', StringComparison.Ordinal);
                var types = s[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return new ErrorABI(s[..open]) { InputParameters = [.. types.Select((t, i) => new Parameter(t, "arg" + i.ToString(CultureInfo.InvariantCulture), i + 1))] };
            }),
        ];
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

    private static object? Plain(string type, object? value) => value switch
    {
        string s when type == "address" => Address.Parse(s.ToLowerInvariant()),
        List<ParameterOutput> tuple => tuple.OrderBy(o => o.Parameter.Order).Select(o => Plain(o.Parameter.Type, o.Result)).ToArray(),
        _ => value,
    };

    /// <summary>Human-readable value for messages: numbers in decimal, bytes in hex, addresses checksummed.</summary>
    private static string Format(object? v) => v switch
    {
        null => "null",
        byte[] b => Hex.Encode(b),
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        IList l => "[" + string.Join(", ", l.Cast<object?>().Select(Format)) + "]",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
