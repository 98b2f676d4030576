using System.Numerics;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Queries;

/// <summary>A change of the on-chain hedge ratio (from a confirmed or mined execution).</summary>
/// <param name="At">Time the new ratio took effect (mined time).</param>
/// <param name="TriggeredAt">Time of the risk score that triggered it, for the response-time metric.</param>
public sealed record RatioChange(DateTimeOffset At, decimal Ratio, long ExecutionId, DateTimeOffset? TriggeredAt, long? GasUsed, decimal? EffectiveGasPriceWei);

/// <summary>A charge of the hedge venue (trade fee or funding), in quote units (token1 of the pair, USD for ETH/USD).</summary>
public sealed record VenueCost(DateTimeOffset At, VenueChargeKind Kind, decimal Amount, long? ExecutionId);

/// <summary>
/// LP fees of a position in the pair's terms, like the entry amounts: <see cref="Amount0"/> of the base
/// (ETH of ETH/USD), <see cref="Amount1"/> of the quote, each raw amount / 10^decimals exactly, and as of when
/// (the time of the reading, or of the latest collect).
/// </summary>
public sealed record LpFees(decimal Amount0, decimal Amount1, DateTimeOffset ObservedAt)
{
    /// <summary>Both amounts valued in the quote at <paramref name="price"/> (quote per base).</summary>
    public decimal ValueAt(decimal price) => (Amount0 * price) + Amount1;

    /// <summary>
    /// The pool's raw token0/token1 amounts in the pair's terms; null when never observed. The pool's token0 is the
    /// pair's base unless its symbol names the pair's quote (USDC or DAI for USD, WETH for ETH): token order is by address, not by role.
    /// </summary>
    public static LpFees? From(
        BigInteger? raw0, BigInteger? raw1, DateTimeOffset? observedAt, string pair, string symbol0, int decimals0, int decimals1)
    {
        if (raw0 is not { } a0 || raw1 is not { } a1 || observedAt is not { } at)
        {
            return null;
        }

        var token0IsQuote = Markets.PairNames.IsQuote(symbol0, pair);
        var (v0, v1) = (Scale(a0, decimals0), Scale(a1, decimals1));
        return token0IsQuote ? new LpFees(v1, v0, at) : new LpFees(v0, v1, at);
    }

    private static decimal Scale(BigInteger value, int decimals)
    {
        var d = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(value, d, out var rem);
        return (decimal)whole + ((decimal)rem / (decimal)d);
    }
}

/// <summary>
/// A position's LP fees earned in the pair's terms: <see cref="Collected"/> (fees its collects paid out, principal
/// taken out; null before the first collect) plus <see cref="Owed"/> (the uncollected fees of the latest reading;
/// null when never read, or read before the latest collect).
/// </summary>
public sealed record LpFeesEarned(LpFees Total, LpFees? Collected, LpFees? Owed);

/// <summary>Everything the protection metrics of one position are computed from.</summary>
/// <param name="Position">The position (range, liquidity, entry amounts and price).</param>
/// <param name="Pair">The pool's pair.</param>
/// <param name="Prices">The pair's price series over the position's life (hourly or coarser, see maxPoints).</param>
/// <param name="RatioChanges">Hedge-ratio changes in time order.</param>
/// <param name="From">Start of the window (position opened).</param>
/// <param name="To">End of the window (closed, or now).</param>
/// <param name="VenueCosts">The venue's trade fees and funding charged to the position's hedge, in time order (reorged-out logs excluded).</param>
/// <param name="FeesEarned">The position's LP fees earned, collected + uncollected; null when neither is known yet.</param>
public sealed record ProtectionInputs(
    LpPosition Position, string Pair, IReadOnlyList<PriceBucket> Prices, IReadOnlyList<RatioChange> RatioChanges, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyList<VenueCost> VenueCosts, LpFees? FeesEarned)
{
    /// <summary>Total gas cost of the hedge updates, in wei.</summary>
    public decimal GasCostWei => RatioChanges.Sum(c => (c.GasUsed ?? 0) * (c.EffectiveGasPriceWei ?? 0));

    /// <summary>Total trading fees of the venue, in quote units.</summary>
    public decimal VenueFees => VenueCosts.Where(c => c.Kind == VenueChargeKind.TradeFee).Sum(c => c.Amount);

    /// <summary>Total funding paid to the venue, in quote units.</summary>
    public decimal Funding => VenueCosts.Where(c => c.Kind == VenueChargeKind.Funding).Sum(c => c.Amount);
}

/// <summary>Inputs of the protection metrics (the definitions live in HedgeDashboard.Quant).</summary>
public static class ProtectionQueries
{
    /// <summary>
    /// The position, its pair's prices from <paramref name="source"/> over its life (at most
    /// <paramref name="maxPoints"/> buckets), its effective hedge-ratio changes with gas and trigger times, the venue's
    /// fees and funding, and its LP fees earned (collected + uncollected). Null when the position does not exist.
    /// </summary>
    public static async Task<ProtectionInputs?> ProtectionInputsAsync(
        this HedgeDbContext db, long positionId, string source, DateTimeOffset now, int maxPoints = 2000, CancellationToken cancellationToken = default)
    {
        var position = await db.Positions.AsNoTracking().Include(p => p.Pool).SingleOrDefaultAsync(p => p.Id == positionId, cancellationToken);
        if (position is null)
        {
            return null;
        }

        // Buckets follow the span of the data, not of the position's life: a position opened long before its pair's
        // first price would otherwise put minutes of prices into one bucket.
        var to = position.ClosedAt ?? now;
        var pair = position.Pool!.Pair;
        var observed = db.PriceObservations.AsNoTracking().Where(p => p.Pair == pair && p.Source == source && p.ObservedAt >= position.OpenedAt && p.ObservedAt < to);
        var first = await observed.OrderBy(p => p.ObservedAt).Select(p => (DateTimeOffset?)p.ObservedAt).FirstOrDefaultAsync(cancellationToken);
        var last = await observed.OrderByDescending(p => p.ObservedAt).Select(p => (DateTimeOffset?)p.ObservedAt).FirstOrDefaultAsync(cancellationToken);
        var prices = first is { } f && last is { } l
            ? await db.PriceSeriesAsync(pair, source, f, l.AddTicks(10), maxPoints, cancellationToken) // to is exclusive; Postgres keeps microseconds
            : [];
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
        var costs = await db.VenueCosts(positionId)
            .OrderBy(c => c.BlockTime).ThenBy(c => c.BlockNumber).ThenBy(c => c.LogIndex)
            .Select(c => new VenueCost(c.BlockTime, c.Kind, c.Amount, c.ExecutionId))
            .ToListAsync(cancellationToken);
        var fees = await db.FeesEarnedAsync(position, cancellationToken);
        return new ProtectionInputs(position, position.Pool.Pair, prices, changes, position.OpenedAt, to, costs, fees?.Total);
    }

    /// <summary>The venue's live (not reorged-out) charges of a position.</summary>
    public static IQueryable<VenueCharge> VenueCosts(this HedgeDbContext db, long positionId) =>
        db.VenueCharges.AsNoTracking().Where(c => c.PositionId == positionId && !c.Removed);

    /// <summary>
    /// A position's LP fees earned in the pair's terms: the fee part of its indexed collects plus its uncollected fees
    /// as last read (see <see cref="CollectedFees"/>); null when it has neither a reading nor a collect.
    /// </summary>
    public static async Task<LpFeesEarned?> FeesEarnedAsync(this HedgeDbContext db, LpPosition position, CancellationToken cancellationToken = default)
    {
        var events = await db.LpPositionEvents.AsNoTracking()
            .Where(e => e.PositionId == position.Id && !e.Removed)
            .OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex)
            .Select(e => new LiquidityEvent(e.Kind, e.BlockNumber, e.BlockTime, e.Amount0, e.Amount1))
            .ToListAsync(cancellationToken);
        var raw = CollectedFees.Split(events, position.FeesOwed0, position.FeesOwed1, position.FeesObservedBlock);
        if (raw.LastCollectAt is null && raw.Owed0 is null)
        {
            return null;
        }

        var t = await db.Pools.AsNoTracking().Where(p => p.Id == position.PoolId)
            .Select(p => new { p.Pair, Symbol0 = p.Token0!.Symbol, D0 = p.Token0.Decimals, D1 = p.Token1!.Decimals })
            .SingleAsync(cancellationToken);
        LpFees? Pair(BigInteger? a0, BigInteger? a1, DateTimeOffset? at) => LpFees.From(a0, a1, at, t.Pair, t.Symbol0, t.D0, t.D1);
        var owed = raw.Owed0 is null ? null : Pair(raw.Owed0, raw.Owed1, position.FeesObservedAt);
        var collected = raw.LastCollectAt is null ? null : Pair(raw.Collected0, raw.Collected1, raw.LastCollectAt);
        var asOf = new[] { collected?.ObservedAt, owed?.ObservedAt }.Max();
        var total = Pair(raw.Collected0 + (raw.Owed0 ?? 0), raw.Collected1 + (raw.Owed1 ?? 0), asOf)!;
        return new LpFeesEarned(total, collected, owed);
    }
}
