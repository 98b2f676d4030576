using HedgeDashboard.Data;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Web.Live;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Positions;

/// <summary>
/// The positions grid's data, shared by every open page: one query per change for all circuits (not one per
/// circuit), so an open page holds a reference to the snapshot and nothing else. A snapshot is current while no change
/// was announced after its load began (<see cref="DashboardUpdates.PositionsVersion"/>) and for at most 30 s.
/// </summary>
public sealed class PositionBoard(IDbContextFactory<HedgeDbContext> dbFactory, DashboardUpdates updates, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>All open positions, computed at the latest price of each pair.</summary>
    public sealed record Snapshot(IReadOnlyList<PositionRow> Rows, IReadOnlyDictionary<string, double> Prices, DateTimeOffset LoadedAt)
    {
        /// <summary>The followed chains with their health: an unhealthy chain's positions are stale.</summary>
        public IReadOnlyList<ChainStatus> Chains { get; init; } = [];

        /// <summary>The announced changes the snapshot holds: <see cref="DashboardUpdates.PositionsVersion"/> when its load began.</summary>
        public long Version { get; init; }
    }

    /// <summary>
    /// A snapshot that holds every change announced before this call. A page reacting to an announcement never gets
    /// the snapshot of a load that began before it, not even while that load is still running for another page (a
    /// stale-flag cleared at the start of such a load let other circuits read the old snapshot as current, and their
    /// rows stayed old until the next change).
    /// </summary>
    public async Task<Snapshot> GetAsync(CancellationToken ct = default)
    {
        if (Current() is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            // The load that ran while this caller waited began after its announcement: one query serves every waiting circuit.
            if (Current() is { } fresh)
            {
                return fresh;
            }

            // Read before the load: a change announced while it runs makes its snapshot out of date at once.
            var snapshot = await LoadAsync(updates.PositionsVersion, ct);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Snapshot? Current() =>
        _snapshot is { } s && s.Version == updates.PositionsVersion && time.GetUtcNow() - s.LoadedAt < MaxAge ? s : null;

    public async Task<PositionRow?> FindAsync(long id, CancellationToken ct = default) =>
        (await GetAsync(ct)).Rows.FirstOrDefault(r => r.Id == id);

    private async Task<Snapshot> LoadAsync(long version, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var overviews = await db.PositionOverviewsAsync(cancellationToken: ct);
        var prices = await LatestPricesAsync(db, overviews.Select(o => o.Pair).Distinct().ToList(), ct);
        var pools = await db.PoolLabelsAsync(ct);
        var chains = await db.ChainStatusesAsync(ct);
        var byId = chains.ToDictionary(c => c.Id);
        var now = time.GetUtcNow();
        var rows = overviews.Select(o =>
        {
            // A pool the chain follower reads is valued at its own price (each chain's pool moves on its own); others at the pair's.
            var pool = pools.GetValueOrDefault(o.PoolId);
            var price = pool?.Price ?? (prices.TryGetValue(o.Pair, out var p) ? p : null);
            var (since, why) = Staleness(pool is null ? null : byId.GetValueOrDefault(pool.ChainId), pool, now);
            return PositionMath.Row(o, price, pool?.QuoteUsd).WithFees(o.Fees).WithBook(pool?.ChainName ?? "", pool?.Name ?? "", since, why);
        }).ToArray();
        return new Snapshot(rows, prices, time.GetUtcNow()) { Chains = chains, Version = version };
    }

    /// <summary>Why a pool's positions are stale and since when: the chain silent, its sequencer gate, or a token's USD price failing a check.</summary>
    private static (DateTimeOffset? Since, string? Why) Staleness(ChainStatus? chain, PoolLabel? pool, DateTimeOffset now)
    {
        if (chain is { IsHealthy: false })
        {
            var since = chain.UnhealthySince ?? chain.CheckedAt ?? DateTimeOffset.MinValue;
            return (since, $"no answer from this chain since {since.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
        }

        if (chain?.PausedReason is { } paused)
        {
            return (chain.PausedSince ?? now, paused);
        }

        return pool?.UsdStaleReason is { } stale ? (now, stale) : (null, null);
    }

    /// <summary>The latest observed price of each pair (any source), one indexed lookup per pair.</summary>
    public static async Task<Dictionary<string, double>> LatestPricesAsync(HedgeDbContext db, IReadOnlyList<string> pairs, CancellationToken ct)
    {
        var prices = new Dictionary<string, double>();
        foreach (var pair in pairs)
        {
            var latest = await db.PriceObservations.AsNoTracking()
                .Where(p => p.Pair == pair)
                .OrderByDescending(p => p.ObservedAt)
                .Select(p => (decimal?)p.Price)
                .FirstOrDefaultAsync(ct);
            if (latest is { } v)
            {
                prices[pair] = (double)v;
            }
        }

        return prices;
    }

    public void Dispose() => _gate.Dispose();
}
