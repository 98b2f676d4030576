using MathNet.Numerics.Distributions;

namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// The log return of the price over the horizon: X = scale * T_nu, a Student-t with nu degrees of freedom
/// scaled so that Var(X) = the forecast variance (times a calibration factor), zero mean (a day's drift
/// is two orders of magnitude below its standard deviation). Heavy tails matter: IL beyond a threshold is
/// a tail event, and hourly crypto returns summed over a day are far from normal.
/// </summary>
public sealed class HorizonDistribution
{
    /// <summary>
    /// Quadrature for expectations over X: bins equally spaced in log-odds of probability, so that the tails,
    /// where the IL of a concentrated position lives, get as many nodes as the centre.
    /// </summary>
    private const int Nodes = 96;
    private const double MaxLogOdds = 16;

    private (double[] X, double[] W)? _nodes;

    public HorizonDistribution(double variance, double degreesOfFreedom)
    {
        if (!(variance > 0) || !(degreesOfFreedom > 2))
            throw new ArgumentOutOfRangeException(nameof(variance), "Needs a positive variance and more than 2 degrees of freedom.");
        Variance = variance;
        DegreesOfFreedom = degreesOfFreedom;
        Scale = Math.Sqrt(variance * (degreesOfFreedom - 2) / degreesOfFreedom);
    }

    public double Variance { get; }
    public double DegreesOfFreedom { get; }
    public double Scale { get; }

    /// <summary>Computed on first use: probabilities alone do not need them, and inverting the CDF is the costly part.</summary>
    public ReadOnlySpan<double> QuadratureNodes => (_nodes ??= BuildNodes()).X;

    /// <summary>Probability weights of <see cref="QuadratureNodes"/>; they sum to 1.</summary>
    public ReadOnlySpan<double> QuadratureWeights => (_nodes ??= BuildNodes()).W;

    public double Cdf(double x) => StudentT.CDF(0, Scale, DegreesOfFreedom, x);

    public double Quantile(double p) => StudentT.InvCDF(0, Scale, DegreesOfFreedom, p);

    private (double[] X, double[] W) BuildNodes()
    {
        static double Probability(double logOdds) => 1 / (1 + Math.Exp(-logOdds));
        var x = new double[Nodes];
        var w = new double[Nodes];
        double step = 2 * MaxLogOdds / Nodes;
        for (int k = 0; k < Nodes; k++)
        {
            double a = -MaxLogOdds + k * step;
            x[k] = Scale * StudentT.InvCDF(0, 1, DegreesOfFreedom, Probability(a + step / 2));
            // The outermost bins also carry the tail beyond them.
            double lo = k == 0 ? 0 : Probability(a), hi = k == Nodes - 1 ? 1 : Probability(a + step);
            w[k] = hi - lo;
        }
        return (x, w);
    }
}
