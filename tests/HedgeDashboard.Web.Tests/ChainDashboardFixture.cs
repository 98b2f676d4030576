using System.Diagnostics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The dashboard with its pipeline against a real chain: a private anvil with the local market deployed
/// (<see cref="LocalMarketFixture"/>: Uniswap v3, feed, venue, HedgeController, three protected demo positions),
/// then mining a block every second like a real chain; a fresh database; the real app as a child process with the
/// web and workers roles (ingestion, indexer and the relayer with anvil's dev keys; scoring and suggestion stages off,
/// so the seeded suggestion is the only one and nothing supersedes it); Debian's Chromium.
/// </summary>
public sealed class ChainDashboardFixture : IAsyncLifetime
{
    /// <summary>The explorer pattern configured for chain 31337; the page links transaction hashes through it.</summary>
    public const string ExplorerTemplate = "https://explorer.hedge.test/chain/31337/tx/{hash}";

    /// <summary>The suggested ratio: within the demo caps (steps of at most 25 % from the registered 50 %).</summary>
    public const decimal ProposedRatio = 0.7m;

    private readonly LocalMarketFixture _market = new();
    private TestDatabase? _database;
    private IPlaywright? _playwright;

    public LocalMarketFixture Market => _market;

    public DashboardProcess App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>The HedgeController's id of the position the suggestion is for (demo position 0).</summary>
    public long OnChainPositionId { get; private set; }

    /// <summary>The database row of that position, as the ingestion synced it from the chain.</summary>
    public long PositionId { get; private set; }

    /// <summary>The pending suggestion seeded for it (on-chain ratio 50 % to <see cref="ProposedRatio"/>).</summary>
    public long SuggestionId { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("webchain");
        await _market.InitializeAsync();

        // Deployed with automine (fast); from here on a block every second, so confirmations accrue as on a real chain.
        await _market.Node.RpcAsync("evm_setIntervalMining", 1);
        OnChainPositionId = (long)LocalMarketFixture.Big(_market.Position(0).GetProperty("positionId"));

        App = await DashboardProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Hedge"] = _database.ConnectionString,
            ["Chain__RpcUrl"] = _market.Node.RpcUrl.ToString(),
            ["Chain__DeploymentFile"] = _market.DeploymentFile,
            ["Hosting__Roles"] = "web,workers",
            ["Workers__Scoring__Enabled"] = "false",
            ["Workers__Suggestions__Enabled"] = "false",
            ["Workers__Indexer__IntervalMilliseconds"] = "500",
            ["Relayer__KeysSource"] = "Dev",
            ["Relayer__PollIntervalMilliseconds"] = "250",
        });

        // The ingestion syncs the protected positions from the chain; then a person's inbox gets one suggestion.
        PositionId = await EventuallyAsync(
            async () =>
            {
                await using var db = Db();
                return await db.Positions.Where(p => p.ProtectedPositionId == OnChainPositionId).Select(p => (long?)p.Id).SingleOrDefaultAsync();
            },
            $"the ingestion to sync on-chain position {OnChainPositionId}",
            TimeSpan.FromSeconds(90));
        SuggestionId = await SeedSuggestionAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await DashboardFixture.LaunchChromiumAsync(_playwright);
        Directory.CreateDirectory(DashboardFixture.ScreenshotDir);
    }

    public HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(ConnectionString);

    private async Task<long> SeedSuggestionAsync()
    {
        await using var db = Db();
        var chain = await db.Chains.SingleAsync(c => c.Id == 31337);
        chain.ExplorerTxUrlTemplate = ExplorerTemplate;
        var position = await db.Positions.SingleAsync(p => p.Id == PositionId);
        var now = DateTimeOffset.UtcNow;
        var score = new RiskScore
        {
            PositionId = PositionId,
            ScoredAt = now,
            Score = 0.72,
            ForecastVolatility = 0.68,
            HorizonHours = 24,
            ExpectedIl = -0.011,
            ProbIlBeyondThreshold = 0.41,
            IlThreshold = 0.02,
            RecommendedRatio = ProposedRatio,
            Features = """{"vol_ratio": 1.6, "rv_24h": 0.66, "trend": -0.03}""",
        };
        var suggestion = new HedgeSuggestion
        {
            PositionId = PositionId,
            RiskScore = score,
            CurrentRatio = position.OnChainHedgeRatio,
            ProposedRatio = ProposedRatio,
            Reason = "Forecast volatility rose; the recommended ratio drifted past the threshold.",
            ExpectedCostUsd = 9.5m,
            ExpectedProtectionUsd = 120m,
            IdempotencyKey = $"e2e-{Guid.NewGuid():N}",
            CreatedAt = now,
            ExpiresAt = now.AddHours(6),
        };
        db.Suggestions.Add(suggestion);
        await db.SaveChangesAsync();
        return suggestion.Id;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails naming <paramref name="what"/> (with the app's log) after <paramref name="timeout"/>.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout)
        where T : struct
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (sw.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. App log (tail):\n{Tail(App?.Output)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The last lines of the app's output, for failure messages.</summary>
    public static string Tail(string? output, int lines = 60) =>
        output is null ? "(app not started)" : string.Join('\n', output.Split('\n').TakeLast(lines));

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Browser = null!;
        }

        _playwright?.Dispose();
        _playwright = null;
        if (App is not null)
        {
            await App.DisposeAsync();
            App = null!;
        }

        await _market.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }
}

/// <summary>Runs alone (not beside the other browser tests): its app runs the whole pipeline on two shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChainDashboardCollection : ICollectionFixture<ChainDashboardFixture>
{
    public const string Name = "dashboard on chain";
}
