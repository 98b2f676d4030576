using System.Globalization;
using System.Numerics;

namespace HedgeDashboard.Ethereum.Rpc.Api;

/// <summary>Settings of the fee suggestion.</summary>
public sealed record FeeSuggestionOptions
{
    /// <summary>Blocks of history to look at.</summary>
    public int BlockCount { get; init; } = 10;

    /// <summary>Percentile of the priority tips paid in those blocks.</summary>
    public double TipPercentile { get; init; } = 50;

    /// <summary>Lowest tip to offer (wei); covers empty blocks where the history has no tips.</summary>
    public BigInteger MinPriorityFee { get; init; } = 1_000_000_000;

    /// <summary>Hard ceiling on maxFeePerGas (wei); the tip is cut to fit under it as well.</summary>
    public BigInteger MaxFeeCeiling { get; init; } = BigInteger.Parse("500000000000", CultureInfo.InvariantCulture);
}

/// <summary>eth_feeHistory, eth_gasPrice, eth_maxPriorityFeePerGas and an EIP-1559 fee suggestion.</summary>
public sealed class EthFeeApi(JsonRpcClient rpc)
{
    public async Task<FeeHistory> GetFeeHistoryAsync(int blockCount, BlockParameter newest, IReadOnlyList<double> rewardPercentiles, CancellationToken ct = default)
    {
        const string method = "eth_feeHistory";
        var r = await rpc.CallAsync(method, [Hex.EncodeQuantity((ulong)blockCount), newest.Value, rewardPercentiles], ct).ConfigureAwait(false);
        var baseFees = RpcJson.Prop(r, "baseFeePerGas", method).EnumerateArray().Select(x => RpcJson.Quantity(x, method, "baseFeePerGas")).ToList();
        var ratios = RpcJson.Has(r, "gasUsedRatio") ? r.GetProperty("gasUsedRatio").EnumerateArray().Select(x => x.GetDouble()).ToList() : [];
        var rewards = RpcJson.Has(r, "reward")
            ? r.GetProperty("reward").EnumerateArray().Select(row => (IReadOnlyList<BigInteger>)row.EnumerateArray().Select(x => RpcJson.Quantity(x, method, "reward")).ToList()).ToList()
            : [];
        return new FeeHistory(RpcJson.UInt64(RpcJson.Prop(r, "oldestBlock", method), method, "oldestBlock"), baseFees, ratios, rewards);
    }

    public async Task<BigInteger> GetGasPriceAsync(CancellationToken ct = default)
        => RpcJson.Quantity(await rpc.CallAsync("eth_gasPrice", ct).ConfigureAwait(false), "eth_gasPrice", "result");

    /// <summary>
    /// maxPriorityFee = the chosen percentile of recent tips (at least the minimum); maxFee = 2 x the next base fee + tip,
    /// both capped by the ceiling.
    /// </summary>
    public async Task<FeeSuggestion> SuggestAsync(FeeSuggestionOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FeeSuggestionOptions();
        var history = await GetFeeHistoryAsync(options.BlockCount, BlockParameter.Latest, [options.TipPercentile], ct).ConfigureAwait(false);
        if (history.BaseFeePerGas.Count == 0)
        {
            throw new RpcProtocolException("eth_feeHistory", "no base fees in the fee history");
        }

        var nextBase = history.BaseFeePerGas[^1];
        var tips = history.Reward.Where(r => r.Count > 0).Select(r => r[0]).Where(t => t > 0).OrderBy(t => t).ToList();
        var tip = tips.Count == 0 ? options.MinPriorityFee : BigInteger.Max(tips[tips.Count / 2], options.MinPriorityFee);
        var maxFee = (nextBase * 2) + tip;
        if (maxFee > options.MaxFeeCeiling)
        {
            maxFee = options.MaxFeeCeiling;
            tip = BigInteger.Min(tip, maxFee);
        }

        return new FeeSuggestion(maxFee, tip, nextBase);
    }
}
