using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Quant.Positions;
using MathNet.Numerics;

namespace HedgeDashboard.Forecasting.Risk;

public sealed record CalibrationOptions
{
    /// <summary>Half-width of the position's range around the entry price, in percent.</summary>
    public double RangePct { get; init; } = 10;

    /// <summary>IL threshold as a positive fraction (0.02: a loss of more than 2% against holding).</summary>
    public double Threshold { get; init; } = 0.02;

    public int Bins { get; init; } = 10;

    /// <summary>Re-estimate the distribution's shape (nu) and variance factor this often, from realized past only.</summary>
    public int RefitEveryHours { get; init; } = 720;

    /// <summary>Realized standardized returns needed before the first scored forecast.</summary>
    public int WarmupPoints { get; init; } = 720;

    /// <summary>
    /// Score with this Student-t shape (nu) and variance factor instead of fitting them: the calibration of a
    /// scorer that uses fixed settings, as the pipeline does. No warm-up is then needed.
    /// </summary>
    public (double DegreesOfFreedom, double VarianceFactor)? FixedShape { get; init; }
}

public sealed record CalibrationBin(int Bin, int N, double MeanPredicted, double Observed)
{
    public double GapPp => 100 * (MeanPredicted - Observed);
}

/// <summary>Quantile of standardized horizon returns z = R / sqrt(c F): the data's against the fitted t and a normal.</summary>
public sealed record TailCheck(double Probability, double Empirical, double StudentT, double Normal);

/// <summary>One scored origin: the predicted P(IL beyond threshold) and whether it happened.</summary>
public sealed record CalibrationPoint(int Origin, double Predicted, bool Observed);

public sealed record CalibrationReport(
    string Model, int N, double DegreesOfFreedom, double VarianceFactor, double Brier,
    IReadOnlyList<CalibrationBin> Bins, IReadOnlyList<TailCheck> Tails)
{
    public double MaxAbsGapPp => Bins.Count == 0 ? double.NaN : Bins.Max(b => Math.Abs(b.GapPp));

    /// <summary>Mean binary cross-entropy of the predictions (probabilities clipped to [1e-6, 1 - 1e-6]).</summary>
    public double LogLoss { get; init; } = double.NaN;

    /// <summary>The scored origins, to compare methods on the same ones (not printed).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CalibrationPoint> Points { get; init; } = [];

    /// <summary>This report recomputed on the origins in <paramref name="origins"/> only.</summary>
    public CalibrationReport On(IReadOnlySet<int> origins, int bins)
    {
        var kept = Points.Where(p => origins.Contains(p.Origin)).ToList();
        return IlCalibration.Summarize(Model, kept, DegreesOfFreedom, VarianceFactor, Tails, bins);
    }
}

/// <summary>
/// Out-of-sample calibration of P(IL beyond threshold): at each walk-forward origin a position is opened at the
/// close with a +/-RangePct range; the predicted probability uses the model's variance forecast and a Student-t
/// whose nu and variance factor were fitted (maximum likelihood) only on horizons that had ended by then.
/// </summary>
public static class IlCalibration
{
    private static readonly double[] NuGrid = [2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 15, 20, 30, 50];
    private static readonly double[] TailProbabilities = [0.005, 0.01, 0.025, 0.05, 0.95, 0.975, 0.99, 0.995];

    public static CalibrationReport Run(IReadOnlyList<OhlcvBar> bars, ModelEvaluation evaluation, int horizonHours, CalibrationOptions o)
    {
        var times = bars.Select(b => b.UnixSeconds).ToArray();
        long window = (horizonHours + 1) * RealizedVariance.SecondsPerHour;
        var z = new List<(long End, double Z)>();
        foreach (var p in evaluation.Points)
        {
            int end = Array.BinarySearch(times, p.OriginTime + window - RealizedVariance.SecondsPerHour);
            end = end >= 0 ? end : ~end - 1; // the last bar inside the window when its final hour is missing
            z.Add((p.OriginTime + window, Math.Log(bars[end].Close / bars[p.Origin].Close) / Math.Sqrt(p.Forecast)));
        }

        var points = new List<CalibrationPoint>();
        double nu = 5, factor = 1;
        long lastFit = long.MinValue;
        int realized = 0;
        double k = o.RangePct / 100;
        for (int i = 0; i < evaluation.Points.Count; i++)
        {
            var p = evaluation.Points[i];
            long now = p.OriginTime + RealizedVariance.SecondsPerHour;
            while (realized < i && z[realized].End <= now)
                realized++;
            if (o.FixedShape is { } shape)
                (nu, factor) = shape;
            else if (realized < o.WarmupPoints)
                continue;
            else if (now >= lastFit + o.RefitEveryHours * RealizedVariance.SecondsPerHour)
            {
                (nu, factor) = FitStudentT(z, realized);
                lastFit = now;
            }
            double price = bars[p.Origin].Close;
            var distribution = new HorizonDistribution(p.Forecast * factor, nu);
            double terminal = price * Math.Exp(z[i].Z * Math.Sqrt(p.Forecast));
            points.Add(new CalibrationPoint(
                p.Origin,
                IlRiskScorer.ProbabilityBeyond(price * (1 - k), price * (1 + k), price, price, distribution, o.Threshold),
                IlBeyond(price, terminal, o)));
        }

        var (nuAll, factorAll) = FitStudentT(z, z.Count);
        return Summarize(evaluation.Name, points, nu, factor, Tails(z.Select(t => t.Z / Math.Sqrt(factorAll)).ToArray(), nuAll), o.Bins);
    }

    /// <summary>Whether a fresh +/-RangePct position opened at <paramref name="price"/> lost more than the threshold at <paramref name="terminal"/>.</summary>
    internal static bool IlBeyond(double price, double terminal, CalibrationOptions o)
    {
        double k = o.RangePct / 100;
        return new LiquidityPosition(1, price * (1 - k), price * (1 + k)).ImpermanentLossAt(price, terminal) < -o.Threshold;
    }

    internal static CalibrationReport Summarize(string name, List<CalibrationPoint> points, double nu, double factor, IReadOnlyList<TailCheck> tails, int bins)
    {
        var predicted = points.Select(p => p.Predicted).ToList();
        var observed = points.Select(p => p.Observed).ToList();
        double logLoss = 0;
        foreach (var p in points)
        {
            double q = Math.Clamp(p.Predicted, 1e-6, 1 - 1e-6);
            logLoss -= p.Observed ? Math.Log(q) : Math.Log(1 - q);
        }
        return new CalibrationReport(name, points.Count, nu, factor, Brier(predicted, observed), Deciles(predicted, observed, bins), tails)
        {
            LogLoss = points.Count == 0 ? double.NaN : logLoss / points.Count,
            Points = points,
        };
    }

    /// <summary>Joint maximum likelihood of (nu, c) for z ~ sqrt(c) x unit-variance t_nu, on a grid, over z[0..count).</summary>
    internal static (double Nu, double Factor) FitStudentT(List<(long End, double Z)> z, int count)
    {
        int stride = Math.Max(1, count / 8000); // neighbouring horizons overlap: thinning loses little
        var sample = new List<double>();
        for (int i = 0; i < count; i += stride)
            sample.Add(z[i].Z * z[i].Z);
        double bestLl = double.NegativeInfinity, bestNu = 5, bestC = 1;
        foreach (double nu in NuGrid)
        {
            // Unit-variance t: ln f(z) = const(nu) - (nu + 1)/2 ln(1 + z^2 / (nu - 2)); with z / sqrt(c) and the Jacobian.
            double constant = SpecialFunctions.GammaLn((nu + 1) / 2) - SpecialFunctions.GammaLn(nu / 2) - 0.5 * Math.Log(Math.PI * (nu - 2));
            for (int j = -24; j <= 24; j++)
            {
                double c = Math.Exp(j * 0.03);
                double scale = 1 / (c * (nu - 2)), sum = 0;
                foreach (double z2 in sample)
                    sum += Math.Log(1 + z2 * scale);
                double ll = sample.Count * (constant - 0.5 * Math.Log(c)) - 0.5 * (nu + 1) * sum;
                if (ll > bestLl)
                    (bestLl, bestNu, bestC) = (ll, nu, c);
            }
        }
        return (bestNu, bestC);
    }

    private static List<CalibrationBin> Deciles(List<double> predicted, List<bool> observed, int bins)
    {
        var order = Enumerable.Range(0, predicted.Count).OrderBy(i => predicted[i]).ToArray();
        var result = new List<CalibrationBin>();
        for (int b = 0; b < bins && order.Length > 0; b++)
        {
            int from = b * order.Length / bins, to = (b + 1) * order.Length / bins;
            if (to <= from)
                continue;
            double p = 0, hits = 0;
            for (int j = from; j < to; j++)
            {
                p += predicted[order[j]];
                hits += observed[order[j]] ? 1 : 0;
            }
            result.Add(new CalibrationBin(b + 1, to - from, p / (to - from), hits / (to - from)));
        }
        return result;
    }

    private static double Brier(List<double> predicted, List<bool> observed)
    {
        double s = 0;
        for (int i = 0; i < predicted.Count; i++)
        {
            double e = predicted[i] - (observed[i] ? 1 : 0);
            s += e * e;
        }
        return predicted.Count == 0 ? double.NaN : s / predicted.Count;
    }

    private static List<TailCheck> Tails(double[] z, double nu)
    {
        Array.Sort(z);
        var unitT = new HorizonDistribution(1, nu);
        return [.. TailProbabilities.Select(p => new TailCheck(
            p,
            z[Math.Clamp((int)(p * z.Length), 0, z.Length - 1)],
            unitT.Quantile(p),
            MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p)))];
    }
}
