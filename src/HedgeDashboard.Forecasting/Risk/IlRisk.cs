using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// IL over the horizon for a position, from the horizon distribution of the price.
/// <see cref="Score"/> is P(IL beyond the threshold): a probability, so it is in [0, 1] and can be checked
/// for calibration against what happened.
/// </summary>
public readonly record struct IlRisk(double ExpectedIl, double ProbabilityBeyond, double CurrentIl)
{
    public double Score => ProbabilityBeyond;
}

public static class IlRiskScorer
{
    private const double MaxLogMove = 4; // e^4: a 55x move bounds the search for the threshold price

    /// <summary>
    /// Risk of the position (range [lower, upper], opened at <paramref name="entryPrice"/>) when the price is
    /// <paramref name="price"/> now and X over the horizon follows <paramref name="distribution"/>.
    /// IL is measured against holding the entry amounts; <paramref name="threshold"/> is a positive loss, e.g. 0.02.
    /// </summary>
    public static IlRisk Score(double lower, double upper, double entryPrice, double price, HorizonDistribution distribution, double threshold)
    {
        var position = new LiquidityPosition(1, lower, upper);
        double Il(double x) => position.ImpermanentLossAt(entryPrice, price * Math.Exp(x));

        var nodes = distribution.QuadratureNodes;
        var weights = distribution.QuadratureWeights;
        double expected = 0;
        for (int k = 0; k < nodes.Length; k++)
            expected += weights[k] * Il(nodes[k]);
        return new IlRisk(expected, ProbabilityBeyond(position, entryPrice, price, distribution, threshold), Il(0));
    }

    /// <summary>P(IL at the horizon below -threshold) alone, for callers that need no expectation.</summary>
    public static double ProbabilityBeyond(double lower, double upper, double entryPrice, double price, HorizonDistribution distribution, double threshold) =>
        ProbabilityBeyond(new LiquidityPosition(1, lower, upper), entryPrice, price, distribution, threshold);

    private static double ProbabilityBeyond(LiquidityPosition position, double entryPrice, double price, HorizonDistribution distribution, double threshold)
    {
        // IL is 0 at the entry price and falls monotonically on either side of it.
        double Il(double x) => position.ImpermanentLossAt(entryPrice, price * Math.Exp(x));
        return ProbabilityBelow(Il, Math.Log(entryPrice / price), -threshold, distribution);
    }

    /// <summary>
    /// P(the LP's value against the benchmark falls by more than <paramref name="threshold"/> x its value now over
    /// the horizon): the loss a hedge is there to cover. Against HODL (entry amounts) LP minus HODL peaks at the entry
    /// price; against cash the LP value only rises with the price.
    /// </summary>
    public static double LossProbability(LiquidityPosition position, double entryPrice, double price, bool hodlBenchmark, HorizonDistribution distribution, double threshold)
    {
        var entry = position.AmountsAt(entryPrice);
        double Exposure(double x)
        {
            double p1 = price * Math.Exp(x);
            return position.ValueAt(p1) - (hodlBenchmark ? entry.ValueAt(p1) : 0);
        }

        double level = Exposure(0) - threshold * position.ValueAt(price);
        double peak = hodlBenchmark ? Math.Log(entryPrice / price) : MaxLogMove;
        return ProbabilityBelow(Exposure, peak, level, distribution);
    }

    /// <summary>P(g(X) &lt; level) for g that rises up to <paramref name="peak"/> and falls after it.</summary>
    private static double ProbabilityBelow(Func<double, double> g, double peak, double level, HorizonDistribution distribution)
    {
        double p = 0;
        double left = Math.Min(peak, 0) - MaxLogMove, right = Math.Max(peak, 0) + MaxLogMove;
        if (g(left) < level)
            p += distribution.Cdf(Crossing(g, left, Math.Max(left, Math.Min(peak, right)), level));
        if (peak < right && g(right) < level)
            p += 1 - distribution.Cdf(Crossing(g, Math.Max(peak, left), right, level));
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>The x in [a, b] where g crosses <paramref name="level"/> (g is monotone there).</summary>
    private static double Crossing(Func<double, double> g, double a, double b, double level)
    {
        bool belowAtA = g(a) < level;
        for (int i = 0; i < 40; i++)
        {
            double mid = 0.5 * (a + b);
            if ((g(mid) < level) == belowAtA)
                a = mid;
            else
                b = mid;
        }
        return 0.5 * (a + b);
    }
}
