using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Evaluation;

/// <summary>
/// Geometric combination F = A^w B^(1-w) of two models' walk-forward forecasts, with w re-chosen at every
/// refit from a grid by QLIKE over past forecasts whose targets had fully ended by then (no look-ahead).
/// </summary>
public static class Combination
{
    private const int Grid = 21;

    public static ModelEvaluation Run(ModelEvaluation a, ModelEvaluation b, WalkForwardOptions o)
    {
        var byOrigin = b.Points.ToDictionary(p => p.Origin);
        var pairs = a.Points.Where(p => byOrigin.ContainsKey(p.Origin)).Select(p => (A: p, B: byOrigin[p.Origin])).ToList();
        var lossSums = new double[Grid];
        var points = new List<ForecastPoint>(pairs.Count);
        long window = (o.HorizonHours + 1) * RealizedVariance.SecondsPerHour;
        long refit = o.RefitEveryHours * RealizedVariance.SecondsPerHour;
        long lastChoice = long.MinValue;
        double w = 0.5;
        int realizedUpTo = 0; // pairs[0..realizedUpTo) have targets that ended before the current origin's close
        foreach (var (pa, pb) in pairs)
        {
            long now = pa.OriginTime + RealizedVariance.SecondsPerHour;
            while (realizedUpTo < pairs.Count && pairs[realizedUpTo].A.OriginTime + window <= now)
            {
                var (qa, qb) = pairs[realizedUpTo];
                for (int g = 0; g < Grid; g++)
                    lossSums[g] += Scores.Qlike(qa.Realized, Blend(qa.Forecast, qb.Forecast, (double)g / (Grid - 1)));
                realizedUpTo++;
            }
            if (pa.OriginTime >= lastChoice + refit && realizedUpTo > 0)
            {
                int best = Array.IndexOf(lossSums, lossSums.Min());
                w = (double)best / (Grid - 1);
                lastChoice = pa.OriginTime;
            }
            points.Add(pa with { Forecast = Blend(pa.Forecast, pb.Forecast, w) });
        }
        return ModelEvaluation.Score($"combo({a.Name},{b.Name})", points, a.FitSeconds + b.FitSeconds, a.TotalSeconds + b.TotalSeconds, a.Refits);
    }

    private static double Blend(double fa, double fb, double w) => Math.Exp(w * Math.Log(fa) + (1 - w) * Math.Log(fb));
}
