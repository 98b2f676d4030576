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
        var entry = position.AmountsAt(entryPrice);
        var growth = distribution.QuadratureGrowth;
        var sqrtGrowth = distribution.QuadratureSqrtGrowth;
        var weights = distribution.QuadratureWeights;
        // V(P1) of the unit-liquidity position inlined: sqrt(P1) = sqrt(P) x e^(x/2) clamped to the range saves a square
        // root and a call per node (this loop is most of scoring a position).
        double sqrtLower = Math.Sqrt(lower), sqrtUpper = Math.Sqrt(upper), inverseSqrtUpper = 1 / sqrtUpper, sqrtPrice = Math.Sqrt(price);
        double expected = 0;
        for (int k = 0; k < growth.Length; k++)
        {
            double p1 = price * growth[k];
            double s = Math.Clamp(sqrtPrice * sqrtGrowth[k], sqrtLower, sqrtUpper);
            double value = ((1 / s) - inverseSqrtUpper) * p1 + (s - sqrtLower);
            expected += weights[k] * (value / entry.ValueAt(p1) - 1);
        }
        return new IlRisk(expected, ProbabilityBeyond(position, entryPrice, price, distribution, threshold), position.ValueAt(price) / entry.ValueAt(price) - 1);
    }

    /// <summary>P(IL at the horizon below -threshold) alone, for callers that need no expectation.</summary>
    public static double ProbabilityBeyond(double lower, double upper, double entryPrice, double price, HorizonDistribution distribution, double threshold) =>
        ProbabilityBeyond(new LiquidityPosition(1, lower, upper), entryPrice, price, distribution, threshold);

    private static double ProbabilityBeyond(LiquidityPosition position, double entryPrice, double price, HorizonDistribution distribution, double threshold)
    {
        // IL is 0 at the entry price and falls monotonically on either side of it.
        var entry = position.AmountsAt(entryPrice);
        double Il(double x)
        {
            double p1 = price * Math.Exp(x);
            return position.ValueAt(p1) / entry.ValueAt(p1) - 1;
        }

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
        double left = Math.Min(peak, 0) - MaxLogMove, right = Math.Max(peak, 0) + MaxLogMove;
        // Walks start at the peak, or at no move when that is on the same side and still above the level (nearer).
        bool fromNow = g(0) >= level;
        double p = 0;
        if (Bracket(g, fromNow && peak >= 0 ? 0 : Math.Min(peak, right), left, level) is { } l)
            p += distribution.Cdf(Crossing(g, l.Far, l.Near, level));
        if (peak < right && Bracket(g, fromNow && peak <= 0 ? 0 : Math.Max(peak, left), right, level) is { } r)
            p += 1 - distribution.Cdf(Crossing(g, r.Near, r.Far, level));
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>Walks from start toward limit in doubling steps until g falls below level; null if it never does.</summary>
    private static (double Near, double Far)? Bracket(Func<double, double> g, double start, double limit, double level)
    {
        double direction = Math.Sign(limit - start);
        if (direction == 0)
            return null;
        double near = start;
        for (double step = 0.01; ; step *= 2)
        {
            double far = start + direction * step;
            if ((far - limit) * direction >= 0)
                return g(limit) < level ? (near, limit) : null;
            if (g(far) < level)
                return (near, far);
            near = far;
        }
    }

    /// <summary>
    /// The x in [a, b] where g crosses <paramref name="level"/> (g is monotone there): regula falsi with the
    /// Illinois fix, a handful of evaluations where bisection needs thirty.
    /// </summary>
    private static double Crossing(Func<double, double> g, double a, double b, double level)
    {
        double fa = g(a) - level, fb = g(b) - level;
        int side = 0;
        for (int i = 0; i < 60 && b - a > 1e-9; i++)
        {
            double c = fa == fb ? 0.5 * (a + b) : b - fb * (b - a) / (fb - fa);
            double fc = g(c) - level;
            if (fc == 0)
                return c;
            if (Math.Sign(fc) == Math.Sign(fb))
            {
                (b, fb) = (c, fc);
                if (side == -1)
                    fa *= 0.5;
                side = -1;
            }
            else
            {
                (a, fa) = (c, fc);
                if (side == 1)
                    fb *= 0.5;
                side = 1;
            }
        }
        return 0.5 * (a + b);
    }
}
