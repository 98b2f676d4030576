using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Positions;

public class V3KnownAnswerTests
{
    // Atis Elsts, "Liquidity Math in Uniswap v3" (technical note), example 1: providing 2 ETH at
    // P = 2000 on [1500, 2500] needs y = 5076.10 USDC.
    [Fact]
    public void FromAmount0_ElstsExample1_NeedsY5076_10()
    {
        var position = LiquidityPosition.FromAmount0(2000, 2, 1500, 2500);
        var amounts = position.AmountsAt(2000);

        Assert.Equal(2, amounts.Amount0, 1e-12);
        Assert.Equal(5076.10, amounts.Amount1, 0.005);
    }

    // Same note, example 2: 2 ETH and 4000 USDC at P = 2000 with upper bound 3000 put the lower bound at 1333.33.
    [Fact]
    public void LowerBound_ElstsExample2_Is1333_33()
    {
        const double price = 2000, upper = 3000, x = 2, y = 4000;
        var liquidity = x * Math.Sqrt(price) * Math.Sqrt(upper) / (Math.Sqrt(upper) - Math.Sqrt(price));
        var sqrtLower = Math.Sqrt(price) - (y / liquidity);

        Assert.Equal(1333.33, sqrtLower * sqrtLower, 0.005);
        Assert.Equal(y, LiquidityPosition.FromAmount0(price, x, sqrtLower * sqrtLower, upper).AmountsAt(price).Amount1, 1e-9);
    }

    // Same note, example 3: that position (the note carries p_a = 1333.33 and takes the smaller of the
    // two liquidities, as the periphery's LiquidityAmounts does) holds x = 0.85 ETH, y = 6572.89 USDC at 2500.
    [Fact]
    public void FromAmounts_ElstsExample3_Gives0_85EthAnd6572_89Usdc()
    {
        var position = LiquidityPosition.FromAmounts(2000, 2, 4000, 1333.33, 3000);
        var at2500 = position.AmountsAt(2500);

        Assert.Equal(0.85, at2500.Amount0, 0.005);
        Assert.Equal(6572.89, at2500.Amount1, 0.005);
    }

    [Fact]
    public void FromAmounts_MoreToken1ThanNeeded_UsesToken0Liquidity()
    {
        var exact = LiquidityPosition.FromAmount0(2000, 2, 1500, 2500);

        Assert.Equal(exact.Liquidity, LiquidityPosition.FromAmounts(2000, 2, 1e9, 1500, 2500).Liquidity, 1e-9);
    }

    // Falkenblog, "Deriving Uniswap v3 from v2" (2022), table 1: liquidity 1000 holds 20 ETH and
    // 50,000 USD at 2500, and 19.61 ETH and 51,000 USD at 2601 (x = L/sqrt(P), y = L*sqrt(P)).
    [Theory]
    [InlineData(2500, 20.00, 50_000)]
    [InlineData(2601, 19.61, 51_000)]
    public void AmountsAt_FalkenblogLiquidity1000_MatchesTable(double price, double eth, double usd)
    {
        var amounts = LiquidityPosition.FullRange(1000).AmountsAt(price);

        Assert.Equal(eth, amounts.Amount0, 0.005);
        Assert.Equal(usd, amounts.Amount1, 1e-6);
    }

    [Fact]
    public void AmountsAt_OutsideRange_HoldsOneToken()
    {
        var position = new LiquidityPosition(100, 1600, 2500);

        Assert.Equal(new TokenAmounts(100 * ((1 / 40.0) - (1 / 50.0)), 0), position.AmountsAt(1000));
        Assert.Equal(new TokenAmounts(0, 100 * (50.0 - 40.0)), position.AmountsAt(4000));
    }

    [Fact]
    public void Greeks_InsideAndOutsideRange_FollowDesignFormulas()
    {
        var position = new LiquidityPosition(100, 1600, 2500);

        Assert.Equal(100 * ((1 / 45.0) - (1 / 50.0)), position.DeltaAt(2025), 1e-15);
        Assert.Equal(-100 / (2 * Math.Pow(2025, 1.5)), position.GammaAt(2025), 1e-18);
        Assert.Equal(0, position.GammaAt(1000));
        Assert.Equal(0, position.DeltaAt(4000));
    }

    [Fact]
    public void GammaAt_NumericSecondDerivative_Agrees()
    {
        var position = new LiquidityPosition(250, 1500, 2500);
        const double p = 2000, h = 0.01;

        var numeric = (position.ValueAt(p + h) - (2 * position.ValueAt(p)) + position.ValueAt(p - h)) / (h * h);
        Assert.Equal(position.GammaAt(p), numeric, 1e-6);
        Assert.Equal(position.DeltaAt(p), (position.ValueAt(p + h) - position.ValueAt(p - h)) / (2 * h), 1e-8);
    }

    // DESIGN.md: a full-range LP loses sigma^2/8 * V per unit time.
    [Fact]
    public void LvrRate_FullRange_IsSigmaSquaredOver8TimesValue()
    {
        var position = LiquidityPosition.FullRange(1000);

        Assert.Equal(0.8 * 0.8 / 8 * position.ValueAt(2500), position.LvrRate(2500, 0.8), 1e-9);
        Assert.Equal(0, new LiquidityPosition(1000, 1000, 2000).LvrRate(2500, 0.8));
    }

    [Fact]
    public void FromAmount0_PriceAtOrAboveUpper_Throws()
    {
        Assert.Throws<ArgumentException>(() => LiquidityPosition.FromAmount0(2500, 1, 1500, 2500));
    }

    [Fact]
    public void Constructor_LowerNotBelowUpper_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LiquidityPosition(1, 2000, 2000));
        Assert.Throws<ArgumentException>(() => new LiquidityPosition(1, 2500, 2000));
    }

    [Fact]
    public void FromValue_AnyRange_HasRequestedValue()
    {
        Assert.Equal(10_000, LiquidityPosition.FromValue(131.8, 10_000, 105, 158).ValueAt(131.8), 1e-9);
    }
}
