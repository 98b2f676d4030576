using System.Numerics;

namespace HedgeDashboard.Quant.Positions;

/// <summary>
/// The raw token amounts a Uniswap v3 position's liquidity is worth at a pool state, exactly as the pool pays them on
/// burn (decreaseLiquidity): SqrtPriceMath.getAmount0Delta / getAmount1Delta rounded down, the side chosen by the pool's
/// current tick (slot0.tick), not by the price.
/// </summary>
public static class PositionAmounts
{
    private const int Resolution = 96;

    public static (BigInteger Amount0, BigInteger Amount1) AtState(BigInteger sqrtPriceX96, int tick, int tickLower, int tickUpper, BigInteger liquidity)
    {
        if (tickLower >= tickUpper)
        {
            throw new ArgumentException($"tickLower {tickLower} must be below tickUpper {tickUpper}.", nameof(tickLower));
        }

        if (liquidity.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(liquidity), liquidity, "Liquidity cannot be negative.");
        }

        var sqrtLower = TickMath.GetSqrtRatioAtTick(tickLower);
        var sqrtUpper = TickMath.GetSqrtRatioAtTick(tickUpper);
        if (tick < tickLower)
        {
            return (Amount0Delta(sqrtLower, sqrtUpper, liquidity), BigInteger.Zero);
        }

        return tick < tickUpper
            ? (Amount0Delta(sqrtPriceX96, sqrtUpper, liquidity), Amount1Delta(sqrtLower, sqrtPriceX96, liquidity))
            : (BigInteger.Zero, Amount1Delta(sqrtLower, sqrtUpper, liquidity));
    }

    /// <summary>floor(floor(L * 2^96 * (sqrtB - sqrtA) / sqrtB) / sqrtA), as getAmount0Delta(roundUp = false).</summary>
    public static BigInteger Amount0Delta(BigInteger sqrtA, BigInteger sqrtB, BigInteger liquidity)
    {
        if (sqrtA > sqrtB)
        {
            (sqrtA, sqrtB) = (sqrtB, sqrtA);
        }

        return ((liquidity << Resolution) * (sqrtB - sqrtA) / sqrtB) / sqrtA;
    }

    /// <summary>floor(L * (sqrtB - sqrtA) / 2^96), as getAmount1Delta(roundUp = false).</summary>
    public static BigInteger Amount1Delta(BigInteger sqrtA, BigInteger sqrtB, BigInteger liquidity)
    {
        if (sqrtA > sqrtB)
        {
            (sqrtA, sqrtB) = (sqrtB, sqrtA);
        }

        return (liquidity * (sqrtB - sqrtA)) >> Resolution;
    }
}
