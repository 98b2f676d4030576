using System.Diagnostics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The start-up the browser fixtures on a real chain share: a fresh database, a private anvil with the local market
/// (<see cref="LocalMarketFixture"/>: Uniswap v3, feed, venue, HedgeController, three protected demo positions) then
/// mining a block every second like a real chain, the app processes a subclass starts with <see cref="StartAppAsync"/>
/// (scoring and suggestion stages off, so seeded suggestions are the only ones), and Debian's Chromium.
/// </summary>
public abstract class MarketDashboardFixture(string databaseName) : IAsyncLifetime
{
    private readonly List<(string Name, DashboardProcess Process, int LogLines)> _apps = [];
    private TestDatabase? _database;
    private IPlaywright? _playwright;

    public LocalMarketFixture Market { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        try
        {
            _database = await TestPostgres.CreateDatabaseAsync(databaseName);
            await Market.InitializeAsync();

            // Deployed with automine (fast); from here on a block every second, so confirmations accrue as on a real chain.
            await Market.Node.RpcAsync("evm_setIntervalMining", 1);
            await StartAppsAsync();
            _playwright = await Playwright.CreateAsync();
            Browser = await DashboardFixture.LaunchChromiumAsync(_playwright);
            Directory.CreateDirectory(DashboardFixture.ScreenshotDir);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the app processes (<see cref="StartAppAsync"/>) and seeds what the tests need.</summary>
    protected abstract Task StartAppsAsync();

    /// <summary>An app process with <paramref name="roles"/> on this chain and database; its log's last <paramref name="logLines"/> lines go into timeouts.</summary>
    protected async Task<DashboardProcess> StartAppAsync(string name, string roles, int logLines = 60)
    {
        var app = await DashboardProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Hedge"] = ConnectionString,
            ["Chain__RpcUrl"] = Market.Node.RpcUrl.ToString(),
            ["Chain__DeploymentFile"] = Market.DeploymentFile,
            ["Hosting__Roles"] = roles,
            ["Workers__Scoring__Enabled"] = "false",
            ["Workers__Suggestions__Enabled"] = "false",
            ["Workers__Indexer__IntervalMilliseconds"] = "500",
            ["Relayer__KeysSource"] = "Dev",
            ["Relayer__PollIntervalMilliseconds"] = "250",
        });
        _apps.Add((name, app, logLines));
        return app;
    }

    public HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(ConnectionString);

    /// <summary>The HedgeController's id of demo position <paramref name="index"/> (from the deployment).</summary>
    public long OnChainId(int index) => (long)LocalMarketFixture.Big(Market.Position(index).GetProperty("positionId"));

    /// <summary>The database id of demo position <paramref name="index"/>, once the ingestion has synced it from the chain.</summary>
    public Task<long> SyncedPositionIdAsync(int index)
    {
        var onChainId = OnChainId(index);
        return EventuallyAsync(
            async () =>
            {
                await using var db = Db();
                return await db.Positions.Where(p => p.ProtectedPositionId == onChainId).Select(p => (long?)p.Id).SingleOrDefaultAsync();
            },
            $"the ingestion to sync on-chain position {onChainId}",
            TimeSpan.FromSeconds(90));
    }

    /// <summary>A pending suggestion for a position, from its on-chain ratio to <paramref name="ratio"/>, with its risk score.</summary>
    public async Task<long> SeedSuggestionAsync(long positionId, decimal ratio, string reason)
    {
        await using var db = Db();
        var position = await db.Positions.SingleAsync(p => p.Id == positionId);
        var now = DateTimeOffset.UtcNow;
        var suggestion = new HedgeSuggestion
        {
            PositionId = positionId,
            RiskScore = new RiskScore
            {
                PositionId = positionId,
                ScoredAt = now,
                Score = 0.72,
                ForecastVolatility = 0.68,
                HorizonHours = 24,
                ExpectedIl = -0.011,
                ProbIlBeyondThreshold = 0.41,
                IlThreshold = 0.02,
                RecommendedRatio = ratio,
                Features = """{"vol_ratio": 1.6, "rv_24h": 0.66, "trend": -0.03}""",
            },
            CurrentRatio = position.OnChainHedgeRatio,
            ProposedRatio = ratio,
            Reason = reason,
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

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails naming <paramref name="what"/> with the apps' logs.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout)
        where T : struct =>
        (await EventuallyAsync(async () => await probe() is { } v ? new Box<T>(v) : null, what, timeout)).Value;

    /// <inheritdoc cref="EventuallyAsync{T}(Func{Task{T?}}, string, TimeSpan)"/>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout)
        where T : class
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
                var logs = string.Concat(_apps.Select(a => $"\n{a.Name}:\n{Tail(a.Process.Output, a.LogLines)}"));
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.{logs}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The last lines of an app's output, for failure messages.</summary>
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

        // The last started first: the first one migrated the database the others use.
        foreach (var (_, process, _) in Enumerable.Reverse(_apps))
        {
            await process.DisposeAsync();
        }

        _apps.Clear();
        await Market.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }

    private sealed record Box<T>(T Value);
}
