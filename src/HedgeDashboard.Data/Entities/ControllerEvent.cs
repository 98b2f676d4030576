namespace HedgeDashboard.Data.Entities;

/// <summary>A log of our HedgeController, indexed idempotently by (block hash, tx hash, log index).</summary>
public sealed class ControllerEvent
{
    public long Id { get; set; }

    public long ChainId { get; set; }

    public required string ContractAddress { get; set; }

    public long BlockNumber { get; set; }

    public required string BlockHash { get; set; }

    public DateTimeOffset BlockTime { get; set; }

    public required string TxHash { get; set; }

    public int LogIndex { get; set; }

    public required string EventName { get; set; }

    /// <summary>The controller's protected-position id from the event, when it has one.</summary>
    public long? ProtectedPositionId { get; set; }

    /// <summary>Our position row, when resolved.</summary>
    public long? PositionId { get; set; }

    public LpPosition? Position { get; set; }

    /// <summary>Decoded event arguments as JSON (jsonb).</summary>
    public string Args { get; set; } = "{}";

    /// <summary>True when a reorg removed the log.</summary>
    public bool Removed { get; set; }

    public DateTimeOffset IndexedAt { get; set; }
}
