using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Features;
using HedgeDashboard.Forecasting.Models;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>Section "Workers:Scoring".</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Workers:Scoring";

    public bool Enabled { get; set; } = true;

    /// <summary>Fallback tick when no new-price signal arrives (seconds).</summary>
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>Forecast horizon of the IL risk.</summary>
    public double HorizonHours { get; set; } = 24;

    /// <summary>Hours one feed round stands for (1: an hourly feed; the simulator pushes hourly bars).</summary>
    public double BarHours { get; set; } = 1;

    /// <summary>IL threshold of the risk score (positive fraction: 0.02 = 2 % loss against holding).</summary>
    public double IlThreshold { get; set; } = 0.02;

    /// <summary>Student-t degrees of freedom of the horizon log return (&gt; 2).</summary>
    public double DegreesOfFreedom { get; set; } = 4;

    /// <summary>Volatility used until enough feed rounds exist (annualised).</summary>
    public double PriorAnnualVolatility { get; set; } = 0.6;

    /// <summary>
    /// Feed rounds the fallback EWMA folds (pairs without a promoted model yet); the RiskMetrics decay 0.94 forgets
    /// them long before 2,160 rounds.
    /// </summary>
    public int LookbackRounds { get; set; } = 2160;

    /// <summary>Newest hourly bars of the pair's history a promoted model forecasts from (HAR and the trees read 721).</summary>
    public int HistoryBars { get; set; } = 2160;

    /// <summary>Recommended ratios are rounded to this step, so noise does not make suggestions.</summary>
    public decimal RatioStep { get; set; } = 0.05m;

    /// <summary>Run a training round per pair this often (minutes); 0 disables retraining.</summary>
    public int RetrainIntervalMinutes { get; set; } = 360;

    /// <summary>Newest hours of a pair's history scored walk-forward; the candidates are fitted on the hours before.</summary>
    public int EvaluationHours { get; set; } = 720;

    /// <summary>
    /// Newest hours over which a round walks its best model forward again to fit the P(IL) calibration map the scoring
    /// stage applies (fewer than 2,000 forecasts: no map); 0 fits none.
    /// </summary>
    public int CalibrationHours { get; set; } = 17_520;

    /// <summary>Candidate models of a training round (short names of ForecastModels); empty: all of them.</summary>
    public string[] Candidates { get; set; } = [];

    /// <summary>Half-width (percent of the price) of the range of the position whose IL risk calibration is reported.</summary>
    public double CalibrationRangePct { get; set; } = 10;

    /// <summary>The training round these options ask for (the CLI's <c>hedge train</c> builds the same from its flags).</summary>
    public TrainingRoundOptions TrainingRound() => new()
    {
        HorizonHours = (int)HorizonHours,
        EvaluationHours = EvaluationHours,
        CalibrationHours = CalibrationHours,
        Candidates = Candidates is { Length: > 0 } c ? c : ForecastModels.Names,
    };
}

public sealed class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, object value, string rule)
        {
            if (!ok)
            {
                errors.Add($"Workers:Scoring:{key} {rule}, got {value}.");
            }
        }

        Check(o.IntervalSeconds > 0, nameof(o.IntervalSeconds), o.IntervalSeconds, "must be positive");
        Check(o.HorizonHours > 0, nameof(o.HorizonHours), o.HorizonHours, "must be positive");
        Check(o.BarHours > 0, nameof(o.BarHours), o.BarHours, "must be positive");
        Check(o.IlThreshold is > 0 and < 1, nameof(o.IlThreshold), o.IlThreshold, "must be in (0, 1)");
        Check(o.DegreesOfFreedom > 2, nameof(o.DegreesOfFreedom), o.DegreesOfFreedom, "must be above 2");
        Check(o.PriorAnnualVolatility > 0, nameof(o.PriorAnnualVolatility), o.PriorAnnualVolatility, "must be positive");
        Check(o.LookbackRounds >= 2, nameof(o.LookbackRounds), o.LookbackRounds, "must be at least 2");
        Check(o.RatioStep is > 0 and <= 1, nameof(o.RatioStep), o.RatioStep, "must be in (0, 1]");
        Check(o.RetrainIntervalMinutes >= 0, nameof(o.RetrainIntervalMinutes), o.RetrainIntervalMinutes, "cannot be negative");
        Check(o.HorizonHours == Math.Floor(o.HorizonHours), nameof(o.HorizonHours), o.HorizonHours, "must be a whole number of hours (the models forecast hourly bars)");
        Check(o.HistoryBars > FeatureBuilder.Warmup, nameof(o.HistoryBars), o.HistoryBars, $"must be above {FeatureBuilder.Warmup} (the features' warm-up)");
        Check(o.CalibrationHours >= 0, nameof(o.CalibrationHours), o.CalibrationHours, "cannot be negative");
        Check(o.EvaluationHours >= 4, nameof(o.EvaluationHours), o.EvaluationHours, "must be at least 4");
        foreach (var candidate in o.Candidates ?? [])
        {
            Check(ForecastModels.Names.Contains(candidate, StringComparer.OrdinalIgnoreCase), nameof(o.Candidates), candidate, $"must be among {string.Join(", ", ForecastModels.Names)}");
        }

        Check(o.CalibrationRangePct is > 0 and < 100, nameof(o.CalibrationRangePct), o.CalibrationRangePct, "must be in (0, 100)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
