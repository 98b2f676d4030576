using System.Numerics;
using System.Text.Json;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>A block reference: a number or a tag ("latest", "pending", "safe", "finalized", "earliest").</summary>
public readonly record struct BlockParameter(string Value)
{
    public static BlockParameter Latest { get; } = new("latest");

    public static BlockParameter Pending { get; } = new("pending");

    public static BlockParameter Safe { get; } = new("safe");

    public static BlockParameter Finalized { get; } = new("finalized");

    public static BlockParameter Earliest { get; } = new("earliest");

    public static BlockParameter Number(ulong n) => new(Hex.EncodeQuantity(n));

    public static implicit operator BlockParameter(ulong n) => Number(n);

    public override string ToString() => Value;
}

/// <summary>eth_call / eth_estimateGas request.</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }

    public Address? To { get; init; }

    public byte[]? Data { get; init; }

    public BigInteger? Value { get; init; }

    public ulong? Gas { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }

    public BigInteger? MaxPriorityFeePerGas { get; init; }

    internal Dictionary<string, object?> ToJson()
    {
        var d = new Dictionary<string, object?>();
        if (From is { } f)
        {
            d["from"] = f.ToLowerHex();
        }

        if (To is { } t)
        {
            d["to"] = t.ToLowerHex();
        }

        if (Data is not null)
        {
            // "input" is the current name; "data" is what older nodes read. Both carry the same bytes.
            d["input"] = d["data"] = Hex.Encode(Data);
        }

        if (Value is { } v)
        {
            d["value"] = Hex.EncodeQuantity(v);
        }

        if (Gas is { } g)
        {
            d["gas"] = Hex.EncodeQuantity(g);
        }

        if (MaxFeePerGas is { } mf)
        {
            d["maxFeePerGas"] = Hex.EncodeQuantity(mf);
        }

        if (MaxPriorityFeePerGas is { } mp)
        {
            d["maxPriorityFeePerGas"] = Hex.EncodeQuantity(mp);
        }

        return d;
    }
}

public sealed record Block
{
    public required ulong Number { get; init; }

    public required byte[] Hash { get; init; }

    public required byte[] ParentHash { get; init; }

    public required ulong Timestamp { get; init; }

    public BigInteger? BaseFeePerGas { get; init; }

    public ulong GasLimit { get; init; }

    public ulong GasUsed { get; init; }

    public Address? Miner { get; init; }

    public IReadOnlyList<byte[]> TransactionHashes { get; init; } = [];

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds((long)Timestamp);
}

public sealed record LogEntry
{
    public required Address Address { get; init; }

    public required IReadOnlyList<byte[]> Topics { get; init; }

    public required byte[] Data { get; init; }

    public ulong? BlockNumber { get; init; }

    public byte[]? BlockHash { get; init; }

    public byte[]? TransactionHash { get; init; }

    public ulong? TransactionIndex { get; init; }

    public ulong? LogIndex { get; init; }

    public bool Removed { get; init; }
}

public sealed record TransactionReceipt
{
    public required byte[] TransactionHash { get; init; }

    public required ulong BlockNumber { get; init; }

    public required byte[] BlockHash { get; init; }

    public required Address From { get; init; }

    public Address? To { get; init; }

    public Address? ContractAddress { get; init; }

    /// <summary>True when the transaction succeeded (status 1).</summary>
    public required bool Succeeded { get; init; }

    public required ulong GasUsed { get; init; }

    public BigInteger EffectiveGasPrice { get; init; }

    public ulong TransactionIndex { get; init; }

    public IReadOnlyList<LogEntry> Logs { get; init; } = [];
}

public sealed record FeeHistory(ulong OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<double> GasUsedRatio, IReadOnlyList<IReadOnlyList<BigInteger>> Reward);

/// <summary>EIP-1559 fee fields to put in a transaction.</summary>
public sealed record FeeSuggestion(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas, BigInteger BaseFeePerGas);

public sealed record LogFilter
{
    public ulong FromBlock { get; init; }

    public ulong ToBlock { get; init; }

    public IReadOnlyList<Address> Addresses { get; init; } = [];

    /// <summary>Topic filters by position; null matches anything, several values match any of them.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>?> Topics { get; init; } = [];
}

/// <summary>Strict readers for node replies: a missing or malformed field is an <see cref="RpcProtocolException"/>.</summary>
internal static class RpcJson
{
    public static JsonElement Prop(JsonElement e, string name, string method)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : throw new RpcProtocolException(method, $"missing field '{name}'");

    public static bool Has(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public static string Str(JsonElement e, string method, string what)
        => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new RpcProtocolException(method, $"{what} is {e.ValueKind}, not a string");

    public static BigInteger Quantity(JsonElement e, string method, string what)
    {
        try
        {
            return Hex.DecodeQuantity(Str(e, method, what));
        }
        catch (FormatException ex)
        {
            throw new RpcProtocolException(method, $"{what}: {ex.Message}", ex);
        }
    }

    public static ulong UInt64(JsonElement e, string method, string what)
    {
        var v = Quantity(e, method, what);
        return v <= ulong.MaxValue ? (ulong)v : throw new RpcProtocolException(method, $"{what} does not fit in 64 bits");
    }

    public static byte[] Bytes(JsonElement e, string method, string what, int? length = null)
    {
        try
        {
            var s = Str(e, method, what);
            return length is { } n ? Hex.Decode(s, n) : Hex.Decode(s);
        }
        catch (FormatException ex)
        {
            throw new RpcProtocolException(method, $"{what}: {ex.Message}", ex);
        }
    }

    public static Address Addr(JsonElement e, string method, string what)
    {
        var b = Bytes(e, method, what);
        return b.Length == 20 ? new Address(b) : throw new RpcProtocolException(method, $"{what} is {b.Length} bytes, not an address");
    }

    public static Block ParseBlock(JsonElement b, string method)
    {
        if (b.ValueKind != JsonValueKind.Object)
        {
            throw new RpcProtocolException(method, "block is not an object");
        }

        var txs = Has(b, "transactions") ? Prop(b, "transactions", method) : default;
        var hashes = new List<byte[]>();
        if (txs.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in txs.EnumerateArray())
            {
                hashes.Add(t.ValueKind == JsonValueKind.Object ? Bytes(Prop(t, "hash", method), method, "tx hash", 32) : Bytes(t, method, "tx hash", 32));
            }
        }

        return new Block
        {
            Number = UInt64(Prop(b, "number", method), method, "number"),
            Hash = Bytes(Prop(b, "hash", method), method, "hash", 32),
            ParentHash = Bytes(Prop(b, "parentHash", method), method, "parentHash", 32),
            Timestamp = UInt64(Prop(b, "timestamp", method), method, "timestamp"),
            BaseFeePerGas = Has(b, "baseFeePerGas") ? Quantity(Prop(b, "baseFeePerGas", method), method, "baseFeePerGas") : null,
            GasLimit = Has(b, "gasLimit") ? UInt64(Prop(b, "gasLimit", method), method, "gasLimit") : 0,
            GasUsed = Has(b, "gasUsed") ? UInt64(Prop(b, "gasUsed", method), method, "gasUsed") : 0,
            Miner = Has(b, "miner") ? Addr(Prop(b, "miner", method), method, "miner") : null,
            TransactionHashes = hashes,
        };
    }

    public static LogEntry ParseLog(JsonElement l, string method) => new()
    {
        Address = Addr(Prop(l, "address", method), method, "log address"),
        Topics = [.. Prop(l, "topics", method).EnumerateArray().Select(t => Bytes(t, method, "topic", 32))],
        Data = Bytes(Prop(l, "data", method), method, "log data"),
        BlockNumber = Has(l, "blockNumber") ? UInt64(Prop(l, "blockNumber", method), method, "blockNumber") : null,
        BlockHash = Has(l, "blockHash") ? Bytes(Prop(l, "blockHash", method), method, "blockHash", 32) : null,
        TransactionHash = Has(l, "transactionHash") ? Bytes(Prop(l, "transactionHash", method), method, "transactionHash", 32) : null,
        TransactionIndex = Has(l, "transactionIndex") ? UInt64(Prop(l, "transactionIndex", method), method, "transactionIndex") : null,
        LogIndex = Has(l, "logIndex") ? UInt64(Prop(l, "logIndex", method), method, "logIndex") : null,
        Removed = l.TryGetProperty("removed", out var r) && r.ValueKind == JsonValueKind.True,
    };

    public static TransactionReceipt ParseReceipt(JsonElement r, string method) => new()
    {
        TransactionHash = Bytes(Prop(r, "transactionHash", method), method, "transactionHash", 32),
        BlockNumber = UInt64(Prop(r, "blockNumber", method), method, "blockNumber"),
        BlockHash = Bytes(Prop(r, "blockHash", method), method, "blockHash", 32),
        From = Addr(Prop(r, "from", method), method, "from"),
        To = Has(r, "to") ? Addr(Prop(r, "to", method), method, "to") : null,
        ContractAddress = Has(r, "contractAddress") ? Addr(Prop(r, "contractAddress", method), method, "contractAddress") : null,
        Succeeded = Quantity(Prop(r, "status", method), method, "status") switch
        {
            var s when s == 1 => true,
            var s when s == 0 => false,
            var s => throw new RpcProtocolException(method, $"receipt status {s} is not 0 or 1"),
        },
        GasUsed = UInt64(Prop(r, "gasUsed", method), method, "gasUsed"),
        EffectiveGasPrice = Has(r, "effectiveGasPrice") ? Quantity(Prop(r, "effectiveGasPrice", method), method, "effectiveGasPrice") : BigInteger.Zero,
        TransactionIndex = Has(r, "transactionIndex") ? UInt64(Prop(r, "transactionIndex", method), method, "transactionIndex") : 0,
        Logs = Has(r, "logs") ? [.. Prop(r, "logs", method).EnumerateArray().Select(l => ParseLog(l, method))] : [],
    };
}
