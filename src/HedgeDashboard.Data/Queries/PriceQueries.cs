using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Queries;

/// <summary>One bucket of a downsampled price series: OHLC, mean and count of the observations in it.</summary>
public sealed record PriceBucket(DateTimeOffset BucketStart, decimal Open, decimal High, decimal Low, decimal Close, decimal Average, int Count);

/// <summary>The newest observation of a series.</summary>
public sealed record LatestPrice(string Pair, string Source, DateTimeOffset ObservedAt, decimal Price, long? BlockNumber);

/// <summary>Queries over price_observations.</summary>
public static class PriceQueries
{
    /// <summary>
    /// The series (pair, source) in [from, to), downsampled with date_bin into at most
    /// <paramref name="maxPoints"/> buckets of equal width (a whole number of seconds, origin
    /// <paramref name="from"/>); each bucket carries open, high, low, close, mean and count. A range
    /// scan of the primary key (pair, source, observed_at).
    /// </summary>
    public static async Task<IReadOnlyList<PriceBucket>> PriceSeriesAsync(
        this HedgeDbContext db, string pair, string source, DateTimeOffset from, DateTimeOffset to, int maxPoints = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        if (to <= from)
        {
            return [];
        }

        var bucket = BucketWidth(from, to, maxPoints);
        return await db.Database.SqlQuery<PriceBucket>($"""
            SELECT date_bin({bucket}, observed_at, {from}) AS "BucketStart",
                   (array_agg(price ORDER BY observed_at))[1] AS "Open",
                   max(price) AS "High",
                   min(price) AS "Low",
                   (array_agg(price ORDER BY observed_at DESC))[1] AS "Close",
                   avg(price) AS "Average",
                   count(*)::int AS "Count"
            FROM price_observations
            WHERE pair = {pair} AND source = {source} AND observed_at >= {from} AND observed_at < {to}
            GROUP BY 1
            ORDER BY 1
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Smallest whole-second width with ceil((to - from) / width) &lt;= maxPoints.</summary>
    public static TimeSpan BucketWidth(DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        var seconds = (long)Math.Ceiling((to - from).TotalSeconds / maxPoints);
        return TimeSpan.FromSeconds(Math.Max(1, seconds));
    }

    /// <summary>The newest observation of (pair, source): a backward scan of the primary key, one row.</summary>
    public static Task<LatestPrice?> LatestPriceAsync(this HedgeDbContext db, string pair, string source, CancellationToken cancellationToken = default) =>
        db.PriceObservations.AsNoTracking()
            .Where(p => p.Pair == pair && p.Source == source)
            .OrderByDescending(p => p.ObservedAt)
            .Select(p => new LatestPrice(p.Pair, p.Source, p.ObservedAt, p.Price, p.BlockNumber))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The sources that have observations of a pair (for a chart's source picker).</summary>
    public static Task<List<string>> SourcesOfPairAsync(this HedgeDbContext db, string pair, CancellationToken cancellationToken = default) =>
        db.PriceObservations.AsNoTracking().Where(p => p.Pair == pair).Select(p => p.Source).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);
}
