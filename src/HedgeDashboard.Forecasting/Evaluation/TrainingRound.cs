using System.Diagnostics;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Evaluation;

public sealed record TrainingRoundOptions
{
    public int HorizonHours { get; init; } = 24;

    /// <summary>The newest hours scored: candidates are fitted once on everything before them.</summary>
    public int EvaluationHours { get; init; } = 720;

    /// <summary>
    /// Newest hours over which the best candidate is walked forward again (refitted on its own schedule, on the past only)
    /// for the P(IL) calibration map: a month holds too few independent outcomes and one regime; 0 skips it.
    /// </summary>
    public int CalibrationHours { get; init; } = 17_520;

    /// <summary>Short names of <see cref="ForecastModels"/>.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = ForecastModels.Names;
}

/// <summary>One model's QLIKE on the evaluation window (null when it could not fit or forecast, with why).</summary>
public sealed record CandidateScore(string Name, double? Qlike, int N, double Seconds, string? Skipped = null);

/// <summary>
/// The round's outcome: the best candidate refitted on all bars, and whether it replaces the active model.
/// <paramref name="FitBars"/> bars fitted the candidates; origins were scored from <paramref name="EvaluationFromUnix"/>;
/// <paramref name="BestEvaluation"/> holds the best candidate's walk-forward forecasts on the evaluation window;
/// <paramref name="CalibrationEvaluation"/> its walk-forward over the newest CalibrationHours (null when skipped), for
/// the IL calibration and its map.
/// </summary>
public sealed record TrainingRoundResult(
    IReadOnlyList<CandidateScore> Candidates, CandidateScore? Active, CandidateScore Best, ModelParameters BestParameters, bool Promote, string Reason,
    int FitBars, long EvaluationFromUnix, ModelEvaluation BestEvaluation, ModelEvaluation? CalibrationEvaluation, double Seconds);

/// <summary>
/// A training round: every candidate is fitted on the bars before the evaluation window and scored walk-forward on
/// it (the fit frozen, so each sees nothing after its fit point), the stored active model is scored at the same
/// origins, and the best candidate is promoted only when its QLIKE is no worse than the active model's.
/// </summary>
public static class TrainingRound
{
    /// <summary>
    /// <paramref name="activeTrainedThrough"/> is the open time of the newest bar the active model was fitted on: it is
    /// scored, and so are the candidates, only at origins after it (a model must not be judged on hours it has seen).
    /// </summary>
    public static TrainingRoundResult Run(IReadOnlyList<OhlcvBar> bars, ModelParameters? active, long? activeTrainedThrough, TrainingRoundOptions o, Action<string, double>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        int fitBars = bars.Count - o.EvaluationHours - 1;
        if (SeriesCheck.Problem([.. bars.Select(b => b.Close)], MinBars(o)) is { } problem)
            throw new ArgumentException(problem);
        long windowStart = bars[fitBars].UnixSeconds;
        long from = Math.Max(windowStart, active is null ? long.MinValue : (activeTrainedThrough ?? long.MaxValue - 1) + 1);
        long lastOrigin = bars[^1].UnixSeconds - (o.HorizonHours + 1) * RealizedVariance.SecondsPerHour;
        bool unseenEnough = from <= lastOrigin && (lastOrigin - from) / RealizedVariance.SecondsPerHour >= o.EvaluationHours / 4;
        if (!unseenEnough)
            from = windowStart; // candidates are still compared with each other; the active model stays (below)
        var options = new WalkForwardOptions { HorizonHours = o.HorizonHours, MinFitBars = fitBars, FromUnix = from, RefitEveryHours = int.MaxValue / 2 };
        var models = o.Candidates.Select(ForecastModels.Create).ToList();
        var runs = models.Select(m => Score(m.Name, () => WalkForward.Run(bars, m, options, f => progress?.Invoke(m.Name, f)))).ToList();
        var scores = runs.Select(r => r.Score).ToList();
        var activeScore = active is null ? null
            : !unseenEnough ? new CandidateScore($"active {active.Model}", null, 0, 0, $"trained on nearly all of the newest {o.EvaluationHours} h: kept until there are {o.EvaluationHours / 4} unseen hours to judge it on")
            : Score($"active {active.Model}", () => WalkForward.Run(bars, new Frozen(active), options, f => progress?.Invoke("active", f))).Score;
        if (unseenEnough && activeScore is not null && activeScore.N < o.EvaluationHours / 4)
            activeScore = activeScore with { Qlike = null, Skipped = $"only {activeScore.N} scored hours after its training end (need {o.EvaluationHours / 4}): kept until there is new data" };
        var best = scores.Where(s => s.Qlike is not null).MinBy(s => s.Qlike)
            ?? throw new ArgumentException($"No candidate could be scored: {string.Join("; ", scores.Select(s => $"{s.Name}: {s.Skipped}"))}");
        var promote = active is null || (activeScore?.Qlike is { } aq ? best.Qlike <= aq : unseenEnough && activeScore?.N >= o.EvaluationHours / 4);
        var reason = active is null ? "no active model to beat"
            : activeScore!.Qlike is null ? $"the active model {(promote ? "could not be scored" : "stays")}: {activeScore.Skipped}"
            : FormattableString.Invariant($"{best.Name} QLIKE {best.Qlike:0.0000} {(promote ? "is no worse than" : "is worse than")} the active {active.Model}'s {activeScore.Qlike:0.0000} on the newest {o.EvaluationHours} h");

        int bestIndex = scores.IndexOf(best);
        ModelEvaluation? calibration = null;
        if (o.CalibrationHours > 0)
        {
            // Fitted first on the bars before the window (at least a fit's minimum), refitted as the walk-forward goes.
            var calibrationOptions = new WalkForwardOptions { HorizonHours = o.HorizonHours, MinFitBars = Math.Max(MinFitBars, bars.Count - o.CalibrationHours - 1) };
            calibration = Score(best.Name, () => WalkForward.Run(bars, ForecastModels.Create(o.Candidates[bestIndex]), calibrationOptions, f => progress?.Invoke("calibrate " + best.Name, f))).Evaluation;
        }

        // The promoted model learns from every bar, the evaluation window included.
        progress?.Invoke("refit " + best.Name, 0);
        var view = MarketStore.From(bars).View();
        var parameters = models[bestIndex].Fit(view, o.HorizonHours).Parameters;
        progress?.Invoke("refit " + best.Name, 1);
        return new TrainingRoundResult(scores, activeScore, best, parameters, promote, reason, fitBars, from, runs[bestIndex].Evaluation!, calibration, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Bars a round needs: HAR's and the trees' 720-bar warm-up and 2,000 fitting rows, then the evaluation window.</summary>
    public static int MinBars(TrainingRoundOptions o) => MinFitBars + o.EvaluationHours + o.HorizonHours + 1;

    private static int MinFitBars => Features.FeatureBuilder.Warmup + 2_000;

    private static (CandidateScore Score, ModelEvaluation? Evaluation) Score(string name, Func<ModelEvaluation> run)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var e = run();
            return e.N == 0
                ? (new CandidateScore(name, null, 0, watch.Elapsed.TotalSeconds, "no forecast could be scored"), null)
                : (new CandidateScore(name, e.Qlike, e.N, watch.Elapsed.TotalSeconds), e);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return (new CandidateScore(name, null, 0, watch.Elapsed.TotalSeconds, ex.Message), null);
        }
    }

    /// <summary>A stored model as a "model" whose fit is the stored one: scored at the same origins, never refitted.</summary>
    private sealed class Frozen(ModelParameters parameters) : IVarianceModel
    {
        public string Name => parameters.Model;

        public IVarianceForecaster Fit(MarketHistory history, int horizonHours) => ForecastModels.Load(parameters);
    }
}
