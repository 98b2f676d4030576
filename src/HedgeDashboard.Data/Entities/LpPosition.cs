using System.Numerics;

namespace HedgeDashboard.Data.Entities;

/// <summary>
/// An LP position the dashboard tracks and protects: a Uniswap v3 NFT, or a wallet's Uniswap v2 liquidity tokens of one
/// pair (<see cref="Kind"/>; full range, no NFT).
/// </summary>
public sealed class LpPosition
{
    public long Id { get; set; }

    public long PoolId { get; set; }

    public Pool? Pool { get; set; }

    public long? WalletId { get; set; }

    public TrackedWallet? Wallet { get; set; }

    public PositionKind Kind { get; set; } = PositionKind.V3;

    /// <summary>NonfungiblePositionManager token id; 0 for a v2 position (one per pair and owner).</summary>
    public long NftTokenId { get; set; }

    public required string OwnerAddress { get; set; }

    public int TickLower { get; set; }

    public int TickUpper { get; set; }

    /// <summary>Human price (token1 per token0) at the lower tick, &gt; 0; null for v2 (full range: 0).</summary>
    public decimal? PriceLower { get; set; }

    /// <summary>Human price at the upper tick; null for v2 (full range: unbounded).</summary>
    public decimal? PriceUpper { get; set; }

    /// <summary>Raw uint128 liquidity (v3), or the raw balance of the pair's liquidity token (v2).</summary>
    public BigInteger Liquidity { get; set; }

    public decimal EntryAmount0 { get; set; }

    public decimal EntryAmount1 { get; set; }

    public decimal EntryPrice { get; set; }

    /// <summary>
    /// Where the entry (price, amounts, opened-at) came from: the chain's deposit history ("deposits ...") or the first
    /// sight of the position ("first seen ...", with why the history did not say); null while a book position's history
    /// has not been read yet.
    /// </summary>
    public string? EntrySource { get; set; }

    public PositionStatus Status { get; set; } = PositionStatus.Open;

    /// <summary>Id in our HedgeController contract, once registered.</summary>
    public long? ProtectedPositionId { get; set; }

    /// <summary>Hedge ratio last seen on chain, in [0, 1].</summary>
    public decimal OnChainHedgeRatio { get; set; }

    /// <summary>
    /// Uncollected fees in raw token0 units: what NonfungiblePositionManager.collect(tokenId, owner, max, max) would pay
    /// the owner at <see cref="FeesObservedBlock"/> (includes tokens owed from liquidity removed but not yet collected).
    /// Null until first observed.
    /// </summary>
    public BigInteger? FeesOwed0 { get; set; }

    /// <summary>Uncollected fees in raw token1 units (see <see cref="FeesOwed0"/>).</summary>
    public BigInteger? FeesOwed1 { get; set; }

    /// <summary>When the fees were last read from the chain.</summary>
    public DateTimeOffset? FeesObservedAt { get; set; }

    /// <summary>The block the fees were read at.</summary>
    public long? FeesObservedBlock { get; set; }

    public ExecutionPolicy Policy { get; set; } = new();

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (Postgres xmin).</summary>
    public uint Version { get; set; }

    /// <summary>The range in price terms: v2 and any range without bounds is full range (0, +infinity).</summary>
    public static (double Lower, double Upper) Range(decimal? lower, decimal? upper) =>
        (lower is { } l ? (double)l : 0, upper is { } u ? (double)u : double.PositiveInfinity);
}
