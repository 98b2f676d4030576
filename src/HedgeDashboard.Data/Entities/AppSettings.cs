namespace HedgeDashboard.Data.Entities;

/// <summary>The single row (id 1) of settings an Admin changes at run time.</summary>
public sealed class AppSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>When on, nothing automatic executes.</summary>
    public bool CircuitBreakerOn { get; set; }

    /// <summary>Why the breaker is on, for the others (at most 500 characters).</summary>
    public string? CircuitBreakerReason { get; set; }

    public string? WebhookUrl { get; set; }

    /// <summary>Transaction link with a {hash} placeholder.</summary>
    public string ExplorerTxUrlTemplate { get; set; } = "https://etherscan.io/tx/{hash}";

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>Optimistic concurrency token (Postgres xmin).</summary>
    public uint Version { get; set; }
}
