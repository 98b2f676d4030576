using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Ethereum.Eip712;

/// <summary>EIP-712 hashing: encodeType, typeHash, hashStruct, domain separator and the final digest.</summary>
public static class TypedDataEncoder
{
    /// <summary>keccak256(0x19 0x01 || domainSeparator || hashStruct(message)).</summary>
    public static byte[] Hash(TypedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var domainSeparator = HashDomain(data);
        if (data.PrimaryType == "EIP712Domain")
        {
            return Keccak256.HashConcat([0x19, 0x01], domainSeparator);
        }

        return Keccak256.HashConcat([0x19, 0x01], domainSeparator, HashStruct(data.Types, data.PrimaryType, data.Message));
    }

    public static byte[] Hash<T>(Eip712Domain domain, T message)
        where T : IEip712Message => Hash(TypedData.Create(domain, message));

    public static byte[] HashDomain(TypedData data)
    {
        var types = data.Types;
        if (!types.ContainsKey("EIP712Domain"))
        {
            var derived = new Dictionary<string, IReadOnlyList<TypedDataField>>(types)
            {
                ["EIP712Domain"] = DomainFieldsFromValues(data.Domain),
            };
            types = derived;
        }

        return HashStruct(types, "EIP712Domain", data.Domain);
    }

    public static byte[] HashDomain(Eip712Domain domain)
    {
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>> { ["EIP712Domain"] = domain.Fields() };
        return HashStruct(types, "EIP712Domain", domain.ToMessage());
    }

    /// <summary>"Mail(Person from,Person to,string contents)Person(string name,address wallet)".</summary>
    public static string EncodeType(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType)
    {
        var deps = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(types, primaryType, deps);
        deps.Remove(primaryType);
        var sb = new StringBuilder();
        foreach (var name in new[] { primaryType }.Concat(deps))
        {
            sb.Append(name).Append('(');
            sb.AppendJoin(',', Fields(types, name).Select(f => f.Type + " " + f.Name));
            sb.Append(')');
        }

        return sb.ToString();
    }

    public static byte[] TypeHash(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType)
        => Keccak256.HashUtf8(EncodeType(types, primaryType));

    public static byte[] HashStruct(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string typeName, IReadOnlyDictionary<string, object?> value)
    {
        var parts = new List<byte[]> { TypeHash(types, typeName) };
        foreach (var f in Fields(types, typeName))
        {
            if (!value.TryGetValue(f.Name, out var v))
            {
                throw new ArgumentException($"EIP-712 value of type {typeName} lacks field '{f.Name}'.");
            }

            parts.Add(EncodeField(types, f.Type, v, $"{typeName}.{f.Name}"));
        }

        return Keccak256.HashConcat([.. parts]);
    }

    private static byte[] EncodeField(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string type, object? value, string path)
    {
        if (types.ContainsKey(type))
        {
            var dict = value as IReadOnlyDictionary<string, object?>
                ?? (value is IDictionary<string, object?> d ? new Dictionary<string, object?>(d) : null)
                ?? throw new ArgumentException($"EIP-712 {path} must be a struct ({type}).");
            return HashStruct(types, type, dict);
        }

        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var elementType = type[..open];
            var lengthText = type[(open + 1)..^1];
            if (value is not IEnumerable items || value is string or byte[])
            {
                throw new ArgumentException($"EIP-712 {path} must be an array ({type}).");
            }

            var encoded = items.Cast<object?>().Select((x, i) => EncodeField(types, elementType, x, $"{path}[{i}]")).ToArray();
            if (lengthText.Length > 0 && encoded.Length != int.Parse(lengthText, CultureInfo.InvariantCulture))
            {
                throw new ArgumentException($"EIP-712 {path} needs {lengthText} elements, got {encoded.Length}.");
            }

            return Keccak256.HashConcat(encoded);
        }

        switch (type)
        {
            case "string":
                return value is string s ? Keccak256.HashUtf8(s) : throw new ArgumentException($"EIP-712 {path} must be a string.");
            case "bytes":
                return Keccak256.Hash(ToBytes(value, path));
        }

        var abiType = AbiType.Parse(type);
        object? abiValue = abiType.Kind switch
        {
            AbiKind.UInt or AbiKind.Int => ToInteger(value, path),
            AbiKind.Address => value is string a ? Address.Parse(a) : value,
            AbiKind.FixedBytes => ToBytes(value, path),
            AbiKind.Bool => value,
            _ => throw new ArgumentException($"EIP-712 {path}: unsupported type '{type}'."),
        };
        return AbiCodec.Encode(abiType, abiValue);
    }

    private static BigInteger ToInteger(object? value, string path) => value switch
    {
        string s when s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) => Hex.DecodeQuantity(s),
        string s => BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"EIP-712 {path}: '{s}' is not an integer."),
        _ => AbiCodec.ToBigInteger(value, AbiType.UInt(256), path),
    };

    private static byte[] ToBytes(object? value, string path) => value switch
    {
        byte[] b => b,
        string s => Hex.Decode(s),
        _ => throw new ArgumentException($"EIP-712 {path} must be bytes."),
    };

    private static IReadOnlyList<TypedDataField> Fields(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string name)
        => types.TryGetValue(name, out var f) ? f : throw new ArgumentException($"EIP-712 type '{name}' is not defined.");

    private static void CollectDependencies(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string name, SortedSet<string> found)
    {
        if (!found.Add(name))
        {
            return;
        }

        foreach (var f in Fields(types, name))
        {
            var baseType = f.Type;
            var bracket = baseType.IndexOf('[');
            if (bracket >= 0)
            {
                baseType = baseType[..bracket];
            }

            if (types.ContainsKey(baseType))
            {
                CollectDependencies(types, baseType, found);
            }
        }
    }

    private static List<TypedDataField> DomainFieldsFromValues(IReadOnlyDictionary<string, object?> domain)
    {
        var order = new (string Name, string Type)[] { ("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"), ("salt", "bytes32") };
        return [.. order.Where(o => domain.ContainsKey(o.Name)).Select(o => new TypedDataField(o.Name, o.Type))];
    }
}
