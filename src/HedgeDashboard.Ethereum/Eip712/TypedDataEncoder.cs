using Nethereum.ABI.EIP712;

namespace HedgeDashboard.Ethereum.Eip712;

/// <summary>
/// EIP-712 hashing by Nethereum's <see cref="Eip712TypedDataEncoder"/> (the v4 JSON form of <see cref="TypedData"/> is
/// the hand-over): domain separator, hashStruct and the final digest.
/// </summary>
public static class TypedDataEncoder
{
    private const string DomainType = "EIP712Domain";

    /// <summary>keccak256(0x19 0x01 || domainSeparator || hashStruct(message)).</summary>
    public static byte[] Hash(TypedData data) => Hashes(data).TypedDataHash;

    public static byte[] Hash<T>(Eip712Domain domain, T message)
        where T : IEip712Message => Hash(TypedData.Create(domain, message));

    public static byte[] HashDomain(TypedData data) => Hashes(data).DomainHash;

    public static byte[] HashDomain(Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var values = domain.ToMessage();
        return HashDomain(new TypedData
        {
            Types = new Dictionary<string, IReadOnlyList<TypedDataField>> { [DomainType] = domain.Fields() },
            PrimaryType = DomainType,
            Domain = values,
            Message = values,
        });
    }

    /// <summary>hashStruct of one value of <paramref name="typeName"/> (the message hash of typed data with that primary type).</summary>
    public static byte[] HashStruct(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string typeName, IReadOnlyDictionary<string, object?> value)
    {
        ArgumentNullException.ThrowIfNull(types);
        // An empty domain: only the message hash is wanted.
        var withDomain = new Dictionary<string, IReadOnlyList<TypedDataField>>(types) { [DomainType] = [] };
        return Hashes(new TypedData { Types = withDomain, PrimaryType = typeName, Domain = new Dictionary<string, object?>(), Message = value }).MessageHash;
    }

    private static TypedDataHashResult Hashes(TypedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Types.ContainsKey(data.PrimaryType))
        {
            throw new ArgumentException($"EIP-712 type '{data.PrimaryType}' is not defined.");
        }

        var withDomain = data.Types.ContainsKey(DomainType) ? data : new TypedData
        {
            Types = new Dictionary<string, IReadOnlyList<TypedDataField>>(data.Types) { [DomainType] = DomainFieldsFromValues(data.Domain) },
            PrimaryType = data.PrimaryType,
            Domain = data.Domain,
            Message = data.Message,
        };
        try
        {
            var raw = TypedDataRawJsonConversion.DeserialiseJsonToRawTypedData(withDomain.ToJson());
            return Eip712TypedDataEncoder.Current.CalculateTypedDataHashes(raw);
        }
        catch (Exception ex) when (ex is not ArgumentException and not OutOfMemoryException)
        {
            throw new ArgumentException($"EIP-712 data of type {data.PrimaryType} cannot be encoded: {ex.Message}", ex);
        }
    }

    private static List<TypedDataField> DomainFieldsFromValues(IReadOnlyDictionary<string, object?> domain)
    {
        var order = new (string Name, string Type)[] { ("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"), ("salt", "bytes32") };
        return [.. order.Where(o => domain.ContainsKey(o.Name)).Select(o => new TypedDataField(o.Name, o.Type))];
    }
}
