using HedgeDashboard.Data.Maintenance;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Retention;

/// <summary>Section "Workers:Retention": the daily roll-up of old per-block prices and risk scores.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Workers:Retention";

    public bool Enabled { get; set; } = true;

    /// <summary>Hours between runs.</summary>
    public int IntervalHours { get; set; } = 24;

    /// <summary>Per-block pool prices older than this many days become hourly closes.</summary>
    public int RawPoolPriceDays { get; set; } = 90;

    /// <summary>Risk scores older than this many days are thinned to each position's last score of the day.</summary>
    public int RawRiskScoreDays { get; set; } = 180;

    public RetentionPolicy Policy => new(RawPoolPriceDays, RawRiskScoreDays);
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions o)
    {
        var errors = new List<string>();
        if (o.IntervalHours is < 1 or > 24 * 30)
        {
            errors.Add($"Workers:Retention:IntervalHours must be in [1, 720], got {o.IntervalHours}.");
        }

        if (o.Policy.Validate() is { } problem)
        {
            errors.Add($"Workers:Retention: {problem}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
