namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>eth_getLogs, splitting the block range in halves while the node refuses it as too large.</summary>
public sealed class EthLogApi(JsonRpcClient rpc)
{
    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.ToBlock < filter.FromBlock)
        {
            throw new ArgumentException($"Log filter toBlock {filter.ToBlock} is before fromBlock {filter.FromBlock}.", nameof(filter));
        }

        var result = new List<LogEntry>();
        await CollectAsync(filter, filter.FromBlock, filter.ToBlock, result, ct).ConfigureAwait(false);
        return result;
    }

    private async Task CollectAsync(LogFilter filter, ulong from, ulong to, List<LogEntry> into, CancellationToken ct)
    {
        const string method = "eth_getLogs";
        try
        {
            var json = await rpc.CallAsync(method, [ToJson(filter, from, to)], ct).ConfigureAwait(false);
            if (json.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                throw new RpcProtocolException(method, "logs result is not an array");
            }

            into.AddRange(json.EnumerateArray().Select(l => RpcJson.ParseLog(l, method)));
        }
        catch (LogRangeTooLargeException) when (to > from)
        {
            var mid = from + ((to - from) / 2);
            await CollectAsync(filter, from, mid, into, ct).ConfigureAwait(false);
            await CollectAsync(filter, mid + 1, to, into, ct).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, object?> ToJson(LogFilter f, ulong from, ulong to)
    {
        var d = new Dictionary<string, object?>
        {
            ["fromBlock"] = Hex.EncodeQuantity(from),
            ["toBlock"] = Hex.EncodeQuantity(to),
        };
        if (f.Addresses.Count > 0)
        {
            d["address"] = f.Addresses.Select(a => a.ToLowerHex()).ToArray();
        }

        if (f.Topics.Count > 0)
        {
            d["topics"] = f.Topics.Select(t => t is null ? null : (object)t.Select(x => Hex.Encode(x)).ToArray()).ToArray();
        }

        return d;
    }
}
