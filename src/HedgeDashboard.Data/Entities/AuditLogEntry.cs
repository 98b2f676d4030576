namespace HedgeDashboard.Data.Entities;

/// <summary>Append-only: a database trigger rejects UPDATE, DELETE and TRUNCATE.</summary>
public sealed class AuditLogEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>User name, or "policy:auto", "system:relayer"...</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public string? EntityId { get; set; }

    public string Details { get; set; } = "{}";
}
