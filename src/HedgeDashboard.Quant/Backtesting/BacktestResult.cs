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

/// <summary>
/// Costs of the hedge, in token1. Funding is positive when paid, negative when received. Premiums are the
/// option premiums net of those received for sold legs, at the traded prices (so including the bid/ask
/// spread); OptionFees are the venue's option fees. What the options pay back is in the hedge's PnL.
/// </summary>
public sealed record CostBreakdown(double Fees, double Slippage, double Gas, double Funding, double Premiums = 0, double OptionFees = 0)
{
    public double Total => Fees + Slippage + Gas + Funding + Premiums + OptionFees;
}

/// <summary>Values at the end of the backtest, in token1. <see cref="Hedge"/> is the hedge's PnL net of all costs.</summary>
public sealed record FinalValues(double Lp, double Hedge, double Hodl, double Benchmark, double LpFees, double Net);

/// <param name="Carry">The hedge's cost of carry (all costs, premiums included) against the LP's fee income.</param>
/// <param name="Options">Option legs traded and settled; null for policies that hold no options.</param>
public sealed record PolicyResult(
    string Name,
    ProtectionMetrics Metrics,
    CostBreakdown TotalCosts,
    FinalValues Final,
    int Rebalances,
    double AverageRatio,
    IReadOnlyList<PeriodPnl> Periods,
    double[]? CumulativeHedgePnl,
    CarryReport Carry,
    OptionActivity? Options);

/// <summary>
/// Cost of carry: the hedge's total costs per year as a fraction of the capital, and over the LP fees earned
/// (above 1 the hedge costs more than the pool pays; NaN without fee data).
/// </summary>
public sealed record CarryReport(double CostsPerYear, double CostsPerYearOfCapital, double LpFeesPerYear, double CostsOverLpFees);

/// <summary>An option policy's trading: rolls, every leg, what settled legs paid and what open legs are worth at the end (mid).</summary>
public sealed record OptionActivity(int Rolls, IReadOnlyList<OptionTrade> Trades, double Payoffs, double OpenValue);

/// <summary>
/// One option leg bought (Quantity &gt; 0) or sold at <see cref="Time"/>. Premium is what was paid at the traded
/// price (negative when received), Mid its model value at the quoted volatility; Settlement and Payoff are set
/// once it expired (Payoff signed like Quantity).
/// </summary>
public sealed record OptionTrade(
    DateTimeOffset Time,
    DateTimeOffset Expiry,
    HedgeDashboard.Quant.Options.OptionRight Right,
    double Strike,
    double Quantity,
    double Price,
    double QuotedVolatility,
    double Mid,
    double Premium,
    double Fee,
    double? Settlement = null,
    double? Payoff = null);

/// <summary>Per-bar values shared by the policies; a policy's net value is LpValue + its CumulativeHedgePnl.</summary>
public sealed record BacktestSeries(DateTimeOffset[] Times, double[] Price, double[] LpValue, double[] HodlValue, double[] BenchmarkValue);

public sealed record BacktestResult(BacktestSetup Setup, IReadOnlyList<PolicyResult> Policies, BacktestSeries? Series);
