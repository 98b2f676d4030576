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
}
