using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Scoring;
using HedgeDashboard.Workers.Suggestions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// Positions whatever their pool, on Postgres: a Uniswap v2 position and a v3 position in a BTC/ETH pool, both on a
/// chain without a HedgeController, are scored and get suggestions marked advisory, which the auto-execute policy
/// never approves, a person cannot approve and the database refuses to mark approved (so no execution row, nothing for
/// the relayer).
/// </summary>
public sealed class AdvisorySuggestionTests : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    private IDbContextFactory<HedgeDbContext> Db => _services!.GetRequiredService<IDbContextFactory<HedgeDbContext>>();

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("wk_advisory");
        await new DatabaseMigrator(_database.ConnectionString).MigrateAsync();
        var services = new ServiceCollection().AddLogging().AddHedgeData(_database.ConnectionString);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new StageHealth());
        services.AddSingleton(new PipelineSignals());
        services.AddSingleton(new WorkerDatabase(_database.ConnectionString));
        services.AddSingleton(Options.Create(new ScoringOptions()));
        services.AddSingleton(Options.Create(new SuggestionOptions { AutoExecute = true }));
        services.AddSingleton(Options.Create(new ChainDeploymentOptions()));
        services.AddSingleton<IAlertSink, NoAlerts>();
        services.AddSingleton<ApprovalService>();

        // No option policy on these positions, so the stage never reads the chain: a node nobody listens on and a
        // deployment without an option controller prove it.
        services.AddSingleton(new EthereumRpc(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = new Uri("http://127.0.0.1:9"), MaxRetries = 0 })));
        var a = Address.Zero;
        services.AddSingleton(new ChainDeployment
        {
            ChainId = 31338, Weth = a, Usdc = a, PositionManager = a, SwapRouter = a, Pool = a, Token0 = a, Token1 = a, Fee = 3000, TickSpacing = 60,
            PriceFeed = a, FeedDecimals = 8, MaxFeedAgeSeconds = 3600, HedgeController = a, HedgeVenue = a, ModelSigner = a, Operator = a, Admin = a,
        });
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task PositionsOnAChainWithoutHedgeController_V2AndV3_ScoredAndSuggestedAsAdvisory_NeverApprovedOrExecuted()
    {
        var (v2, v3) = await SeedAsync();
        var scoring = ActivatorUtilities.CreateInstance<ScoringStage>(_services!);
        var suggestions = ActivatorUtilities.CreateInstance<SuggestionStage>(_services!);

        Assert.True(await scoring.ScoreAsync(Db, default) >= 2);
        await suggestions.DecideAsync(Db, default); // suggest, then the auto-execute policy (both positions are in auto mode)
        await suggestions.DecideAsync(Db, default);

        await using var db = await Db.CreateDbContextAsync();
        var scored = await db.RiskScores.AsNoTracking().Where(r => r.PositionId == v2 || r.PositionId == v3).Select(r => r.PositionId).Distinct().ToListAsync();
        Assert.Equal([v2, v3], scored.Order());
        var made = await db.Suggestions.AsNoTracking().Where(s => s.PositionId == v2 || s.PositionId == v3).OrderBy(s => s.PositionId).ToListAsync();
        Assert.Equal([v2, v3], made.Select(s => s.PositionId));
        Assert.All(made, s => Assert.Equal("no hedge controller on beta", s.Advisory));
        Assert.All(made, s => Assert.Equal(SuggestionStatus.Pending, s.Status)); // auto mode, yet never auto-approved
        Assert.Empty(await db.Executions.ToListAsync());

        var approvals = _services!.GetRequiredService<ApprovalService>();
        var result = await approvals.ApproveAsync(made[0].Id, new Decider("approver", true));
        Assert.Equal(DecisionOutcome.Conflict, result.Outcome);
        Assert.Contains("advisory (no hedge controller on beta)", result.Message, StringComparison.Ordinal);
        Assert.Empty(await db.Executions.ToListAsync());

        // Even a writer that skips the service cannot: the database keeps advisory suggestions out of execution.
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE hedge_suggestions SET status = 'approved', decided_by = 'x', decided_at = now() WHERE id = {made[0].Id}"));
        Assert.Equal("ck_hedge_suggestions_advisory_not_executed", (ex.GetBaseException() as PostgresException)?.ConstraintName);

        // Dismissing stays possible.
        var reject = await approvals.RejectAsync(made[1].Id, new Decider("approver", true));
        Assert.Equal(DecisionOutcome.Decided, reject.Outcome);
    }

    private async Task<(long V2, long V3)> SeedAsync()
    {
        await using var db = await Db.CreateDbContextAsync();
        db.Chains.Add(new Data.Entities.Chain { Id = 31338, Name = "beta", HasHedgeController = false });
        var weth = new Token { ChainId = 31338, Address = "0x" + new string('1', 40), Symbol = "WETH", Decimals = 18 };
        var usdc = new Token { ChainId = 31338, Address = "0x" + new string('2', 40), Symbol = "USDC", Decimals = 6 };
        var wbtc = new Token { ChainId = 31338, Address = "0x" + new string('3', 40), Symbol = "WBTC", Decimals = 8 };
        db.Tokens.AddRange(weth, usdc, wbtc);
        await db.SaveChangesAsync();
        // The v2 pair at 2,000 USD per ETH (5 WETH + 10,000 USDC); the position entered at 3,000: deep in loss.
        var pair = new Pool
        {
            ChainId = 31338, Address = "0x" + new string('4', 40), Kind = PositionKind.V2, Token0Id = weth.Id, Token1Id = usdc.Id, FeeTier = 3000, TickSpacing = 0, Pair = "ETH/USD",
            Reserve0 = System.Numerics.BigInteger.Parse("5000000000000000000"), Reserve1 = 10_000_000_000, TotalSupply = System.Numerics.BigInteger.Parse("7071067811865"), StateBlock = 10,
        };
        var btcPool = new Pool { ChainId = 31338, Address = "0x" + new string('5', 40), Token0Id = wbtc.Id, Token1Id = weth.Id, FeeTier = 3000, TickSpacing = 60, Pair = "BTC/ETH" };
        db.Pools.AddRange(pair, btcPool);
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        var policy = new ExecutionPolicy { Mode = ExecutionMode.Auto, RatioPolicy = HedgeRatioPolicy.Seed, SuggestionThreshold = 0.01m, MaxRatioChange = 1, MaxNotionalPerDayUsd = 1_000_000, Cooldown = TimeSpan.Zero };
        var v2 = new LpPosition
        {
            PoolId = pair.Id, Kind = PositionKind.V2, NftTokenId = 0, OwnerAddress = "0x" + new string('7', 40), TickLower = -887272, TickUpper = 887272,
            Liquidity = System.Numerics.BigInteger.Parse("7071067811865"), EntryPrice = 3000, EntryAmount0 = 5, EntryAmount1 = 15_000, Policy = policy, OpenedAt = now, UpdatedAt = now,
        };
        var v3 = new LpPosition
        {
            PoolId = btcPool.Id, NftTokenId = 301, OwnerAddress = "0x" + new string('7', 40), TickLower = 259020, TickUpper = 261420, PriceLower = 17.7m, PriceUpper = 22.6m,
            Liquidity = 1_000_000_000_000, EntryPrice = 20, EntryAmount0 = 1, EntryAmount1 = 20,
            Policy = new ExecutionPolicy { Mode = ExecutionMode.Auto, RatioPolicy = HedgeRatioPolicy.Seed, SuggestionThreshold = 0.01m, MaxRatioChange = 1, MaxNotionalPerDayUsd = 1_000_000, Cooldown = TimeSpan.Zero },
            OpenedAt = now, UpdatedAt = now,
        };
        db.Positions.AddRange(v2, v3);
        // Feed prices: ETH swinging 10 % an hour down to 2,000; BTC/ETH swinging to 17 (out of the v3 range).
        for (var i = 0; i < 48; i++)
        {
            var at = now.AddHours(i - 48);
            db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = ScoringStage.FeedSource, ObservedAt = at, Price = i == 47 ? 2000 : 2000 + (i % 2 == 0 ? 300 : -200) });
            db.PriceObservations.Add(new PriceObservation { Pair = "BTC/ETH", Source = ScoringStage.FeedSource, ObservedAt = at, Price = i == 47 ? 17 : 20 + (i % 2 == 0 ? 2 : -2) });
        }

        await db.SaveChangesAsync();
        return (v2.Id, v3.Id);
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

    private sealed class NoAlerts : IAlertSink
    {
        public void Publish(Alert alert)
        {
        }
    }
}
