using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Suggestions;

/// <summary>Section "Workers:Suggestions".</summary>
public sealed class SuggestionOptions
{
    public const string SectionName = "Workers:Suggestions";

    public bool Enabled { get; set; } = true;

    /// <summary>Fallback tick when no new-score signal arrives (seconds); also the expiry sweep's cadence.</summary>
    public int IntervalSeconds { get; set; } = 5;

    /// <summary>A pending suggestion expires after this many minutes.</summary>
    public double TimeToLiveMinutes { get; set; } = 30;

    /// <summary>Master switch of the auto-execute policy (positions in auto mode); false leaves every suggestion to a person.</summary>
    public bool AutoExecute { get; set; } = true;

    /// <summary>Venue fee assumed for the expected-cost estimate (basis points of notional).</summary>
    public decimal VenueFeeBps { get; set; } = 5;
}

public sealed class SuggestionOptionsValidator : IValidateOptions<SuggestionOptions>
{
    public ValidateOptionsResult Validate(string? name, SuggestionOptions o)
    {
        var errors = new List<string>();
        if (o.IntervalSeconds <= 0)
        {
            errors.Add($"Workers:Suggestions:IntervalSeconds must be positive, got {o.IntervalSeconds}.");
        }

        if (o.TimeToLiveMinutes <= 0)
        {
            errors.Add($"Workers:Suggestions:TimeToLiveMinutes must be positive, got {o.TimeToLiveMinutes}.");
        }

        if (o.VenueFeeBps is < 0 or > 10_000)
        {
            errors.Add($"Workers:Suggestions:VenueFeeBps must be in [0, 10000], got {o.VenueFeeBps}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
