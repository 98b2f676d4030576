using System.Text;

namespace HedgeDashboard.Ethereum.Abi;

/// <summary>A named (possibly indexed) parameter.</summary>
public sealed record AbiParameter(string? Name, AbiType Type, bool Indexed = false);

/// <summary>A contract function: "transfer(address to,uint256 amount) returns (bool)" or cast style "balanceOf(address)(uint256)".</summary>
public sealed class AbiFunction
{
    private AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Signature = $"{name}({string.Join(",", inputs.Select(i => i.Type.CanonicalName))})";
        Selector = Keccak256.Hash(Encoding.ASCII.GetBytes(Signature))[..4];
        InputTypes = [.. inputs.Select(i => i.Type)];
        OutputTypes = [.. outputs.Select(i => i.Type)];
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    public string Signature { get; }

    public byte[] Selector { get; }

    public AbiType[] InputTypes { get; }

    public AbiType[] OutputTypes { get; }

    public static AbiFunction Parse(string text)
    {
        var (name, inputs, rest, pos) = AbiSignature.ParseHead(text, "function");
        List<AbiParameter> outputs = [];
        AbiType.SkipSpaces(rest, ref pos);
        foreach (var kw in new[] { "external", "public", "view", "pure", "payable", "nonpayable" })
        {
            AbiType.SkipSpaces(rest, ref pos);
            if (rest.AsSpan(pos).StartsWith(kw, StringComparison.Ordinal))
            {
                pos += kw.Length;
            }
        }

        AbiType.SkipSpaces(rest, ref pos);
        if (rest.AsSpan(pos).StartsWith("returns", StringComparison.Ordinal))
        {
            pos += 7;
            AbiType.SkipSpaces(rest, ref pos);
        }

        if (pos < rest.Length && rest[pos] == '(')
        {
            var (t, n) = AbiType.ParseParameterList(rest, ref pos);
            outputs = [.. t.Select((x, i) => new AbiParameter(n[i], x))];
        }

        AbiType.SkipSpaces(rest, ref pos);
        return pos == rest.Length
            ? new AbiFunction(name, inputs, outputs)
            : throw new FormatException($"Unexpected '{rest[pos..]}' in function signature '{text}'.");
    }

    /// <summary>
    /// selector || abi.encode(args). A function with one tuple or array parameter also accepts that tuple's or
    /// array's elements spread as the arguments (C# passes a lone object?[] as the params array itself).
    /// </summary>
    public byte[] EncodeCall(params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (InputTypes.Length == 1 && args.Length != 1 && InputTypes[0].Kind is AbiKind.Tuple or AbiKind.Array or AbiKind.FixedArray)
        {
            args = [args];
        }

        var body = AbiCodec.Encode(InputTypes, args);
        var result = new byte[4 + body.Length];
        Selector.CopyTo(result, 0);
        body.CopyTo(result, 4);
        return result;
    }

    public object?[] DecodeOutput(ReadOnlySpan<byte> data) => AbiCodec.Decode(OutputTypes, data);

    /// <summary>Decodes calldata made by <see cref="EncodeCall"/>; the selector must match.</summary>
    public object?[] DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(Selector))
        {
            throw new AbiDecodingException($"Calldata does not start with the selector of {Signature}.");
        }

        return AbiCodec.Decode(InputTypes, calldata[4..]);
    }

    public override string ToString() => Signature;
}

/// <summary>A custom error, e.g. "error Unauthorized(address caller)".</summary>
public sealed class AbiError
{
    private AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = name;
        Inputs = inputs;
        Signature = $"{name}({string.Join(",", inputs.Select(i => i.Type.CanonicalName))})";
        Selector = Keccak256.Hash(Encoding.ASCII.GetBytes(Signature))[..4];
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public string Signature { get; }

    public byte[] Selector { get; }

    public static AbiError Parse(string text)
    {
        var (name, inputs, rest, pos) = AbiSignature.ParseHead(text, "error");
        AbiType.SkipSpaces(rest, ref pos);
        return pos == rest.Length ? new AbiError(name, inputs) : throw new FormatException($"Unexpected text in error signature '{text}'.");
    }

    public override string ToString() => Signature;
}

/// <summary>An event, e.g. "event Swap(address indexed sender, ..., int24 tick)". Topic 0 is keccak of the signature.</summary>
public sealed class AbiEvent
{
    private AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous)
    {
        Name = name;
        Inputs = inputs;
        Anonymous = anonymous;
        Signature = $"{name}({string.Join(",", inputs.Select(i => i.Type.CanonicalName))})";
        Topic0 = Keccak256.Hash(Encoding.ASCII.GetBytes(Signature));
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public bool Anonymous { get; }

    public string Signature { get; }

    public byte[] Topic0 { get; }

    public static AbiEvent Parse(string text)
    {
        var (name, inputs, rest, pos) = AbiSignature.ParseHead(text, "event");
        AbiType.SkipSpaces(rest, ref pos);
        var anonymous = false;
        if (rest.AsSpan(pos).StartsWith("anonymous", StringComparison.Ordinal))
        {
            anonymous = true;
            pos += 9;
        }

        AbiType.SkipSpaces(rest, ref pos);
        return pos == rest.Length ? new AbiEvent(name, inputs, anonymous) : throw new FormatException($"Unexpected text in event signature '{text}'.");
    }

    /// <summary>True when the log's first topic is this event's (always false for anonymous events).</summary>
    public bool Matches(IReadOnlyList<byte[]> topics) => !Anonymous && topics.Count > 0 && topics[0].AsSpan().SequenceEqual(Topic0);

    /// <summary>
    /// Decodes a log into values in parameter order. Indexed static values come from topics; indexed dynamic
    /// values (string, bytes, arrays, tuples) are only their keccak hash, returned as byte[32].
    /// </summary>
    public object?[] DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var first = Anonymous ? 0 : 1;
        if (!Anonymous && !Matches(topics))
        {
            throw new AbiDecodingException($"Log topic 0 is not the topic of {Signature}.");
        }

        var indexedCount = Inputs.Count(i => i.Indexed);
        if (topics.Count != first + indexedCount)
        {
            throw new AbiDecodingException($"{Signature} has {indexedCount} indexed parameters but the log has {topics.Count - first} topics.");
        }

        var dataTypes = Inputs.Where(i => !i.Indexed).Select(i => i.Type).ToArray();
        var dataValues = AbiCodec.Decode(dataTypes, data);
        var result = new object?[Inputs.Count];
        int ti = first, di = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var p = Inputs[i];
            if (p.Indexed)
            {
                var topic = topics[ti++];
                if (topic.Length != 32)
                {
                    throw new AbiDecodingException($"Topic {ti - 1} is {topic.Length} bytes, not 32.");
                }

                result[i] = p.Type.IsDynamic || p.Type.Kind is AbiKind.Tuple or AbiKind.FixedArray ? topic : AbiCodec.Decode(p.Type, topic);
            }
            else
            {
                result[i] = dataValues[di++];
            }
        }

        return result;
    }

    /// <summary>Decoded values by parameter name (unnamed parameters get "arg{i}").</summary>
    public IReadOnlyDictionary<string, object?> DecodeLogByName(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var values = DecodeLog(topics, data);
        return Inputs.Select((p, i) => (Name: p.Name ?? $"arg{i}", Value: values[i])).ToDictionary(x => x.Name, x => x.Value);
    }

    public override string ToString() => Signature;
}

internal static class AbiSignature
{
    public static (string Name, List<AbiParameter> Inputs, string Remainder, int Pos) ParseHead(string text, string keyword)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.StartsWith(keyword + " ", StringComparison.Ordinal))
        {
            s = s[(keyword.Length + 1)..].TrimStart();
        }

        var open = s.IndexOf('(');
        if (open <= 0)
        {
            throw new FormatException($"Not a {keyword} signature: '{text}'.");
        }

        var name = s[..open].Trim();
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$'))
        {
            throw new FormatException($"Bad {keyword} name '{name}' in '{text}'.");
        }

        var pos = open;
        var indexed = new List<bool>();
        var (types, names) = AbiType.ParseParameterList(s, ref pos, indexed);
        var inputs = types.Select((t, i) => new AbiParameter(names[i], t, indexed[i])).ToList();
        return (name, inputs, s, pos);
    }
}
