namespace HedgeDashboard.Quant.Metrics;

/// <summary>One policy's protection over a backtest; see <see cref="MetricDefinitions"/> for each definition.</summary>
public sealed record ProtectionMetrics(
    double ProtectionRate,
    double VarianceReduction,
    double DollarOffset,
    double DollarOffsetEffectiveShare,
    int Periods,
    double RegressionSlope,
    double RegressionRSquared,
    double CostEfficiency,
    double LossUnhedged,
    double LossHedged,
    double LpFees,
    double Lvr,
    double FeesOverLvr);

/// <summary>Exposure and hedge PnL summed over one reporting period (e.g. a week).</summary>
public sealed record PeriodPnl(DateTimeOffset Start, double ExposurePnl, double HedgePnl)
{
    public double DollarOffset => ProtectionMath.DollarOffset(HedgePnl, ExposurePnl);
}
