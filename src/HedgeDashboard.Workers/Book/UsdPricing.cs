using System.Globalization;
using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Workers.Book;

/// <summary>A Chainlink USD feed's latest round for one token (or the error reading it).</summary>
public sealed record FeedInput(Address Token, Address Feed, int Decimals, BigInteger RoundId, BigInteger Answer, long UpdatedAt, BigInteger AnsweredInRound, string? Error = null);

/// <summary>
/// A pool's TWAP tick over the window (null with the reason when observe() failed) and its spot sqrt price; for a
/// Uniswap v2 pair, <see cref="V2"/> instead (<see cref="ForV2"/>).
/// </summary>
public sealed record PoolInput(string Label, Address Token0, Address Token1, int Decimals0, int Decimals1, int? TwapTick, BigInteger SqrtPriceX96, string? TwapError = null)
{
    /// <summary>A v2 pair's prices in whole tokens; null for a v3 pool.</summary>
    public V2Prices? V2 { get; init; }

    /// <summary>
    /// Whole tokens of token0 / token1 the pool holds (a v3 pool's ERC-20 balanceOf, a v2 pair's reserves): the depth of
    /// a hop; null when unreadable (a hop that needs it is refused while a minimum depth is set).
    /// </summary>
    public decimal? Held0 { get; init; }

    public decimal? Held1 { get; init; }

    public bool HasTwap => V2 is { } v ? v.Twap0 is not null && v.Twap1 is not null : TwapTick is not null;

    public static PoolInput ForV2(string label, Address token0, Address token1, V2Prices prices, string? twapError) =>
        new(label, token0, token1, 0, 0, null, BigInteger.Zero, twapError) { V2 = prices };
}

/// <summary>
/// A Uniswap v2 pair's prices in whole tokens: token1 per token0 (…0) and token0 per token1 (…1), at the reserves (spot)
/// and as time-weighted means of the pair's two accumulators (null until two readings a window apart exist). The two
/// TWAPs are not reciprocal (arithmetic means of p and 1/p), so each direction uses its own.
/// </summary>
public sealed record V2Prices(decimal? Spot0, decimal? Spot1, decimal? Twap0, decimal? Twap1);

/// <summary>
/// A token's USD price: null when no feed and no pool path reaches it ("not priced"); <see cref="StaleReason"/> set when
/// a check failed on the way (its positions are stale).
/// </summary>
public sealed record TokenUsd(decimal? Price, string? Source, string? StaleReason);

/// <summary>
/// USD per token on one chain. A token with a configured feed is priced by its feed alone, after the oracle checks of
/// the ingestion (answer &gt; 0, a non-zero timestamp, a complete round, not older than the heartbeat) and, where a
/// pool links it to another fed token, the deviation of the feed from that TWAP-implied price. A token without a feed is
/// priced through the fewest pools to a fed token at each pool's TWAP, checked against the same path at spot prices
/// (a one-block spike moves the spot, not the TWAP). A failed check keeps the price but marks it stale, and so every
/// price derived from it; a token no path reaches is not priced. Stablecoins are not assumed to be worth a dollar: they
/// need a feed or a path like any other token. A hop through a pool holding less than the minimum depth (the USD value
/// of the already-priced side's balance in the pool) is no path at all, so a deeper, longer path wins; a token only
/// thin hops reach is not priced, and stale with the thin pool's figures. Feeds need no depth.
/// </summary>
public static class UsdPricing
{
    /// <summary>A token's price on the way; <paramref name="Unpriced"/> when a thin hop is on its only path (kept for the reason only).</summary>
    private sealed record Node(decimal Twap, decimal Spot, string Source, string? Reason, Address Root, bool Unpriced = false);

    public static string? CheckFeed(FeedInput f, DateTimeOffset clock, TimeSpan heartbeat)
    {
        if (f.Error is not null)
        {
            return $"feed unreadable: {f.Error}";
        }

        if (f.Answer.Sign <= 0)
        {
            return $"feed answer is not positive ({f.Answer})";
        }

        if (f.UpdatedAt == 0)
        {
            return "feed round has a zero timestamp";
        }

        if (f.AnsweredInRound < f.RoundId)
        {
            return $"feed round {f.RoundId} is incomplete (answered in round {f.AnsweredInRound})";
        }

        var age = clock - DateTimeOffset.FromUnixTimeSeconds(f.UpdatedAt);
        return age > heartbeat ? $"feed is stale: last update {age.TotalSeconds:0} s ago, heartbeat {heartbeat.TotalSeconds:0} s" : null;
    }

    /// <summary>Resolves every token; <paramref name="minDepthUsd"/> 0 lets any pool be a hop.</summary>
    public static Dictionary<Address, TokenUsd> Resolve(
        IReadOnlyDictionary<Address, string> symbols, IReadOnlyList<FeedInput> feeds, IReadOnlyList<PoolInput> pools, DateTimeOffset clock, TimeSpan heartbeat, decimal maxDeviation, decimal minDepthUsd = 0)
    {
        string Sym(Address a) => symbols.TryGetValue(a, out var s) ? s : a.ToLowerHex()[..10];
        var fed = feeds.ToDictionary(f => f.Token);
        var nodes = new Dictionary<Address, Node>();
        var feedReason = new Dictionary<Address, string?>();
        foreach (var f in feeds)
        {
            var reason = CheckFeed(f, clock, heartbeat);
            feedReason[f.Token] = reason;
            if (f.Error is null && f.Answer.Sign > 0)
            {
                var usd = Scale(f.Answer, f.Decimals);
                nodes[f.Token] = new Node(usd, usd, $"feed {f.Feed.ToLowerHex()}", reason, f.Token);
            }
        }

        // Round 1: from the healthy feeds through pools with a TWAP, fewest pools first; fed tokens keep their feed.
        Walk(nodes, pools.Where(p => p.HasTwap).ToList(), n => n.Reason is null, fed.ContainsKey, Sym, minDepthUsd, thinAsReason: false);

        // Cross-checks: a feed against the TWAP-implied price from another fed token one pool away (two feeds that
        // disagree are both stale: which one is wrong is not known); a path against the same path at spot prices. A pool
        // too thin to price a token does not veto a feed either (moving it would be a cheap way to stop the book).
        var deviating = new Dictionary<Address, string>();
        foreach (var f in feeds.Where(f => nodes.TryGetValue(f.Token, out var n) && n.Reason is null))
        {
            foreach (var p in pools.Where(p => p.HasTwap && (p.Token0 == f.Token || p.Token1 == f.Token)))
            {
                var other = p.Token0 == f.Token ? p.Token1 : p.Token0;
                if (!nodes.TryGetValue(other, out var o) || o.Root == f.Token || o.Reason is not null || Thin(p, other, o.Twap, minDepthUsd, Sym) is not null
                    || Cross(p, other, o.Twap, twap: true) is not { } implied)
                {
                    continue;
                }

                var feedPrice = nodes[f.Token].Twap;
                var deviation = Math.Abs(feedPrice - implied) / implied;
                if (deviation > maxDeviation)
                {
                    deviating.TryAdd(f.Token, $"feed {feedPrice:0.####} deviates {deviation:P2} from the TWAP of {p.Label} via {Sym(other)} ({implied:0.####}, limit {maxDeviation:P2})");
                }
            }
        }

        foreach (var (token, reason) in deviating)
        {
            nodes[token] = nodes[token] with { Reason = reason };
        }

        foreach (var (token, n) in nodes.ToList())
        {
            if (!fed.ContainsKey(token) && n.Reason is null && n.Twap > 0)
            {
                var deviation = Math.Abs(n.Twap - n.Spot) / n.Twap;
                if (deviation > maxDeviation)
                {
                    nodes[token] = n with { Reason = $"TWAP path price {n.Twap:0.####} deviates {deviation:P2} from spot {n.Spot:0.####} (limit {maxDeviation:P2})" };
                }
            }
        }

        // A price derived from a feed that failed its cross-check is as stale as the feed.
        foreach (var (token, n) in nodes.ToList())
        {
            if (n.Reason is null && n.Root != token && nodes[n.Root].Reason is { } rootReason)
            {
                nodes[token] = n with { Reason = $"via {Sym(n.Root)}: {rootReason}" };
            }
        }

        // Round 2: tokens still unreached, through any pool and from any feed, stale with the first failure on the way.
        Walk(nodes, pools, _ => true, fed.ContainsKey, Sym, minDepthUsd, thinAsReason: false);

        // Round 3: tokens that only thin hops reach stay unpriced, stale with the first thin pool on the way.
        if (minDepthUsd > 0)
        {
            Walk(nodes, pools, _ => true, fed.ContainsKey, Sym, minDepthUsd, thinAsReason: true);
        }

        var result = new Dictionary<Address, TokenUsd>();
        foreach (var token in symbols.Keys.Concat(feeds.Select(f => f.Token)).Distinct())
        {
            result[token] = !nodes.TryGetValue(token, out var n) ? new TokenUsd(null, null, feedReason.GetValueOrDefault(token))
                : n.Unpriced ? new TokenUsd(null, null, n.Reason)
                : new TokenUsd(n.Twap, n.Source, n.Reason);
        }

        return result;
    }

    /// <summary>
    /// Breadth-first from the priced tokens that pass <paramref name="from"/>, assigning only unpriced tokens without a
    /// feed. A hop thinner than <paramref name="minDepth"/> is skipped, or, with <paramref name="thinAsReason"/>, taken to
    /// an unpriced node that only carries the reason.
    /// </summary>
    private static void Walk(
        Dictionary<Address, Node> nodes, IReadOnlyList<PoolInput> pools, Func<Node, bool> from, Func<Address, bool> hasFeed, Func<Address, string> sym, decimal minDepth, bool thinAsReason)
    {
        var queue = new Queue<Address>(nodes.Where(n => from(n.Value)).Select(n => n.Key));
        while (queue.Count > 0)
        {
            var t = queue.Dequeue();
            var n = nodes[t];
            foreach (var p in pools.Where(p => p.Token0 == t || p.Token1 == t))
            {
                var next = p.Token0 == t ? p.Token1 : p.Token0;
                if (nodes.ContainsKey(next) || hasFeed(next))
                {
                    continue;
                }

                var thin = Thin(p, t, n.Twap, minDepth, sym);
                if (thin is not null && !thinAsReason)
                {
                    continue;
                }

                var twap = Cross(p, t, p.HasTwap ? n.Twap : n.Spot, twap: p.HasTwap);
                var spot = Cross(p, t, n.Spot, twap: false);
                if (twap is not { } tw || spot is not { } sp)
                {
                    continue;
                }

                // Behind a thin hop the first thin pool is the reason; otherwise this thin pool, else the inherited failure.
                var reason = (n.Unpriced ? null : thin) ?? (n.Reason is { } inherited
                    ? (inherited.StartsWith("via ", StringComparison.Ordinal) ? inherited : $"via {sym(t)}: {inherited}")
                    : !p.HasTwap ? $"{p.Label}: TWAP unavailable{(p.TwapError is null ? "" : $": {p.TwapError}")}" : null);
                nodes[next] = new Node(tw, sp, $"{(p.HasTwap ? "TWAP" : "spot")} {p.Label} x {sym(t)}", reason, n.Root, n.Unpriced || thin is not null);
                queue.Enqueue(next);
            }
        }
    }

    /// <summary>
    /// Why a hop from <paramref name="known"/> (worth <paramref name="knownUsd"/>) through the pool is too thin to price,
    /// or null: the USD value of the pool's balance of the known token against <paramref name="minDepth"/> (at the
    /// minimum passes; 0 disables). An unreadable balance fails closed.
    /// </summary>
    private static string? Thin(PoolInput p, Address known, decimal knownUsd, decimal minDepth, Func<Address, string> sym)
    {
        if (minDepth <= 0)
        {
            return null;
        }

        var minText = minDepth.ToString("#,##0.##", CultureInfo.InvariantCulture);
        if ((known == p.Token0 ? p.Held0 : p.Held1) is not { } held)
        {
            return $"{p.Label}: depth unknown (its {sym(known)} balance is unreadable); a price path needs {minText} USD";
        }

        decimal depth;
        try
        {
            depth = held * knownUsd;
        }
        catch (OverflowException)
        {
            return null; // beyond what a decimal holds: deep enough
        }

        return depth >= minDepth ? null : $"{p.Label}: depth {depth.ToString("#,##0.00", CultureInfo.InvariantCulture)} USD below the {minText} USD minimum for a price path";
    }

    /// <summary>
    /// USD of the pool's other token given <paramref name="known"/>'s USD, at the TWAP or the spot price; null beyond what
    /// a decimal holds (a path of extreme ratios): not priced this way.
    /// </summary>
    private static decimal? Cross(PoolInput p, Address known, decimal knownUsd, bool twap)
    {
        try
        {
            return CrossUnchecked(p, known, knownUsd, twap);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static decimal? CrossUnchecked(PoolInput p, Address known, decimal knownUsd, bool twap)
    {
        if (p.V2 is { } v2)
        {
            // token1's USD = token0's USD x token0 per token1, and the reverse: each direction its own mean.
            var per = known == p.Token0 ? (twap ? v2.Twap1 : v2.Spot1) : (twap ? v2.Twap0 : v2.Spot0);
            return per is { } x and > 0 ? knownUsd * x : null;
        }

        // token1 per token0 in whole tokens
        var ratio = twap ? UniswapPrices.TickToPrice(p.TwapTick!.Value, p.Decimals0, p.Decimals1) : UniswapPrices.SqrtPriceX96ToPrice(p.SqrtPriceX96, p.Decimals0, p.Decimals1);
        if (!double.IsFinite(ratio) || ratio is < 1e-18 or > 1e18)
        {
            return null; // outside what a decimal carries with 15 digits: not priced this way
        }

        var r = (decimal)ratio;
        return known == p.Token0 ? knownUsd / r : knownUsd * r;
    }

    private static decimal Scale(BigInteger value, int decimals) => Chain.OnChainUnits.Scale(value, decimals);

    /// <summary>"0.05 %" from a fee tier in hundredths of a basis point.</summary>
    public static string FeeText(int fee) => (fee / 10_000.0).ToString("0.00##", CultureInfo.InvariantCulture) + " %";
}
