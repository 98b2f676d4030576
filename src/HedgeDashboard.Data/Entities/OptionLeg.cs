namespace HedgeDashboard.Data.Entities;

/// <summary>
/// An option bought (or proposed) for a position through the OptionHedgeController: its terms, premium, status and
/// settlement. The suggestion proposes it, approval links the execution row whose transaction buys it, the indexer
/// records the on-chain option id and premium (OptionBought) and the payout (OptionLegSettled).
/// Prices and amounts in quote units (USD), notional in base-asset units (ETH), exact from the chain's integers.
/// </summary>
public sealed class OptionLeg
{
    public long Id { get; set; }

    public long PositionId { get; set; }

    public LpPosition? Position { get; set; }

    public long ChainId { get; set; }

    /// <summary>The suggestion that proposed it (one leg per suggestion).</summary>
    public long SuggestionId { get; set; }

    public HedgeSuggestion? Suggestion { get; set; }

    /// <summary>The outbox row that sends the order, once approved.</summary>
    public long? ExecutionId { get; set; }

    public HedgeExecution? Execution { get; set; }

    public OptionKind Kind { get; set; }

    public OptionLegStatus Status { get; set; } = OptionLegStatus.Proposed;

    public decimal Strike { get; set; }

    public DateTimeOffset Expiry { get; set; }

    /// <summary>Base-asset units (ETH), &gt; 0.</summary>
    public decimal Notional { get; set; }

    /// <summary>The most the order may pay (signed as maxPremium).</summary>
    public decimal MaxPremium { get; set; }

    /// <summary>The option controller's order nonce the signed order carries.</summary>
    public long? OrderNonce { get; set; }

    /// <summary>
    /// The buyOption calldata (the signed order and its signature), stored before any transaction is built, so that the
    /// relayer sends exactly what was signed after a crash.
    /// </summary>
    public byte[]? OrderCalldata { get; set; }

    /// <summary>The venue's option id (OptionBought).</summary>
    public long? OnChainOptionId { get; set; }

    public decimal? PremiumPaid { get; set; }

    public string? BoughtTxHash { get; set; }

    public DateTimeOffset? BoughtAt { get; set; }

    public decimal? SettlementPrice { get; set; }

    public decimal? SettlementPayout { get; set; }

    public string? SettledTxHash { get; set; }

    /// <summary>Block of the OptionBought log (number and hash), so a reorg that removes it puts the leg back.</summary>
    public long? BoughtBlockNumber { get; set; }

    public string? BoughtBlockHash { get; set; }

    /// <summary>Block of the OptionLegSettled log, as for the purchase.</summary>
    public long? SettledBlockNumber { get; set; }

    public string? SettledBlockHash { get; set; }

    /// <summary>
    /// The keeper's settle transaction: the outbox row that sends settle(OnChainOptionId, SettleRoundId). At most one per
    /// leg, never re-created: a settle that fails (e.g. someone else settled first) stays recorded as failed.
    /// </summary>
    public long? SettleExecutionId { get; set; }

    public HedgeExecution? SettleExecution { get; set; }

    /// <summary>The feed round settled at: the first round stamped at or after expiry.</summary>
    public long? SettleRoundId { get; set; }

    public DateTimeOffset? SettledAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
