using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace HedgeDashboard.Ethereum.Abi;

/// <summary>Input that cannot be ABI-decoded: truncated, bad offsets, out-of-range values.</summary>
public sealed class AbiDecodingException(string message) : FormatException(message);

/// <summary>
/// ABI encoding and decoding (Solidity contract ABI specification). Values: integers as <see cref="BigInteger"/>
/// (int, long, uint, ulong also accepted when encoding), <see cref="Address"/>, bool, byte[] for bytes and bytesN,
/// string, and any IList (object?[] on decode) for arrays and tuples.
/// </summary>
public static class AbiCodec
{
    private const int MaxDecodeItems = 1 << 20;

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"{types.Count} ABI types but {values.Count} values.", nameof(values));
        }

        var buffer = new List<byte>(32 * (types.Count + 2));
        EncodeSequence(buffer, types, values, "arg");
        return [.. buffer];
    }

    public static byte[] Encode(AbiType type, object? value) => Encode([type], [value]);

    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var arr = data.ToArray();
        var result = new object?[types.Count];
        var headPos = 0;
        for (var i = 0; i < types.Count; i++)
        {
            result[i] = DecodeInSequence(types[i], arr, 0, headPos);
            headPos += types[i].HeadSize;
        }

        return result;
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

    // ---------------- encoding ----------------
    private static void EncodeSequence(List<byte> buffer, IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, string path)
    {
        var start = buffer.Count;
        var headSize = types.Sum(t => t.HeadSize);
        var heads = new byte[headSize];
        buffer.AddRange(heads);
        var headPos = start;
        for (var i = 0; i < types.Count; i++)
        {
            var t = types[i];
            var p = $"{path}[{i}]";
            if (t.IsDynamic)
            {
                var offset = buffer.Count - start;
                WriteWord(buffer, headPos, EncodeUnsignedWord(offset));
                EncodeValue(buffer, t, values[i], p);
                headPos += 32;
            }
            else
            {
                var tmp = new List<byte>(t.HeadSize);
                EncodeValue(tmp, t, values[i], p);
                for (var j = 0; j < tmp.Count; j++)
                {
                    buffer[headPos + j] = tmp[j];
                }

                headPos += t.HeadSize;
            }
        }
    }

    private static void WriteWord(List<byte> buffer, int at, byte[] word)
    {
        for (var j = 0; j < 32; j++)
        {
            buffer[at + j] = word[j];
        }
    }

    private static void EncodeValue(List<byte> buffer, AbiType t, object? value, string path)
    {
        switch (t.Kind)
        {
            case AbiKind.UInt:
                {
                    var v = ToBigInteger(value, t, path);
                    if (v.Sign < 0 || v.GetBitLength() > t.Size)
                    {
                        throw new ArgumentOutOfRangeException(path, $"{FormatValue(v)} is out of range for {t} at {path}.");
                    }

                    buffer.AddRange(EncodeUnsignedWord(v));
                    break;
                }

            case AbiKind.Int:
                {
                    var v = ToBigInteger(value, t, path);
                    var limit = BigInteger.One << (t.Size - 1);
                    if (v < -limit || v >= limit)
                    {
                        throw new ArgumentOutOfRangeException(path, $"{FormatValue(v)} is out of range for {t} at {path}.");
                    }

                    buffer.AddRange(EncodeSignedWord(v));
                    break;
                }

            case AbiKind.Address:
                {
                    var a = value switch
                    {
                        Address x => x,
                        string s => Address.Parse(s),
                        _ => throw new ArgumentException($"Expected an Address at {path}, got {value?.GetType().Name ?? "null"}.", path),
                    };
                    var word = new byte[32];
                    a.Span.CopyTo(word.AsSpan(12));
                    buffer.AddRange(word);
                    break;
                }

            case AbiKind.Bool:
                {
                    var b = value is bool x ? x : throw new ArgumentException($"Expected a bool at {path}, got {value?.GetType().Name ?? "null"}.", path);
                    var word = new byte[32];
                    word[31] = b ? (byte)1 : (byte)0;
                    buffer.AddRange(word);
                    break;
                }

            case AbiKind.FixedBytes:
                {
                    var b = ToBytes(value, path);
                    if (b.Length != t.Size)
                    {
                        throw new ArgumentException($"{t} needs exactly {t.Size} bytes at {path}, got {b.Length}.", path);
                    }

                    var word = new byte[32];
                    b.CopyTo(word, 0);
                    buffer.AddRange(word);
                    break;
                }

            case AbiKind.Bytes:
            case AbiKind.String:
                {
                    var b = t.Kind == AbiKind.String
                        ? (value is string s ? Encoding.UTF8.GetBytes(s) : throw new ArgumentException($"Expected a string at {path}, got {value?.GetType().Name ?? "null"}.", path))
                        : ToBytes(value, path);
                    buffer.AddRange(EncodeUnsignedWord(b.Length));
                    buffer.AddRange(b);
                    var pad = (32 - (b.Length % 32)) % 32;
                    for (var i = 0; i < pad; i++)
                    {
                        buffer.Add(0);
                    }

                    break;
                }

            case AbiKind.Array:
                {
                    var items = ToList(value, path);
                    buffer.AddRange(EncodeUnsignedWord(items.Count));
                    EncodeSequence(buffer, Enumerable.Repeat(t.Element!, items.Count).ToArray(), items, path);
                    break;
                }

            case AbiKind.FixedArray:
                {
                    var items = ToList(value, path);
                    if (items.Count != t.Size)
                    {
                        throw new ArgumentException($"{t} needs exactly {t.Size} elements at {path}, got {items.Count}.", path);
                    }

                    EncodeSequence(buffer, Enumerable.Repeat(t.Element!, items.Count).ToArray(), items, path);
                    break;
                }

            case AbiKind.Tuple:
                {
                    var items = ToList(value, path);
                    if (items.Count != t.Components.Count)
                    {
                        throw new ArgumentException($"{t} needs {t.Components.Count} components at {path}, got {items.Count}.", path);
                    }

                    EncodeSequence(buffer, t.Components, items, path);
                    break;
                }
        }
    }

    internal static BigInteger ToBigInteger(object? value, AbiType t, string path) => value switch
    {
        BigInteger b => b,
        int i => i,
        long l => l,
        uint u => u,
        ulong u => u,
        short s => s,
        ushort s => s,
        byte b => b,
        sbyte b => b,
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
        IList l and not byte[] => l.Cast<object?>().ToList(),
        System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToList(),
        _ => throw new ArgumentException($"Expected a list at {path}, got {value?.GetType().Name ?? "null"}.", path),
    };

    internal static byte[] EncodeUnsignedWord(BigInteger v) => Hex.ToBigEndianPadded(v, 32);

    internal static byte[] EncodeSignedWord(BigInteger v)
    {
        if (v.Sign >= 0)
        {
            return EncodeUnsignedWord(v);
        }

        return EncodeUnsignedWord((BigInteger.One << 256) + v);
    }

    // ---------------- decoding ----------------
    private static object? DecodeInSequence(AbiType t, byte[] data, int seqStart, int headPos)
    {
        if (!t.IsDynamic)
        {
            return DecodeValue(t, data, seqStart + headPos);
        }

        var offset = ReadLength(data, seqStart + headPos, "offset");
        var target = (long)seqStart + offset;
        if (target > data.Length)
        {
            throw new AbiDecodingException($"Offset {offset} for {t} points past the end of the data ({data.Length} bytes).");
        }

        return DecodeValue(t, data, (int)target);
    }

    private static object? DecodeValue(AbiType t, byte[] data, int pos)
    {
        switch (t.Kind)
        {
            case AbiKind.UInt:
                {
                    var v = Hex.FromBigEndian(Word(data, pos, t));
                    return v.GetBitLength() <= t.Size ? v : throw new AbiDecodingException($"Value {v} does not fit in {t}.");
                }

            case AbiKind.Int:
                {
                    var w = Word(data, pos, t);
                    var v = new BigInteger(w, isUnsigned: false, isBigEndian: true);
                    var limit = BigInteger.One << (t.Size - 1);
                    return v >= -limit && v < limit ? v : throw new AbiDecodingException($"Value {v} does not fit in {t}.");
                }

            case AbiKind.Address:
                {
                    var w = Word(data, pos, t);
                    return w[..12].All(b => b == 0) ? new Address(w.AsSpan(12)) : throw new AbiDecodingException($"Address word {Hex.Encode(w)} has non-zero high bytes.");
                }

            case AbiKind.Bool:
                {
                    var w = Word(data, pos, t);
                    return w[..31].All(b => b == 0) && w[31] <= 1 ? w[31] == 1 : throw new AbiDecodingException($"Bool word {Hex.Encode(w)} is not 0 or 1.");
                }

            case AbiKind.FixedBytes:
                return Word(data, pos, t)[..t.Size];

            case AbiKind.Bytes:
            case AbiKind.String:
                {
                    var len = ReadLength(data, pos, t.CanonicalName + " length");
                    if ((long)pos + 32 + len > data.Length)
                    {
                        throw new AbiDecodingException($"{t} of length {len} runs past the end of the data (truncated).");
                    }

                    var bytes = data.AsSpan(pos + 32, len).ToArray();
                    if (t.Kind == AbiKind.Bytes)
                    {
                        return bytes;
                    }

                    try
                    {
                        return new UTF8Encoding(false, true).GetString(bytes);
                    }
                    catch (DecoderFallbackException)
                    {
                        throw new AbiDecodingException("ABI string is not valid UTF-8.");
                    }
                }

            case AbiKind.Array:
                {
                    var count = ReadLength(data, pos, "array length");
                    if ((long)count * t.Element!.HeadSize > data.Length - pos - 32 || count > MaxDecodeItems)
                    {
                        throw new AbiDecodingException($"Array of {count} elements does not fit in the data (truncated or corrupt).");
                    }

                    return DecodeSequence(Enumerable.Repeat(t.Element, count).ToArray(), data, pos + 32);
                }

            case AbiKind.FixedArray:
                return DecodeSequence(Enumerable.Repeat(t.Element!, t.Size).ToArray(), data, pos);

            case AbiKind.Tuple:
                return DecodeSequence(t.Components, data, pos);

            default:
                throw new InvalidOperationException();
        }
    }

    private static object?[] DecodeSequence(IReadOnlyList<AbiType> types, byte[] data, int start)
    {
        var result = new object?[types.Count];
        var headPos = 0;
        for (var i = 0; i < types.Count; i++)
        {
            result[i] = DecodeInSequence(types[i], data, start, headPos);
            headPos += types[i].HeadSize;
        }

        return result;
    }

    private static byte[] Word(byte[] data, int pos, AbiType t)
    {
        if (pos < 0 || (long)pos + 32 > data.Length)
        {
            throw new AbiDecodingException($"Data ends before the {t} at byte {pos} ({data.Length} bytes; truncated).");
        }

        return data.AsSpan(pos, 32).ToArray();
    }

    private static int ReadLength(byte[] data, int pos, string what)
    {
        var v = Hex.FromBigEndian(Word(data, pos, AbiType.UInt(256)));
        return v <= int.MaxValue ? (int)v : throw new AbiDecodingException($"ABI {what} {v} is implausibly large.");
    }
}
