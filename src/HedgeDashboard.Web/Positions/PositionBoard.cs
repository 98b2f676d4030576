using HedgeDashboard.Data;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Web.Live;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Positions;

/// <summary>
/// The positions grid's data, shared by every open page: one query per change for all circuits (not one per
/// circuit), so an open page holds a reference to the snapshot and nothing else. Marked stale by live updates.
/// </summary>
public sealed class PositionBoard : IDisposable
{
    private readonly IDbContextFactory<HedgeDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IDisposable _subscription;
    private volatile Snapshot? _snapshot;
    private volatile bool _stale = true;

    public PositionBoard(IDbContextFactory<HedgeDbContext> dbFactory, DashboardUpdates updates, TimeProvider time)
    {
        _dbFactory = dbFactory;
        _time = time;
        _subscription = updates.Subscribe(u =>
        {
            if (u.AffectsPositions)
            {
                _stale = true;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>All open positions, computed at the latest price of each pair.</summary>
    public sealed record Snapshot(IReadOnlyList<PositionRow> Rows, IReadOnlyDictionary<string, double> Prices, DateTimeOffset LoadedAt)
    {
        /// <summary>The followed chains with their health: an unhealthy chain's positions are stale.</summary>
        public IReadOnlyList<ChainStatus> Chains { get; init; } = [];
    }

    public async Task<Snapshot> GetAsync(CancellationToken ct = default)
    {
        if (!_stale && _snapshot is { } current && _time.GetUtcNow() - current.LoadedAt < TimeSpan.FromSeconds(30))
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (!_stale && _snapshot is { } fresh && _time.GetUtcNow() - fresh.LoadedAt < TimeSpan.FromSeconds(30))
            {
                return fresh;
            }

            // Cleared before the load so a change announced during it marks the new snapshot stale again.
            _stale = false;
            try
            {
                _snapshot = await LoadAsync(ct);
            }
            catch
            {
                _stale = true;
                throw;
            }

            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<PositionRow?> FindAsync(long id, CancellationToken ct = default) =>
        (await GetAsync(ct)).Rows.FirstOrDefault(r => r.Id == id);

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var overviews = await db.PositionOverviewsAsync(cancellationToken: ct);
        var prices = await LatestPricesAsync(db, overviews.Select(o => o.Pair).Distinct().ToList(), ct);
        var pools = await db.PoolLabelsAsync(ct);
        var chains = await db.ChainStatusesAsync(ct);
        var byId = chains.ToDictionary(c => c.Id);
        var now = _time.GetUtcNow();
        var rows = overviews.Select(o =>
        {
            // A pool the chain follower reads is valued at its own price (each chain's pool moves on its own); others at the pair's.
            var pool = pools.GetValueOrDefault(o.PoolId);
            var price = pool?.Price ?? (prices.TryGetValue(o.Pair, out var p) ? p : null);
            var (since, why) = Staleness(pool is null ? null : byId.GetValueOrDefault(pool.ChainId), pool, now);
            return PositionMath.Row(o, price, pool?.QuoteUsd).WithFees(o.Fees).WithBook(pool?.ChainName ?? "", pool?.Name ?? "", since, why);
        }).ToArray();
        return new Snapshot(rows, prices, _time.GetUtcNow()) { Chains = chains };
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

    public void Dispose()
    {
        _subscription.Dispose();
        _gate.Dispose();
    }
}
