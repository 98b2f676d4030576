namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// Hourly fees paid to a pool's LPs and the pool's active liquidity (raw on-chain units), e.g. the
/// shared <c>uniswapv3_polygon_usdc_weth_005_1h</c> file. Hours without a row have no fee data.
/// </summary>
public sealed class PoolFeeSeries
{
    private readonly long[] times;
    private readonly double[] feesUsd;
    private readonly double[] liquidity;

    public PoolFeeSeries(IReadOnlyList<DateTimeOffset> hours, IReadOnlyList<double> feesUsd, IReadOnlyList<double> liquidityRaw)
    {
        if (hours.Count != feesUsd.Count || hours.Count != liquidityRaw.Count)
        {
            throw new ArgumentException("A pool fee series needs one fee and one liquidity per hour.");
        }

        times = [.. hours.Select(t => t.ToUnixTimeSeconds())];
        this.feesUsd = [.. feesUsd];
        liquidity = [.. liquidityRaw];
    }

    public int Count => times.Length;

    /// <summary>Fees and active liquidity for the hour starting at <paramref name="hour"/>, if the series has it.</summary>
    public bool TryGet(DateTimeOffset hour, out double fees, out double liquidityRaw)
    {
        var index = Array.BinarySearch(times, hour.ToUnixTimeSeconds());
        fees = index >= 0 ? feesUsd[index] : 0;
        liquidityRaw = index >= 0 ? liquidity[index] : 0;
        return index >= 0;
    }
}
