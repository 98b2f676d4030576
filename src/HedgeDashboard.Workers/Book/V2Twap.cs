using System.Numerics;
using HedgeDashboard.Ethereum;

namespace HedgeDashboard.Workers.Book;

/// <summary>One reading of a v2 pair's price accumulators, brought forward to the block's time (UQ112x112 x seconds).</summary>
public sealed record V2Reading(long Timestamp, BigInteger Cumulative0, BigInteger Cumulative1)
{
    /// <summary>The block read at (stored with the reading, so a restarted follower can tell a reverted chain).</summary>
    public long Block { get; init; }
}

/// <summary>
/// Uniswap v2 TWAPs from the pairs' price accumulators, as its UniswapV2OracleLibrary and ExampleOracleSimple compute
/// them: price0CumulativeLast / price1CumulativeLast plus the accumulation since blockTimestampLast at the current
/// reserves (the pair updates them only on a swap, mint, burn or sync), differenced between two readings at least a
/// window apart.
/// </summary>
public static class V2Twap
{
    public static readonly BigInteger Q112 = BigInteger.One << 112;
    private static readonly BigInteger Mod256 = BigInteger.One << 256;

    /// <summary>
    /// currentCumulativePrices: the accumulators at <paramref name="blockTimestamp"/>. The pair keeps its timestamp mod 2^32
    /// and lets both the elapsed time and the accumulators wrap (overflow is desired there), and so does this.
    /// </summary>
    public static V2Reading Current(BigInteger price0CumulativeLast, BigInteger price1CumulativeLast, BigInteger reserve0, BigInteger reserve1, long blockTimestampLast, long blockTimestamp)
    {
        var (c0, c1) = (price0CumulativeLast, price1CumulativeLast);
        var elapsed = ((blockTimestamp % (1L << 32)) - blockTimestampLast + (1L << 32)) % (1L << 32);
        if (elapsed != 0 && !reserve0.IsZero && !reserve1.IsZero)
        {
            // UQ112x112.encode(reserve1).uqdiv(reserve0): floor(reserve1 x 2^112 / reserve0)
            c0 = (c0 + ((reserve1 << 112) / reserve0 * elapsed)) % Mod256;
            c1 = (c1 + ((reserve0 << 112) / reserve1 * elapsed)) % Mod256;
        }

        return new V2Reading(blockTimestamp, c0, c1);
    }

    /// <summary>
    /// The mean prices between two readings as whole tokens (token1 per token0, token0 per token1): the accumulator
    /// difference (mod 2^256) over the seconds between them, floored to a UQ112x112 as ExampleOracleSimple does.
    /// </summary>
    public static (decimal? Price0, decimal? Price1) Mean(V2Reading from, V2Reading to, int decimals0, int decimals1)
    {
        var seconds = to.Timestamp - from.Timestamp;
        if (seconds <= 0)
        {
            return (null, null);
        }

        var avg0 = (((to.Cumulative0 - from.Cumulative0) % Mod256) + Mod256) % Mod256 / seconds;
        var avg1 = (((to.Cumulative1 - from.Cumulative1) % Mod256) + Mod256) % Mod256 / seconds;
        return (V2Math.Ratio(avg0, Q112, decimals0 - decimals1), V2Math.Ratio(avg1, Q112, decimals1 - decimals0));
    }
}

/// <summary>
/// The v2 pairs' accumulator readings of one chain, kept by its follower (and stored by <see cref="V2TwapStore"/>, so a
/// restart loses no window): a TWAP needs the latest reading and one at least the window before it; until a pair has
/// both it has no TWAP (and says so). Older readings than the one used are dropped, so each pair keeps about a window of
/// refreshes.
/// </summary>
public sealed class V2TwapHistory
{
    private readonly Dictionary<Address, List<V2Reading>> _readings = [];

    /// <summary>The pair's readings, oldest first.</summary>
    public IReadOnlyList<V2Reading> Readings(Address pair) => _readings.TryGetValue(pair, out var list) ? list : [];

    /// <summary>Stored readings of a pair (a restarted follower's), oldest first.</summary>
    public void Load(Address pair, IEnumerable<V2Reading> readings) => _readings[pair] = [.. readings.OrderBy(r => r.Timestamp)];

    /// <summary>Adds <paramref name="now"/> and returns the TWAP over at least <paramref name="windowSeconds"/>, or why there is none yet.</summary>
    public (decimal? Price0, decimal? Price1, string? Why) Observe(Address pair, V2Reading now, int windowSeconds, int decimals0, int decimals1)
    {
        if (!_readings.TryGetValue(pair, out var list))
        {
            list = [];
            _readings[pair] = list;
        }

        if (list.Count > 0 && (list[^1].Timestamp > now.Timestamp || list[^1].Block > now.Block))
        {
            list.Clear(); // the chain went back (a reorg or a reverted dev chain): start again
        }

        if (list.Count == 0 || list[^1].Timestamp < now.Timestamp)
        {
            list.Add(now);
        }

        var from = list.FindLastIndex(r => now.Timestamp - r.Timestamp >= windowSeconds);
        if (from < 0)
        {
            return (null, null, $"the v2 TWAP needs two readings of its price accumulators {windowSeconds} s apart; the oldest is {now.Timestamp - list[0].Timestamp} s old");
        }

        list.RemoveRange(0, from);
        var (p0, p1) = V2Twap.Mean(list[0], now, decimals0, decimals1);
        return (p0, p1, p0 is null || p1 is null ? "the v2 TWAP is outside the range a price carries" : null);
    }
}
