using System.Globalization;
using System.Numerics;

namespace HedgeDashboard.Ethereum;

/// <summary>Hex strings as Ethereum uses them: "0x"-prefixed bytes and JSON-RPC quantities.</summary>
public static class Hex
{
    /// <summary>Decodes "0x"-prefixed (or bare) hex into bytes. Odd length or a non-hex digit is a <see cref="FormatException"/>.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.AsSpan();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
        }

        if ((s.Length & 1) != 0)
        {
            throw new FormatException($"Hex string has an odd number of digits ({s.Length}): '{Shorten(hex)}'.");
        }

        var result = new byte[s.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var hi = Digit(s[2 * i]);
            var lo = Digit(s[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                var at = hi < 0 ? 2 * i : (2 * i) + 1;
                throw new FormatException($"Invalid hex digit '{s[at]}' at position {at}: '{Shorten(hex)}'.");
            }

            result[i] = (byte)((hi << 4) | lo);
        }

        return result;
    }

    /// <summary>Decodes hex and checks that it has exactly <paramref name="expectedLength"/> bytes.</summary>
    public static byte[] Decode(string hex, int expectedLength)
    {
        var bytes = Decode(hex);
        return bytes.Length == expectedLength
            ? bytes
            : throw new FormatException($"Expected {expectedLength} bytes of hex but got {bytes.Length}: '{Shorten(hex)}'.");
    }

    /// <summary>Lower-case hex, "0x"-prefixed unless <paramref name="prefix"/> is false.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true)
        => prefix ? string.Concat("0x", Convert.ToHexStringLower(bytes)) : Convert.ToHexStringLower(bytes);

    /// <summary>A JSON-RPC quantity: "0x" + hex without leading zeros ("0x0" for zero). Negative values are refused.</summary>
    public static string EncodeQuantity(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A quantity cannot be negative.");
        }

        if (value.IsZero)
        {
            return "0x0";
        }

        var hex = Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
        return "0x" + hex;
    }

    public static string EncodeQuantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses a JSON-RPC quantity ("0x1a"). Missing prefix, empty digits or non-hex digits are a <see cref="FormatException"/>.</summary>
    public static BigInteger DecodeQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hex.Length == 2)
        {
            throw new FormatException($"Not a hex quantity: '{Shorten(hex)}'.");
        }

        var s = hex.AsSpan(2);
        BigInteger v = BigInteger.Zero;
        foreach (var c in s)
        {
            var d = Digit(c);
            if (d < 0)
            {
                throw new FormatException($"Invalid hex digit '{c}' in quantity '{Shorten(hex)}'.");
            }

            v = (v << 4) | d;
        }

        return v;
    }

    /// <summary>Parses a quantity that must fit in 64 bits.</summary>
    public static ulong DecodeQuantityUInt64(string hex)
    {
        var v = DecodeQuantity(hex);
        return v <= ulong.MaxValue ? (ulong)v : throw new OverflowException($"Quantity {Shorten(hex)} does not fit in 64 bits.");
    }

    /// <summary>Unsigned big-endian bytes of a non-negative integer, with no leading zeros (empty for zero).</summary>
    public static byte[] ToBigEndianMinimal(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Value cannot be negative.");
        }

        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Unsigned big-endian bytes left-padded to <paramref name="size"/>; too large a value is refused.</summary>
    public static byte[] ToBigEndianPadded(BigInteger value, int size)
    {
        var raw = ToBigEndianMinimal(value);
        if (raw.Length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"Value needs {raw.Length} bytes, more than {size}.");
        }

        var result = new byte[size];
        raw.CopyTo(result, size - raw.Length);
        return result;
    }

    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
