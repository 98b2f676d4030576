namespace HedgeDashboard.Data.Entities;

/// <summary>Latest oracle check of a pair; unhealthy blocks automatic execution.</summary>
public sealed class OracleHealth
{
    public required string Pair { get; set; }

    public bool IsHealthy { get; set; }

    public string? Reason { get; set; }

    public decimal? FeedPrice { get; set; }

    public decimal? PoolTwapPrice { get; set; }

    public DateTimeOffset? FeedUpdatedAt { get; set; }

    public DateTimeOffset CheckedAt { get; set; }
}
