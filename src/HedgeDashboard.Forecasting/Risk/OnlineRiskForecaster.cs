using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// Runs a variance model bar by bar on a live or replayed series and hands out the horizon distribution at the
/// newest bar. The Student-t shape (nu) and variance factor are refitted from this forecaster's own past
/// forecasts whose horizons have ended, so everything it uses was known at the time.
/// </summary>
public sealed class OnlineRiskForecaster(IVarianceModel model, int horizonHours = 24, int refitEveryHours = 720, int minFitBars = 1000)
{
    private const int MinShapePoints = 240;
    private const int FallbackBars = 24;

    private readonly MarketStore _store = new(4096);
    private readonly Queue<(long End, double Close, double Forecast)> _pending = new();
    private readonly List<(long End, double Z)> _realized = [];
    private IVarianceForecaster? _forecaster;
    private long _lastFit = long.MinValue, _lastShapeFit = long.MinValue;
    private HorizonDistribution? _current;

    /// <summary>Student-t degrees of freedom in use (4 until enough forecasts have been scored).</summary>
    public double DegreesOfFreedom { get; private set; } = 4;

    public double VarianceFactor { get; private set; } = 1;

    public int HorizonHours => horizonHours;

    /// <summary>Folds in bars up to history.Last; returns the distribution of the log return over the horizon, or null for the first day.</summary>
    public HorizonDistribution? Update(BarHistory history)
    {
        if (history.Count < _store.Count)
            throw new InvalidOperationException("History went backwards; use a new forecaster per run.");
        if (history.Count == _store.Count)
            return _current;
        var bars = history.AsSpan();
        for (int i = _store.Count; i < bars.Length; i++)
        {
            var b = bars[i];
            long t = b.Time.ToUnixTimeSeconds();
            ScoreEnded(t);
            _store.Append(t, b.Open, b.High, b.Low, b.Close, b.Volume);
        }
        _current = ForecastNow();
        return _current;
    }

    private void ScoreEnded(long openTime)
    {
        // A forecast made at close C covers bars opening up to End - 1h; the first bar at or after End closes past it.
        while (_pending.Count > 0 && _pending.Peek().End <= openTime)
        {
            var p = _pending.Dequeue();
            double last = _store.View().Close[^1];
            _realized.Add((p.End, Math.Log(last / p.Close) / Math.Sqrt(p.Forecast)));
        }
    }

    private HorizonDistribution? ForecastNow()
    {
        if (_store.Count <= FallbackBars)
            return null;
        var history = _store.View();
        long now = history.Time[^1];
        long hour = RealizedVariance.SecondsPerHour;
        if (_store.Count >= minFitBars && (_forecaster is null || now >= _lastFit + refitEveryHours * hour))
        {
            _forecaster = model.Fit(history, horizonHours);
            _lastFit = now;
        }
        if (_realized.Count >= MinShapePoints && now >= _lastShapeFit + refitEveryHours * hour)
        {
            (DegreesOfFreedom, VarianceFactor) = IlCalibration.FitStudentT(_realized, _realized.Count);
            _lastShapeFit = now;
        }
        // Until the model has enough data (a backtest starts cold), the trailing mean squared return stands in.
        double f = _forecaster?.Forecast(history) ?? horizonHours * RealizedVariance.TrailingMean(history, history.Last, FallbackBars);
        _pending.Enqueue((now + (horizonHours + 1) * hour, history.Close[^1], f));
        return new HorizonDistribution(f * VarianceFactor, DegreesOfFreedom);
    }
}
