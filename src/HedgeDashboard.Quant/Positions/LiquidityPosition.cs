namespace HedgeDashboard.Quant.Positions;

/// <summary>
/// A constant-product liquidity position with liquidity L on the price range [Lower, Upper]
/// (Uniswap v3). Full range (Uniswap v2) is Lower = 0, Upper = +infinity: the same formulas then
/// reduce to x = L/sqrt(P), y = L*sqrt(P). Prices are token1 per token0.
/// </summary>
public sealed record LiquidityPosition
{
    public LiquidityPosition(double liquidity, double lower, double upper)
    {
        if (!double.IsFinite(liquidity) || liquidity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(liquidity), liquidity, "Liquidity must be finite and non-negative.");
        }

        if (double.IsNaN(lower) || lower < 0 || double.IsNaN(upper) || lower >= upper)
        {
            throw new ArgumentException($"The range needs 0 <= lower < upper (got lower={lower}, upper={upper}).");
        }

        Liquidity = liquidity;
        Lower = lower;
        Upper = upper;
        SqrtLower = Math.Sqrt(lower);
        SqrtUpper = Math.Sqrt(upper);
    }

    public double Liquidity { get; }

    public double Lower { get; }

    public double Upper { get; }

    public bool IsFullRange => Lower == 0 && double.IsPositiveInfinity(Upper);

    private double SqrtLower { get; }

    private double SqrtUpper { get; }

    /// <summary>A full-range (v2) position.</summary>
    public static LiquidityPosition FullRange(double liquidity) => new(liquidity, 0, double.PositiveInfinity);

    /// <summary>
    /// The position that deposits <paramref name="amount0"/> of token0 at <paramref name="price"/> plus the
    /// token1 the range requires. Below the range the deposit is token0 only; at or above it no token0 can go in.
    /// </summary>
    public static LiquidityPosition FromAmount0(double price, double amount0, double lower, double upper)
    {
        RequirePositive(price, nameof(price));
        if (!double.IsFinite(amount0) || amount0 <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount0), amount0, "amount0 must be positive and finite.");
        }

        var unit = new LiquidityPosition(1, lower, upper);
        var perUnit = unit.AmountsAt(price).Amount0;
        if (perUnit <= 0)
        {
            throw new ArgumentException($"At price {price} (at or above the upper bound {upper}) a position holds no token0, so it cannot be opened with token0.");
        }

        return new LiquidityPosition(amount0 / perUnit, lower, upper);
    }

    /// <summary>
    /// The most liquidity that <paramref name="amount0"/> and <paramref name="amount1"/> can fund at
    /// <paramref name="price"/>: the smaller of the two liquidities, as Uniswap's LiquidityAmounts does.
    /// </summary>
    public static LiquidityPosition FromAmounts(double price, double amount0, double amount1, double lower, double upper)
    {
        RequirePositive(price, nameof(price));
        var unit = new LiquidityPosition(1, lower, upper).AmountsAt(price);
        var fromAmount0 = unit.Amount0 > 0 ? amount0 / unit.Amount0 : double.PositiveInfinity;
        var fromAmount1 = unit.Amount1 > 0 ? amount1 / unit.Amount1 : double.PositiveInfinity;
        return new LiquidityPosition(Math.Min(fromAmount0, fromAmount1), lower, upper);
    }

    /// <summary>The position worth <paramref name="value"/> token1 at <paramref name="price"/>.</summary>
    public static LiquidityPosition FromValue(double price, double value, double lower, double upper)
    {
        RequirePositive(price, nameof(price));
        RequirePositive(value, nameof(value));
        var unit = new LiquidityPosition(1, lower, upper);
        return new LiquidityPosition(value / unit.ValueAt(price), lower, upper);
    }

    /// <summary>Token amounts held at <paramref name="price"/> (Uniswap v3 whitepaper, eq. 6.29-6.30).</summary>
    public TokenAmounts AmountsAt(double price)
    {
        RequirePositive(price, nameof(price));
        var s = Math.Clamp(Math.Sqrt(price), SqrtLower, SqrtUpper);
        // 1/sqrt(Upper) is 0 for full range; s is never 0 because price > 0.
        return new TokenAmounts(Liquidity * ((1 / s) - (1 / SqrtUpper)), Liquidity * (s - SqrtLower));
    }

    /// <summary>Value in token1: V = x*P + y.</summary>
    public double ValueAt(double price) => AmountsAt(price).ValueAt(price);

    /// <summary>dV/dP, which equals the token0 amount x(P).</summary>
    public double DeltaAt(double price) => AmountsAt(price).Amount0;

    /// <summary>d2V/dP2 = -L/(2*P^1.5) strictly inside the range, 0 outside.</summary>
    public double GammaAt(double price) => IsInside(price) ? -Liquidity / (2 * price * Math.Sqrt(price)) : 0;

    /// <summary>
    /// Loss-versus-rebalancing rate (Milionis et al. 2022): sigma^2/2 * P^2 * |dx/dP|, which is
    /// sigma^2/4 * L * sqrt(P) inside the range and 0 outside. Units: token1 per the time unit of
    /// <paramref name="volatility"/> (annual volatility gives token1 per year).
    /// </summary>
    public double LvrRate(double price, double volatility) =>
        IsInside(price) ? volatility * volatility / 4 * Liquidity * Math.Sqrt(price) : 0;

    /// <summary>IL against holding the amounts deposited at <paramref name="entryPrice"/>: V(P)/H(P) - 1.</summary>
    public double ImpermanentLossAt(double entryPrice, double price) =>
        (ValueAt(price) / AmountsAt(entryPrice).ValueAt(price)) - 1;

    public bool IsInside(double price) => price > Lower && price < Upper;

    private static void RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }
}
