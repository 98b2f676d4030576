using System.Numerics;

namespace HedgeDashboard.Data.Entities;

/// <summary>
/// A DecreaseLiquidity or Collect log of the NonfungiblePositionManager for a tracked position's NFT, indexed
/// idempotently by (block hash, tx hash, log index). Amounts are raw token units as the event states them: principal
/// released (DecreaseLiquidity) or tokens paid out (Collect, principal and fees together). The fee part of the
/// collects is derived from the sequence (see <see cref="Queries.CollectedFees"/>), so a reorg that removes a log
/// re-derives it instead of leaving a stored split wrong.
/// </summary>
public sealed class LpPositionEvent
{
    public long Id { get; set; }

    public long ChainId { get; set; }

    /// <summary>The NonfungiblePositionManager that emitted the log.</summary>
    public required string ContractAddress { get; set; }

    public long BlockNumber { get; set; }

    public required string BlockHash { get; set; }

    public DateTimeOffset BlockTime { get; set; }

    public required string TxHash { get; set; }

    public int LogIndex { get; set; }

    public LpPositionEventKind Kind { get; set; }

    /// <summary>The NFT's token id from the event.</summary>
    public long NftTokenId { get; set; }

    public long PositionId { get; set; }

    public LpPosition? Position { get; set; }

    /// <summary>DecreaseLiquidity only: the liquidity removed (raw uint128).</summary>
    public BigInteger? Liquidity { get; set; }

    /// <summary>Raw token0 amount, &gt;= 0.</summary>
    public BigInteger Amount0 { get; set; }

    /// <summary>Raw token1 amount, &gt;= 0.</summary>
    public BigInteger Amount1 { get; set; }

    /// <summary>Collect only: who was paid.</summary>
    public string? Recipient { get; set; }

    /// <summary>True when a reorg removed the log.</summary>
    public bool Removed { get; set; }

    public DateTimeOffset IndexedAt { get; set; }
}
