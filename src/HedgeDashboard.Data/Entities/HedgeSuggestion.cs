namespace HedgeDashboard.Data.Entities;

/// <summary>A proposed hedge-ratio change for a position; see <see cref="SuggestionStatus"/>.</summary>
public sealed class HedgeSuggestion
{
    public long Id { get; set; }

    public long PositionId { get; set; }

    public LpPosition? Position { get; set; }

    public long? RiskScoreId { get; set; }

    public RiskScore? RiskScore { get; set; }

    public decimal CurrentRatio { get; set; }

    public decimal ProposedRatio { get; set; }

    public string? Reason { get; set; }

    /// <summary>The ratio policy that produced <see cref="ProposedRatio"/>; null for suggestions made before it was recorded.</summary>
    public HedgeRatioPolicy? Policy { get; set; }

    public decimal? ExpectedCostUsd { get; set; }

    public decimal? ExpectedProtectionUsd { get; set; }

    public SuggestionStatus Status { get; set; } = SuggestionStatus.Pending;

    /// <summary>
    /// Why this suggestion can only be advice ("no hedge controller on anvil-2"): it is never approved for execution,
    /// auto-executed or sent by the relayer. Null when it can be executed.
    /// </summary>
    public string? Advisory { get; set; }

    /// <summary>User name, or "policy:auto" when a policy approved it.</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }

    /// <summary>Unique: a stage that retries cannot create the same suggestion twice.</summary>
    public required string IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public long? SupersededById { get; set; }

    /// <summary>Set when this update is part of a portfolio suggestion, which is decided as a whole.</summary>
    public long? PortfolioSuggestionId { get; set; }

    public PortfolioSuggestion? Portfolio { get; set; }

    public HedgeExecution? Execution { get; set; }

    /// <summary>The option this suggestion buys, when its instrument is an option (the ratio then stays as it is).</summary>
    public OptionLeg? OptionLeg { get; set; }

    /// <summary>Optimistic concurrency token (Postgres xmin): two approvals, one wins.</summary>
    public uint Version { get; set; }
}
