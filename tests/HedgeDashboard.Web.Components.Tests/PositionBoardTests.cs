using System.Threading.Channels;
using HedgeDashboard.Data;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Web.Positions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>
/// The shared positions board and the live updates that invalidate it, with controlled interleavings on a real
/// database: a page reacting to a change must never be handed a snapshot older than that change.
/// </summary>
public sealed class PositionBoardTests(ServiceDatabase database) : IClassFixture<ServiceDatabase>
{
    [Fact]
    public async Task GetAsync_ChangeAnnouncedWhileAnotherPageLoads_WaitsForThatLoadNotTheOldSnapshot()
    {
        var position = await database.AddPositionAsync(401, ratio: 0.5m);
        var updates = new DashboardUpdates(NullLogger<DashboardUpdates>.Instance);
        var factory = new HeldFactory(database.Factory);
        using var board = new PositionBoard(factory, updates, TimeProvider.System);
        Assert.Equal(0.5, Ratio(await board.GetAsync(), position.Id));

        // The indexer stores the new ratio and announces it; every open page refreshes.
        await SetRatioAsync(position.Id, 0.25m);
        updates.Publish(new("positions", 0, "updated"));
        var hold = factory.HoldNextLoad();
        var first = board.GetAsync(); // one page's refresh begins the load
        await hold.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var second = board.GetAsync(); // another page's refresh for the same change, while that load runs
        hold.Release();

        Assert.Equal(0.25, Ratio(await second, position.Id)); // was 0.5: the stale flag was cleared when the load began
        Assert.Same(await first, await second); // one query for both pages
        Assert.Equal(2, factory.Loads);
    }

    [Fact]
    public async Task GetAsync_ChangeAnnouncedDuringALoad_TheNextCallLoadsAgain()
    {
        var position = await database.AddPositionAsync(402, ratio: 0.5m);
        var updates = new DashboardUpdates(NullLogger<DashboardUpdates>.Instance);
        var factory = new HeldFactory(database.Factory);
        using var board = new PositionBoard(factory, updates, TimeProvider.System);

        var hold = factory.HoldNextLoad();
        var loading = board.GetAsync();
        await hold.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        updates.Publish(new("positions", 0, "updated")); // announced after the load began: it may not hold the change
        hold.Release();
        var before = await loading;

        var after = await board.GetAsync();
        Assert.NotSame(before, after);
        Assert.Equal(2, factory.Loads);
        Assert.Same(after, await board.GetAsync()); // nothing announced since: shared, no query
        Assert.Equal(2, factory.Loads);
        Assert.Equal(0.5, Ratio(after, position.Id));
    }

    [Fact]
    public async Task GetAsync_UpdateThatDoesNotAffectPositions_KeepsTheSnapshot()
    {
        var updates = new DashboardUpdates(NullLogger<DashboardUpdates>.Instance);
        var factory = new HeldFactory(database.Factory);
        using var board = new PositionBoard(factory, updates, TimeProvider.System);
        var snapshot = await board.GetAsync();
        updates.Publish(new("oracle", 1, "unhealthy"));
        Assert.Same(snapshot, await board.GetAsync());
        Assert.Equal(1, factory.Loads);
    }

    [Fact]
    public async Task Listener_StartsAndRestartsListening_AnnouncesItSoPagesReloadWhatWasMissed()
    {
        var updates = new DashboardUpdates(NullLogger<DashboardUpdates>.Instance);
        var seen = Channel.CreateUnbounded<DashboardUpdate>();
        using var subscription = updates.Subscribe(u => seen.Writer.WriteAsync(u).AsTask());
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Hedge"] = database.ConnectionString })
            .Build();
        using var listener = new PostgresUpdateListener(config, updates, NullLogger<PostgresUpdateListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            // Pages may have loaded before the first LISTEN (the server starts serving meanwhile).
            Assert.Equal(DashboardUpdate.Listening, await NextAsync(seen.Reader));

            // A lost connection: what was announced until the new LISTEN never arrives, so the new LISTEN is announced.
            await using (var db = database.CreateContext())
            {
                await db.Database.ExecuteSqlRawAsync(
                    $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{PostgresUpdateListener.ApplicationName}' AND datname = current_database()");
            }

            Assert.Equal(DashboardUpdate.Listening, await NextAsync(seen.Reader));
            await using (var db = database.CreateContext())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('hedge_updates', 'execution:7:confirmed')");
            }

            Assert.Equal(new DashboardUpdate("execution", 7, "confirmed"), await NextAsync(seen.Reader));
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private static Task<DashboardUpdate> NextAsync(ChannelReader<DashboardUpdate> reader) =>
        reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    private static double Ratio(PositionBoard.Snapshot snapshot, long positionId) => snapshot.Rows.Single(r => r.Id == positionId).OnChainRatio;

    private async Task SetRatioAsync(long positionId, decimal ratio)
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE lp_positions SET on_chain_hedge_ratio = {ratio} WHERE id = {positionId}");
    }

    /// <summary>A context factory whose next load can be held at its start, to interleave callers deterministically.</summary>
    private sealed class HeldFactory(IDbContextFactory<HedgeDbContext> inner) : IDbContextFactory<HedgeDbContext>
    {
        private Hold? _next;
        private int _loads;

        public int Loads => Volatile.Read(ref _loads);

        public Hold HoldNextLoad() => _next = new Hold();

        public HedgeDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<HedgeDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _loads);
            if (Interlocked.Exchange(ref _next, null) is { } hold)
            {
                await hold.EnterAsync(cancellationToken);
            }

            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }

    private sealed class Hold
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the held load has begun (and waits).</summary>
        public Task Entered => _entered.Task;

        public void Release() => _released.TrySetResult();

        public async Task EnterAsync(CancellationToken ct)
        {
            _entered.TrySetResult();
            await _released.Task.WaitAsync(ct);
        }
    }
}
