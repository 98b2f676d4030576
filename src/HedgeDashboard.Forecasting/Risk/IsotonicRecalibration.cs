using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// Walk-forward isotonic recalibration of a P(IL beyond threshold) report: at each origin, the monotone map from predicted
/// to observed frequency (pool-adjacent-violators) fitted only on earlier origins whose horizon had ended by then, refitted
/// every <c>refitEveryHours</c>; origins before <c>warmupPoints</c> realized outcomes are dropped, not guessed.
/// </summary>
public static class IsotonicRecalibration
{
    public static CalibrationReport Run(CalibrationReport report, IReadOnlyList<OhlcvBar> bars, int horizonHours, int bins, int refitEveryHours = 720, int warmupPoints = 2_000)
    {
        var points = report.Points;
        long window = (horizonHours + 1) * RealizedVariance.SecondsPerHour;
        var recalibrated = new List<CalibrationPoint>();
        (double[] X, double[] Y)? map = null;
        long lastFit = long.MinValue;
        int known = 0;
        for (int i = 0; i < points.Count; i++)
        {
            long now = bars[points[i].Origin].UnixSeconds + RealizedVariance.SecondsPerHour;
            while (known < i && bars[points[known].Origin].UnixSeconds + window <= now)
                known++;
            if (known < warmupPoints)
                continue;
            if (map is null || now >= lastFit + refitEveryHours * RealizedVariance.SecondsPerHour)
            {
                map = Fit(points, known);
                lastFit = now;
            }

            recalibrated.Add(points[i] with { Predicted = Apply(map.Value, points[i].Predicted) });
        }

        return IlCalibration.Summarize(report.Model + " + isotonic", recalibrated, report.DegreesOfFreedom, report.VarianceFactor, [], bins);
    }

    /// <summary>Pool-adjacent-violators on the first <paramref name="count"/> points: block means, increasing in prediction.</summary>
    internal static (double[] X, double[] Y) Fit(IReadOnlyList<CalibrationPoint> points, int count)
    {
        var sorted = points.Take(count).OrderBy(p => p.Predicted).ToArray();
        var sumX = new List<double>();
        var sumY = new List<double>();
        var n = new List<int>();
        foreach (var p in sorted)
        {
            sumX.Add(p.Predicted);
            sumY.Add(p.Observed ? 1 : 0);
            n.Add(1);
            // Pool on a violation, and on equal predictions (one prediction must map to one value).
            while (n.Count > 1 && (sumY[^2] / n[^2] >= sumY[^1] / n[^1] || sumX[^2] / n[^2] >= sumX[^1] / n[^1]))
            {
                sumX[^2] += sumX[^1];
                sumY[^2] += sumY[^1];
                n[^2] += n[^1];
                sumX.RemoveAt(sumX.Count - 1);
                sumY.RemoveAt(sumY.Count - 1);
                n.RemoveAt(n.Count - 1);
            }
        }

        return ([.. sumX.Select((s, i) => s / n[i])], [.. sumY.Select((s, i) => s / n[i])]);
    }

    /// <summary>Linear between the blocks' mean predictions, flat beyond them.</summary>
    internal static double Apply((double[] X, double[] Y) map, double p)
    {
        var (x, y) = map;
        if (p <= x[0])
            return y[0];
        if (p >= x[^1])
            return y[^1];
        int hi = Array.BinarySearch(x, p);
        if (hi >= 0)
            return y[hi];
        hi = ~hi;
        double t = (p - x[hi - 1]) / (x[hi] - x[hi - 1]);
        return y[hi - 1] + t * (y[hi] - y[hi - 1]);
    }
}
