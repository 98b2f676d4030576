namespace HedgeDashboard.Quant.Portfolio;

/// <summary>
/// RiskMetrics EWMA covariance of hourly returns: S_t = lambda S_(t-1) + (1 - lambda) r_t r_t', started at
/// S_1 = r_1 r_1' (zero mean, as for the variance model). A horizon of H hours scales it by H (no mean reversion).
/// </summary>
public sealed class EwmaCovariance
{
    /// <summary>RiskMetrics' daily 0.94 in calendar time per hour (half-life 11 days), as the variance model's.</summary>
    public static readonly double HourlyRiskMetricsLambda = Math.Pow(0.94, 1.0 / 24);

    private readonly double[,] s;
    private int observations;

    public EwmaCovariance(int assets, double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assets, 1);
        if (!(lambda is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be in (0, 1).");
        }

        Lambda = lambda;
        s = new double[assets, assets];
    }

    public double Lambda { get; }

    public int Assets => s.GetLength(0);

    public int Observations => observations;

    /// <summary>Folds in one step's returns (one per asset, in the constructor's order).</summary>
    public void Add(ReadOnlySpan<double> returns)
    {
        if (returns.Length != Assets)
        {
            throw new ArgumentException($"expected {Assets} returns, got {returns.Length}", nameof(returns));
        }

        var keep = observations == 0 ? 0 : Lambda;
        for (var i = 0; i < Assets; i++)
        {
            for (var j = 0; j < Assets; j++)
            {
                s[i, j] = (keep * s[i, j]) + ((1 - keep) * returns[i] * returns[j]);
            }
        }

        observations++;
    }

    /// <summary>Covariance of one step's returns (a copy).</summary>
    public double[,] Current() => (double[,])s.Clone();

    /// <summary>Covariance over <paramref name="steps"/> steps.</summary>
    public double[,] Forecast(double steps) => Matrix.Scale(s, steps);
}

/// <summary>
/// Ledoit and Wolf (2004, "A well-conditioned estimator for large-dimensional covariance matrices"): the sample
/// second-moment matrix of a window shrunk towards m I, m = tr(S)/N, with intensity b^2/d^2 (norms divided by N).
/// Kept as the challenger of <see cref="EwmaCovariance"/> in <see cref="CovarianceEvaluation"/>.
/// </summary>
public static class LedoitWolf
{
    /// <summary>The shrunk matrix and the intensity in [0, 1] (1: all target). Rows of <paramref name="window"/> are steps.</summary>
    public static (double[,] Covariance, double Intensity) Estimate(IReadOnlyList<double[]> window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Count == 0)
        {
            throw new ArgumentException("an empty window has no covariance", nameof(window));
        }

        var n = window[0].Length;
        var t = window.Count;
        var sample = new double[n, n];
        foreach (var x in window)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    sample[i, j] += x[i] * x[j] / t;
                }
            }
        }

        var m = 0.0;
        for (var i = 0; i < n; i++)
        {
            m += sample[i, i] / n;
        }

        var d2 = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = sample[i, j] - (i == j ? m : 0);
                d2 += v * v / n;
            }
        }

        if (d2 <= 0)
        {
            return (sample, 0); // already a multiple of I
        }

        var b2 = 0.0;
        foreach (var x in window)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var v = (x[i] * x[j]) - sample[i, j];
                    b2 += v * v / n;
                }
            }
        }

        var intensity = Math.Min(b2 / ((double)t * t), d2) / d2;
        var shrunk = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                shrunk[i, j] = ((1 - intensity) * sample[i, j]) + (i == j ? intensity * m : 0);
            }
        }

        return (shrunk, intensity);
    }
}

/// <summary>Small dense matrix helpers for the covariance and the optimizer (N is the number of assets, a handful).</summary>
public static class Matrix
{
    public static double[,] Scale(double[,] a, double k)
    {
        var r = (double[,])a.Clone();
        for (var i = 0; i < r.GetLength(0); i++)
        {
            for (var j = 0; j < r.GetLength(1); j++)
            {
                r[i, j] *= k;
            }
        }

        return r;
    }

    /// <summary>x' A x.</summary>
    public static double Quadratic(double[,] a, ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = 0; j < x.Length; j++)
            {
                sum += x[i] * a[i, j] * x[j];
            }
        }

        return sum;
    }

    /// <summary>Correlations of a covariance matrix (NaN where a variance is zero).</summary>
    public static double[,] Correlation(double[,] covariance)
    {
        var n = covariance.GetLength(0);
        var r = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var d = Math.Sqrt(covariance[i, i] * covariance[j, j]);
                r[i, j] = i == j ? (covariance[i, i] > 0 ? 1 : double.NaN) : d > 0 ? covariance[i, j] / d : double.NaN;
            }
        }

        return r;
    }

    /// <summary>Log-determinant and inverse by Cholesky; null when not positive definite.</summary>
    public static (double LogDet, double[,] Inverse)? CholeskyInverse(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        var logDet = 0.0;
        for (var i = 0; i < n; i++)
        {
            logDet += 2 * Math.Log(l[i, i]);
        }

        // Inverse column by column: solve L y = e_k, then L' x = y.
        var inverse = new double[n, n];
        var y = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var i = 0; i < n; i++)
            {
                var sum = i == k ? 1.0 : 0.0;
                for (var m = 0; m < i; m++)
                {
                    sum -= l[i, m] * y[m];
                }

                y[i] = sum / l[i, i];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                var sum = y[i];
                for (var m = i + 1; m < n; m++)
                {
                    sum -= l[m, i] * inverse[m, k];
                }

                inverse[i, k] = sum / l[i, i];
            }
        }

        return (logDet, inverse);
    }
}
