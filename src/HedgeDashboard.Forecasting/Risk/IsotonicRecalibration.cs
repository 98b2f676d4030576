using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// Walk-forward isotonic recalibration of a P(IL beyond threshold) report: at each origin, the monotone map from predicted
/// to observed frequency (<see cref="IsotonicMap"/>) fitted only on earlier origins whose horizon had ended by then, refitted
/// every <c>refitEveryHours</c>; origins before <c>warmupPoints</c> realized outcomes are dropped, not guessed.
/// </summary>
public static class IsotonicRecalibration
{
    public static CalibrationReport Run(CalibrationReport report, IReadOnlyList<OhlcvBar> bars, int horizonHours, int bins, int refitEveryHours = 720, int warmupPoints = IsotonicMap.MinPoints)
    {
        var points = report.Points;
        long window = (horizonHours + 1) * RealizedVariance.SecondsPerHour;
        var recalibrated = new List<CalibrationPoint>();
        IsotonicMap? map = null;
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
                map = IsotonicMap.Fit(points.Take(known));
                lastFit = now;
            }

            recalibrated.Add(points[i] with { Predicted = map.Apply(points[i].Predicted) });
        }

        return IlCalibration.Summarize(report.Model + " + isotonic", recalibrated, report.DegreesOfFreedom, report.VarianceFactor, [], bins);
    }
}
