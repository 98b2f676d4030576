using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>A migrated database of its own for a test class of feature services, with a pool to put positions in.</summary>
public sealed class ServiceDatabase : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public IDbContextFactory<HedgeDbContext> Factory { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public long PoolId { get; private set; }

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("websvc");
        await new DatabaseMigrator(_database.ConnectionString).MigrateAsync();
        _services = new ServiceCollection().AddLogging().AddHedgeData(_database.ConnectionString).BuildServiceProvider();
        Factory = _services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        await using var db = await Factory.CreateDbContextAsync();
        db.Chains.Add(new Chain { Id = 31337, Name = "anvil" });
        // USD prices as the chain's valuation stores them (positions whose quote token has none are "not priced").
        var weth = new Token { ChainId = 31337, Address = Addr(1), Symbol = "WETH", Decimals = 18, UsdPrice = 3000, UsdSource = "seed" };
        var usdc = new Token { ChainId = 31337, Address = Addr(2), Symbol = "USDC", Decimals = 6, UsdPrice = 1, UsdSource = "seed" };
        db.Tokens.AddRange(weth, usdc);
        await db.SaveChangesAsync();
        var pool = new Pool { ChainId = 31337, Address = Addr(3), Token0Id = weth.Id, Token1Id = usdc.Id, FeeTier = 500, TickSpacing = 10, Pair = "ETH/USD" };
        db.Pools.Add(pool);
        await db.SaveChangesAsync();
        PoolId = pool.Id;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public HedgeDbContext CreateContext() => Factory.CreateDbContext();

    public async Task<LpPosition> AddPositionAsync(
        long nft, decimal lower = 2600, decimal upper = 3400, decimal entry = 3000, decimal a0 = 1, decimal a1 = 3000, decimal ratio = 0.5m,
        DateTimeOffset? opened = null, string? owner = null)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var p = new LpPosition
        {
            PoolId = PoolId,
            NftTokenId = nft,
            OwnerAddress = owner ?? Addr(7),
            TickLower = (int)(Math.Log((double)lower) / Math.Log(1.0001)),
            TickUpper = (int)(Math.Log((double)upper) / Math.Log(1.0001)),
            PriceLower = lower,
            PriceUpper = upper,
            Liquidity = new BigInteger(1_000_000),
            EntryAmount0 = a0,
            EntryAmount1 = a1,
            EntryPrice = entry,
            OnChainHedgeRatio = ratio,
            OpenedAt = opened ?? DateTimeOffset.UtcNow.AddDays(-3),
            UpdatedAt = opened ?? DateTimeOffset.UtcNow.AddDays(-3),
        };
        db.Positions.Add(p);
        await db.SaveChangesAsync();
        return p;
    }

    public async Task<HedgeSuggestion> AddSuggestionAsync(long positionId, decimal current, decimal proposed, DateTimeOffset created)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var s = new HedgeSuggestion
        {
            PositionId = positionId,
            CurrentRatio = current,
            ProposedRatio = proposed,
            ExpectedCostUsd = 12.5m,
            ExpectedProtectionUsd = 140m,
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            CreatedAt = created,
            ExpiresAt = created.AddDays(2),
        };
        db.Suggestions.Add(s);
        await db.SaveChangesAsync();
        return s;
    }

    public static string Addr(int n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
}
