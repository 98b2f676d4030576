using System.Globalization;

namespace HedgeDashboard.Ethereum.Abi;

public enum AbiKind
{
    UInt,
    Int,
    Address,
    Bool,
    Bytes,
    FixedBytes,
    String,
    Array,
    FixedArray,
    Tuple,
}

/// <summary>A Solidity ABI type (contract ABI specification): parsed from its canonical name, e.g. "uint256", "(address,bytes32)[2]".</summary>
public sealed class AbiType
{
    private AbiType(AbiKind kind, int size = 0, AbiType? element = null, IReadOnlyList<AbiType>? components = null, IReadOnlyList<string?>? componentNames = null)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components ?? [];
        ComponentNames = componentNames ?? [];
        IsDynamic = kind switch
        {
            AbiKind.Bytes or AbiKind.String or AbiKind.Array => true,
            AbiKind.FixedArray => element!.IsDynamic,
            AbiKind.Tuple => Components.Any(c => c.IsDynamic),
            _ => false,
        };
        HeadSize = IsDynamic ? 32 : kind switch
        {
            AbiKind.FixedArray => size * element!.HeadSize,
            AbiKind.Tuple => Components.Sum(c => c.HeadSize),
            _ => 32,
        };
        CanonicalName = kind switch
        {
            AbiKind.UInt => $"uint{size}",
            AbiKind.Int => $"int{size}",
            AbiKind.Address => "address",
            AbiKind.Bool => "bool",
            AbiKind.Bytes => "bytes",
            AbiKind.FixedBytes => $"bytes{size}",
            AbiKind.String => "string",
            AbiKind.Array => element!.CanonicalName + "[]",
            AbiKind.FixedArray => $"{element!.CanonicalName}[{size}]",
            AbiKind.Tuple => "(" + string.Join(",", Components.Select(c => c.CanonicalName)) + ")",
            _ => throw new InvalidOperationException(),
        };
    }

    public AbiKind Kind { get; }

    /// <summary>Bits for uint/int, bytes for bytesN, length for T[k].</summary>
    public int Size { get; }

    public AbiType? Element { get; }

    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>Names of tuple components when parsed from a named signature (may be null).</summary>
    public IReadOnlyList<string?> ComponentNames { get; }

    public bool IsDynamic { get; }

    /// <summary>Bytes this type takes in the head of an enclosing tuple.</summary>
    public int HeadSize { get; }

    public string CanonicalName { get; }

    public static AbiType Address { get; } = new(AbiKind.Address);

    public static AbiType Bool { get; } = new(AbiKind.Bool);

    public static AbiType Bytes { get; } = new(AbiKind.Bytes);

    public static AbiType String { get; } = new(AbiKind.String);

    public static AbiType UInt(int bits) => bits is > 0 and <= 256 && bits % 8 == 0
        ? new(AbiKind.UInt, bits)
        : throw new FormatException($"uint{bits} is not an ABI type (8..256 in steps of 8).");

    public static AbiType Int(int bits) => bits is > 0 and <= 256 && bits % 8 == 0
        ? new(AbiKind.Int, bits)
        : throw new FormatException($"int{bits} is not an ABI type (8..256 in steps of 8).");

    public static AbiType FixedBytes(int size) => size is > 0 and <= 32
        ? new(AbiKind.FixedBytes, size)
        : throw new FormatException($"bytes{size} is not an ABI type (1..32).");

    public static AbiType ArrayOf(AbiType element) => new(AbiKind.Array, 0, element);

    public static AbiType FixedArrayOf(AbiType element, int length) => length > 0
        ? new(AbiKind.FixedArray, length, element)
        : throw new FormatException("A fixed array has at least one element.");

    public static AbiType Tuple(params AbiType[] components) => new(AbiKind.Tuple, 0, null, components);

    public static AbiType Tuple(IReadOnlyList<AbiType> components, IReadOnlyList<string?> names) => new(AbiKind.Tuple, 0, null, components, names);

    /// <summary>Parses a type name: "uint" means uint256, "tuple(...)" and "(...)" are tuples; component names are allowed.</summary>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pos = 0;
        var t = ParseType(text, ref pos, allowNames: false);
        SkipSpaces(text, ref pos);
        return pos == text.Length ? t : throw new FormatException($"Unexpected '{text[pos..]}' after ABI type in '{text}'.");
    }

    public override string ToString() => CanonicalName;

    internal static AbiType ParseType(string text, ref int pos, bool allowNames)
    {
        SkipSpaces(text, ref pos);
        AbiType t;
        if (text.AsSpan(pos).StartsWith("tuple(", StringComparison.Ordinal))
        {
            pos += 5;
        }

        if (pos < text.Length && text[pos] == '(')
        {
            var (types, names) = ParseParameterList(text, ref pos);
            t = Tuple(types, names);
        }
        else
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiLetterOrDigit(text[pos]))
            {
                pos++;
            }

            t = Elementary(text[start..pos], text);
        }

        while (pos < text.Length && text[pos] == '[')
        {
            var close = text.IndexOf(']', pos);
            if (close < 0)
            {
                throw new FormatException($"Unclosed '[' in ABI type '{text}'.");
            }

            var inner = text[(pos + 1)..close];
            t = inner.Length == 0
                ? ArrayOf(t)
                : int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
                    ? FixedArrayOf(t, k)
                    : throw new FormatException($"Bad array length '{inner}' in ABI type '{text}'.");
            pos = close + 1;
        }

        return t;
    }

    /// <summary>Parses "(type name, type indexed name, ...)" starting at '('; returns types and names.</summary>
    internal static (List<AbiType> Types, List<string?> Names) ParseParameterList(string text, ref int pos, List<bool>? indexed = null)
    {
        if (text[pos] != '(')
        {
            throw new FormatException($"Expected '(' at {pos} in '{text}'.");
        }

        pos++;
        var types = new List<AbiType>();
        var names = new List<string?>();
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == ')')
        {
            pos++;
            return (types, names);
        }

        while (true)
        {
            types.Add(ParseType(text, ref pos, allowNames: true));
            var isIndexed = false;
            string? name = null;
            while (true)
            {
                SkipSpaces(text, ref pos);
                var start = pos;
                while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_' || text[pos] == '$'))
                {
                    pos++;
                }

                if (start == pos)
                {
                    break;
                }

                var word = text[start..pos];
                if (word == "indexed")
                {
                    isIndexed = true;
                }
                else if (word is "memory" or "calldata" or "storage" or "payable")
                {
                    // Solidity location keywords carry no ABI meaning.
                }
                else
                {
                    name = word;
                }
            }

            names.Add(name);
            indexed?.Add(isIndexed);
            SkipSpaces(text, ref pos);
            if (pos >= text.Length)
            {
                throw new FormatException($"Unclosed '(' in '{text}'.");
            }

            if (text[pos] == ')')
            {
                pos++;
                return (types, names);
            }

            if (text[pos] != ',')
            {
                throw new FormatException($"Unexpected '{text[pos]}' at {pos} in '{text}'.");
            }

            pos++;
        }
    }

    internal static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private static AbiType Elementary(string name, string whole)
    {
        switch (name)
        {
            case "address": return Address;
            case "bool": return Bool;
            case "bytes": return Bytes;
            case "string": return String;
            case "uint": return UInt(256);
            case "int": return Int(256);
            case "function": return FixedBytes(24);
        }

        if (name.StartsWith("uint", StringComparison.Ordinal) && TryNumber(name[4..], out var ub))
        {
            return UInt(ub);
        }

        if (name.StartsWith("int", StringComparison.Ordinal) && TryNumber(name[3..], out var ib))
        {
            return Int(ib);
        }

        if (name.StartsWith("bytes", StringComparison.Ordinal) && TryNumber(name[5..], out var bb))
        {
            return FixedBytes(bb);
        }

        throw new FormatException($"Unknown ABI type '{name}' in '{whole}'.");
    }

    private static bool TryNumber(string s, out int n)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n) && !s.StartsWith('0');
}
