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
        double Il(double x) => position.ImpermanentLossAt(entryPrice, price * Math.Exp(x));

        // IL is 0 at the entry price and falls monotonically on either side of it.
        double peak = Math.Log(entryPrice / price);
        double p = 0;
        if (Il(peak - MaxLogMove) < -threshold)
            p += distribution.Cdf(Crossing(Il, peak - MaxLogMove, peak, threshold));
        if (Il(peak + MaxLogMove) < -threshold)
            p += 1 - distribution.Cdf(Crossing(Il, peak, peak + MaxLogMove, threshold));
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>The x in [a, b] where IL crosses -threshold (IL is monotone there).</summary>
    private static double Crossing(Func<double, double> il, double a, double b, double threshold)
    {
        bool beyondAtA = il(a) < -threshold;
        for (int i = 0; i < 40; i++)
        {
            double mid = 0.5 * (a + b);
            if ((il(mid) < -threshold) == beyondAtA)
                a = mid;
            else
                b = mid;
        }
        return 0.5 * (a + b);
    }
}
