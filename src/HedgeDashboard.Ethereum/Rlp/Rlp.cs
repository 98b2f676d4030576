using System.Numerics;

namespace HedgeDashboard.Ethereum.Rlp;

/// <summary>Recursive Length Prefix encoding (yellow paper, appendix B).</summary>
public static class Rlp
{
    public static readonly byte[] EmptyString = [0x80];
    public static readonly byte[] EmptyList = [0xc0];

    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }

        var result = new byte[PrefixLength(bytes.Length) + bytes.Length];
        var p = WritePrefix(result, 0x80, bytes.Length);
        bytes.CopyTo(result.AsSpan(p));
        return result;
    }

    /// <summary>A non-negative integer: big-endian without leading zeros; zero is the empty string 0x80.</summary>
    public static byte[] EncodeInteger(BigInteger value) => EncodeBytes(Hex.ToBigEndianMinimal(value));

    public static byte[] EncodeInteger(ulong value)
    {
        if (value == 0)
        {
            return EmptyString;
        }

        if (value < 0x80)
        {
            return [(byte)value];
        }

        Span<byte> buf = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(buf, value);
        var skip = System.Numerics.BitOperations.LeadingZeroCount(value) / 8;
        return EncodeBytes(buf[skip..]);
    }

    public static byte[] EncodeString(string utf8) => EncodeBytes(System.Text.Encoding.UTF8.GetBytes(utf8));

    /// <summary>A list of already-encoded items.</summary>
    public static byte[] EncodeList(params byte[][] encodedItems)
    {
        var payload = 0;
        foreach (var i in encodedItems)
        {
            payload += i.Length;
        }

        var result = new byte[PrefixLength(payload) + payload];
        var p = WritePrefix(result, 0xc0, payload);
        foreach (var i in encodedItems)
        {
            i.CopyTo(result, p);
            p += i.Length;
        }

        return result;
    }

    public static byte[] Encode(RlpItem item) => item switch
    {
        RlpString s => EncodeBytes(s.Bytes),
        RlpList l => EncodeList([.. l.Items.Select(Encode)]),
        _ => throw new ArgumentException("Unknown RLP item.", nameof(item)),
    };

    /// <summary>Decodes exactly one item that spans the whole input; trailing bytes are an error.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        var item = DecodeAt(data, ref pos, 0);
        if (pos != data.Length)
        {
            throw new RlpException($"RLP has {data.Length - pos} trailing bytes after the first item.");
        }

        return item;
    }

    private static RlpItem DecodeAt(ReadOnlySpan<byte> data, ref int pos, int depth)
    {
        if (depth > 64)
        {
            throw new RlpException("RLP nesting deeper than 64 levels.");
        }

        if (pos >= data.Length)
        {
            throw new RlpException("RLP input ends before the item.");
        }

        var b = data[pos];
        if (b < 0x80)
        {
            pos++;
            return new RlpString([b]);
        }

        var isList = b >= 0xc0;
        var (offset, length) = ReadLength(data, pos, isList ? (byte)0xc0 : (byte)0x80);
        var start = pos + offset;
        if ((long)start + length > data.Length)
        {
            throw new RlpException($"RLP item at {pos} declares {length} bytes but only {data.Length - start} remain (truncated).");
        }

        var payload = data.Slice(start, length);
        pos = start + length;
        if (!isList)
        {
            if (length == 1 && payload[0] < 0x80)
            {
                throw new RlpException("Non-canonical RLP: a single byte below 0x80 must encode itself.");
            }

            return new RlpString(payload.ToArray());
        }

        var items = new List<RlpItem>();
        var inner = 0;
        while (inner < payload.Length)
        {
            items.Add(DecodeAt(payload, ref inner, depth + 1));
        }

        return new RlpList(items);
    }

    private static (int Offset, int Length) ReadLength(ReadOnlySpan<byte> data, int pos, byte baseByte)
    {
        var b = data[pos];
        var small = b - baseByte;
        if (small <= 55)
        {
            return (1, small);
        }

        var lenOfLen = small - 55;
        if (lenOfLen > 4)
        {
            throw new RlpException($"RLP length of length {lenOfLen} is too large.");
        }

        if (pos + 1 + lenOfLen > data.Length)
        {
            throw new RlpException("RLP input ends inside a length prefix (truncated).");
        }

        var lenBytes = data.Slice(pos + 1, lenOfLen);
        if (lenBytes[0] == 0)
        {
            throw new RlpException("Non-canonical RLP: length with leading zero.");
        }

        long len = 0;
        foreach (var x in lenBytes)
        {
            len = (len << 8) | x;
        }

        if (len <= 55)
        {
            throw new RlpException("Non-canonical RLP: long form used for a length of 55 or less.");
        }

        if (len > int.MaxValue)
        {
            throw new RlpException("RLP length too large.");
        }

        return (1 + lenOfLen, (int)len);
    }

    private static int PrefixLength(int length)
    {
        if (length <= 55)
        {
            return 1;
        }

        var n = 0;
        for (var l = length; l > 0; l >>= 8)
        {
            n++;
        }

        return 1 + n;
    }

    private static int WritePrefix(byte[] target, byte baseByte, int length)
    {
        if (length <= 55)
        {
            target[0] = (byte)(baseByte + length);
            return 1;
        }

        var n = PrefixLength(length) - 1;
        target[0] = (byte)(baseByte + 55 + n);
        for (var i = 0; i < n; i++)
        {
            target[n - i] = (byte)(length >> (8 * i));
        }

        return 1 + n;
    }
}
