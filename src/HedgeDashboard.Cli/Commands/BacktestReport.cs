using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Metrics;

namespace HedgeDashboard.Cli.Commands;

/// <summary>The JSON shape of <c>hedge backtest --json</c> (series go to --series, not here).</summary>
internal sealed record BacktestReport(BacktestSetup Setup, IReadOnlyList<BacktestReport.PolicyEntry> Policies)
{
    public static BacktestReport From(BacktestResult result) => new(
        result.Setup,
        [.. result.Policies.Select(p => new PolicyEntry(p.Name, p.Metrics, p.TotalCosts, p.Final, p.Rebalances, p.AverageRatio))]);

    internal sealed record PolicyEntry(string Name, ProtectionMetrics Metrics, CostBreakdown TotalCosts, FinalValues Final, int Rebalances, double AverageRatio);
}
