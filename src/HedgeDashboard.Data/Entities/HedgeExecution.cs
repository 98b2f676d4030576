namespace HedgeDashboard.Data.Entities;

/// <summary>The outbox row of an approved suggestion (one per suggestion) and its transaction.</summary>
public sealed class HedgeExecution
{
    public long Id { get; set; }

    public long SuggestionId { get; set; }

    public HedgeSuggestion? Suggestion { get; set; }

    public long PositionId { get; set; }

    public LpPosition? Position { get; set; }

    public long ChainId { get; set; }

    public decimal TargetRatio { get; set; }

    public ExecutionStatus Status { get; set; } = ExecutionStatus.Pending;

    /// <summary>Signing address (lower-case); set when the relayer takes the row.</summary>
    public string? FromAddress { get; set; }

    public long? Nonce { get; set; }

    /// <summary>Raw signed transaction, stored before broadcast.</summary>
    public byte[]? SignedRaw { get; set; }

    /// <summary>Hash of the current (latest) signed transaction.</summary>
    public string? TxHash { get; set; }

    public int Attempts { get; set; }

    public decimal? MaxFeePerGas { get; set; }

    public decimal? MaxPriorityFeePerGas { get; set; }

    public long? BlockNumber { get; set; }

    public string? BlockHash { get; set; }

    public long? GasUsed { get; set; }

    public decimal? EffectiveGasPrice { get; set; }

    public string? Error { get; set; }

    /// <summary>Row lease for FOR UPDATE SKIP LOCKED workers.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public DateTimeOffset? BroadcastAt { get; set; }

    public DateTimeOffset? MinedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ExecutionAttempt> AttemptLog { get; set; } = [];

    /// <summary>Optimistic concurrency token (Postgres xmin).</summary>
    public uint Version { get; set; }
}
