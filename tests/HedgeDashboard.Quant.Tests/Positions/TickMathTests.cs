using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Positions;

public class TickMathTests
{
    // Vectors from Uniswap v3-core's TickMath tests (MIN/MAX_SQRT_RATIO are the contract's constants).
    [Theory]
    [InlineData(TickMath.MinTick, "4295128739")]
    [InlineData(TickMath.MinTick + 1, "4295343490")]
    [InlineData(TickMath.MaxTick - 1, "1461373636630004318706518188784493106690254656249")]
    [InlineData(TickMath.MaxTick, "1461446703485210103287273052203988822378723970342")]
    [InlineData(0, "79228162514264337593543950336")]
    [InlineData(-50, "79030349367926598376800521322")]
    [InlineData(50, "79426470787362580746886972461")]
    public void GetSqrtRatioAtTick_ContractVector_MatchesExactly(int tick, string expected)
    {
        Assert.Equal(BigInteger.Parse(expected, CultureInfo.InvariantCulture), TickMath.GetSqrtRatioAtTick(tick));
    }

    [Theory]
    [InlineData(TickMath.MinTick - 1)]
    [InlineData(TickMath.MaxTick + 1)]
    public void GetSqrtRatioAtTick_OutsideTickRange_Throws(int tick)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TickMath.GetSqrtRatioAtTick(tick));
    }

    [Fact]
    public void GetTickAtSqrtRatio_Extremes_MatchContract()
    {
        Assert.Equal(TickMath.MinTick, TickMath.GetTickAtSqrtRatio(TickMath.MinSqrtRatio));
        Assert.Equal(TickMath.MinTick, TickMath.GetTickAtSqrtRatio(TickMath.MinSqrtRatio + 1));
        Assert.Equal(TickMath.MaxTick - 1, TickMath.GetTickAtSqrtRatio(TickMath.MaxSqrtRatio - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TickMath.GetTickAtSqrtRatio(TickMath.MaxSqrtRatio));
        Assert.Throws<ArgumentOutOfRangeException>(() => TickMath.GetTickAtSqrtRatio(TickMath.MinSqrtRatio - 1));
    }

    [Fact]
    public void GetTickAtSqrtRatio_AnyTick_IsGreatestTickAtOrBelow()
    {
        var ticks = Gen.Choose(TickMath.MinTick, TickMath.MaxTick - 1).ToArbitrary();
        Check.QuickThrowOnFailure(Prop.ForAll(ticks, tick =>
        {
            var ratio = TickMath.GetSqrtRatioAtTick(tick);
            var next = TickMath.GetSqrtRatioAtTick(tick + 1);
            return TickMath.GetTickAtSqrtRatio(ratio) == tick
                && TickMath.GetTickAtSqrtRatio(next - 1) == tick
                && ratio < next;
        }));
    }

    // STACK.md: WETH (18 decimals, token0) / USDC (6, token1) at 3000 USDC per WETH, checked on anvil
    // with the v3 periphery contracts.
    [Fact]
    public void PriceToSqrtPriceX96_WethUsdcAt3000_MatchesPoolInitialisation()
    {
        var sqrt = UniswapPrices.PriceToSqrtPriceX96(3000m, 18, 6);

        Assert.Equal(BigInteger.Parse("4339505179874779489431521", CultureInfo.InvariantCulture), sqrt);
        Assert.Equal(-196257, TickMath.GetTickAtSqrtRatio(sqrt));
        Assert.Equal(-196257, UniswapPrices.PriceToTick(3000m, 18, 6));
    }

    [Fact]
    public void SqrtPriceX96ToPrice_RoundTripOfDecimalPrice_IsWithinSqrtFloorError()
    {
        var sqrt = UniswapPrices.PriceToSqrtPriceX96(3000m, 18, 6);

        // The floor on a ~82-bit integer loses at most 2 parts in 2^81 of the price.
        Assert.Equal(3000, UniswapPrices.SqrtPriceX96ToPrice(sqrt, 18, 6), 1e-9);
    }

    [Theory]
    [InlineData(TickMath.MinTick)]
    [InlineData(-196257)]
    [InlineData(0)]
    [InlineData(123456)]
    [InlineData(TickMath.MaxTick)]
    public void TickToPrice_FullRange_MatchesSqrtRatioSquared(int tick)
    {
        var fromTick = UniswapPrices.TickToPrice(tick, 0, 0);
        var fromSqrt = UniswapPrices.SqrtPriceX96ToPrice(TickMath.GetSqrtRatioAtTick(tick), 0, 0);

        // The contract's sqrt ratio is rounded to an integer: at MIN_TICK it has only ~32 bits.
        var tolerance = tick == TickMath.MinTick ? 1e-9 : 1e-12;
        Assert.InRange(fromTick / fromSqrt, 1 - tolerance, 1 + tolerance);
    }

    [Fact]
    public void TickToPrice_Decimals_ScalesByPowerOfTen()
    {
        Assert.Equal(1, UniswapPrices.TickToPrice(0, 18, 6) / 1e12, 1e-14);
        Assert.Equal(3000, UniswapPrices.TickToPrice(-196257, 18, 6), 0.31);
    }

    [Fact]
    public void IntegerSqrt_PerfectSquaresAndNeighbours_Floors()
    {
        var big = BigInteger.Pow(10, 40) + 12345;
        Assert.Equal(big, UniswapPrices.IntegerSqrt(big * big));
        Assert.Equal(big - 1, UniswapPrices.IntegerSqrt((big * big) - 1));
        Assert.Equal(BigInteger.Zero, UniswapPrices.IntegerSqrt(0));
        Assert.Equal(BigInteger.One, UniswapPrices.IntegerSqrt(3));
    }
}
