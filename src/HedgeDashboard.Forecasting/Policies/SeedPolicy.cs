using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Forecasting.Policies;

/// <summary>
/// The seeds' heuristic kept as a named baseline: ratio = min(2 x risk, 1), with risk the probability that the
/// position loses more than the threshold against its benchmark over the horizon. Blind to costs.
/// </summary>
public sealed class SeedPolicy(OnlineRiskForecaster forecaster, double threshold = 0.02) : IHedgePolicy
{
    public string Name => "seed";

    public double TargetRatio(PolicyContext context)
    {
        var distribution = forecaster.Update(context.History);
        if (distribution is null)
            return context.CurrentRatio; // warming up: no forecast yet
        return Math.Min(2 * PolicyRisk.Score(context, distribution, threshold), 1);
    }
}

internal static class PolicyRisk
{
    public static double Score(PolicyContext context, HorizonDistribution distribution, double threshold)
    {
        var p = context.Position;
        var position = new LiquidityPosition(1, p.Lower, p.Upper);
        return IlRiskScorer.LossProbability(position, p.EntryPrice, p.Price, context.Benchmark == Benchmark.Hodl, distribution, threshold);
    }
}
