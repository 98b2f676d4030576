using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Quant.Backtesting;

/// <summary>
/// How a backtest is set up. The LP position is opened at the first bar's close with
/// <see cref="Capital"/> token1 of value on [P0*(1-LowerPct/100), P0*(1+UpperPct/100)] and is never
/// re-centred: once the price leaves the range the LP holds one token only, and the results show it.
/// </summary>
public sealed record BacktestOptions
{
    public double LowerPct { get; init; } = 20;

    public double UpperPct { get; init; } = 20;

    public Benchmark Benchmark { get; init; } = Benchmark.Hodl;

    public CostModel Costs { get; init; } = CostModel.Default;

    /// <summary>How option policies' legs are quoted and charged.</summary>
    public OptionMarket OptionMarket { get; init; } = OptionMarket.Default;

    /// <summary>Funding rates per hour; where it has no rate, <see cref="CostModel.FundingRatePerHour"/> applies.</summary>
    public FundingSeries? Funding { get; init; }

    /// <summary>Rebalance when the target hedge differs from the held one by more than this fraction of the entry token0 amount.</summary>
    public double Threshold { get; init; } = 0.05;

    /// <summary>LP value at entry, in token1.</summary>
    public double Capital { get; init; } = 10_000;

    /// <summary>LP fee yield per year on the LP's value while in range; null when no fee data is given.</summary>
    public double? LpFeeApr { get; init; }

    /// <summary>
    /// A pool's hourly LP fees and active liquidity. When set (instead of <see cref="LpFeeApr"/>), the
    /// position earns, for each in-range hour the series covers, its share L / (pool L + L) of that hour's fees.
    /// </summary>
    public PoolFeeSeries? PoolFees { get; init; }

    /// <summary>
    /// Raw pool liquidity per unit of this library's liquidity: 10^((decimals0 + decimals1) / 2),
    /// 1e12 for USDC (6) / WETH (18). Liquidity is symmetric in the two tokens, so token order does not matter.
    /// </summary>
    public double PoolLiquidityScale { get; init; } = 1e12;

    /// <summary>Length of the periods for per-period dollar offset and the regression.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Keep per-bar series (for charts); off saves memory in sweeps.</summary>
    public bool RecordSeries { get; init; } = true;
}
