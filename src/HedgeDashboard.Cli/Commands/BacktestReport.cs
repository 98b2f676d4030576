using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Metrics;

namespace HedgeDashboard.Cli.Commands;

/// <summary>The JSON shape of <c>hedge backtest --json</c> (series go to --series, not here).</summary>
internal sealed record BacktestReport(BacktestSetup Setup, IReadOnlyList<BacktestReport.PolicyEntry> Policies)
{
    public static BacktestReport From(BacktestResult result) => new(
        result.Setup,
        [.. result.Policies.Select(p => new PolicyEntry(
            p.Name, p.Metrics, p.TotalCosts, p.Final, p.Rebalances, p.AverageRatio, p.Carry,
            p.Options is { } o ? new OptionSummary(o.Rolls, o.Trades.Count, o.Payoffs, o.OpenValue) : null))]);

    internal sealed record PolicyEntry(
        string Name, ProtectionMetrics Metrics, CostBreakdown TotalCosts, FinalValues Final, int Rebalances, double AverageRatio, CarryReport Carry, OptionSummary? Options);

    /// <summary>An option policy's trading in brief (the legs themselves are in the library's result).</summary>
    internal sealed record OptionSummary(int Rolls, int Legs, double Payoffs, double OpenValue);
}
