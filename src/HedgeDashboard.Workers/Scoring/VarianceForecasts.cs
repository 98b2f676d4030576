using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Features;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// A pair's variance per bar and where it came from: the active <c>variance:PAIR</c> version
/// (<paramref name="ModelVersionId"/>) with its P(IL) calibration map (<paramref name="Calibration"/>, null when it has
/// none), or the feed-round EWMA with <paramref name="Fallback"/> saying why.
/// </summary>
public sealed record PairVariance(double VariancePerBar, long? ModelVersionId, string Model, string? Fallback, int Bars, DateTimeOffset? BarsTo, bool FeedJoined, IsotonicMap? Calibration = null);

/// <summary>
/// The scoring stage's forecasts: per pair, the active <c>variance:PAIR</c> version of any kind (EWMA, GARCH, HAR or
/// an ML.NET model loaded from its bytes), cached by version id and reloaded when the active id changes, forecasting
/// from the pair's newest hourly bars. One instance per scorer; not thread-safe (a stage ticks on one thread).
/// </summary>
public sealed class VarianceForecasts(ScoringOptions options)
{
    private readonly Dictionary<string, Loaded> _loaded = [];

    /// <summary>A loaded version; <see cref="NewForecaster"/> is null when it could not be loaded (<see cref="Problem"/>).</summary>
    private sealed record Loaded(long Id, string Label, string? Source, int HorizonHours, Func<IVarianceForecaster>? NewForecaster, string? Problem, IsotonicMap? Map = null);

    /// <summary>
    /// The variance per bar for <paramref name="pair"/>. <paramref name="feed"/> holds the pair's newest feed rounds, oldest
    /// first: the fallback folds them; with a model, the newest joins the hourly bars as the current hour's provisional close
    /// when the bars reach to within two hours of it (a feed on another clock, as the demo's replay, is not joined).
    /// </summary>
    public async Task<PairVariance> ForecastAsync(HedgeDbContext db, string pair, IReadOnlyList<(DateTimeOffset At, double Price)> feed, CancellationToken ct)
    {
        var name = PairModelTraining.ModelName(pair);
        var active = await db.ModelVersions.AsNoTracking().Where(v => v.Name == name && v.Status == ModelStatus.Active)
            .Select(v => new { v.Id, v.Version, v.Kind, v.Metrics }).SingleOrDefaultAsync(ct);
        if (active is null)
        {
            return Fallback(feed, $"no promoted {name} yet");
        }

        if (!_loaded.TryGetValue(pair, out var model) || model.Id != active.Id)
        {
            var label = $"{name} v{active.Version.ToString(CultureInfo.InvariantCulture)} ({active.Kind})";
            var stored = await db.ModelVersions.AsNoTracking().Where(v => v.Id == active.Id).Select(v => new { v.Parameters, v.ModelBytes }).SingleAsync(ct);
            var metrics = ModelVersionMetrics.Parse(active.Metrics);
            try
            {
                var parameters = ModelParameters.FromJson(stored.Parameters) with { Blob = stored.ModelBytes };
                model = metrics is null
                    ? new Loaded(active.Id, label, null, 0, null, "its metrics do not name the hourly source it was trained on")
                    : metrics.CalibrationMap?.Problem() is { } bad
                        ? new Loaded(active.Id, label, null, 0, null, bad)
                        : new Loaded(active.Id, label, metrics.Source, parameters.HorizonHours, ForecastModels.Loader(parameters), null, metrics.CalibrationMap);
            }
            catch (Exception e) when (e is NotSupportedException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                model = new Loaded(active.Id, label, null, 0, null, e.Message);
            }

            _loaded[pair] = model;
        }

        if (model.NewForecaster is null)
        {
            return Fallback(feed, $"{model.Label} cannot be loaded: {model.Problem}");
        }

        var bars = await PairModelTraining.BarsAsync(db, pair, model.Source!, options.HistoryBars, ct);
        if (bars.Length <= FeatureBuilder.Warmup)
        {
            return Fallback(feed, $"{model.Label} needs {FeatureBuilder.Warmup + 1} hourly bars of '{model.Source}', there are {bars.Length}");
        }

        var joined = feed.Count > 0 && JoinsBars(bars[^1].UnixSeconds, feed[^1].At);
        if (joined)
        {
            var p = feed[^1].Price;
            bars = [.. bars, new OhlcvBar(bars[^1].UnixSeconds + RealizedVariance.SecondsPerHour, p, p, p, p, 0)];
        }

        var forecast = model.NewForecaster().Forecast(MarketStore.From(bars).View());
        if (!double.IsFinite(forecast) || forecast <= 0)
        {
            return Fallback(feed, $"{model.Label} forecast {forecast.ToString(CultureInfo.InvariantCulture)}");
        }

        return new PairVariance(forecast / model.HorizonHours * options.BarHours, active.Id, model.Label, null, bars.Length,
            DateTimeOffset.FromUnixTimeSeconds(bars[^1].UnixSeconds), joined, model.Map);
    }

    /// <summary>Whether a feed price at <paramref name="at"/> is the hour after a bar opened at <paramref name="lastBarOpen"/>.</summary>
    public static bool JoinsBars(long lastBarOpen, DateTimeOffset at)
    {
        var after = at.ToUnixTimeSeconds() - lastBarOpen;
        return after > RealizedVariance.SecondsPerHour && after <= 2 * RealizedVariance.SecondsPerHour;
    }

    private PairVariance Fallback(IReadOnlyList<(DateTimeOffset At, double Price)> feed, string why)
    {
        var prior = options.PriorAnnualVolatility * options.PriorAnnualVolatility * options.BarHours / 8760;
        var variance = RiskModel.EwmaVariance([.. feed.Select(f => f.Price)], RiskModel.DefaultLambda, prior);
        return new PairVariance(variance, null, RiskModel.FallbackName, why, 0, null, false);
    }
}
