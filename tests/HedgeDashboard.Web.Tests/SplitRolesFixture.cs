using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The dashboard split by Hosting:Roles into three processes against a private anvil with the local market (a block
/// every second): the web ("web", no key), the pipeline stages with the relayer ("stages,relayer", operator key only)
/// and the signer ("signer", model-signer key only); a fresh database; Debian's Chromium.
/// </summary>
public sealed class SplitRolesFixture : IAsyncLifetime
{
    private readonly LocalMarketFixture _market = new();
    private TestDatabase? _database;
    private IPlaywright? _playwright;

    public LocalMarketFixture Market => _market;

    public DashboardProcess Web { get; private set; } = null!;

    public DashboardProcess Relayer { get; private set; } = null!;

    public DashboardProcess Signer { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        try
        {
            _database = await TestPostgres.CreateDatabaseAsync("websplit");
            await _market.InitializeAsync();
            await _market.Node.RpcAsync("evm_setIntervalMining", 1);
            Dictionary<string, string?> Settings(string roles) => new()
            {
                ["ConnectionStrings__Hedge"] = _database.ConnectionString,
                ["Chain__RpcUrl"] = _market.Node.RpcUrl.ToString(),
                ["Chain__DeploymentFile"] = _market.DeploymentFile,
                ["Hosting__Roles"] = roles,
                ["Workers__Scoring__Enabled"] = "false",
                ["Workers__Suggestions__Enabled"] = "false",
                ["Workers__Indexer__IntervalMilliseconds"] = "500",
                ["Relayer__KeysSource"] = "Dev",
                ["Relayer__PollIntervalMilliseconds"] = "250",
            };

            // One after the other: the first migrates the database and seeds the demo users.
            Web = await DashboardProcess.StartAsync(Settings("web"));
            Relayer = await DashboardProcess.StartAsync(Settings("stages,relayer"));
            Signer = await DashboardProcess.StartAsync(Settings("signer"));
            for (var i = 0; i < 3; i++)
            {
                var onChainId = (long)LocalMarketFixture.Big(_market.Position(i).GetProperty("positionId"));
                await EventuallyAsync(
                    async () =>
                    {
                        await using var db = Db();
                        return await db.Positions.AnyAsync(p => p.ProtectedPositionId == onChainId) ? true : (bool?)null;
                    },
                    $"the ingestion to sync on-chain position {onChainId}",
                    TimeSpan.FromSeconds(90));
            }

            _playwright = await Playwright.CreateAsync();
            Browser = await DashboardFixture.LaunchChromiumAsync(_playwright);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(ConnectionString);

    /// <summary>The database id of demo position <paramref name="index"/> (on-chain id from the deployment).</summary>
    public async Task<(long PositionId, long OnChainId)> PositionAsync(int index)
    {
        var onChainId = (long)LocalMarketFixture.Big(_market.Position(index).GetProperty("positionId"));
        await using var db = Db();
        return (await db.Positions.Where(p => p.ProtectedPositionId == onChainId).Select(p => p.Id).SingleAsync(), onChainId);
    }

    /// <summary>A pending suggestion for a position, from its on-chain 50 % to <paramref name="ratio"/>.</summary>
    public async Task<long> SeedSuggestionAsync(long positionId, decimal ratio)
    {
        await using var db = Db();
        var now = DateTimeOffset.UtcNow;
        var suggestion = new HedgeSuggestion
        {
            PositionId = positionId,
            RiskScore = new RiskScore
            {
                PositionId = positionId,
                ScoredAt = now,
                Score = 0.7,
                ForecastVolatility = 0.6,
                HorizonHours = 24,
                ExpectedIl = -0.01,
                ProbIlBeyondThreshold = 0.4,
                IlThreshold = 0.02,
                RecommendedRatio = ratio,
                Features = "{}",
            },
            CurrentRatio = 0.5m,
            ProposedRatio = ratio,
            Reason = "split-roles test",
            ExpectedCostUsd = 5m,
            ExpectedProtectionUsd = 50m,
            IdempotencyKey = $"split-{Guid.NewGuid():N}",
            CreatedAt = now,
            ExpiresAt = now.AddHours(6),
        };
        db.Suggestions.Add(suggestion);
        await db.SaveChangesAsync();
        return suggestion.Id;
    }

    /// <summary>The execution of a suggestion once it is confirmed.</summary>
    public Task<HedgeExecution> ConfirmedAsync(long suggestionId) => EventuallyAsync(
        async () =>
        {
            await using var db = Db();
            return await db.Executions.AsNoTracking().SingleOrDefaultAsync(e => e.SuggestionId == suggestionId && e.Status == ExecutionStatus.Confirmed);
        },
        $"the execution of suggestion {suggestionId} to be confirmed",
        TimeSpan.FromSeconds(120));

    /// <summary>Polls until <paramref name="probe"/> returns a value; fails naming <paramref name="what"/> with the three logs.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan timeout)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (sw.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.\nweb:\n{ChainDashboardFixture.Tail(Web?.Output, 20)}\nrelayer:\n{ChainDashboardFixture.Tail(Relayer?.Output, 40)}\nsigner:\n{ChainDashboardFixture.Tail(Signer?.Output, 20)}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Browser = null!;
        }

        _playwright?.Dispose();
        _playwright = null;
        foreach (var p in new[] { Signer, Relayer, Web })
        {
            if (p is not null)
            {
                await p.DisposeAsync();
            }
        }

        await _market.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }
}

/// <summary>Alone: three app processes on two shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SplitRolesCollection : ICollectionFixture<SplitRolesFixture>
{
    public const string Name = "dashboard split by roles";
}
