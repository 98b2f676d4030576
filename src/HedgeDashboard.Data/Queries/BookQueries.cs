using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Queries;

/// <summary>A followed chain's health: while unhealthy, its positions are stale (since <see cref="UnhealthySince"/>).</summary>
public sealed record ChainStatus(long Id, string Name, bool IsHealthy, DateTimeOffset? UnhealthySince, string? Reason, long? HeadBlock, DateTimeOffset? CheckedAt);

/// <summary>What the positions list shows of a pool: its chain, pair, fee tier and token symbols.</summary>
public sealed record PoolLabel(long PoolId, long ChainId, string ChainName, string Address, int FeeTier, string Pair, string Symbol0, string Symbol1);

/// <summary>Queries over the chains and pools of the followed books.</summary>
public static class BookQueries
{
    public static Task<List<ChainStatus>> ChainStatusesAsync(this HedgeDbContext db, CancellationToken ct = default) =>
        db.Chains.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new ChainStatus(c.Id, c.Name, c.IsHealthy, c.UnhealthySince, c.HealthReason, c.HeadBlock, c.CheckedAt))
            .ToListAsync(ct);

    public static Task<Dictionary<long, PoolLabel>> PoolLabelsAsync(this HedgeDbContext db, CancellationToken ct = default) =>
        db.Pools.AsNoTracking()
            .Select(p => new PoolLabel(p.Id, p.ChainId, p.Chain!.Name, p.Address, p.FeeTier, p.Pair, p.Token0!.Symbol, p.Token1!.Symbol))
            .ToDictionaryAsync(p => p.PoolId, ct);

    /// <summary>Open positions whose chain is unhealthy: their figures are as of the chain's last answer.</summary>
    public static Task<List<long>> StalePositionIdsAsync(this HedgeDbContext db, CancellationToken ct = default) =>
        db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open && !p.Pool!.Chain!.IsHealthy)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
}
