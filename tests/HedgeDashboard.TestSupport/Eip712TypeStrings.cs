using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Eip712;

namespace HedgeDashboard.TestSupport;

/// <summary>
/// EIP-712 encodeType ("Mail(Person from,Person to,string contents)Person(string name,address wallet)") and its keccak,
/// the TYPEHASH a contract stores: an independent check of the type strings the product hands to Nethereum (which
/// builds them only from CLR types). Test-only: the product hashes through Nethereum.
/// </summary>
public static class Eip712TypeStrings
{
    public static string EncodeType(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType)
    {
        ArgumentNullException.ThrowIfNull(types);
        var deps = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(types, primaryType, deps);
        deps.Remove(primaryType);
        return string.Concat(new[] { primaryType }.Concat(deps).Select(name => $"{name}({string.Join(',', types[name].Select(f => f.Type + " " + f.Name))})"));
    }

    public static byte[] TypeHash(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType)
        => Keccak256.HashUtf8(EncodeType(types, primaryType));

    private static void CollectDependencies(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string name, SortedSet<string> found)
    {
        if (!found.Add(name))
        {
            return;
        }

        foreach (var f in types[name])
        {
            var bracket = f.Type.IndexOf('[', StringComparison.Ordinal);
            var baseType = bracket >= 0 ? f.Type[..bracket] : f.Type;
            if (types.ContainsKey(baseType))
            {
                CollectDependencies(types, baseType, found);
            }
        }
    }
}
