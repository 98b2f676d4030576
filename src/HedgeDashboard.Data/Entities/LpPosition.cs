using System.Numerics;

namespace HedgeDashboard.Data.Entities;

/// <summary>A Uniswap v3 LP position (one NFT) that the dashboard tracks and protects.</summary>
public sealed class LpPosition
{
    public long Id { get; set; }

    public long PoolId { get; set; }

    public Pool? Pool { get; set; }

    public long? WalletId { get; set; }

    public TrackedWallet? Wallet { get; set; }

    /// <summary>NonfungiblePositionManager token id.</summary>
    public long NftTokenId { get; set; }

    public required string OwnerAddress { get; set; }

    public int TickLower { get; set; }

    public int TickUpper { get; set; }

    /// <summary>Human price (token1 per token0) at the lower tick, &gt; 0.</summary>
    public decimal PriceLower { get; set; }

    public decimal PriceUpper { get; set; }

    /// <summary>Raw uint128 liquidity.</summary>
    public BigInteger Liquidity { get; set; }

    public decimal EntryAmount0 { get; set; }

    public decimal EntryAmount1 { get; set; }

    public decimal EntryPrice { get; set; }

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
}
