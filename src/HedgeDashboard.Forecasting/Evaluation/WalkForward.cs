using System.Diagnostics;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Evaluation;

public sealed record WalkForwardOptions
{
    public int HorizonHours { get; init; } = 24;

    /// <summary>Refit on the expanding window when this many hours have passed since the last fit.</summary>
    public int RefitEveryHours { get; init; } = 720;

    /// <summary>Make a forecast at the close of every bar whose close hour is a multiple of this.</summary>
    public int StepHours { get; init; } = 1;

    /// <summary>First origin bar's open time (unix seconds); earlier bars only train.</summary>
    public long FromUnix { get; init; } = long.MinValue;

    /// <summary>Exclusive end: every scored target window ends before this time.</summary>
    public long ToUnix { get; init; } = long.MaxValue;

    public int MinFitBars { get; init; } = 2000;
}

public sealed record ForecastPoint(int Origin, long OriginTime, double Forecast, double Realized);

public sealed record ModelEvaluation(
    string Name, double Qlike, double Mse, int N, double FitSeconds, double TotalSeconds, int Refits,
    IReadOnlyList<ForecastPoint> Points)
{
    public static ModelEvaluation Score(string name, IReadOnlyList<ForecastPoint> points, double fitSeconds, double totalSeconds, int refits)
    {
        double q = 0, m = 0;
        foreach (var p in points)
        {
            q += Scores.Qlike(p.Realized, p.Forecast);
            m += Scores.SquaredError(p.Realized, p.Forecast);
        }
        int n = points.Count;
        return new ModelEvaluation(name, n == 0 ? double.NaN : q / n, n == 0 ? double.NaN : m / n, n, fitSeconds, totalSeconds, refits, points);
    }
}

/// <summary>
/// Walk-forward evaluation. The model's own store receives bars one at a time; at origin t it holds bars
/// [0, t] and nothing else, so neither fitting nor forecasting can touch the future. Targets are computed
/// here, from a separate copy of the series, after the forecast is recorded.
/// </summary>
public static class WalkForward
{
    public static ModelEvaluation Run(IReadOnlyList<OhlcvBar> bars, IVarianceModel model, WalkForwardOptions o, Action<double>? progress = null)
    {
        var targets = Targets(bars, o.HorizonHours);
        var store = new MarketStore(bars.Count);
        var points = new List<ForecastPoint>();
        var total = Stopwatch.StartNew();
        var fitWatch = new Stopwatch();
        IVarianceForecaster? forecaster = null;
        long lastFit = long.MinValue;
        int refits = 0;
        long refitSeconds = (model.RefitEveryHours ?? o.RefitEveryHours) * RealizedVariance.SecondsPerHour;
        for (int t = 0; t < bars.Count; t++)
        {
            var b = bars[t];
            store.Append(b.UnixSeconds, b.Open, b.High, b.Low, b.Close, b.Volume);
            if (!IsOrigin(b.UnixSeconds, o) || store.Count < o.MinFitBars)
                continue;
            double realized = targets[t];
            if (double.IsNaN(realized) || b.UnixSeconds + (o.HorizonHours + 1) * RealizedVariance.SecondsPerHour > o.ToUnix)
                break; // targets from here on are unknown or outside the window
            var history = store.View();
            if (forecaster is null || b.UnixSeconds >= lastFit + refitSeconds)
            {
                fitWatch.Start();
                forecaster = model.Fit(history, o.HorizonHours);
                fitWatch.Stop();
                lastFit = b.UnixSeconds;
                refits++;
            }
            double f = forecaster.Forecast(history);
            if (!(f > 0) || !double.IsFinite(f))
                throw new InvalidOperationException($"{model.Name} forecast {f} at {DateTimeOffset.FromUnixTimeSeconds(b.UnixSeconds):u}.");
            if (realized > 0)
                points.Add(new ForecastPoint(t, b.UnixSeconds, f, realized));
            if (progress is not null && (t & 1023) == 0)
                progress((double)t / bars.Count);
        }
        progress?.Invoke(1);
        return ModelEvaluation.Score(model.Name, points, fitWatch.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds, refits);
    }

    internal static bool IsOrigin(long openUnix, WalkForwardOptions o) =>
        openUnix >= o.FromUnix && (openUnix / RealizedVariance.SecondsPerHour + 1) % o.StepHours == 0;

    /// <summary>Realized variance after each bar's close (NaN where the window runs past the data).</summary>
    internal static double[] Targets(IReadOnlyList<OhlcvBar> bars, int hours)
    {
        var full = MarketStore.From(bars).View();
        var sr = new SquaredReturns();
        sr.Sync(full);
        var y = new double[bars.Count];
        for (int t = 0; t < y.Length; t++)
            y[t] = sr.Forward(t, hours);
        return y;
    }
}
