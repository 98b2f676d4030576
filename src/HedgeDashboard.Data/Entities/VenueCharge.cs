namespace HedgeDashboard.Data.Entities;

/// <summary>
/// A trading fee or a funding charge of the hedge venue, indexed from its logs idempotently by (block hash, tx hash,
/// log index). Amounts are in quote units (USD for the ETH/USD feed), exact: raw / 10^(feed decimals).
/// </summary>
public sealed class VenueCharge
{
    public long Id { get; set; }

    public long ChainId { get; set; }

    public required string VenueAddress { get; set; }

    public long BlockNumber { get; set; }

    public required string BlockHash { get; set; }

    public DateTimeOffset BlockTime { get; set; }

    public required string TxHash { get; set; }

    public int LogIndex { get; set; }

    public VenueChargeKind Kind { get; set; }

    /// <summary>The controller's position id from the event.</summary>
    public long ProtectedPositionId { get; set; }

    /// <summary>Our position row, when resolved.</summary>
    public long? PositionId { get; set; }

    public LpPosition? Position { get; set; }

    /// <summary>Our execution whose transaction paid it, when it was one of ours.</summary>
    public long? ExecutionId { get; set; }

    public HedgeExecution? Execution { get; set; }

    /// <summary>The amount charged, in quote units, &gt;= 0.</summary>
    public decimal Amount { get; set; }

    /// <summary>Trade fee: the notional traded; funding: the open notional charged on. Quote units, &gt;= 0.</summary>
    public decimal Notional { get; set; }

    /// <summary>Funding only: seconds since the previous charge.</summary>
    public long? ElapsedSeconds { get; set; }

    /// <summary>True when a reorg removed the log.</summary>
    public bool Removed { get; set; }

    public DateTimeOffset IndexedAt { get; set; }
}
