namespace HedgeDashboard.Quant.Portfolio;

/// <summary>Mean losses of one covariance forecaster over the walk-forward origins (lower is better).</summary>
/// <param name="Qlike">Mean of log det(F) + tr(F^-1 RC): the Gaussian likelihood loss with the realized covariance RC, robust to noise in RC (Patton 2011).</param>
/// <param name="Frobenius">Mean squared Frobenius distance between F and RC.</param>
public sealed record CovarianceLoss(string Model, double Qlike, double Frobenius);

public sealed record CovarianceComparison(int Origins, int HorizonSteps, int Window, CovarianceLoss Ewma, CovarianceLoss LedoitWolf);

/// <summary>
/// Walk-forward: at every origin t (each <c>horizon</c> steps, once <c>window</c> steps are seen) both models forecast
/// the covariance of the next <c>horizon</c> steps from returns before t only; the realized covariance is the sum of
/// the next steps' r r'.
/// </summary>
public static class CovarianceEvaluation
{
    public static CovarianceComparison Compare(IReadOnlyList<double[]> returns, int horizon, int window, double lambda)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        if (returns.Count < window + horizon)
        {
            throw new ArgumentException($"need at least {window + horizon} steps, got {returns.Count}", nameof(returns));
        }

        var n = returns[0].Length;
        var ewma = new EwmaCovariance(n, lambda);
        double ewmaQ = 0, ewmaF = 0, lwQ = 0, lwF = 0;
        var origins = 0;
        for (var t = 0; t + horizon <= returns.Count; t++)
        {
            if (t >= window && (t - window) % horizon == 0)
            {
                var realized = new double[n, n];
                for (var k = t; k < t + horizon; k++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            realized[i, j] += returns[k][i] * returns[k][j];
                        }
                    }
                }

                var lw = LedoitWolf.Estimate(Slice(returns, t - window, window)).Covariance;
                if (Losses(ewma.Forecast(horizon), realized) is { } e && Losses(Matrix.Scale(lw, horizon), realized) is { } l)
                {
                    ewmaQ += e.Qlike;
                    ewmaF += e.Frobenius;
                    lwQ += l.Qlike;
                    lwF += l.Frobenius;
                    origins++;
                }
            }

            ewma.Add(returns[t]);
        }

        return new CovarianceComparison(
            origins,
            horizon,
            window,
            new CovarianceLoss("ewma", ewmaQ / origins, ewmaF / origins),
            new CovarianceLoss("ledoit-wolf", lwQ / origins, lwF / origins));
    }

    /// <summary>Both losses of one forecast, or null when it is not positive definite (skipped for both models).</summary>
    internal static (double Qlike, double Frobenius)? Losses(double[,] forecast, double[,] realized)
    {
        if (Matrix.CholeskyInverse(forecast) is not { } f)
        {
            return null;
        }

        var n = forecast.GetLength(0);
        double trace = 0, frobenius = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                trace += f.Inverse[i, j] * realized[j, i];
                var d = forecast[i, j] - realized[i, j];
                frobenius += d * d;
            }
        }

        return (f.LogDet + trace, frobenius);
    }

    private static List<double[]> Slice(IReadOnlyList<double[]> rows, int start, int count)
    {
        var list = new List<double[]>(count);
        for (var i = start; i < start + count; i++)
        {
            list.Add(rows[i]);
        }

        return list;
    }
}
