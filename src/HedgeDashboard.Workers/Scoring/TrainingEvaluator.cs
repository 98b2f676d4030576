using System.Diagnostics;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>What one training round fitted and measured.</summary>
public sealed record TrainingEvaluation(
    double Lambda, int TrainRounds, ModelScore Candidate, ModelScore? Active, IReadOnlyList<ModelScore> Baselines,
    IlCalibrationResult? Calibration, double Seconds);

/// <summary>
/// A training round on the feed's recent rounds, through the forecasting library's walk-forward
/// (<see cref="WalkForward"/>: each origin's model holds no round after it). The EWMA decay is chosen on the
/// older rounds only, by the same horizon QLIKE that is reported; the candidate, the active version and the
/// baselines are then scored at the same origins of the newer rounds, and the candidate's P(IL beyond threshold)
/// is checked for calibration on those origins.
/// </summary>
public static class TrainingEvaluator
{
    /// <summary>Per-round decays; the top end holds RiskMetrics' hourly 0.9974 (11-day memory).</summary>
    public static readonly double[] LambdaGrid = [0.80, 0.85, 0.90, 0.93, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.9925, 0.995, 0.9975, 0.999];

    /// <summary>Feed rounds as hourly bars on a clock of their own: one round stands for BarHours, whatever its wall time.</summary>
    public static OhlcvBar[] ToBars(IReadOnlyList<double> prices)
    {
        var bars = new OhlcvBar[prices.Count];
        for (var i = 0; i < bars.Length; i++)
        {
            bars[i] = new OhlcvBar(i * RealizedVariance.SecondsPerHour, prices[i], prices[i], prices[i], prices[i], 0);
        }

        return bars;
    }

    public static int HorizonBars(ScoringOptions o) => Math.Max(1, (int)Math.Round(o.HorizonHours / o.BarHours));

    /// <summary>Rounds the decay is fitted on: all but the newest EvaluationRounds, and never less than half.</summary>
    public static int TrainRounds(int rounds, ScoringOptions o) => Math.Max(rounds - o.EvaluationRounds, rounds / 2);

    public static TrainingEvaluation Run(IReadOnlyList<double> prices, double? activeLambda, ScoringOptions o)
    {
        var watch = Stopwatch.StartNew();
        var bars = ToBars(prices);
        var horizon = HorizonBars(o);
        var train = TrainRounds(bars.Length, o);

        // The decay sees only the training rounds: their own targets end inside them.
        var trainBars = bars[..train];
        var fitOptions = new WalkForwardOptions { HorizonHours = horizon, MinFitBars = Math.Max(2, train / 4), RefitEveryHours = int.MaxValue / 2 };
        var lambda = Decays(o).MinBy(l => Qlike(WalkForward.Run(trainBars, new EwmaModel(l), fitOptions)));

        // Origins start at the first round after the fitting rounds.
        var evaluation = new WalkForwardOptions { HorizonHours = horizon, MinFitBars = train + 1, RefitEveryHours = o.EvaluationRefitRounds };
        var candidate = WalkForward.Run(bars, new EwmaModel(lambda), evaluation);
        if (candidate.N == 0)
        {
            throw new InvalidOperationException($"No forecast of the {bars.Length - train} newest feed rounds could be scored (horizon {horizon} rounds).");
        }

        var active = activeLambda is { } al ? Score(bars, new EwmaModel(al), evaluation) : null;
        // Rounds run on a clock of their own (the demo replays an hour every few seconds): HAR gets no calendar regressor.
        IVarianceModel[] baselines = [new EwmaModel(), new GarchModel(), new HarModel(new HarOptions { WeekendRegressor = false })];
        var calibration = IlCalibration.Run(bars, candidate, horizon, new CalibrationOptions
        {
            RangePct = o.CalibrationRangePct,
            Threshold = o.IlThreshold,
            Bins = 10,
            FixedShape = (o.DegreesOfFreedom, 1),
        });
        return new TrainingEvaluation(
            lambda,
            train,
            ToScore(candidate),
            active,
            [.. baselines.Select(b => Score(bars, b, evaluation))],
            calibration.N == 0 ? null : new IlCalibrationResult(
                o.CalibrationRangePct, o.IlThreshold, o.DegreesOfFreedom, calibration.N, calibration.Brier,
                [.. calibration.Bins.Select(b => new CalibrationDecile(b.Bin, b.N, b.MeanPredicted, b.Observed))]),
            watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The decays the live scorer can reproduce: it folds only the newest LookbackRounds rounds onto a prior, so a
    /// longer memory (prior weight lambda^LookbackRounds above 1 %) would score something other than what was evaluated.
    /// </summary>
    public static IEnumerable<double> Decays(ScoringOptions o) =>
        LambdaGrid.Where(l => l == LambdaGrid[0] || Math.Pow(l, o.LookbackRounds) <= 0.01);

    private static double Qlike(ModelEvaluation e) => e.N == 0 || !double.IsFinite(e.Qlike) ? double.PositiveInfinity : e.Qlike;

    /// <summary>A model that cannot fit the window (too few rounds, a flat feed) is reported as skipped, with why.</summary>
    private static ModelScore Score(OhlcvBar[] bars, IVarianceModel model, WalkForwardOptions o)
    {
        try
        {
            return ToScore(WalkForward.Run(bars, model, o));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return new ModelScore(model.Name, null, null, 0, 0, ex.Message);
        }
    }

    private static ModelScore ToScore(ModelEvaluation e) =>
        new(e.Name, e.N == 0 ? null : e.Qlike, e.N == 0 ? null : e.Mse, e.N, e.TotalSeconds, e.N == 0 ? "no forecast could be scored" : null);
}
