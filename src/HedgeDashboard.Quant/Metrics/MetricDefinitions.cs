namespace HedgeDashboard.Quant.Metrics;

/// <summary>
/// The one place where the protection metrics are defined in words. Losses and PnL are measured
/// against the benchmark (HODL or cash); hedge PnL is net of trading costs and funding.
/// </summary>
public static class MetricDefinitions
{
    public static MetricDefinition ProtectionRate { get; } = new(
        "protectionRate",
        "Protection rate",
        "(loss unhedged - loss hedged) / loss unhedged",
        "Share of the loss against the benchmark that the hedge removed, net of costs. 1 is full protection, 0 none, negative means the hedge made it worse. Undefined without a loss.");

    public static MetricDefinition VarianceReduction { get; } = new(
        "varianceReduction",
        "Variance reduction",
        "1 - Var(step PnL hedged) / Var(step PnL unhedged)",
        "How much the hedge steadied the step-by-step PnL against the benchmark. 1 removes all variance, 0 none.");

    public static MetricDefinition DollarOffset { get; } = new(
        "dollarOffset",
        "Dollar offset",
        "-(hedge PnL) / (exposure PnL), cumulative and per period",
        "Hedge gain per unit of exposure loss. Accounting practice calls 0.80 to 1.25 highly effective; the per-period share reports how many periods fall in that band.");

    public static MetricDefinition RegressionSlope { get; } = new(
        "regressionSlope",
        "Regression slope and R^2",
        "OLS of per-period hedge PnL on per-period exposure PnL: slope b and R^2",
        "A perfect hedge has slope -1 and R^2 near 1; slope near 0 means the hedge does not track the exposure.");

    public static MetricDefinition CostEfficiency { get; } = new(
        "costEfficiency",
        "Cost efficiency",
        "total hedge costs (fees + slippage + gas + funding) / loss prevented before costs",
        "Dollars of cost per dollar of loss prevented. Below 1 the hedge pays for itself; undefined when the hedge prevented no loss.");

    public static MetricDefinition FeesVersusLvr { get; } = new(
        "feesOverLvr",
        "LP fees vs LVR",
        "LP fees / LVR, with LVR = sum over steps of (ln(P1/P0))^2 / 2 * P^2 * |dx/dP|",
        "Loss-versus-rebalancing (Milionis et al. 2022) is the cost a delta hedge cannot remove. Above 1, fees beat it.");

    public static IReadOnlyList<MetricDefinition> All { get; } =
        [ProtectionRate, VarianceReduction, DollarOffset, RegressionSlope, CostEfficiency, FeesVersusLvr];
}
