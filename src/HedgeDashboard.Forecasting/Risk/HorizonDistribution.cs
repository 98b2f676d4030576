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

    private const int CdfTableSize = 8192;

    private (double[] X, double[] W, double[] Growth, double[] SqrtGrowth)? _nodes;
    private double[]? _cdfTable;

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

    /// <summary>exp of <see cref="QuadratureNodes"/>: the price multipliers.</summary>
    public ReadOnlySpan<double> QuadratureGrowth => (_nodes ??= BuildNodes()).Growth;

    /// <summary>exp of half the <see cref="QuadratureNodes"/>: the multipliers of the price's square root.</summary>
    public ReadOnlySpan<double> QuadratureSqrtGrowth => (_nodes ??= BuildNodes()).SqrtGrowth;

    /// <summary>Probability weights of <see cref="QuadratureNodes"/>; they sum to 1.</summary>
    public ReadOnlySpan<double> QuadratureWeights => (_nodes ??= BuildNodes()).W;

    public double Cdf(double x)
    {
        if (_cdfTable is null)
            return StudentT.CDF(0, Scale, DegreesOfFreedom, x);
        // Table over u = atan(x / scale) in (-pi/2, pi/2): uniform steps cover centre and tails alike.
        double pos = (Math.Atan(x / Scale) / Math.PI + 0.5) * (CdfTableSize - 1);
        int i = Math.Clamp((int)pos, 0, CdfTableSize - 2);
        double f = pos - i;
        return _cdfTable[i] + f * (_cdfTable[i + 1] - _cdfTable[i]);
    }

    /// <summary>
    /// Switches <see cref="Cdf"/> to an interpolated table (error below 1e-6), for scoring many positions
    /// against one forecast; building it costs about as much as a few thousand exact evaluations.
    /// </summary>
    public HorizonDistribution Tabulate()
    {
        if (_cdfTable is not null)
            return this;
        var table = new double[CdfTableSize];
        for (int i = 0; i < CdfTableSize; i++)
        {
            double u = (i / (double)(CdfTableSize - 1) - 0.5) * Math.PI;
            table[i] = i == 0 ? 0 : i == CdfTableSize - 1 ? 1 : StudentT.CDF(0, 1, DegreesOfFreedom, Math.Tan(u));
        }
        _cdfTable = table;
        return this;
    }

    public double Quantile(double p) => StudentT.InvCDF(0, Scale, DegreesOfFreedom, p);

    private (double[] X, double[] W, double[] Growth, double[] SqrtGrowth) BuildNodes()
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
        return (x, w, Array.ConvertAll(x, Math.Exp), Array.ConvertAll(x, v => Math.Exp(v / 2)));
    }
}
