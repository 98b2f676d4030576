using System.Collections;
using System.Globalization;
using System.Numerics;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

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

/// <summary>
/// ABI encoding and decoding by Nethereum's <see cref="ParametersEncoder"/> and <see cref="ParameterDecoder"/> for types
/// known only at run time (signatures parsed by <see cref="AbiFunction"/>). Values: integers as <see cref="BigInteger"/>
/// (int, long, uint, ulong also accepted when encoding), <see cref="Address"/>, bool, byte[] for bytes and bytesN,
/// string, and any IList (object?[] on decode) for arrays and tuples. Ours on top: values are range-checked before
/// encoding, and decoding is strict where Nethereum is lenient: integers, addresses and bools are decoded as 256-bit
/// words and refused when they do not fit their type; data too short for the heads, or dynamic data that does not
/// re-encode to itself (an offset or length past the end, which Nethereum reads as empty), is refused.
/// </summary>
public static class AbiCodec
{
    private static readonly BigInteger AddressLimit = BigInteger.One << 160;

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"{types.Count} ABI types but {values.Count} values.", nameof(values));
        }

        var parameters = types.Select((t, i) => ToParameter(t, i, forDecoding: false)).ToArray();
        var converted = types.Select((t, i) => ToNethereumValue(t, values[i], $"arg[{i}]")).ToArray();
        return new ParametersEncoder().EncodeParameters(parameters, converted);
    }

    public static byte[] Encode(AbiType type, object? value) => Encode([type], [value]);

    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        var minimum = types.Sum(t => t.HeadSize);
        if (data.Length < minimum)
        {
            throw new AbiDecodingException($"Data ends before the values: {data.Length} bytes, the heads alone need {minimum} (truncated).");
        }

        List<ParameterOutput> outputs;
        try
        {
            outputs = new ParameterDecoder().DecodeDefaultData(data.ToArray(), [.. types.Select((t, i) => ToParameter(t, i, forDecoding: true))]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new AbiDecodingException($"ABI data does not decode as ({string.Join(",", types.Select(t => t.CanonicalName))}): {ex.Message}", ex);
        }

        var byOrder = outputs.OrderBy(o => o.Parameter.Order).ToList();
        object?[] values = [.. types.Select((t, i) => FromNethereumValue(t, byOrder[i].Result))];

        // Nethereum reads an offset or a length past the end as empty data; what Solidity encodes re-encodes to itself.
        if (types.Any(t => t.IsDynamic) && !Encode(types, values).AsSpan().SequenceEqual(data))
        {
            throw new AbiDecodingException($"ABI data is not a canonical encoding of ({string.Join(",", types.Select(t => t.CanonicalName))}): an offset or length runs past the end (truncated or corrupt).");
        }

        return values;
    }

    public static object? Decode(AbiType type, ReadOnlySpan<byte> data) => Decode([type], data)[0];

    /// <summary>Human-readable value for messages: numbers in decimal, bytes and addresses in hex.</summary>
    public static string FormatValue(object? v) => v switch
    {
        null => "null",
        byte[] b => Hex.Encode(b),
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        IList l => "[" + string.Join(", ", l.Cast<object?>().Select(FormatValue)) + "]",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Nethereum's parameter for one of our types. For decoding, integers, addresses and bools become 256-bit words so
    /// that <see cref="FromNethereumValue"/> can refuse dirty high bits.
    /// </summary>
    private static Parameter ToParameter(AbiType t, int order, bool forDecoding)
    {
        var p = new Parameter(NethereumTypeName(t, forDecoding), "p" + order.ToString(CultureInfo.InvariantCulture), order + 1);
        SetTupleComponents(p.ABIType, t, forDecoding);
        return p;
    }

    private static string NethereumTypeName(AbiType t, bool forDecoding) => t.Kind switch
    {
        AbiKind.Tuple => "tuple",
        AbiKind.Array => NethereumTypeName(t.Element!, forDecoding) + "[]",
        AbiKind.FixedArray => NethereumTypeName(t.Element!, forDecoding) + "[" + t.Size.ToString(CultureInfo.InvariantCulture) + "]",
        AbiKind.UInt or AbiKind.Address or AbiKind.Bool when forDecoding => "uint256",
        AbiKind.Int when forDecoding => "int256",
        _ => t.CanonicalName,
    };

    private static void SetTupleComponents(ABIType abiType, AbiType t, bool forDecoding)
    {
        switch (t.Kind)
        {
            case AbiKind.Tuple:
                ((TupleType)abiType).SetComponents([.. t.Components.Select((c, i) => ToParameter(c, i, forDecoding))]);
                break;
            case AbiKind.Array or AbiKind.FixedArray:
                SetTupleComponents(((ArrayType)abiType).ElementType, t.Element!, forDecoding);
                break;
        }
    }

    private static object? ToNethereumValue(AbiType t, object? value, string path)
    {
        switch (t.Kind)
        {
            case AbiKind.UInt:
                {
                    var v = ToBigInteger(value, t, path);
                    return v.Sign >= 0 && v.GetBitLength() <= t.Size ? v : throw new ArgumentOutOfRangeException(path, $"{FormatValue(v)} is out of range for {t} at {path}.");
                }

            case AbiKind.Int:
                {
                    var v = ToBigInteger(value, t, path);
                    var limit = BigInteger.One << (t.Size - 1);
                    return v >= -limit && v < limit ? v : throw new ArgumentOutOfRangeException(path, $"{FormatValue(v)} is out of range for {t} at {path}.");
                }

            case AbiKind.Address:
                return value switch
                {
                    Address a => a.ToLowerHex(),
                    string s => Address.Parse(s).ToLowerHex(),
                    _ => throw new ArgumentException($"Expected an Address at {path}, got {value?.GetType().Name ?? "null"}.", path),
                };
            case AbiKind.Bool:
                return value is bool b ? b : throw new ArgumentException($"Expected a bool at {path}, got {value?.GetType().Name ?? "null"}.", path);
            case AbiKind.FixedBytes:
                {
                    var bytes = ToBytes(value, path);
                    return bytes.Length == t.Size ? bytes : throw new ArgumentException($"{t} needs exactly {t.Size} bytes at {path}, got {bytes.Length}.", path);
                }

            case AbiKind.Bytes:
                return ToBytes(value, path);
            case AbiKind.String:
                return value is string s2 ? s2 : throw new ArgumentException($"Expected a string at {path}, got {value?.GetType().Name ?? "null"}.", path);
            case AbiKind.Array:
                return ToList(value, path).Select((x, i) => ToNethereumValue(t.Element!, x, $"{path}[{i}]")).ToList();
            case AbiKind.FixedArray:
                {
                    var items = ToList(value, path);
                    return items.Count == t.Size
                        ? items.Select((x, i) => ToNethereumValue(t.Element!, x, $"{path}[{i}]")).ToList()
                        : throw new ArgumentException($"{t} needs exactly {t.Size} elements at {path}, got {items.Count}.", path);
                }

            case AbiKind.Tuple:
                {
                    var items = ToList(value, path);
                    return items.Count == t.Components.Count
                        ? items.Select((x, i) => ToNethereumValue(t.Components[i], x, $"{path}.{i}")).ToArray()
                        : throw new ArgumentException($"{t} needs {t.Components.Count} components at {path}, got {items.Count}.", path);
                }

            default:
                throw new InvalidOperationException($"Unknown ABI kind {t.Kind}.");
        }
    }

    private static object? FromNethereumValue(AbiType t, object? value)
    {
        switch (t.Kind)
        {
            case AbiKind.UInt:
                {
                    var v = (BigInteger)value!;
                    return v.GetBitLength() <= t.Size ? v : throw new AbiDecodingException($"Value {v} does not fit in {t}.");
                }

            case AbiKind.Int:
                {
                    var v = (BigInteger)value!;
                    var limit = BigInteger.One << (t.Size - 1);
                    return v >= -limit && v < limit ? v : throw new AbiDecodingException($"Value {v} does not fit in {t}.");
                }

            case AbiKind.Address:
                {
                    var v = (BigInteger)value!;
                    return v < AddressLimit ? new Address(Hex.ToBigEndianPadded(v, 20)) : throw new AbiDecodingException($"Address word 0x{v:x} has non-zero high bytes.");
                }

            case AbiKind.Bool:
                {
                    var v = (BigInteger)value!;
                    return v <= 1 ? v.IsOne : throw new AbiDecodingException($"Bool word {v} is not 0 or 1.");
                }

            case AbiKind.FixedBytes or AbiKind.Bytes:
                return (byte[])value!;
            case AbiKind.String:
                return (string)value!;
            case AbiKind.Array or AbiKind.FixedArray:
                return ((IEnumerable)value!).Cast<object?>().Select(x => FromNethereumValue(t.Element!, x)).ToArray();
            case AbiKind.Tuple:
                {
                    var outputs = ((IEnumerable<ParameterOutput>)value!).OrderBy(o => o.Parameter.Order).ToList();
                    return t.Components.Select((c, i) => FromNethereumValue(c, outputs[i].Result)).ToArray();
                }

            default:
                throw new InvalidOperationException($"Unknown ABI kind {t.Kind}.");
        }
    }

    internal static BigInteger ToBigInteger(object? value, AbiType t, string path) => value switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte by => by,
        sbyte sb => sb,
        _ => throw new ArgumentException($"Expected an integer for {t} at {path}, got {value?.GetType().Name ?? "null"}.", path),
    };

    private static byte[] ToBytes(object? value, string path) => value switch
    {
        byte[] b => b,
        ReadOnlyMemory<byte> m => m.ToArray(),
        string s when s.StartsWith("0x", StringComparison.Ordinal) => Hex.Decode(s),
        _ => throw new ArgumentException($"Expected bytes at {path}, got {value?.GetType().Name ?? "null"}.", path),
    };

    private static List<object?> ToList(object? value, string path) => value switch
    {
        IList l and not byte[] => [.. l.Cast<object?>()],
        System.Runtime.CompilerServices.ITuple tuple => [.. Enumerable.Range(0, tuple.Length).Select(i => tuple[i])],
        _ => throw new ArgumentException($"Expected a list at {path}, got {value?.GetType().Name ?? "null"}.", path),
    };
}
