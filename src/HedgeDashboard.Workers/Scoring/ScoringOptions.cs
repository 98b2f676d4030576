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
    /// Feed rounds the variance model looks back over. 90 days of hourly rounds: long enough that the trainer may pick
    /// a decay as slow as RiskMetrics' hourly 0.9975 (see <see cref="TrainingEvaluator.Decays"/>).
    /// </summary>
    public int LookbackRounds { get; set; } = 2160;

    /// <summary>Recommended ratios are rounded to this step, so noise does not make suggestions.</summary>
    public decimal RatioStep { get; set; } = 0.05m;

    /// <summary>Retrain the variance model this often (minutes); 0 disables retraining.</summary>
    public int RetrainIntervalMinutes { get; set; } = 360;

    /// <summary>Fewest feed rounds needed to train a model version (at least 2 x the horizon in rounds + 20).</summary>
    public int MinTrainingRounds { get; set; } = 200;

    /// <summary>Newest feed rounds a training round reads (the decay is fitted on the older ones).</summary>
    public int TrainingRounds { get; set; } = 2880;

    /// <summary>Newest feed rounds whose forecasts are scored against the baselines (at most half of those read).</summary>
    public int EvaluationRounds { get; set; } = 720;

    /// <summary>Baselines with fitted parameters (GARCH, HAR) refit this often inside the evaluation window (rounds).</summary>
    public int EvaluationRefitRounds { get; set; } = 168;

    /// <summary>Half-width (percent of the price) of the range of the position whose IL risk calibration is reported.</summary>
    public double CalibrationRangePct { get; set; } = 10;
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
        if (o.HorizonHours > 0 && o.BarHours > 0)
        {
            // Half the rounds at least are for fitting; the other half needs horizons that end, and some of them.
            var least = (2 * TrainingEvaluator.HorizonBars(o)) + 20;
            Check(o.MinTrainingRounds >= least, nameof(o.MinTrainingRounds), o.MinTrainingRounds, $"must be at least 2 x the horizon in rounds + 20 = {least}");
        }

        Check(o.TrainingRounds >= o.MinTrainingRounds, nameof(o.TrainingRounds), o.TrainingRounds, "must be at least MinTrainingRounds");
        Check(o.EvaluationRounds > 0, nameof(o.EvaluationRounds), o.EvaluationRounds, "must be positive");
        Check(o.EvaluationRefitRounds > 0, nameof(o.EvaluationRefitRounds), o.EvaluationRefitRounds, "must be positive");
        Check(o.CalibrationRangePct is > 0 and < 100, nameof(o.CalibrationRangePct), o.CalibrationRangePct, "must be in (0, 100)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
