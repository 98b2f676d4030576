using System.Numerics;
using HedgeDashboard.Data.Entities;

namespace HedgeDashboard.Data.Tests;

/// <summary>Small builders of valid rows for tests.</summary>
internal static class Seed
{
    public const string Owner = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static long _unique = 1;

    /// <summary>A chain, two tokens and an ETH/USD pool; returns the pool (saved).</summary>
    public static async Task<Pool> PoolAsync(HedgeDbContext db, long chainId = 31337)
    {
        var chain = await db.Chains.FindAsync(chainId) ?? db.Chains.Add(new Chain { Id = chainId, Name = $"chain-{chainId}" }).Entity;
        var n = Interlocked.Increment(ref _unique);
        var weth = new Token { Chain = chain, Address = Address(n * 3), Symbol = "WETH", Decimals = 18 };
        var usdc = new Token { Chain = chain, Address = Address((n * 3) + 1), Symbol = "USDC", Decimals = 6 };
        var pool = new Pool { Chain = chain, Address = Address((n * 3) + 2), Token0 = weth, Token1 = usdc, FeeTier = 500, TickSpacing = 10, Pair = "ETH/USD" };
        db.Pools.Add(pool);
        await db.SaveChangesAsync();
        return pool;
    }

    public static LpPosition Position(Pool pool, long nft) => new()
    {
        PoolId = pool.Id,
        NftTokenId = nft,
        OwnerAddress = Owner,
        TickLower = -200_000,
        TickUpper = -190_000,
        PriceLower = 2700m,
        PriceUpper = 3300m,
        Liquidity = BigInteger.Parse("340282366920938463463374607431768211455", System.Globalization.CultureInfo.InvariantCulture),
        EntryAmount0 = 10m,
        EntryAmount1 = 30_000m,
        EntryPrice = 3000m,
        OpenedAt = T0,
        UpdatedAt = T0,
    };

    public static RiskScore Score(long positionId, DateTimeOffset at, double score = 0.5, decimal ratio = 0.4m) => new()
    {
        PositionId = positionId,
        ScoredAt = at,
        Score = score,
        ForecastVolatility = 0.8,
        HorizonHours = 24,
        ExpectedIl = -0.02,
        ProbIlBeyondThreshold = 0.3,
        IlThreshold = 0.05,
        RecommendedRatio = ratio,
        Features = """{"vol_24h": 0.7}""",
    };

    public static HedgeSuggestion Suggestion(long positionId, DateTimeOffset at, string? key = null) => new()
    {
        PositionId = positionId,
        CurrentRatio = 0m,
        ProposedRatio = 0.4m,
        Reason = "forecast volatility up",
        IdempotencyKey = key ?? $"s-{positionId}-{at.ToUnixTimeSeconds()}-{Interlocked.Increment(ref _unique)}",
        CreatedAt = at,
        ExpiresAt = at.AddHours(1),
    };

    public static string Address(long n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(long n) => "0x" + n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
