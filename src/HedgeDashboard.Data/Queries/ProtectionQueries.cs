using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Queries;

/// <summary>A change of the on-chain hedge ratio (from a confirmed or mined execution).</summary>
/// <param name="At">Time the new ratio took effect (mined time).</param>
/// <param name="TriggeredAt">Time of the risk score that triggered it, for the response-time metric.</param>
public sealed record RatioChange(DateTimeOffset At, decimal Ratio, long ExecutionId, DateTimeOffset? TriggeredAt, long? GasUsed, decimal? EffectiveGasPriceWei);

/// <summary>Everything the protection metrics of one position are computed from.</summary>
/// <param name="Position">The position (range, liquidity, entry amounts and price).</param>
/// <param name="Pair">The pool's pair.</param>
/// <param name="Prices">The pair's price series over the position's life (hourly or coarser, see maxPoints).</param>
/// <param name="RatioChanges">Hedge-ratio changes in time order.</param>
/// <param name="From">Start of the window (position opened).</param>
/// <param name="To">End of the window (closed, or now).</param>
public sealed record ProtectionInputs(LpPosition Position, string Pair, IReadOnlyList<PriceBucket> Prices, IReadOnlyList<RatioChange> RatioChanges, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Total gas cost of the hedge updates, in wei.</summary>
    public decimal GasCostWei => RatioChanges.Sum(c => (c.GasUsed ?? 0) * (c.EffectiveGasPriceWei ?? 0));
}

/// <summary>Inputs of the protection metrics (the definitions live in HedgeDashboard.Quant).</summary>
public static class ProtectionQueries
{
    /// <summary>
    /// The position, its pair's prices from <paramref name="source"/> over its life (at most
    /// <paramref name="maxPoints"/> buckets), and its effective hedge-ratio changes with costs and trigger times.
    /// Null when the position does not exist.
    /// </summary>
    public static async Task<ProtectionInputs?> ProtectionInputsAsync(
        this HedgeDbContext db, long positionId, string source, DateTimeOffset now, int maxPoints = 2000, CancellationToken cancellationToken = default)
    {
        var position = await db.Positions.AsNoTracking().Include(p => p.Pool).SingleOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        if (position is null)
        {
            return null;
        }

        var to = position.ClosedAt ?? now;
        var prices = await db.PriceSeriesAsync(position.Pool!.Pair, source, position.OpenedAt, to, maxPoints, cancellationToken);
        var changes = await db.Executions.AsNoTracking()
            .Where(e => e.PositionId == positionId && (e.Status == ExecutionStatus.Mined || e.Status == ExecutionStatus.Confirmed) && e.MinedAt != null)
            .OrderBy(e => e.MinedAt)
            .Select(e => new RatioChange(
                e.MinedAt!.Value,
                e.TargetRatio,
                e.Id,
                e.Suggestion!.RiskScore != null ? e.Suggestion.RiskScore.ScoredAt : e.Suggestion.CreatedAt,
                e.GasUsed,
                e.EffectiveGasPrice))
            .ToListAsync(cancellationToken);
        return new ProtectionInputs(position, position.Pool.Pair, prices, changes, position.OpenedAt, to);
    }
}
