using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Quant.Portfolio;

namespace HedgeDashboard.Quant.Tests.Portfolio;

public class NetExposureTests
{
    [Fact]
    public void ByAsset_PositionsOnTwoChains_SumsDeltasGammasAndHedges()
    {
        // Two ETH positions (mainnet and an L2 pool) and one BTC position; hedges are shorts.
        var legs = new[]
        {
            new PositionLeg(1, "ETH", 2000, 1.5, -0.001, -1.0),
            new PositionLeg(2, "eth", 2000, -0.5, -0.002, 0),
            new PositionLeg(3, "BTC", 50000, 0.1, -0.00001, -0.05),
        };

        var byAsset = NetExposure.ByAsset(legs);

        var eth = byAsset.Single(a => a.Asset == "ETH");
        Assert.Equal(1.0, eth.DeltaTokens, 12);
        Assert.Equal(2000.0, eth.DeltaUsd, 9);
        Assert.Equal(-0.003, eth.Gamma, 12);
        Assert.Equal(-0.003 * 2000 * 2000 / 100, eth.DollarGamma, 9); // -120 USD of delta per 1 % move
        Assert.Equal(-1.0, eth.HedgeTokens, 12);
        Assert.Equal(-2000.0, eth.HedgeUsd, 9);
        Assert.Equal(0.0, eth.NetUsd, 9);
        Assert.Equal(1.0, eth.Coverage, 12);
        Assert.Equal(2, eth.Positions);

        var btc = byAsset.Single(a => a.Asset == "BTC");
        Assert.Equal(5000.0, btc.DeltaUsd, 9);
        Assert.Equal(0.5, btc.Coverage, 12);
        Assert.Equal("BTC", byAsset[0].Asset); // larger |USD delta| first
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.5)]
    public void Coverage_NoHedge_IsPlainZero(double delta)
    {
        var asset = NetExposure.ByAsset([new PositionLeg(1, "ETH", 2000, delta, 0, -0.0 * delta)])[0];

        Assert.Equal(0.0, asset.Coverage);
        Assert.False(double.IsNegative(asset.Coverage)); // shown as "0%", not "-0%"
    }

    [Theory]
    [InlineData("WETH", "ETH")]
    [InlineData("weth", "ETH")]
    [InlineData("WBTC", "BTC")]
    [InlineData("USDC", "USD")]
    [InlineData("DAI", "USD")]
    [InlineData("LINK", "LINK")]
    public void Of_Symbol_MapsWrappedAndStable(string symbol, string asset) => Assert.Equal(asset, AssetNames.Of(symbol));

    [Fact]
    public void OfPair_BaseQuote_Maps()
    {
        Assert.Equal(("BTC", "USD"), AssetNames.OfPair("WBTC/USDC"));
        Assert.Throws<ArgumentException>(() => AssetNames.OfPair("ETHUSD"));
    }

    [Fact]
    public void UsdPrices_BaseQuotedInEth_ProductWithEthUsdAtCommonHours()
    {
        var t0 = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var pairs = new Dictionary<string, Dictionary<DateTimeOffset, double>>
        {
            ["WBTC/ETH"] = new() { [t0] = 20, [t0.AddHours(1)] = 21, [t0.AddHours(2)] = 22 },
            ["ETH/USD"] = new() { [t0] = 3000, [t0.AddHours(1)] = 2900 },
        };

        var usd = UsdPrices.ByAsset(pairs);

        Assert.Equal([60_000.0, 60_900.0], usd["BTC"].Values);
        Assert.Equal([3000.0, 2900.0], usd["ETH"].Values);
    }

    [Fact]
    public void PairLegs_WbtcEth_MatchTheUsdValueFiniteDifferences()
    {
        // D(p): (LP - HODL) in ETH of a WBTC/ETH position entered at 20 ETH per BTC, now at 18; E = 3,000 USD per ETH.
        var lp = LiquidityPosition.FromAmounts(20, 1, 20, 16, 25);
        double D(double p) => lp.ValueAt(p) - (1 * p) - 20;
        double UsdValue(double btcUsd, double ethUsd) => ethUsd * D(btcUsd / ethUsd);
        const double p0 = 18, e0 = 3000;
        var delta = lp.DeltaAt(p0) - 1;

        var legs = NetExposure.PairLegs(7, "WBTC/ETH", p0, e0, delta, D(p0), lp.GammaAt(p0), -0.5 * delta);

        Assert.Equal(["BTC", "ETH"], legs.Select(l => l.Asset));
        Assert.Equal(54_000, legs[0].PriceUsd, 9);
        Assert.Equal(3000, legs[1].PriceUsd, 9);
        var (b, hb, he) = (p0 * e0, 1e-4 * p0 * e0, 1e-4 * e0);
        static void Near(double expected, double actual) => Assert.Equal(expected, actual, Math.Abs(expected) * 1e-5);
        Near((UsdValue(b + hb, e0) - UsdValue(b - hb, e0)) / (2 * hb), legs[0].DeltaTokens);
        Near((UsdValue(b, e0 + he) - UsdValue(b, e0 - he)) / (2 * he), legs[1].DeltaTokens);
        Near((UsdValue(b + hb, e0) - (2 * UsdValue(b, e0)) + UsdValue(b - hb, e0)) / (hb * hb), legs[0].Gamma);
        Near((UsdValue(b, e0 + he) - (2 * UsdValue(b, e0)) + UsdValue(b, e0 - he)) / (he * he), legs[1].Gamma);
        Assert.Equal(-0.5 * delta, legs[0].HedgeTokens, 12);
        Assert.Equal(0, legs[1].HedgeTokens);
        Assert.Single(NetExposure.PairLegs(7, "ETH/USD", 3000, 1, delta, 0, 0, 0)); // a USD quote has no leg of its own
    }
}
