using System.Globalization;
using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Book;
using HedgeDashboard.Workers.Suggestions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>Known answers of the per-token USD resolution, the feed checks, the sequencer rule and the auto-execute gate.</summary>
public sealed class UsdPricingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromHours(1);
    private static readonly Address Weth = A(1), Usdc = A(2), Wbtc = A(3), Dai = A(4), Lonely = A(5);

    private static readonly Dictionary<Address, string> Symbols = new() { [Weth] = "WETH", [Usdc] = "USDC", [Wbtc] = "WBTC", [Dai] = "DAI", [Lonely] = "LONE" };

    private static Address A(int n) => Address.Parse("0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture));

    private static FeedInput Feed(Address token, decimal usd, long age = 60, long round = 7, long answeredIn = 7) =>
        new(token, A(token == Weth ? 101 : 102), 8, round, new BigInteger(usd * 100_000_000m), Now.ToUnixTimeSeconds() - age, answeredIn);

    // WBTC (8) / WETH (18) at 20 WETH per WBTC: raw 2e11, tick 260231; USDC (6) / DAI (18) at 1: raw 1e12, tick 276324.
    private static PoolInput BtcEth(int? twapTick = 260231, int spotTick = 260231) =>
        new("WBTC/WETH 0.30 %", Wbtc, Weth, 8, 18, twapTick, TickMath.GetSqrtRatioAtTick(spotTick), twapTick is null ? "OLD" : null);

    private static PoolInput UsdcDai(int tick = 276324) => new("USDC/DAI 0.01 %", Usdc, Dai, 6, 18, tick, TickMath.GetSqrtRatioAtTick(tick));

    // WETH (18) / USDC (6) at 3,000: raw 3e-9, tick -196257.
    private static PoolInput EthUsdc(int tick = -196257) => new("WETH/USDC 0.05 %", Weth, Usdc, 18, 6, tick, TickMath.GetSqrtRatioAtTick(tick));

    private static Dictionary<Address, TokenUsd> Resolve(IReadOnlyList<FeedInput> feeds, params PoolInput[] pools) =>
        UsdPricing.Resolve(Symbols, feeds, pools, Now, Heartbeat, 0.03m);

    [Fact]
    public void Resolve_FeedsAndTwapPaths_KnownAnswers()
    {
        var r = Resolve([Feed(Weth, 3000m), Feed(Usdc, 1m)], BtcEth(), UsdcDai());

        Assert.Equal(new TokenUsd(3000m, $"feed {A(101).ToLowerHex()}", null), r[Weth]);
        Assert.Equal(1m, r[Usdc].Price);
        // WBTC is token0: USD = WETH's USD x (WETH per WBTC at the TWAP tick) = 3000 x 1.0001^260231 x 10^(8-18).
        Assert.Equal(3000m * (decimal)UniswapPrices.TickToPrice(260231, 8, 18), r[Wbtc].Price);
        Assert.InRange(r[Wbtc].Price!.Value, 59_900m, 60_100m);
        Assert.Equal("TWAP WBTC/WETH 0.30 % x WETH", r[Wbtc].Source);
        // DAI is token1: USD = USDC's USD / (DAI per USDC).
        Assert.Equal(1m / (decimal)UniswapPrices.TickToPrice(276324, 6, 18), r[Dai].Price);
        Assert.All(new[] { Weth, Usdc, Wbtc, Dai }, t => Assert.Null(r[t].StaleReason));
    }

    [Fact]
    public void Resolve_TokenWithoutFeedOrPath_IsNotPriced()
    {
        var r = Resolve([Feed(Weth, 3000m)], BtcEth());
        Assert.Equal(new TokenUsd(null, null, null), r[Lonely]);
        Assert.Null(r[Dai].Price); // a stablecoin is not assumed to be a dollar
    }

    [Theory]
    [InlineData(0, 60, 7, 7, "feed answer is not positive (0)")]
    [InlineData(3000, 7200, 7, 7, "feed is stale: last update 7200 s ago, heartbeat 3600 s")]
    [InlineData(3000, 60, 7, 6, "feed round 7 is incomplete (answered in round 6)")]
    public void CheckFeed_FailingRounds_NameTheCheck(int usd, long age, long round, long answeredIn, string reason) =>
        Assert.Equal(reason, UsdPricing.CheckFeed(Feed(Weth, usd, age, round, answeredIn), Now, Heartbeat));

    [Fact]
    public void CheckFeed_ZeroTimestamp_IsRefused() =>
        Assert.Equal("feed round has a zero timestamp", UsdPricing.CheckFeed(Feed(Weth, 3000m) with { UpdatedAt = 0 }, Now, Heartbeat));

    [Fact]
    public void Resolve_StaleFeed_MarksItsTokenAndEveryPriceThroughIt()
    {
        var r = Resolve([Feed(Weth, 3000m, age: 7200), Feed(Usdc, 1m)], BtcEth(), UsdcDai());
        Assert.Equal(3000m, r[Weth].Price); // the last answer is kept, marked
        Assert.StartsWith("feed is stale", r[Weth].StaleReason, StringComparison.Ordinal);
        Assert.StartsWith("via WETH: feed is stale", r[Wbtc].StaleReason, StringComparison.Ordinal);
        Assert.NotNull(r[Wbtc].Price);
        Assert.Null(r[Dai].StaleReason);
    }

    [Fact]
    public void Resolve_FeedDeviatingFromAnotherFeedsTwap_BothStale()
    {
        // The pool says 3,000 USDC per WETH; the WETH feed says 3,300 (10 %, limit 3 %).
        var r = Resolve([Feed(Weth, 3300m), Feed(Usdc, 1m)], EthUsdc(), BtcEth());
        Assert.StartsWith("feed 3300 deviates 10.01 % from the TWAP of WETH/USDC 0.05 % via USDC", r[Weth].StaleReason, StringComparison.Ordinal);
        Assert.StartsWith("feed 1 deviates", r[Usdc].StaleReason, StringComparison.Ordinal);
        Assert.StartsWith("via WETH: feed 3300 deviates", r[Wbtc].StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FeedsAgreeingWithTheTwap_Healthy()
    {
        var r = Resolve([Feed(Weth, 3010m), Feed(Usdc, 1m)], EthUsdc(), BtcEth());
        Assert.Null(r[Weth].StaleReason);
        Assert.Null(r[Usdc].StaleReason);
    }

    [Fact]
    public void Resolve_SpotAwayFromTwap_PathPriceStale()
    {
        // Spot 1.0001^2000 (about 22 % above the TWAP): a one-block spike.
        var r = Resolve([Feed(Weth, 3000m)], BtcEth(spotTick: 262231));
        Assert.StartsWith("TWAP path price", r[Wbtc].StaleReason, StringComparison.Ordinal);
        Assert.Equal(3000m * (decimal)UniswapPrices.TickToPrice(260231, 8, 18), r[Wbtc].Price);
    }

    [Fact]
    public void Resolve_PoolWithoutTwap_SpotPriceMarkedStale()
    {
        var r = Resolve([Feed(Weth, 3000m)], BtcEth(twapTick: null));
        Assert.Equal("WBTC/WETH 0.30 %: TWAP unavailable: OLD", r[Wbtc].StaleReason);
        Assert.Equal("spot WBTC/WETH 0.30 % x WETH", r[Wbtc].Source);
    }

    [Fact]
    public void TwapTick_RoundsTowardNegativeInfinity()
    {
        Assert.Equal(-2, UsdValuation.TwapTick(-61, 60));
        Assert.Equal(-1, UsdValuation.TwapTick(-60, 60));
        Assert.Equal(1, UsdValuation.TwapTick(119, 60));
    }

    [Fact]
    public void SequencerGate_DownOrWithinGrace_Pauses_UpLongEnough_Runs()
    {
        var grace = TimeSpan.FromHours(1);
        Assert.StartsWith("sequencer down since 2027-01-15 07:59:50 UTC", SequencerGate.Evaluate(1, Now.ToUnixTimeSeconds() - 10, Now, grace), StringComparison.Ordinal);
        Assert.StartsWith("sequencer up for only 10 s (grace period 3600 s)", SequencerGate.Evaluate(0, Now.ToUnixTimeSeconds() - 10, Now, grace), StringComparison.Ordinal);
        Assert.StartsWith("sequencer uptime feed has no round yet", SequencerGate.Evaluate(0, 0, Now, grace), StringComparison.Ordinal);
        Assert.Null(SequencerGate.Evaluate(0, Now.ToUnixTimeSeconds() - 3600, Now, grace));
    }

    [Fact]
    public void AutoPolicy_ChainPaused_Refuses()
    {
        var input = new AutoPolicyInput(new ExecutionPolicy { Mode = ExecutionMode.Auto, MaxNotionalPerDayUsd = 1000 }, 0, 0.1m, 10, 0, null, true, null, false, null, Now)
        {
            ChainPausedReason = "sequencer down since 2027-01-15 08:00:00 UTC",
        };
        var d = AutoPolicy.Evaluate(input);
        Assert.False(d.Approve);
        Assert.Equal("chain paused: sequencer down since 2027-01-15 08:00:00 UTC", d.Reason);
        Assert.True(AutoPolicy.Evaluate(input with { ChainPausedReason = null }).Approve);
    }

    [Theory]
    [InlineData("BTC/ETH", "WBTC", "60000", "3000", "20")] // token0 is the base
    [InlineData("BTC/ETH", "WETH", "3000", "60000", "20")] // token0 is the quote
    [InlineData("ETH/USD", "USDC", "1.0002", "3000.6", "3000")]
    [InlineData("USDC/DAI", "USDC", "1.0001", "0.9999", "1.000200020002000200")] // rounded to 18 places
    public void BookPairPrice_IsBaseUsdOverQuoteUsd_WhicheverTokenIsToken0(string pair, string symbol0, string usd0, string usd1, string expected)
    {
        var price = BookPairPrices.Price(pair, symbol0, decimal.Parse(usd0, CultureInfo.InvariantCulture), decimal.Parse(usd1, CultureInfo.InvariantCulture));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), price);
        Assert.Throws<ArgumentOutOfRangeException>(() => BookPairPrices.Price(pair, symbol0, 0m, 1m));
    }
}
