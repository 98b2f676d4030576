using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Metrics;

namespace HedgeDashboard.Quant.Backtesting;

/// <summary>The path and position all policies shared.</summary>
/// <param name="Gaps">Steps longer than one hour (missing bars), each replayed as one longer step.</param>
/// <param name="TimeInRange">Share of time (weighted by step length) with the price inside the range.</param>
/// <param name="Lvr">Loss-versus-rebalancing of the LP over the path, in token1.</param>
public sealed record BacktestSetup(
    DateTimeOffset Start,
    DateTimeOffset End,
    int Bars,
    int Gaps,
    double MissingHours,
    double EntryPrice,
    double FinalPrice,
    double Lower,
    double Upper,
    double Capital,
    double EntryAmount0,
    double EntryAmount1,
    double TimeInRange,
    double Lvr,
    Benchmark Benchmark);

/// <summary>Costs of the hedge, in token1. Funding is positive when paid, negative when received.</summary>
public sealed record CostBreakdown(double Fees, double Slippage, double Gas, double Funding)
{
    public double Total => Fees + Slippage + Gas + Funding;
}

/// <summary>Values at the end of the backtest, in token1. <see cref="Hedge"/> is the hedge's PnL net of all costs.</summary>
public sealed record FinalValues(double Lp, double Hedge, double Hodl, double Benchmark, double LpFees, double Net);

public sealed record PolicyResult(
    string Name,
    ProtectionMetrics Metrics,
    CostBreakdown TotalCosts,
    FinalValues Final,
    int Rebalances,
    double AverageRatio,
    IReadOnlyList<PeriodPnl> Periods,
    double[]? CumulativeHedgePnl);

/// <summary>Per-bar values shared by the policies; a policy's net value is LpValue + its CumulativeHedgePnl.</summary>
public sealed record BacktestSeries(DateTimeOffset[] Times, double[] Price, double[] LpValue, double[] HodlValue, double[] BenchmarkValue);

public sealed record BacktestResult(BacktestSetup Setup, IReadOnlyList<PolicyResult> Policies, BacktestSeries? Series);
