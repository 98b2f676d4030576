using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Portfolio;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Tests;

/// <summary>Portfolio suggestions against a real Postgres: proposed from the store, decided as a whole.</summary>
public sealed class PortfolioSuggestionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Decider Approver = new("approver", true);
    private static readonly Decider Viewer = new("viewer", false);
    private readonly ManualTime _time = new(Now);
    private TestDatabase? _database;
    private ServiceProvider? _services;

    private IDbContextFactory<HedgeDbContext> Db => _services!.GetRequiredService<IDbContextFactory<HedgeDbContext>>();

    private PortfolioSuggestionService Portfolio => _services!.GetRequiredService<PortfolioSuggestionService>();

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("hportfolio");
        await new DatabaseMigrator(_database.ConnectionString).MigrateAsync();
        var services = new ServiceCollection().AddLogging().AddHedgeData(_database.ConnectionString);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(Options.Create(new PortfolioOptions()));
        services.AddSingleton<PortfolioPlanner>();
        services.AddSingleton<PortfolioSuggestionService>();
        services.AddSingleton<ApprovalService>();
        _services = services.BuildServiceProvider();
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

    [Fact]
    public async Task Propose_ThenApprove_CreatesOneOrdinaryExecutionPerPosition_AndAMemberCannotBeDecidedAlone()
    {
        var (eth, btc) = await SeedAsync(ExecutionMode.Manual);

        var (id, message) = await Portfolio.ProposeAsync(Approver);

        Assert.True(id is not null, message);
        var view = await Portfolio.LatestAsync();
        Assert.NotNull(view);
        Assert.Equal(SuggestionStatus.Pending, view.Status);
        Assert.Equal([eth, btc], view.Members.Select(m => m.PositionId).Order());
        Assert.All(view.Members, m => Assert.InRange(m.ProposedRatio, 0.01m, 0.25m)); // from 0, at most 0.25 per step
        Assert.True(view.RiskAfterUsd < view.RiskBeforeUsd);

        var alone = await _services!.GetRequiredService<ApprovalService>().ApproveAsync(view.Members[0].SuggestionId, Approver);
        Assert.Equal(DecisionOutcome.Conflict, alone.Outcome);
        Assert.Contains("portfolio suggestion", alone.Message, StringComparison.Ordinal);

        var approved = await Portfolio.ApproveAsync(id.Value, Approver, "together", view.Version);
        Assert.Equal(DecisionOutcome.Decided, approved.Outcome);
        Assert.Equal(2, approved.ExecutionIds.Count);

        await using var db = await Db.CreateDbContextAsync();
        var executions = await db.Executions.Include(e => e.Suggestion).OrderBy(e => e.PositionId).ToListAsync();
        Assert.Equal([eth, btc], executions.Select(e => e.PositionId).Order());
        Assert.All(executions, e =>
        {
            Assert.Equal(ExecutionStatus.Pending, e.Status);
            Assert.Equal(e.Suggestion!.ProposedRatio, e.TargetRatio);
            Assert.Equal(SuggestionStatus.Approved, e.Suggestion.Status);
            Assert.Equal("approver", e.Suggestion.DecidedBy);
        });
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "portfolio_suggestion.approved" && a.Actor == "approver"));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "suggestion.approved"));

        var again = await Portfolio.ApproveAsync(id.Value, Approver);
        Assert.Equal(DecisionOutcome.AlreadyDecided, again.Outcome);
        Assert.Equal(2, await db.Executions.CountAsync());
    }

    [Fact]
    public async Task Viewer_IsRefusedAndAudited_RejectDecidesEveryMember()
    {
        await SeedAsync(ExecutionMode.Manual);
        var (id, _) = await Portfolio.ProposeAsync(Approver);

        var denied = await Portfolio.ApproveAsync(id!.Value, Viewer);
        var rejected = await Portfolio.RejectAsync(id.Value, Approver, "not now");

        Assert.Equal(DecisionOutcome.Forbidden, denied.Outcome);
        Assert.Equal(DecisionOutcome.Decided, rejected.Outcome);
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "portfolio_suggestion.approve.denied" && a.Actor == "viewer"));
        Assert.All(await db.Suggestions.Where(s => s.PortfolioSuggestionId == id).ToListAsync(), s => Assert.Equal(SuggestionStatus.Rejected, s.Status));
        Assert.Equal(0, await db.Executions.CountAsync());
    }

    [Fact]
    public async Task TwoConcurrentApprovals_ExactlyOneDecides()
    {
        await SeedAsync(ExecutionMode.Manual);
        var (id, _) = await Portfolio.ProposeAsync(Approver);

        var results = await Task.WhenAll(Portfolio.ApproveAsync(id!.Value, Approver), Portfolio.ApproveAsync(id.Value, new Decider("admin", true)));

        Assert.Single(results, r => r.Outcome == DecisionOutcome.Decided);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(2, await db.Executions.CountAsync());
    }

    [Fact]
    public async Task AutoMode_WithinLimits_ApprovedByPolicyAsAWhole()
    {
        await SeedAsync(ExecutionMode.Auto);

        var (id, _) = await Portfolio.ProposeAsync(Approver);

        var view = await Portfolio.LatestAsync();
        Assert.Equal(SuggestionStatus.Approved, view!.Status);
        Assert.Equal(Decider.PolicyName, view.DecidedBy);
        Assert.All(view.Members, m => Assert.NotNull(m.ExecutionId));
        Assert.Equal(id, view.Id);
    }

    [Fact]
    public async Task AutoMode_OneMemberOverItsDailyLimit_LeavesTheWholeToAPerson()
    {
        var (_, btc) = await SeedAsync(ExecutionMode.Auto);
        await using (var db = await Db.CreateDbContextAsync())
        {
            var p = await db.Positions.SingleAsync(x => x.Id == btc);
            p.Policy.MaxNotionalPerDayUsd = 1;
            await db.SaveChangesAsync();
        }

        var (id, _) = await Portfolio.ProposeAsync(Approver);

        var view = await Portfolio.LatestAsync();
        Assert.Equal(SuggestionStatus.Pending, view!.Status);
        await using var check = await Db.CreateDbContextAsync();
        var declined = await check.AuditLog.SingleAsync(a => a.Action == "policy.declined" && a.EntityType == "portfolio_suggestion");
        Assert.Contains("daily notional", declined.Details, StringComparison.Ordinal);
        Assert.Equal(0, await check.Executions.CountAsync());
        Assert.Equal(id, view.Id);
    }

    [Fact]
    public async Task Propose_Again_SupersedesThePendingOneAndItsMembers()
    {
        await SeedAsync(ExecutionMode.Manual);
        var (first, _) = await Portfolio.ProposeAsync(Approver);
        var (again, message) = await Portfolio.ProposeAsync(Approver); // a double click: the same proposal
        _time.Now = Now.AddMinutes(1);

        var (second, _) = await Portfolio.ProposeAsync(Approver);

        Assert.Equal(first, again);
        Assert.Contains("already proposes", message, StringComparison.Ordinal);
        Assert.NotEqual(first, second);

        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(SuggestionStatus.Superseded, (await db.PortfolioSuggestions.SingleAsync(p => p.Id == first)).Status);
        Assert.All(await db.Suggestions.Where(s => s.PortfolioSuggestionId == first).ToListAsync(), s => Assert.Equal(SuggestionStatus.Superseded, s.Status));
        Assert.Equal(2, await db.Suggestions.CountAsync(s => s.PortfolioSuggestionId == second && s.Status == SuggestionStatus.Pending));
    }

    [Fact]
    public async Task Stage_ProposesOnItsOwn_OnceWhilePending_AgainAfterExpiry_NotWhileUpdatesAreInFlight()
    {
        await SeedAsync(ExecutionMode.Manual);
        var stage = Stage();

        var first = await stage.RunOnceAsync(Db, Portfolio, default);
        var second = await stage.RunOnceAsync(Db, Portfolio, default);

        Assert.StartsWith("Proposed portfolio suggestion", first, StringComparison.Ordinal);
        Assert.Equal("a portfolio suggestion is pending", second);
        await using (var db = await Db.CreateDbContextAsync())
        {
            var created = await db.AuditLog.SingleAsync(a => a.Action == "portfolio_suggestion.created");
            Assert.Equal(PortfolioStage.Actor, created.Actor);
            Assert.Equal(1, await db.PortfolioSuggestions.CountAsync());
        }

        // Past its time to live: expired by the stage, and the next pass proposes anew.
        _time.Now = Now.AddMinutes(31);
        var third = await stage.RunOnceAsync(Db, Portfolio, default);

        Assert.StartsWith("Proposed portfolio suggestion", third, StringComparison.Ordinal);
        await using (var db = await Db.CreateDbContextAsync())
        {
            Assert.Equal([SuggestionStatus.Expired, SuggestionStatus.Pending], await db.PortfolioSuggestions.OrderBy(p => p.Id).Select(p => p.Status).ToListAsync());
            Assert.Single(await db.AuditLog.Where(a => a.Action == "portfolio_suggestion.expired" && a.Actor == PortfolioStage.Actor).ToListAsync());
        }

        // Approved: while its updates are in flight (on-chain ratios not final), the stage does not propose them again.
        var latest = await Portfolio.LatestAsync();
        Assert.Equal(DecisionOutcome.Decided, (await Portfolio.ApproveAsync(latest!.Id, Approver)).Outcome);
        Assert.Equal("an update is in flight", await stage.RunOnceAsync(Db, Portfolio, default));
        await using (var db = await Db.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.PortfolioSuggestions.CountAsync());
        }
    }

    [Fact]
    public async Task Stage_AutoMode_ProposesAndThePolicyExecutesTheWhole()
    {
        await SeedAsync(ExecutionMode.Auto);

        var outcome = await Stage().RunOnceAsync(Db, Portfolio, default);

        Assert.StartsWith("Proposed portfolio suggestion", outcome, StringComparison.Ordinal);
        var view = await Portfolio.LatestAsync();
        Assert.Equal(SuggestionStatus.Approved, view!.Status);
        Assert.Equal(Decider.PolicyName, view.DecidedBy);
        Assert.All(view.Members, m => Assert.NotNull(m.ExecutionId));
    }

    [Fact]
    public async Task Stage_NoMaterialChange_ProposesNothing()
    {
        await SeedAsync(ExecutionMode.Manual);

        var outcome = await Stage(new PortfolioOptions { MinRatioChange = 0.9 }).RunOnceAsync(Db, Portfolio, default);

        Assert.StartsWith("Nothing to propose: no ratio moves by 0.9", outcome, StringComparison.Ordinal);
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(0, await db.PortfolioSuggestions.CountAsync());
    }

    private PortfolioStage Stage(PortfolioOptions? options = null) => new(
        _services!.GetRequiredService<IServiceScopeFactory>(),
        new StageHealth(),
        _time,
        NullLogger<PortfolioStage>.Instance,
        Options.Create(options ?? new PortfolioOptions()),
        new WorkerDatabase(_database!.ConnectionString));

    [Fact]
    public async Task View_WbtcEthPosition_PricedThroughEthUsdAndCoveredByTheNetExposure()
    {
        var (eth, btc) = await SeedAsync(ExecutionMode.Manual);
        long cross;
        await using (var db = await Db.CreateDbContextAsync())
        {
            var pool = new Pool
            {
                ChainId = 31337, Address = Address(4), Token0 = new Token { ChainId = 31337, Address = Address(104), Symbol = "WBTC", Decimals = 8 },
                Token1 = new Token { ChainId = 31337, Address = Address(105), Symbol = "WETH", Decimals = 18 }, FeeTier = 3000, TickSpacing = 60, Pair = "WBTC/ETH",
            };
            db.Pools.Add(pool);
            await db.SaveChangesAsync();
            var position = db.Positions.Add(new LpPosition
            {
                PoolId = pool.Id, NftTokenId = 3, OwnerAddress = Address(9), TickLower = -1, TickUpper = 1, PriceLower = 16, PriceUpper = 25,
                Liquidity = BigInteger.One, EntryAmount0 = 1, EntryAmount1 = 20, EntryPrice = 20, ProtectedPositionId = 3, OnChainHedgeRatio = 0.5m,
                Policy = new ExecutionPolicy { Mode = ExecutionMode.Manual, MaxRatioChange = 0.25m, MaxNotionalPerDayUsd = 1_000_000m, Cooldown = TimeSpan.Zero },
                OpenedAt = Now.AddDays(-20), UpdatedAt = Now,
            }).Entity;
            var ethUsd = await db.PriceObservations.Where(o => o.Pair == "ETH/USD").ToDictionaryAsync(o => o.ObservedAt, o => o.Price);
            foreach (var o in await db.PriceObservations.Where(o => o.Pair == "BTC/USD").ToListAsync())
            {
                db.PriceObservations.Add(new PriceObservation { Pair = "WBTC/ETH", Source = "pool", ObservedAt = o.ObservedAt, Price = Math.Round(o.Price / ethUsd[o.ObservedAt], 6) });
            }

            await db.SaveChangesAsync();
            cross = position.Id;
        }

        var view = await _services!.GetRequiredService<PortfolioPlanner>().BuildAsync();

        Assert.Empty(view.Excluded);
        var row = Assert.Single(view.Positions, r => r.PositionId == cross);
        await using var check = await Db.CreateDbContextAsync();
        var btcUsd = (double)(await check.PriceObservations.Where(o => o.Pair == "BTC/USD").OrderByDescending(o => o.ObservedAt).FirstAsync()).Price;
        Assert.Equal("BTC", row.Asset);
        Assert.Equal(btcUsd, row.Price, btcUsd * 1e-6); // WBTC/ETH x ETH/USD
        Assert.Equal(row.DeltaTokens * row.Price, row.ExposureUsd, 6);
        var btcAsset = Assert.Single(view.Assets, a => a.Asset == "BTC");
        var ethAsset = Assert.Single(view.Assets, a => a.Asset == "ETH");
        Assert.Equal(2, btcAsset.Positions);
        Assert.Equal(2, ethAsset.Positions); // the ETH/USD position and the quote leg of WBTC/ETH
        Assert.Contains(view.Plan!.Allocations, a => a.PositionId == cross);
        Assert.Equal([eth, btc, cross], view.Positions.Select(r => r.PositionId).Order());
    }

    /// <summary>An ETH/USD and a BTC/USD position, both protected at ratio 0, prices moved since entry, 10 days of correlated hourly prices.</summary>
    private async Task<(long Eth, long Btc)> SeedAsync(ExecutionMode mode)
    {
        await using var db = await Db.CreateDbContextAsync();
        var chain = db.Chains.Add(new HedgeDashboard.Data.Entities.Chain { Id = 31337, Name = "anvil" }).Entity;
        var usdc = new Token { Chain = chain, Address = Address(1), Symbol = "USDC", Decimals = 6 };
        Pool NewPool(string symbol, string pair, int n) => new()
        {
            Chain = chain, Address = Address(n), Token0 = new Token { Chain = chain, Address = Address(n + 100), Symbol = symbol, Decimals = 18 },
            Token1 = usdc, FeeTier = 500, TickSpacing = 10, Pair = pair,
        };
        var ethPool = NewPool("WETH", "ETH/USD", 2);
        var btcPool = NewPool("WBTC", "BTC/USD", 3);
        db.Pools.AddRange(ethPool, btcPool);
        await db.SaveChangesAsync();

        LpPosition Position(Pool pool, long nft, decimal entry, decimal amount0) => new()
        {
            PoolId = pool.Id, NftTokenId = nft, OwnerAddress = Address(9), TickLower = -1, TickUpper = 1,
            PriceLower = entry * 0.8m, PriceUpper = entry * 1.2m, Liquidity = BigInteger.One,
            EntryAmount0 = amount0, EntryAmount1 = amount0 * entry, EntryPrice = entry, ProtectedPositionId = nft,
            Policy = new ExecutionPolicy { Mode = mode, MaxRatioChange = 0.25m, MaxNotionalPerDayUsd = 1_000_000m, Cooldown = TimeSpan.Zero },
            OpenedAt = Now.AddDays(-20), UpdatedAt = Now,
        };
        var eth = db.Positions.Add(Position(ethPool, 1, 3000m, 100m)).Entity;
        var btc = db.Positions.Add(Position(btcPool, 2, 60_000m, 5m)).Entity;

        // Hourly prices: a common factor plus noise, ending 8 % (ETH) and 6 % (BTC) below entry.
        var random = new Random(19);
        double e = 3000, b = 60_000;
        for (var h = 240; h >= 0; h--)
        {
            var common = (random.NextDouble() - 0.5) * 0.01;
            e *= Math.Exp(common + ((random.NextDouble() - 0.5) * 0.004) - (0.08 / 240));
            b *= Math.Exp((0.8 * common) + ((random.NextDouble() - 0.5) * 0.004) - (0.06 / 240));
            var at = Now.AddHours(-h);
            db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = "chainlink", ObservedAt = at, Price = Math.Round((decimal)e, 2) });
            db.PriceObservations.Add(new PriceObservation { Pair = "BTC/USD", Source = "chainlink", ObservedAt = at, Price = Math.Round((decimal)b, 2) });
        }

        db.OracleHealth.Add(new OracleHealth { Pair = "ETH/USD", IsHealthy = true, CheckedAt = Now });
        db.OracleHealth.Add(new OracleHealth { Pair = "BTC/USD", IsHealthy = true, CheckedAt = Now });
        await db.SaveChangesAsync();
        return (eth.Id, btc.Id);
    }

    private static string Address(long n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
