using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Portfolio;

/// <summary>Section "Workers:Portfolio": the portfolio optimizer's settings (docs/decisions/0019-portfolio-hedging.md).</summary>
public sealed class PortfolioOptions
{
    public const string SectionName = "Workers:Portfolio";

    /// <summary>Weight of the forecast P&amp;L variance against costs, 1/USD.</summary>
    public double RiskAversion { get; set; } = 1e-3;

    /// <summary>Horizon of the covariance forecast, hours.</summary>
    public int HorizonHours { get; set; } = 24;

    /// <summary>Hourly price history the covariance is estimated from, days.</summary>
    public int HistoryDays { get; set; } = 30;

    /// <summary>Venue fee per update, basis points of the traded notional.</summary>
    public double FeeBps { get; set; } = 5;

    /// <summary>Gas per position update, USD.</summary>
    public double GasUsd { get; set; } = 1;

    /// <summary>A pending portfolio suggestion expires after this many minutes.</summary>
    public double TimeToLiveMinutes { get; set; } = 30;

    /// <summary>How often the portfolio stage proposes on its own, seconds; 0 turns the stage off (the page's button only).</summary>
    public int ProposeIntervalSeconds { get; set; } = 300;

    /// <summary>The stage proposes only when the optimizer moves some position's ratio by at least this much.</summary>
    public double MinRatioChange { get; set; } = 0.02;
}

public sealed class PortfolioOptionsValidator : IValidateOptions<PortfolioOptions>
{
    public ValidateOptionsResult Validate(string? name, PortfolioOptions o)
    {
        var errors = new List<string>();
        if (!(o.RiskAversion > 0 && double.IsFinite(o.RiskAversion)))
        {
            errors.Add($"Workers:Portfolio:RiskAversion must be positive, got {o.RiskAversion}.");
        }

        if (o.HorizonHours <= 0)
        {
            errors.Add($"Workers:Portfolio:HorizonHours must be positive, got {o.HorizonHours}.");
        }

        if (o.HistoryDays <= 0)
        {
            errors.Add($"Workers:Portfolio:HistoryDays must be positive, got {o.HistoryDays}.");
        }

        if (o.FeeBps is < 0 or > 10_000 || double.IsNaN(o.FeeBps))
        {
            errors.Add($"Workers:Portfolio:FeeBps must be in [0, 10000], got {o.FeeBps}.");
        }

        if (!(o.GasUsd >= 0 && double.IsFinite(o.GasUsd)))
        {
            errors.Add($"Workers:Portfolio:GasUsd must be zero or positive, got {o.GasUsd}.");
        }

        if (!(o.TimeToLiveMinutes > 0))
        {
            errors.Add($"Workers:Portfolio:TimeToLiveMinutes must be positive, got {o.TimeToLiveMinutes}.");
        }

        if (o.ProposeIntervalSeconds < 0)
        {
            errors.Add($"Workers:Portfolio:ProposeIntervalSeconds must be zero (off) or positive, got {o.ProposeIntervalSeconds}.");
        }

        if (!(o.MinRatioChange is >= 0 and <= 1))
        {
            errors.Add($"Workers:Portfolio:MinRatioChange must be in [0, 1], got {o.MinRatioChange}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
