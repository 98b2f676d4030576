namespace HedgeDashboard.Data.Entities;

/// <summary>A Uniswap v3 pool or v2 pair (<see cref="Kind"/>). <see cref="Pair"/> names the price series it maps to (e.g. ETH/USD).</summary>
public sealed class Pool
{
    public long Id { get; set; }

    public long ChainId { get; set; }

    public Chain? Chain { get; set; }

    public required string Address { get; set; }

    public PositionKind Kind { get; set; } = PositionKind.V3;

    public long Token0Id { get; set; }

    public Token? Token0 { get; set; }

    public long Token1Id { get; set; }

    public Token? Token1 { get; set; }

    /// <summary>Fee in hundredths of a basis point (500 = 0.05%).</summary>
    public int FeeTier { get; set; }

    /// <summary>v3 tick spacing; 0 for a v2 pair (no ticks).</summary>
    public int TickSpacing { get; set; }

    /// <summary>Price pair in token1 per token0 terms, as in price observations (e.g. "ETH/USD").</summary>
    public required string Pair { get; set; }

    /// <summary>slot0.sqrtPriceX96 at <see cref="StateBlock"/> (positions are valued exactly from it); null until read.</summary>
    public System.Numerics.BigInteger? SqrtPriceX96 { get; set; }

    /// <summary>slot0.tick at <see cref="StateBlock"/>: which side of a range a position is on, as the pool decides it.</summary>
    public int? StateTick { get; set; }

    public long? StateBlock { get; set; }

    public DateTimeOffset? StateAt { get; set; }

    /// <summary>v2 getReserves().reserve0 at <see cref="StateBlock"/> (raw units); null for v3.</summary>
    public System.Numerics.BigInteger? Reserve0 { get; set; }

    public System.Numerics.BigInteger? Reserve1 { get; set; }

    /// <summary>v2 totalSupply() of the pair's liquidity token at <see cref="StateBlock"/>; null for v3.</summary>
    public System.Numerics.BigInteger? TotalSupply { get; set; }
}
