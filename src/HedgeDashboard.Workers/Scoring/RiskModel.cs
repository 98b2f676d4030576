using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>One position's risk at one price: what a RiskScore row stores.</summary>
public sealed record PositionRisk(double Score, double ExpectedIl, double CurrentIl, double ProbabilityBeyond, double AnnualVolatility, double VariancePerBar, decimal RecommendedRatio, double Delta0, double ValueUsd);

/// <summary>
/// The live scoring model: a variance per bar (the pair's promoted model, see <see cref="VarianceForecasts"/>), a
/// Student-t horizon distribution, the forecasting layer's IL risk (P(IL beyond threshold)), and the seed's ratio
/// rule min(2 x risk, 1), rounded to a step, as the score's recommended ratio.
/// </summary>
public static class RiskModel
{
    public const string PolicyName = "seed";

    /// <summary>RiskMetrics' decay, per feed round: the fallback of a pair without a promoted model.</summary>
    public const double DefaultLambda = 0.94;

    public const string FallbackName = "feed-round ewma (fallback)";

    /// <summary>EWMA variance of one-bar log returns after the last price; the prior until there are returns.</summary>
    public static double EwmaVariance(IReadOnlyList<double> prices, double lambda, double priorVariance)
    {
        var v = priorVariance;
        for (var i = 1; i < prices.Count; i++)
        {
            var r = Math.Log(prices[i] / prices[i - 1]);
            v = (lambda * v) + ((1 - lambda) * r * r);
        }

        return Math.Max(v, 1e-12);
    }

    public static PositionRisk Score(double lower, double upper, double entryPrice, double liquidityHuman, double price, double variancePerBar, ScoringOptions o)
    {
        var horizonVariance = variancePerBar * o.HorizonHours / o.BarHours;
        var risk = IlRiskScorer.Score(lower, upper, entryPrice, price, new HorizonDistribution(horizonVariance, o.DegreesOfFreedom), o.IlThreshold);
        var position = new LiquidityPosition(Math.Max(liquidityHuman, 1e-18), lower, upper);
        var score = Math.Clamp(risk.Score, 0, 1);
        return new PositionRisk(
            score,
            Math.Clamp(risk.ExpectedIl, -1, 1),
            risk.CurrentIl,
            Math.Clamp(risk.ProbabilityBeyond, 0, 1),
            Math.Sqrt(variancePerBar * 8760 / o.BarHours),
            variancePerBar,
            SeedRatio(score, o.RatioStep),
            position.DeltaAt(price),
            position.ValueAt(price));
    }

    /// <summary>The seed's rule: ratio = min(2 x risk, 1), rounded to the step.</summary>
    public static decimal SeedRatio(double risk, decimal step)
    {
        var raw = (decimal)Math.Min(2 * Math.Clamp(risk, 0, 1), 1);
        return Math.Clamp(Math.Round(raw / step, MidpointRounding.AwayFromZero) * step, 0, 1);
    }
}
