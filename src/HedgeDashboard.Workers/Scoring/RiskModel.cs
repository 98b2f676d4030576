using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Policies;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// One position's risk at one price: what a RiskScore row stores; <paramref name="Policy"/> produced the ratio.
/// <paramref name="ProbabilityBeyond"/> (= <paramref name="Score"/>) is calibrated by the version's map when it has one;
/// <paramref name="RawProbabilityBeyond"/> is the Student-t's before it.
/// </summary>
public sealed record PositionRisk(double Score, double ExpectedIl, double CurrentIl, double ProbabilityBeyond, double AnnualVolatility, double VariancePerBar, decimal RecommendedRatio, double Delta0, double ValueUsd, HedgeRatioPolicy Policy, double RawProbabilityBeyond);

/// <summary>
/// The live scoring model: a variance per bar (the pair's promoted model, see <see cref="VarianceForecasts"/>), a
/// Student-t horizon distribution, the forecasting layer's IL risk (P(IL beyond threshold)) through the version's isotonic
/// calibration map when it has one, and the position's ratio policy (<see cref="HedgeRatioPolicy"/>: cost-aware by default, or the seed's min(2 x risk, 1)), rounded to a step.
/// </summary>
public static class RiskModel
{

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

    /// <summary>
    /// One pair's variance forecast as every position of the pair is scored against it: the horizon distribution is
    /// built and tabulated once (its quadrature nodes and CDF table cost more than scoring one position).
    /// <paramref name="Calibration"/> maps each P(IL beyond threshold) to the frequency observed at it (null: used as is).
    /// </summary>
    public sealed record PairForecast(double VariancePerBar, HorizonDistribution Horizon, IsotonicMap? Calibration = null);

    public static PairForecast Forecast(double variancePerBar, ScoringOptions o, IsotonicMap? calibration = null) =>
        new(variancePerBar, new HorizonDistribution(variancePerBar * o.HorizonHours / o.BarHours, o.DegreesOfFreedom).Tabulate(), calibration);

    public static PositionRisk Score(
        double lower, double upper, double entryPrice, double liquidityHuman, double price, PairForecast forecast, ScoringOptions o,
        HedgeRatioPolicy policy, decimal onChainRatio)
    {
        var variancePerBar = forecast.VariancePerBar;
        var horizonVariance = forecast.Horizon.Variance;
        var risk = IlRiskScorer.Score(lower, upper, entryPrice, price, forecast.Horizon, o.IlThreshold);
        var position = new LiquidityPosition(Math.Max(liquidityHuman, 1e-18), lower, upper);
        var raw = Math.Clamp(risk.ProbabilityBeyond, 0, 1);
        // Both policies read the calibrated probability: the map is what the version's outcomes say the Student-t means.
        var probability = forecast.Calibration?.Apply(raw) ?? raw;
        var score = probability;
        var delta0 = position.DeltaAt(price);
        var ratio = policy == HedgeRatioPolicy.Model
            ? CostAwareRatio(probability, onChainRatio, delta0, price, horizonVariance, o.DegreesOfFreedom, o.RatioStep)
            : SeedRatio(score, o.RatioStep);
        return new PositionRisk(
            score,
            Math.Clamp(risk.ExpectedIl, -1, 1),
            risk.CurrentIl,
            probability,
            Math.Sqrt(variancePerBar * 8760 / o.BarHours),
            variancePerBar,
            ratio,
            delta0,
            position.ValueAt(price),
            policy,
            raw);
    }

    /// <summary>
    /// The backtested cost-aware policy (<see cref="ModelPolicy"/>) for one live score: hedged while P(IL beyond the
    /// threshold) is on (at least RiskOn to switch on, above RiskOff to stay on; the on-chain ratio says whether it is on),
    /// fully when on; a raise is made only when the expected shortfall it saves over the horizon,
    /// |delta| x price x sd x E[max(0, -Z)] per unit of ratio, is CostMargin times its trading cost (fee and gas of
    /// <see cref="CostModel.Default"/>). Live funding is unknown here, so unlike the backtest it does not trim the ratio.
    /// </summary>
    public static decimal CostAwareRatio(double probabilityBeyond, decimal onChainRatio, double delta0, double price, double horizonVariance, double nu, decimal step)
    {
        var o = new ModelPolicyOptions();
        var current = (double)Math.Clamp(onChainRatio, 0, 1);
        var on = probabilityBeyond >= o.RiskOn || (current > 0 && probabilityBeyond > o.RiskOff);
        var desired = on ? 1.0 : 0.0;
        var change = desired - current;
        if (change > 0)
        {
            var saved = Math.Abs(delta0) * price * Math.Sqrt(horizonVariance) * ModelPolicy.ExpectedShortfallOfUnitT(nu);
            var (fee, slippage, gas) = CostModel.Default.TradeCost(change * Math.Abs(delta0), price);
            if (change * saved < o.CostMargin * (fee + slippage + gas))
            {
                desired = current;
            }
        }

        return Math.Clamp(Math.Round((decimal)desired / step, MidpointRounding.AwayFromZero) * step, 0, 1);
    }

    /// <summary>The seed's rule: ratio = min(2 x risk, 1), rounded to the step.</summary>
    public static decimal SeedRatio(double risk, decimal step)
    {
        var raw = (decimal)Math.Min(2 * Math.Clamp(risk, 0, 1), 1);
        return Math.Clamp(Math.Round(raw / step, MidpointRounding.AwayFromZero) * step, 0, 1);
    }
}
