using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HedgeDashboard.Ethereum.Eip712;

/// <summary>One member of an EIP-712 struct type.</summary>
public sealed record TypedDataField(string Name, string Type);

/// <summary>The EIP-712 domain. Only the fields that are set take part in the domain type, in the EIP's order.</summary>
public sealed record Eip712Domain
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public BigInteger? ChainId { get; init; }

    public Address? VerifyingContract { get; init; }

    public byte[]? Salt { get; init; }

    public IReadOnlyList<TypedDataField> Fields()
    {
        var f = new List<TypedDataField>();
        if (Name is not null)
        {
            f.Add(new("name", "string"));
        }

        if (Version is not null)
        {
            f.Add(new("version", "string"));
        }

        if (ChainId is not null)
        {
            f.Add(new("chainId", "uint256"));
        }

        if (VerifyingContract is not null)
        {
            f.Add(new("verifyingContract", "address"));
        }

        if (Salt is not null)
        {
            f.Add(new("salt", "bytes32"));
        }

        return f;
    }

    public Dictionary<string, object?> ToMessage()
    {
        var d = new Dictionary<string, object?>();
        if (Name is not null)
        {
            d["name"] = Name;
        }

        if (Version is not null)
        {
            d["version"] = Version;
        }

        if (ChainId is { } c)
        {
            d["chainId"] = c;
        }

        if (VerifyingContract is { } v)
        {
            d["verifyingContract"] = v;
        }

        if (Salt is not null)
        {
            d["salt"] = Salt;
        }

        return d;
    }
}

/// <summary>A strongly-typed EIP-712 message: it names its primary type, declares its struct types and gives its values.</summary>
public interface IEip712Message
{
    string PrimaryType { get; }

    /// <summary>Struct types used by the message (without EIP712Domain).</summary>
    IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types { get; }

    IReadOnlyDictionary<string, object?> ToMessage();
}

/// <summary>
/// EIP-712 typed data as in eth_signTypedData_v4 JSON. Values: integers as BigInteger / CLR integers / decimal or
/// 0x strings; addresses as <see cref="Address"/> or strings; bytes as byte[] or 0x strings; structs as dictionaries;
/// arrays as lists.
/// </summary>
public sealed class TypedData
{
    public required IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types { get; init; }

    public required string PrimaryType { get; init; }

    public required IReadOnlyDictionary<string, object?> Domain { get; init; }

    public required IReadOnlyDictionary<string, object?> Message { get; init; }

    public static TypedData Create<T>(Eip712Domain domain, T message)
        where T : IEip712Message
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(message);
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>>(message.Types)
        {
            ["EIP712Domain"] = domain.Fields(),
        };
        return new TypedData { Types = types, PrimaryType = message.PrimaryType, Domain = domain.ToMessage(), Message = message.ToMessage() };
    }

    /// <summary>Parses eth_signTypedData_v4 JSON ({types, primaryType, domain, message}).</summary>
    public static TypedData FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Typed data JSON must be an object.");
        }

        var types = new Dictionary<string, IReadOnlyList<TypedDataField>>();
        foreach (var t in Required(root, "types").EnumerateObject())
        {
            types[t.Name] = t.Value.EnumerateArray()
                .Select(f => new TypedDataField(Required(f, "name").GetString()!, Required(f, "type").GetString()!))
                .ToList();
        }

        return new TypedData
        {
            Types = types,
            PrimaryType = Required(root, "primaryType").GetString() ?? throw new FormatException("primaryType must be a string."),
            Domain = (Dictionary<string, object?>)FromJsonValue(Required(root, "domain"))!,
            Message = (Dictionary<string, object?>)FromJsonValue(Required(root, "message"))!,
        };
    }

    /// <summary>eth_signTypedData_v4 JSON; numbers are written as decimal strings, bytes and addresses as hex.</summary>
    public string ToJson()
    {
        var types = new JsonObject();
        foreach (var (name, fields) in Types.OrderBy(k => k.Key == "EIP712Domain" ? 0 : 1))
        {
            types[name] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]);
        }

        var root = new JsonObject
        {
            ["types"] = types,
            ["primaryType"] = PrimaryType,
            ["domain"] = ToNode(Domain),
            ["message"] = ToNode(Message),
        };
        return root.ToJsonString();
    }

    private static JsonNode? ToNode(object? v) => v switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        BigInteger n => JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)),
        int or long or uint or ulong or short or ushort or byte => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
        Address a => JsonValue.Create(a.ToString()),
        byte[] b => JsonValue.Create(Hex.Encode(b)),
        IReadOnlyDictionary<string, object?> d => new JsonObject(d.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        System.Collections.IEnumerable e => new JsonArray([.. e.Cast<object?>().Select(ToNode)]),
        _ => throw new ArgumentException($"Cannot write {v.GetType().Name} as typed-data JSON."),
    };

    private static JsonElement Required(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : throw new FormatException($"Typed data JSON lacks '{name}'.");

    private static object? FromJsonValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJsonValue(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJsonValue).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => BigInteger.TryParse(e.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"Typed data number {e.GetRawText()} is not an integer."),
        JsonValueKind.Null => null,
        _ => throw new FormatException($"Unexpected JSON value {e.ValueKind} in typed data."),
    };
}
