using System.Globalization;
using System.Numerics;

namespace HedgeDashboard.Workers.Book;

/// <summary>A Uniswap v2 liquidity-token balance in pair terms.</summary>
public static class V2Math
{
    /// <summary>
    /// What UniswapV2Pair.burn pays for <paramref name="balance"/> liquidity tokens: balance x reserve / totalSupply,
    /// rounded down, per token (burn reads the pair's token balances, which equal the reserves after every mint, burn,
    /// swap and sync; the protocol fee is off unless the factory's feeTo is set).
    /// </summary>
    public static (BigInteger Amount0, BigInteger Amount1) Amounts(BigInteger balance, BigInteger reserve0, BigInteger reserve1, BigInteger totalSupply) =>
        totalSupply.IsZero ? (BigInteger.Zero, BigInteger.Zero) : (balance * reserve0 / totalSupply, balance * reserve1 / totalSupply);

    /// <summary>
    /// The full-range liquidity L = sqrt(x y) of the balance's share, in human units (the v3 convention: raw / 10^((d0 + d1) / 2)),
    /// so a v2 position is scored as a full-range position. 0 without reserves.
    /// </summary>
    public static double Human(BigInteger balance, BigInteger? reserve0, BigInteger? reserve1, BigInteger? totalSupply, int decimals0, int decimals1)
    {
        if (reserve0 is not { } r0 || reserve1 is not { } r1 || totalSupply is not { } ts || ts.IsZero)
        {
            return 0;
        }

        var share = (double)balance / (double)ts;
        return share * Math.Sqrt((double)r0) * Math.Sqrt((double)r1) / Math.Pow(10, (decimals0 + decimals1) / 2.0);
    }

    /// <summary>
    /// The trade that moves a v2 pair to about <paramref name="rawPrice"/> raw token1 per raw token0 (the simulator's):
    /// the reserve of the token paid in goes to sqrt(k x p) or sqrt(k / p), grossed up by the 0.3 % fee, and the amount
    /// out is the pair's own getAmountOut, so swap() accepts it. Null when the pair is empty or already within 0.01 %.
    /// </summary>
    public static (bool ZeroIn, BigInteger AmountIn, BigInteger AmountOut)? TradeTo(BigInteger reserve0, BigInteger reserve1, double rawPrice)
    {
        if (reserve0.IsZero || reserve1.IsZero || !(rawPrice > 0) || !double.IsFinite(rawPrice))
        {
            return null;
        }

        var (r0, r1) = ((double)reserve0, (double)reserve1);
        var target0 = Math.Sqrt(r0 * r1 / rawPrice);
        if (Math.Abs((target0 / r0) - 1) < 1e-4)
        {
            return null;
        }

        var zeroIn = target0 > r0; // paying token0 in lowers token1 per token0
        var (reserveIn, reserveOut) = zeroIn ? (reserve0, reserve1) : (reserve1, reserve0);
        var amountIn = new BigInteger((zeroIn ? target0 - r0 : (r0 * r1 / target0) - r1) * 1000 / 997);
        var amountOut = amountIn * 997 * reserveOut / ((reserveIn * 1000) + (amountIn * 997));
        return (zeroIn, amountIn, amountOut);
    }

    /// <summary>
    /// num / den x 10^<paramref name="shift"/> as a decimal to about 27 significant digits (rounded down), e.g. token1 per
    /// token0 in whole tokens from raw reserves (shift = decimals0 - decimals1); null when not positive or outside
    /// [1e-18, 1e18], what a price path carries.
    /// </summary>
    public static decimal? Ratio(BigInteger num, BigInteger den, int shift)
    {
        if (num.Sign <= 0 || den.Sign <= 0)
        {
            return null;
        }

        // Magnitude within one digit, then a scale that leaves the result below 10^27 (decimal holds 28 digits).
        var magnitude = num.ToString(CultureInfo.InvariantCulture).Length - den.ToString(CultureInfo.InvariantCulture).Length + shift;
        if (magnitude > 19 || magnitude < -19)
        {
            return null;
        }

        var scale = Math.Clamp(26 - magnitude, 0, 28);
        var exponent = shift + scale;
        var scaled = exponent >= 0 ? num * BigInteger.Pow(10, exponent) / den : num / (den * BigInteger.Pow(10, -exponent));
        if (scaled < (scale >= 18 ? BigInteger.Pow(10, scale - 18) : BigInteger.One) || scaled > BigInteger.Pow(10, scale + 18))
        {
            return null;
        }

        return (decimal)scaled / Pow10(scale);
    }

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }
}
