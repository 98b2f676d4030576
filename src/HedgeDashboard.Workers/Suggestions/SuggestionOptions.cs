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

    /// <summary>Option proposals (positions with an option policy): volatility points added to the forecast (0.05 = 5 points).</summary>
    public double OptionVolatilityPremium { get; set; } = 0.05;

    /// <summary>Full bid/ask spread assumed on an option's premium, in % of mid.</summary>
    public double OptionSpreadPct { get; set; } = 5;

    /// <summary>Option trading fee in basis points of the underlying's notional (capped at 12.5 % of the premium).</summary>
    public double OptionFeeBps { get; set; } = 3;

    /// <summary>The order's premium limit: the model's premium plus this many %.</summary>
    public double OptionMaxPremiumMarginPct { get; set; } = 25;

    public Quant.Hedging.Options.OptionMarket OptionMarket => new(OptionVolatilityPremium, OptionSpreadPct, OptionFeeBps);
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

        if (!(o.OptionVolatilityPremium is >= 0 and <= 5))
        {
            errors.Add($"Workers:Suggestions:OptionVolatilityPremium must be in [0, 5], got {o.OptionVolatilityPremium}.");
        }

        if (!(o.OptionSpreadPct is >= 0 and < 200))
        {
            errors.Add($"Workers:Suggestions:OptionSpreadPct must be in [0, 200), got {o.OptionSpreadPct}.");
        }

        if (!(o.OptionFeeBps is >= 0 and <= 10_000))
        {
            errors.Add($"Workers:Suggestions:OptionFeeBps must be in [0, 10000], got {o.OptionFeeBps}.");
        }

        if (!(o.OptionMaxPremiumMarginPct is >= 0 and <= 1000))
        {
            errors.Add($"Workers:Suggestions:OptionMaxPremiumMarginPct must be in [0, 1000], got {o.OptionMaxPremiumMarginPct}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
