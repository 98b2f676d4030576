using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>
/// A migrated database in the project's Postgres for the pages' feature services (one per test class): an ETH/USD pool,
/// and what each test adds itself. Services get a real <see cref="IDbContextFactory{HedgeDbContext}"/> on it.
/// </summary>
public sealed class PagesDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("not initialized");

    public IDbContextFactory<HedgeDbContext> Factory { get; private set; } = null!;

    public long PoolId { get; private set; }

    public HedgeDbContext CreateContext() => HedgeDataServiceCollectionExtensions.CreateContext(ConnectionString);

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("hpages");
        await new DatabaseMigrator(ConnectionString).MigrateAsync();
        Factory = new PooledDbContextFactory<HedgeDbContext>(HedgeDataServiceCollectionExtensions.CreateOptions(ConnectionString));
        await using var db = CreateContext();
        db.Chains.Add(new Chain { Id = 31337, Name = "anvil" });
        var weth = new Token { ChainId = 31337, Address = Addr(1), Symbol = "WETH", Decimals = 18 };
        var usdc = new Token { ChainId = 31337, Address = Addr(2), Symbol = "USDC", Decimals = 6 };
        db.Tokens.AddRange(weth, usdc);
        await db.SaveChangesAsync();
        var pool = new Pool { ChainId = 31337, Address = Addr(3), Token0Id = weth.Id, Token1Id = usdc.Id, FeeTier = 500, TickSpacing = 10, Pair = "ETH/USD" };
        db.Pools.Add(pool);
        await db.SaveChangesAsync();
        PoolId = pool.Id;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public static string Addr(int n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A position in [lower, upper] entered at <paramref name="entry"/> with the given amounts.</summary>
    public async Task<LpPosition> AddPositionAsync(long nft, decimal lower, decimal upper, decimal entry, decimal a0, decimal a1, DateTimeOffset opened, string owner)
    {
        await using var db = CreateContext();
        var p = new LpPosition
        {
            PoolId = PoolId,
            NftTokenId = nft,
            OwnerAddress = owner,
            TickLower = (int)(Math.Log((double)lower) / Math.Log(1.0001)),
            TickUpper = (int)(Math.Log((double)upper) / Math.Log(1.0001)),
            PriceLower = lower,
            PriceUpper = upper,
            Liquidity = new BigInteger(1_000_000),
            EntryAmount0 = a0,
            EntryAmount1 = a1,
            EntryPrice = entry,
            OpenedAt = opened,
            UpdatedAt = opened,
        };
        db.Positions.Add(p);
        await db.SaveChangesAsync();
        return p;
    }
}
