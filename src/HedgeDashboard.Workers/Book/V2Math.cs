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
}
