using System.Globalization;
using System.Numerics;

namespace HedgeDashboard.Quant.Positions;

/// <summary>
/// Uniswap v3 TickMath in exact integer arithmetic: the same results as the contract for every tick.
/// sqrtPriceX96 = sqrt(1.0001^tick) * 2^96 as a Q64.96 number of the raw price (token1 units per token0 unit).
/// </summary>
public static class TickMath
{
    public const int MinTick = -887272;
    public const int MaxTick = 887272;

    public static BigInteger MinSqrtRatio { get; } = new(4295128739);

    public static BigInteger MaxSqrtRatio { get; } = BigInteger.Parse("1461446703485210103287273052203988822378723970342", CultureInfo.InvariantCulture);

    private static readonly BigInteger Uint256Max = (BigInteger.One << 256) - 1;

    // 2^128 / sqrt(1.0001^(2^i)) in Q128.128 for i = 0..19, as in TickMath.sol.
    private static readonly BigInteger[] Factors = Array.ConvertAll(
        [
            "fffcb933bd6fad37aa2d162d1a594001", "fff97272373d413259a46990580e213a", "fff2e50f5f656932ef12357cf3c7fdcc",
            "ffe5caca7e10e4e61c3624eaa0941cd0", "ffcb9843d60f6159c9db58835c926644", "ff973b41fa98c081472e6896dfb254c0",
            "ff2ea16466c96a3843ec78b326b52861", "fe5dee046a99a2a811c461f1969c3053", "fcbe86c7900a88aedcffc83b479aa3a4",
            "f987a7253ac413176f2b074cf7815e54", "f3392b0822b70005940c7a398e4b70f3", "e7159475a2c29b7443b29c7fa6e889d9",
            "d097f3bdfd2022b8845ad8f792aa5825", "a9f746462d870fdf8a65dc1f90e061e5", "70d869a156d2a1b890bb3df62baf32f7",
            "31be135f97d08fd981231505542fcfa6", "9aa508b5b7a84e1c677de54f3e99bc9", "5d6af8dedb81196699c329225ee604",
            "2216e584f5fa1ea926041bedfe98", "48a170391f7dc42444e8fa2",
        ],
        hex => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>getSqrtRatioAtTick: sqrt(1.0001^tick) * 2^96, rounded up as the contract does.</summary>
    public static BigInteger GetSqrtRatioAtTick(int tick)
    {
        if (tick < MinTick || tick > MaxTick)
        {
            throw new ArgumentOutOfRangeException(nameof(tick), tick, $"A tick must be in [{MinTick}, {MaxTick}].");
        }

        var absTick = Math.Abs(tick);
        var ratio = (absTick & 1) != 0 ? Factors[0] : BigInteger.One << 128;
        for (var bit = 1; bit < Factors.Length; bit++)
        {
            if ((absTick & (1 << bit)) != 0)
            {
                ratio = (ratio * Factors[bit]) >> 128;
            }
        }

        if (tick > 0)
        {
            ratio = Uint256Max / ratio;
        }

        // Q128.128 -> Q64.96, rounding up so that GetTickAtSqrtRatio of the result gives the tick back.
        return (ratio >> 32) + ((ratio & uint.MaxValue).IsZero ? 0 : 1);
    }

    /// <summary>
    /// getTickAtSqrtRatio: the greatest tick whose sqrt ratio is &lt;= <paramref name="sqrtPriceX96"/>.
    /// Implemented from that definition (a float estimate corrected against the exact
    /// <see cref="GetSqrtRatioAtTick"/>) rather than the contract's log2 bit tricks; the result is the same.
    /// </summary>
    public static int GetTickAtSqrtRatio(BigInteger sqrtPriceX96)
    {
        if (sqrtPriceX96 < MinSqrtRatio || sqrtPriceX96 >= MaxSqrtRatio)
        {
            throw new ArgumentOutOfRangeException(nameof(sqrtPriceX96), sqrtPriceX96, "sqrtPriceX96 must be in [MIN_SQRT_RATIO, MAX_SQRT_RATIO).");
        }

        var estimate = 2 * (BigInteger.Log(sqrtPriceX96) - (96 * Math.Log(2))) / Ln10001;
        var tick = (int)Math.Clamp(Math.Floor(estimate), MinTick, MaxTick - 1);
        while (GetSqrtRatioAtTick(tick) > sqrtPriceX96)
        {
            tick--;
        }

        while (tick < MaxTick && GetSqrtRatioAtTick(tick + 1) <= sqrtPriceX96)
        {
            tick++;
        }

        return tick;
    }

    /// <summary>ln(1.0001) to double precision (from a 50-digit value).</summary>
    internal const double Ln10001 = 0.000099995000333308335333166680951131063482064401071076;
}
