using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Web.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Positions;

/// <summary>Everything the position page shows, read in one short-lived context.</summary>
public sealed record PositionDetailView(
    LpPosition Position,
    PositionRow? Row,
    string BaseSymbol,
    string QuoteSymbol,
    PositionFigures Figures,
    LpFeesEarned? Fees,
    double? FeesUsd,
    decimal VenueFees,
    int Trades,
    decimal Funding,
    double GasEth,
    double? GasUsd,
    string? PriceSource,
    IReadOnlyList<PriceBucket> Prices,
    IReadOnlyList<(DateTimeOffset At, double Score, double Volatility)> Scores,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<OptionLegRow> OptionLegs);

/// <summary>One row of the position's hedge timeline, in words.</summary>
public sealed record TimelineEntry(DateTimeOffset At, HedgeHistoryKind Kind, string Title, string Text, string? TxHash = null, string? Link = null);

/// <summary>The position page's reads (IDbContextFactory; one context per load).</summary>
public sealed class PositionDetailService(IDbContextFactory<HedgeDbContext> dbFactory, PositionBoard board, TimeProvider time)
{
    /// <summary>Most points a price chart gets: the bucket width follows the span the data covers, up to 30 days.</summary>
    public const int MaxPricePoints = 500;

    public async Task<PositionDetailView?> LoadAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var position = await db.Positions.AsNoTracking().Include(p => p.Pool!).ThenInclude(p => p.Token0).Include(p => p.Pool!).ThenInclude(p => p.Token1)
            .SingleOrDefaultAsync(p => p.Id == id, ct);
        if (position is null)
        {
            return null;
        }

        var row = await board.FindAsync(id, ct);
        var (baseSymbol, quoteSymbol) = Symbols(position.Pool!);

        // Fees earned (collected, and uncollected as last read from the chain) and what the hedge cost: venue fees and funding, gas of our updates.
        var fees = await db.FeesEarnedAsync(position, ct);
        var feesUsd = fees is not null && row?.Price is > 0 and var price && row.QuoteUsd is { } usd ? (double)(fees.Total.ValueAt((decimal)price) * usd) : (double?)null;
        var charges = await db.VenueCosts(id).GroupBy(c => c.Kind).Select(g => new { Kind = g.Key, Sum = g.Sum(c => c.Amount), Count = g.Count() }).ToListAsync(ct);
        var gasWei = await db.Executions.AsNoTracking()
            .Where(e => e.PositionId == id && e.GasUsed != null && e.EffectiveGasPrice != null)
            .SumAsync(e => (decimal)e.GasUsed!.Value * e.EffectiveGasPrice!.Value, ct);
        var gasEth = (double)(gasWei / 1e18m);

        var (source, prices) = await PricesAsync(db, position.Pool!.Pair, ct);
        var scores = await db.RiskScores.AsNoTracking().Where(r => r.PositionId == id)
            .OrderByDescending(r => r.ScoredAt).Take(500).Select(r => new { r.ScoredAt, r.Score, r.ForecastVolatility }).ToListAsync(ct);
        scores.Reverse();

        var links = await ExplorerLinks.LoadAsync(db, ct);
        var history = await db.HedgeHistoryAsync(id, ct);
        var timeline = history
            .Select(h => new TimelineEntry(h.At, h.Kind, Timeline.Title(h.Kind), Timeline.Text(h, baseSymbol), h.TxHash, links.For(position.Pool.ChainId, h.TxHash)))
            .OrderByDescending(t => t.At)
            .ToList();

        var legs = await db.OptionLegs.AsNoTracking().Where(l => l.PositionId == id && l.Status != OptionLegStatus.Rejected)
            .OrderByDescending(l => l.Expiry).Take(50).ToListAsync(ct);
        var now = time.GetUtcNow();
        var volatility = scores.Count > 0 ? scores[^1].ForecastVolatility : (double?)null;
        var optionLegs = legs.Select(l => OptionLegRow.Of(l, row?.Price, volatility, now)).ToList();

        return new PositionDetailView(
            position, row, baseSymbol, quoteSymbol, PositionFigures.Of(position, row, feesUsd, time.GetUtcNow()), fees, feesUsd,
            charges.Where(c => c.Kind == VenueChargeKind.TradeFee).Sum(c => c.Sum),
            charges.Where(c => c.Kind == VenueChargeKind.TradeFee).Sum(c => c.Count),
            charges.Where(c => c.Kind == VenueChargeKind.Funding).Sum(c => c.Sum),
            gasEth, row?.Price is { } px ? gasEth * px : null,
            source, prices, [.. scores.Select(s => (s.ScoredAt, s.Score, s.ForecastVolatility))], timeline, optionLegs);
    }

    /// <summary>
    /// The pair's series (preferred source) over at most the last 30 days, bucketed over the span the data covers:
    /// 74 prices over 8 minutes are 74 points, not one bucket of 30 days / 500.
    /// </summary>
    private static async Task<(string? Source, IReadOnlyList<PriceBucket> Prices)> PricesAsync(HedgeDbContext db, string pair, CancellationToken ct)
    {
        var sources = await db.SourcesOfPairAsync(pair, ct);
        var source = new[] { "pool", "chainlink" }.FirstOrDefault(sources.Contains) ?? sources.FirstOrDefault();
        var latest = source is null ? null : await db.LatestPriceAsync(pair, source, ct);
        if (latest is null)
        {
            return (source, []);
        }

        var window = latest.ObservedAt.AddDays(-30);
        var first = await db.PriceObservations.AsNoTracking()
            .Where(o => o.Pair == pair && o.Source == source && o.ObservedAt >= window)
            .MinAsync(o => o.ObservedAt, ct);
        return (source, await db.PriceSeriesAsync(pair, source!, first, latest.ObservedAt.AddSeconds(1), MaxPricePoints, ct));
    }

    /// <summary>The pair's base and quote as the pool's tokens name them (WETH, USDC): the pool's token0 is the base unless it names the quote.</summary>
    public static (string Base, string Quote) Symbols(Pool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var parts = pool.Pair.Split('/');
        var (s0, s1) = (pool.Token0?.Symbol ?? parts[0], pool.Token1?.Symbol ?? parts[^1]);
        return parts.Length == 2 && s0.Contains(parts[1], StringComparison.OrdinalIgnoreCase) ? (s1, s0) : (s0, s1);
    }
}
