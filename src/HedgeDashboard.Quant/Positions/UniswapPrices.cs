using System.Numerics;

namespace HedgeDashboard.Quant.Positions;

/// <summary>
/// Human prices (token1 per token0, e.g. USDC per WETH) from and to Uniswap v3 units.
/// Raw price = human price * 10^(decimals1 - decimals0); sqrtPriceX96 = floor(sqrt(raw) * 2^96).
/// </summary>
public static class UniswapPrices
{
    private static readonly BigInteger Q192 = BigInteger.One << 192;

    /// <summary>The human price of a sqrtPriceX96, from the exact rational value rounded once to double.</summary>
    public static double SqrtPriceX96ToPrice(BigInteger sqrtPriceX96, int decimals0, int decimals1)
    {
        if (sqrtPriceX96.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sqrtPriceX96), sqrtPriceX96, "sqrtPriceX96 must be positive.");
        }

        var numerator = sqrtPriceX96 * sqrtPriceX96;
        var denominator = Q192;
        var shift = decimals0 - decimals1;
        if (shift >= 0)
        {
            numerator *= BigInteger.Pow(10, shift);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -shift);
        }

        return Divide(numerator, denominator);
    }

    /// <summary>floor(sqrt(price * 10^(decimals1 - decimals0)) * 2^96), exact for a decimal price.</summary>
    public static BigInteger PriceToSqrtPriceX96(decimal price, int decimals0, int decimals1)
    {
        if (price <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "The price must be positive.");
        }

        // decimal is mantissa / 10^scale exactly.
        var bits = decimal.GetBits(price);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = (new BigInteger((uint)bits[2]) << 64) | (new BigInteger((uint)bits[1]) << 32) | new BigInteger((uint)bits[0]);
        var numerator = mantissa * Q192;
        var exponent = decimals1 - decimals0 - scale;
        var denominator = BigInteger.One;
        if (exponent >= 0)
        {
            numerator *= BigInteger.Pow(10, exponent);
        }
        else
        {
            denominator = BigInteger.Pow(10, -exponent);
        }

        // floor(sqrt(a/b)) == floor(sqrt(floor(a/b))) for non-negative a, b.
        return IntegerSqrt(numerator / denominator);
    }

    /// <summary>Human price at a tick: 1.0001^tick * 10^(decimals0 - decimals1).</summary>
    public static double TickToPrice(int tick, int decimals0, int decimals1)
    {
        if (tick < TickMath.MinTick || tick > TickMath.MaxTick)
        {
            throw new ArgumentOutOfRangeException(nameof(tick), tick, $"A tick must be in [{TickMath.MinTick}, {TickMath.MaxTick}].");
        }

        return Math.Exp((tick * TickMath.Ln10001) + ((decimals0 - decimals1) * Math.Log(10)));
    }

    /// <summary>The greatest tick whose price is at or below <paramref name="price"/>, as the pool would report it.</summary>
    public static int PriceToTick(decimal price, int decimals0, int decimals1) =>
        TickMath.GetTickAtSqrtRatio(PriceToSqrtPriceX96(price, decimals0, decimals1));

    public static BigInteger IntegerSqrt(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value.Sign, nameof(value));
        if (value < 2)
        {
            return value;
        }

        // Newton from a power of two above the root; decreases monotonically to floor(sqrt).
        var x = BigInteger.One << (int)((value.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (value / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }

    // Rounds the quotient once: scale to 64 significant bits, then one conversion.
    private static double Divide(BigInteger numerator, BigInteger denominator)
    {
        var shift = (int)(denominator.GetBitLength() - numerator.GetBitLength()) + 64;
        var scaled = shift >= 0 ? (numerator << shift) / denominator : numerator / (denominator << -shift);
        return Math.ScaleB((double)scaled, -shift);
    }
}
