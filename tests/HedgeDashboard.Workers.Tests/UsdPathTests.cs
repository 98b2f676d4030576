using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Book;
using Microsoft.Extensions.Configuration;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// Known answers of the USD price paths through Uniswap v2 pairs (UQ112x112 accumulators, their TWAP) and through
/// pricing-only pools (Chains:N:PricingPools), and their configuration checks.
/// </summary>
public sealed class UsdPathTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly Address Weth = A(1), Usdc = A(2), Wbtc = A(3), Dai = A(4), Uni = A(6);

    private static readonly Dictionary<Address, string> Symbols = new() { [Weth] = "WETH", [Usdc] = "USDC", [Wbtc] = "WBTC", [Dai] = "DAI", [Uni] = "UNI" };

    // 5 WETH (18 decimals) against 15,000 USDC (6): 3,000 USDC per WETH.
    private static readonly BigInteger R0 = BigInteger.Parse("5000000000000000000"), R1 = 15_000_000_000;

    private static Address A(int n) => Address.Parse("0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture));

    private static FeedInput Feed(Address token, decimal usd) => new(token, A(100), 8, 7, new BigInteger(usd * 100_000_000m), Now.ToUnixTimeSeconds() - 60, 7);

    [Fact]
    public void V2Accumulators_Uq112x112_KnownAnswers()
    {
        // Hand computation (Python integers): price0 = floor(15000e6 * 2^112 / 5e18) = 15576890575604482885591488,
        // price1 = floor(5e18 * 2^112 / 15000e6) = 1730765619511609209510165443073365333333333; 60 s since the last update
        // at those reserves adds 60 times each to the accumulators (UniswapV2OracleLibrary.currentCumulativePrices).
        var now = V2Twap.Current(0, 0, R0, R1, 1_000, 1_060);
        Assert.Equal(BigInteger.Parse("934613434536268973135489280"), now.Cumulative0);
        Assert.Equal(BigInteger.Parse("103845937170696552570609926584401919999999980"), now.Cumulative1);

        // As whole tokens: 2999.99999999999999999999980978... USDC per WETH (floored to 26 digits), 1/3000 WETH per USDC.
        var (p0, p1) = V2Twap.Mean(new V2Reading(1_000, 0, 0), now, 18, 6);
        Assert.Equal(2999.9999999999999999999998m, p0);
        Assert.Equal(0.0003333333333333333333333333m, p1);

        // 30 s at 3,000 then 30 s at 3,300 (16,500 USDC): the arithmetic means of each direction, not reciprocals:
        // floor((p0 x 30 + p0' x 30) / 60) / 2^112 x 10^12 = 3149.99999999999999999999972..., and 0.000318181818...
        var mid = V2Twap.Current(0, 0, R0, R1, 1_000, 1_030);
        var end = V2Twap.Current(mid.Cumulative0, mid.Cumulative1, R0, 16_500_000_000, 1_030, 1_060);
        var (m0, m1) = V2Twap.Mean(new V2Reading(1_000, 0, 0), end, 18, 6);
        Assert.Equal(3149.9999999999999999999997m, m0);
        Assert.Equal(0.0003181818181818181818181818m, m1);
        Assert.NotEqual(1 / m0!.Value, m1);

        // No time since the last update: nothing to add (the pair's own rule); the block time kept mod 2^32 wraps.
        Assert.Equal(new V2Reading(1_000, 5, 6), V2Twap.Current(5, 6, R0, R1, 1_000, 1_000));
        var wrapped = V2Twap.Current(0, 0, R0, R1, (long)uint.MaxValue - 9, (1L << 32) + 50); // 60 s across the wrap
        Assert.Equal(now.Cumulative0, wrapped.Cumulative0);
    }

    [Fact]
    public void V2Accumulators_WrapAround2To256_DifferenceStillTheMean()
    {
        var max = (BigInteger.One << 256) - 10;
        var later = V2Twap.Current(max, max, R0, R1, 1_000, 1_060); // overflows, as the pair's accumulators may
        Assert.True(later.Cumulative0 < max);
        Assert.Equal(2999.9999999999999999999998m, V2Twap.Mean(new V2Reading(1_000, max, max), later, 18, 6).Price0);
    }

    [Fact]
    public void Ratio_WholeTokens_KnownAnswers()
    {
        Assert.Equal(3000m, V2Math.Ratio(R1, R0, 18 - 6)); // reserves: USDC per WETH
        Assert.Equal(0.0003333333333333333333333333m, V2Math.Ratio(R0, R1, 6 - 18));
        Assert.Null(V2Math.Ratio(0, R0, 0));
        Assert.Null(V2Math.Ratio(1, BigInteger.Pow(10, 40), 0)); // 1e-40: outside what a price path carries
        Assert.Null(V2Math.Ratio(BigInteger.Pow(10, 20), 1, 0));
    }

    [Fact]
    public void History_TwapOnlyAfterTwoReadingsAWindowApart_ThenOverTheLatestSuchPair()
    {
        var h = new V2TwapHistory();
        var pair = A(50);
        Reading(h, pair, 1_000, out var why);
        Assert.Equal("the v2 TWAP needs two readings of its price accumulators 60 s apart; the oldest is 0 s old", why);
        Assert.Null(Reading(h, pair, 1_030, out why));
        Assert.EndsWith("the oldest is 30 s old", why, StringComparison.Ordinal);
        Assert.Equal(2999.9999999999999999999998m, Reading(h, pair, 1_060, out why));
        Assert.Null(why);
        Assert.Equal(2999.9999999999999999999998m, Reading(h, pair, 1_095, out _)); // from the reading at 1,030
        Assert.Null(Reading(h, pair, 900, out why)); // the chain went back: readings start again
        Assert.NotNull(why);
    }

    [Fact]
    public void History_LoadedReadingAWindowOld_TwapOnTheFirstObservation_ALowerBlockStartsAgain()
    {
        // A restarted follower's stored reading at 1,000 (block 10): its first own reading a window later has the TWAP.
        var h = new V2TwapHistory();
        var pair = A(50);
        h.Load(pair, [V2Twap.Current(0, 0, R0, R1, 0, 1_000) with { Block = 10 }]);
        var (p0, _, why) = h.Observe(pair, V2Twap.Current(0, 0, R0, R1, 0, 1_060) with { Block = 15 }, 60, 18, 6);
        Assert.Equal(2999.9999999999999999999998m, p0);
        Assert.Null(why);

        // A later time at a lower block than the last reading's: another chain (reverted, replaced): start again.
        (p0, _, why) = h.Observe(pair, V2Twap.Current(0, 0, R0, R1, 0, 1_200) with { Block = 12 }, 60, 18, 6);
        Assert.Null(p0);
        Assert.EndsWith("the oldest is 0 s old", why, StringComparison.Ordinal);
        Assert.Equal([1_200L], h.Readings(pair).Select(r => r.Timestamp));
    }

    private static decimal? Reading(V2TwapHistory h, Address pair, long t, out string? why)
    {
        var (p0, _, w) = h.Observe(pair, V2Twap.Current(0, 0, R0, R1, 0, t), 60, 18, 6);
        why = w;
        return p0;
    }

    /// <summary>A UNI/WETH v2 pair at 0.002 WETH per UNI (UNI token0, 10,000 UNI : 20 WETH).</summary>
    private static PoolInput UniWeth(bool twap, decimal spot0 = 0.002m) =>
        PoolInput.ForV2("UNI/WETH v2 0.30 %", Uni, Weth, new V2Prices(spot0, 1 / spot0, twap ? 0.002m : null, twap ? 500m : null), twap ? null : "the v2 TWAP needs two readings");

    // UNI/WBTC v3 at 0.0001 WBTC per UNI (8 vs 18 decimals: raw 1e-14, tick -322379), WBTC/WETH 0.3 % at 20.
    private static PoolInput UniWbtc() => new("UNI/WBTC 0.30 %", Uni, Wbtc, 18, 8, -322379, TickMath.GetSqrtRatioAtTick(-322379));

    private static PoolInput BtcEth() => new("WBTC/WETH 0.30 %", Wbtc, Weth, 8, 18, 260231, TickMath.GetSqrtRatioAtTick(260231));

    private static Dictionary<Address, TokenUsd> Resolve(IReadOnlyList<FeedInput> feeds, params PoolInput[] pools) =>
        UsdPricing.Resolve(Symbols, feeds, pools, Now, TimeSpan.FromHours(1), 0.03m);

    [Fact]
    public void Resolve_ThroughV2PairTwap_KnownAnswer_EachDirectionItsOwnMean()
    {
        var r = Resolve([Feed(Weth, 3000m)], UniWeth(twap: true));
        Assert.Equal(new TokenUsd(6m, "TWAP UNI/WETH v2 0.30 % x WETH", null), r[Uni]); // 3,000 x 0.002 (token0 from token1: price0's mean)

        // From token0 to token1: token1's USD = token0's USD x price1's mean (token0 per token1), not / price0's.
        var pair = PoolInput.ForV2("UNI/WETH v2 0.30 %", Uni, Weth, new V2Prices(0.002m, 500m, 0.002m, 499m), null);
        Assert.Equal(6m * 499m, UsdPricing.Resolve(Symbols, [Feed(Uni, 6m)], [pair], Now, TimeSpan.FromHours(1), 0.5m)[Weth].Price);
    }

    [Fact]
    public void Resolve_V2PairWithoutTwapYet_FewestHopsGoThroughV3Pools_ThenThePairOnceItHasOne()
    {
        // Before the pair's second reading: UNI via two v3 pools (UNI/WBTC, WBTC/WETH), healthy.
        var before = Resolve([Feed(Weth, 3000m)], UniWeth(twap: false), UniWbtc(), BtcEth());
        var viaV3 = 3000m * (decimal)UniswapPrices.TickToPrice(260231, 8, 18) * (decimal)UniswapPrices.TickToPrice(-322379, 18, 8);
        Assert.Equal(new TokenUsd(viaV3, "TWAP UNI/WBTC 0.30 % x WBTC", null), before[Uni]);

        // With the pair's TWAP: one hop beats two.
        var after = Resolve([Feed(Weth, 3000m)], UniWeth(twap: true), UniWbtc(), BtcEth());
        Assert.Equal(new TokenUsd(6m, "TWAP UNI/WETH v2 0.30 % x WETH", null), after[Uni]);
        Assert.InRange(viaV3, 5.9m, 6.1m); // the two paths agree on the demo prices
    }

    [Fact]
    public void Resolve_OnlyThroughAV2PairWithoutTwap_SpotMarkedStaleSayingWhy()
    {
        var r = Resolve([Feed(Weth, 3000m)], UniWeth(twap: false));
        Assert.Equal(new TokenUsd(6m, "spot UNI/WETH v2 0.30 % x WETH", "UNI/WETH v2 0.30 %: TWAP unavailable: the v2 TWAP needs two readings"), r[Uni]);
    }

    [Fact]
    public void Resolve_V2PairSpotAwayFromItsTwap_PathStale()
    {
        var r = Resolve([Feed(Weth, 3000m)], UniWeth(twap: true, spot0: 0.0025m));
        Assert.Equal(6m, r[Uni].Price);
        Assert.StartsWith("TWAP path price 6 deviates 25.00 % from spot 7.5", r[Uni].StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ThroughAPricingOnlyPool_KnownAnswer()
    {
        // The LP holds WBTC/DAI (no TWAP path to a feed from there: DAI has none); the pricing-only WBTC/USDC 0.3 % pool
        // at 60,000 (8 vs 6 decimals: raw 600, tick 63972) links WBTC to the USDC feed, and DAI follows through the LP's pool.
        var pricing = new PoolInput("WBTC/USDC 0.30 %", Wbtc, Usdc, 8, 6, 63972, TickMath.GetSqrtRatioAtTick(63972));
        var lpPool = new PoolInput("WBTC/DAI 0.30 %", Wbtc, Dai, 8, 18, 340296, TickMath.GetSqrtRatioAtTick(340296)); // ~60,000 DAI per WBTC
        Assert.Null(Resolve([Feed(Usdc, 1m)], lpPool)[Wbtc].Price); // without the pricing pool: not priced

        var r = Resolve([Feed(Usdc, 1m)], lpPool, pricing);
        var wbtc = (decimal)UniswapPrices.TickToPrice(63972, 8, 6);
        Assert.Equal(new TokenUsd(wbtc, "TWAP WBTC/USDC 0.30 % x USDC", null), r[Wbtc]);
        Assert.InRange(wbtc, 59_900m, 60_100m);
        Assert.Equal(wbtc / (decimal)UniswapPrices.TickToPrice(340296, 8, 18), r[Dai].Price);
        Assert.InRange(r[Dai].Price!.Value, 0.99m, 1.01m);
    }

    // Depth of a price path (Workers:Book:MinPathDepthUsd): the USD value of the already-priced side's balance in the pool.
    private static PoolInput UsdcDai() => new PoolInput("USDC/DAI 0.01 %", Usdc, Dai, 6, 18, 276324, TickMath.GetSqrtRatioAtTick(276324)) { Held0 = 2_000_000m, Held1 = 2_000_000m };

    private static PoolInput WbtcDai() => new PoolInput("WBTC/DAI 0.30 %", Wbtc, Dai, 8, 18, 340296, TickMath.GetSqrtRatioAtTick(340296)) { Held0 = 50m, Held1 = 3_000_000m };

    private static Dictionary<Address, TokenUsd> Resolve(decimal minDepth, IReadOnlyList<FeedInput> feeds, params PoolInput[] pools) =>
        UsdPricing.Resolve(Symbols, feeds, pools, Now, TimeSpan.FromHours(1), 0.03m, minDepth);

    [Fact]
    public void Depth_ThinShortPathIgnored_DeepLongerPathPrices()
    {
        // WBTC/WETH holds 1,000 WBTC but only 0.2708 WETH (812.40 USD, the side already priced): one hop, too thin. The
        // deep path is two hops: USDC -> DAI (2,000,000 USDC held) -> WBTC (3,000,000 DAI held).
        var thin = BtcEth() with { Held0 = 1_000m, Held1 = 0.2708m };
        var r = Resolve(10_000m, [Feed(Weth, 3000m), Feed(Usdc, 1m)], thin, WbtcDai(), UsdcDai());
        var dai = 1m / (decimal)UniswapPrices.TickToPrice(276324, 6, 18);
        Assert.Equal(new TokenUsd(dai * (decimal)UniswapPrices.TickToPrice(340296, 8, 18), "TWAP WBTC/DAI 0.30 % x DAI", null), r[Wbtc]);
        Assert.Equal(new TokenUsd(dai, "TWAP USDC/DAI 0.01 % x USDC", null), r[Dai]);

        // Without a minimum the thin pool's one hop wins (fewest pools).
        Assert.Equal("TWAP WBTC/WETH 0.30 % x WETH", Resolve(0m, [Feed(Weth, 3000m), Feed(Usdc, 1m)], thin, WbtcDai(), UsdcDai())[Wbtc].Source);
    }

    [Fact]
    public void Depth_OnlyPathThin_NotPricedAndStaleNamingThePoolAndBothFigures()
    {
        var thin = BtcEth() with { Held0 = 1_000m, Held1 = 0.2708m };
        var r = Resolve(10_000m, [Feed(Weth, 3000m)], thin, WbtcDai());
        Assert.Equal(new TokenUsd(null, null, "WBTC/WETH 0.30 %: depth 812.40 USD below the 10,000 USD minimum for a price path"), r[Wbtc]);
        Assert.Equal(new TokenUsd(null, null, "via WBTC: WBTC/WETH 0.30 %: depth 812.40 USD below the 10,000 USD minimum for a price path"), r[Dai]);

        // Two thin hops on the way: the first one is named.
        var r2 = Resolve(10_000m, [Feed(Weth, 3000m)], thin, WbtcDai() with { Held0 = 0.001m });
        Assert.Equal("via WBTC: WBTC/WETH 0.30 %: depth 812.40 USD below the 10,000 USD minimum for a price path", r2[Dai].StaleReason);
        Assert.Null(r2[Dai].Price);

        // A v2 pair's depth is its reserve: 2 WETH (6,000 USD) against the 10,000 minimum.
        var pair = UniWeth(twap: true) with { Held0 = 1_000m, Held1 = 2m };
        Assert.Equal(new TokenUsd(null, null, "UNI/WETH v2 0.30 %: depth 6,000.00 USD below the 10,000 USD minimum for a price path"), Resolve(10_000m, [Feed(Weth, 3000m)], pair)[Uni]);

        // An unreadable balance fails closed.
        Assert.Equal(
            "WBTC/WETH 0.30 %: depth unknown (its WETH balance is unreadable); a price path needs 10,000 USD",
            Resolve(10_000m, [Feed(Weth, 3000m)], BtcEth() with { Held0 = 1_000m })[Wbtc].StaleReason);
    }

    [Theory]
    [InlineData(4.0, null)] // 4 WETH x 2,500 = 10,000: exactly the minimum passes
    [InlineData(3.9999, "WBTC/WETH 0.30 %: depth 9,999.75 USD below the 10,000 USD minimum for a price path")]
    public void Depth_AtTheMinimum_Accepted_JustBelow_Refused(double wethHeld, string? reason)
    {
        var r = Resolve(10_000m, [Feed(Weth, 2500m)], BtcEth() with { Held0 = 1m, Held1 = (decimal)wethHeld });
        Assert.Equal(reason, r[Wbtc].StaleReason);
        Assert.Equal(reason is null ? 2500m * (decimal)UniswapPrices.TickToPrice(260231, 8, 18) : null, r[Wbtc].Price);
    }

    [Fact]
    public void Depth_ZeroDisables_ThinAndUnknownDepthsPrice()
    {
        var unknown = BtcEth(); // no balances read
        var thin = BtcEth() with { Held0 = 0.001m, Held1 = 0.001m };
        Assert.Equal(new TokenUsd(3000m * (decimal)UniswapPrices.TickToPrice(260231, 8, 18), "TWAP WBTC/WETH 0.30 % x WETH", null), Resolve(0m, [Feed(Weth, 3000m)], unknown)[Wbtc]);
        Assert.Null(Resolve(0m, [Feed(Weth, 3000m)], thin)[Wbtc].StaleReason);
    }

    [Fact]
    public void Depth_FeedsNeedNone_AndAThinPoolDoesNotVetoThem()
    {
        // The WETH/USDC pool says 3,000 while the WETH feed says 3,300 (10 %): a deep pool marks both feeds stale, a pool
        // holding 100 USDC and 0.01 WETH neither prices nor vetoes; the fed tokens keep their feeds either way.
        var pool = new PoolInput("WETH/USDC 0.05 %", Weth, Usdc, 18, 6, -196257, TickMath.GetSqrtRatioAtTick(-196257));
        var thin = Resolve(10_000m, [Feed(Weth, 3300m), Feed(Usdc, 1m)], pool with { Held0 = 0.01m, Held1 = 100m });
        Assert.Equal(new TokenUsd(3300m, $"feed {A(100).ToLowerHex()}", null), thin[Weth]);
        Assert.Null(thin[Usdc].StaleReason);
        var deep = Resolve(10_000m, [Feed(Weth, 3300m), Feed(Usdc, 1m)], pool with { Held0 = 100m, Held1 = 300_000m });
        Assert.StartsWith("feed 3300 deviates", deep[Weth].StaleReason, StringComparison.Ordinal);
        Assert.StartsWith("feed 1 deviates", deep[Usdc].StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void MinPathDepthUsd_NegativeOrNotANumber_RefusedNamingTheKey()
    {
        var v = new BookOptionsValidator();
        Assert.Contains("Workers:Book:MinPathDepthUsd must be 0 (no minimum) or more, got -1.", v.Validate(null, new BookOptions { MinPathDepthUsd = -1 }).FailureMessage, StringComparison.Ordinal);
        Assert.True(v.Validate(null, new BookOptions { MinPathDepthUsd = 0 }).Succeeded);
        Assert.Equal(10_000m, new BookOptions().MinPathDepthUsd);

        var nan = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Workers:Book:MinPathDepthUsd"] = "NaN" }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => nan.GetSection(BookOptions.SectionName).Get<BookOptions>());
        Assert.Contains("Workers:Book:MinPathDepthUsd", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3300.0, false)] // USDC in, WETH out: WETH dearer
    [InlineData(2700.0, true)] // WETH in
    public void TradeTo_MovesTheDemoPairToThePrice_AndSwapAcceptsIt(double usdcPerWeth, bool wethIn)
    {
        // The simulator keeps the demo's WETH/USDC v2 pair near the ETH price (else its TWAP would flag the feeds).
        var t = V2Math.TradeTo(R0, R1, usdcPerWeth * 1e-12)!.Value;
        Assert.Equal(wethIn, t.ZeroIn);
        var (in0, in1, out0, out1) = t.ZeroIn ? (t.AmountIn, BigInteger.Zero, BigInteger.Zero, t.AmountOut) : (BigInteger.Zero, t.AmountIn, t.AmountOut, BigInteger.Zero);
        var (n0, n1) = (R0 + in0 - out0, R1 + in1 - out1);

        // UniswapV2Pair.swap's check: balances net of the 0.3 % fee on what came in keep k.
        Assert.True(((n0 * 1000) - (in0 * 3)) * ((n1 * 1000) - (in1 * 3)) >= R0 * R1 * 1_000_000);
        var price = (double)n1 / (double)n0 * 1e12;
        Assert.InRange(price / usdcPerWeth, 0.997, 1.003); // the fee stays in the pair: a little short of the target
        Assert.Null(V2Math.TradeTo(R0, R1, 3000.1 * 1e-12)); // within 0.01 %: no trade
    }
}
