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

    /// <summary>
    /// The EIP-712 RatioUpdate signature (65 bytes r || s || v) over (position, TargetRatio, UpdateTargetHedgeSize,
    /// UpdatePositionNonce, UpdateDeadline), stored before any transaction is built: by the signer role (the model
    /// signer) or, for an approval signed in the browser, by the LP's wallet. Null until signed; the relayer then
    /// sends exactly these fields.
    /// </summary>
    public byte[]? UpdateSignature { get; set; }

    /// <summary>Who signed the update (lower-case address): the model signer or the position's owner/operator.</summary>
    public string? UpdateSigner { get; set; }

    /// <summary>The signed targetHedgeSize (base-asset wei).</summary>
    public decimal? UpdateTargetHedgeSize { get; set; }

    /// <summary>The signed position nonce (the controller's nonceOf at signing).</summary>
    public long? UpdatePositionNonce { get; set; }

    /// <summary>The signed deadline (unix seconds, inclusive).</summary>
    public long? UpdateDeadline { get; set; }

    /// <summary>Signing address (lower-case); set when the relayer takes the row.</summary>
    public string? FromAddress { get; set; }

    public long? Nonce { get; set; }

    /// <summary>
    /// The batch this update was sent in: the id of the batch's first member (its lead, which holds the nonce),
    /// when several updates share one <c>updateRatios</c> transaction; null when the update went alone
    /// (<c>updateRatio</c>). Every member stores the same nonce, raw bytes, hash and attempts.
    /// </summary>
    public long? BatchId { get; set; }

    /// <summary>Raw signed transaction, stored before broadcast.</summary>
    public byte[]? SignedRaw { get; set; }

    /// <summary>Hash of the current (latest) signed transaction.</summary>
    public string? TxHash { get; set; }

    public int Attempts { get; set; }

    public decimal? MaxFeePerGas { get; set; }

    public decimal? MaxPriorityFeePerGas { get; set; }

    public long? BlockNumber { get; set; }

    public string? BlockHash { get; set; }

    /// <summary>Gas of its transaction; a batch member holds its share (the batch's gas split evenly, the rest on the lead).</summary>
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
