namespace HedgeDashboard.Data.Entities;

/// <summary>
/// One hedge proposal for a set of positions from the portfolio optimizer: its member
/// <see cref="HedgeSuggestion"/>s (one per position whose ratio changes) are approved or rejected together.
/// Status uses the suggestion states pending -> approved | rejected | expired | superseded.
/// </summary>
public sealed class PortfolioSuggestion
{
    public long Id { get; set; }

    public SuggestionStatus Status { get; set; } = SuggestionStatus.Pending;

    /// <summary>One line on why: forecast risk before and after, expected cost, per-position alternative.</summary>
    public required string Reason { get; set; }

    /// <summary>The optimizer's inputs and outputs (JSON): exposures per asset, correlations, per-position breakdown.</summary>
    public string Plan { get; set; } = "{}";

    /// <summary>Forecast standard deviation of the portfolio's P&amp;L over the horizon with today's hedges, USD.</summary>
    public decimal RiskBeforeUsd { get; set; }

    /// <summary>The same with the proposed hedges, USD.</summary>
    public decimal RiskAfterUsd { get; set; }

    /// <summary>Expected fees and gas of all member updates, USD.</summary>
    public decimal ExpectedCostUsd { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }

    public required string IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public List<HedgeSuggestion> Members { get; set; } = [];

    /// <summary>Optimistic concurrency token (Postgres xmin): two decisions, one wins.</summary>
    public uint Version { get; set; }
}
