namespace HedgeDashboard.Workers.Ingestion;

/// <summary>One reading of a pair's oracles at one block.</summary>
public sealed record OracleReading(
    decimal? FeedAnswer,
    DateTimeOffset? FeedUpdatedAt,
    decimal? PoolTwapPrice,
    DateTimeOffset BlockTime,
    string? TwapError = null);

/// <summary>The verdict on a reading: healthy, or the first reason it is not.</summary>
public sealed record OracleVerdict(bool IsHealthy, string? Reason);

/// <summary>
/// The oracle checks that gate automatic execution: a non-positive answer, a zero timestamp, a feed older
/// than its heartbeat, no TWAP, or a feed that deviates from the pool TWAP beyond the limit. The pool's spot
/// price is not an input: a one-block spike moves the spot, not the feed or the TWAP.
/// </summary>
public static class OracleCheck
{
    public static OracleVerdict Evaluate(OracleReading r, TimeSpan heartbeat, decimal maxDeviation)
    {
        if (r.FeedAnswer is not { } answer || answer <= 0)
        {
            return new(false, $"feed answer is not positive ({r.FeedAnswer?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        }

        if (r.FeedUpdatedAt is not { } updated || updated.ToUnixTimeSeconds() == 0)
        {
            return new(false, "feed round has a zero timestamp");
        }

        var age = r.BlockTime - updated;
        if (age > heartbeat)
        {
            return new(false, $"feed is stale: last update {age.TotalSeconds:0} s ago, heartbeat {heartbeat.TotalSeconds:0} s");
        }

        if (r.PoolTwapPrice is not { } twap || twap <= 0)
        {
            return new(false, $"pool TWAP unavailable{(r.TwapError is null ? "" : $": {r.TwapError}")}");
        }

        var deviation = Math.Abs(answer - twap) / twap;
        return deviation > maxDeviation
            ? new(false, $"feed {answer:0.####} deviates {deviation:P2} from pool TWAP {twap:0.####} (limit {maxDeviation:P2})")
            : new(true, null);
    }
}
