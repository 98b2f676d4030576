using System.Numerics;
using HedgeDashboard.Data.Markets;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Book;
using Microsoft.Extensions.Configuration;

namespace HedgeDashboard.Workers.Tests;

public sealed class BookUnitTests
{
    private static readonly BigInteger Q96 = BigInteger.One << 96;

    [Fact]
    public void AmountDeltas_PriceOneToFour_KnownAnswers()
    {
        // sqrt prices 1 and 2 (price 1 to 4): x = L (1/1 - 1/2) = L/2, y = L (2 - 1) = L.
        var l = BigInteger.Pow(10, 18);
        Assert.Equal(l / 2, PositionAmounts.Amount0Delta(Q96, 2 * Q96, l));
        Assert.Equal(l, PositionAmounts.Amount1Delta(2 * Q96, Q96, l));
        // Rounded down, as burn pays: L = 3 over sqrt prices 1..2 is 1.5 token0 -> 1.
        Assert.Equal(BigInteger.One, PositionAmounts.Amount0Delta(Q96, 2 * Q96, 3));
    }

    [Theory]
    [InlineData(-101, true, false)] // below the range: all token0
    [InlineData(-100, true, true)] // inside the lower tick: in range
    [InlineData(99, true, true)]
    [InlineData(100, false, true)] // inside the upper tick: above the range, all token1 (tick < tickUpper is the pool's test)
    public void AtState_SideChosenByTheTick(int tick, bool hasToken0, bool hasToken1)
    {
        var sqrt = (TickMath.GetSqrtRatioAtTick(tick) + TickMath.GetSqrtRatioAtTick(tick + 1)) / 2; // a price inside the tick
        var (a0, a1) = PositionAmounts.AtState(sqrt, tick, -100, 100, BigInteger.Pow(10, 20));
        Assert.Equal(hasToken0, a0 > 0);
        Assert.Equal(hasToken1, a1 > 0);
    }

    [Theory]
    [InlineData("WETH", "USDC", "ETH/USD", true)]
    [InlineData("USDC", "WETH", "ETH/USD", false)]
    [InlineData("WBTC", "WETH", "BTC/ETH", true)]
    [InlineData("WETH", "WBTC", "BTC/ETH", false)]
    [InlineData("USDC", "DAI", "USDC/DAI", true)]
    [InlineData("DAI", "USDC", "USDC/DAI", false)]
    [InlineData("DAI", "WBTC", "BTC/USD", false)]
    [InlineData("LINK", "WETH", "LINK/ETH", true)]
    public void PairNames_Of_BaseAndQuoteFromSymbols(string symbol0, string symbol1, string pair, bool token0IsBase)
    {
        Assert.Equal((pair, token0IsBase), PairNames.Of(symbol0, symbol1));
        Assert.Equal(!token0IsBase, PairNames.IsQuote(symbol0, pair));
    }

    [Fact]
    public void Chains_LegacyChainSection_MapsToOneItemList()
    {
        var o = Bind(new() { ["Chain:RpcUrl"] = "http://127.0.0.1:8545", ["Chain:DeploymentFile"] = "/tmp/d.json" });
        var c = Assert.Single(o.Chains);
        Assert.Equal((31337L, "anvil", "http://127.0.0.1:8545", "/tmp/d.json"), (c.Id, c.Name, Assert.Single(c.RpcUrls), c.DeploymentFile));
        Assert.Empty(Bind([]).Chains);
        Assert.Empty(Bind(new() { ["Chain:RpcUrl"] = "http://127.0.0.1:8545" }).Chains); // UI work: nothing to follow
    }

    [Fact]
    public void Chains_ListWins_OverTheLegacySection()
    {
        var o = Bind(new()
        {
            ["Chain:RpcUrl"] = "http://127.0.0.1:8545",
            ["Chains:0:Id"] = "42161",
            ["Chains:0:Name"] = "arbitrum",
            ["Chains:0:RpcUrls:0"] = "https://a.example",
            ["Chains:0:RpcUrls:1"] = "https://b.example",
            ["Chains:0:PositionManager"] = "0xC36442b4a4522E871399CD717aBDD847Ab11FE88",
            ["Chains:0:Factory"] = "0x1F98431c8aD98523631AE4a59f267346ea31F984",
            ["Chains:0:ExplorerTxUrlTemplate"] = "https://arbiscan.io/tx/{hash}",
        });
        var c = Assert.Single(o.Chains);
        Assert.Equal(["https://a.example", "https://b.example"], c.RpcUrls);
        Assert.True(new ChainsOptionsValidator().Validate(null, o).Succeeded);
    }

    [Fact]
    public void Chains_BadEntries_ErrorsNameTheKey()
    {
        var o = Bind(new()
        {
            ["Chains:0:Id"] = "1",
            ["Chains:0:Name"] = "mainnet",
            ["Chains:0:RpcUrls:0"] = "https://ok.example",
            ["Chains:0:PositionManager"] = "0xC36442b4a4522E871399CD717aBDD847Ab11FE88",
            ["Chains:0:Factory"] = "0x1F98431c8aD98523631AE4a59f267346ea31F984",
            ["Chains:1:Id"] = "1",
            ["Chains:1:Name"] = "MAINNET",
            ["Chains:1:RpcUrls:0"] = "ftp://secret-key@node",
            ["Chains:1:ExplorerTxUrlTemplate"] = "https://explorer.example/tx/",
            ["Chains:1:ConfirmationDepth"] = "-1",
            ["Chains:1:SequencerUptimeFeed"] = "0x123",
            ["Chains:1:V2Pairs:0"] = "nope",
            ["Chains:1:PricingPools:0"] = "0xabc",
        });
        var r = new ChainsOptionsValidator().Validate(null, o);
        Assert.True(r.Failed);
        var text = r.FailureMessage;
        foreach (var key in new[]
        {
            "Chains:1:Id 1 is listed twice", "Chains:1:Name 'MAINNET' is used by another chain", "Chains:1:RpcUrls:0 must be an absolute http(s) URL",
            "Chains:1:ExplorerTxUrlTemplate", "Chains:1:ConfirmationDepth", "Chains:1:SequencerUptimeFeed", "Chains:1:V2Pairs:0", "Chains:1:PricingPools:0 must be a 0x-prefixed 20-byte address, got '0xabc'", "Chains:1: without a DeploymentFile",
        })
        {
            Assert.Contains(key, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("secret-key", text, StringComparison.Ordinal); // URLs may carry API keys
        Assert.DoesNotContain("Chains:0", text, StringComparison.Ordinal);
    }

    private static ChainsOptions Bind(Dictionary<string, string?> values)
    {
        var o = new ChainsOptions();
        ChainsOptions.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), o);
        return o;
    }
}
