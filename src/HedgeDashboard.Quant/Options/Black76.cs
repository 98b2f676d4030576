namespace HedgeDashboard.Quant.Options;

/// <summary>
/// Black (1976) for European options on a forward or future F, discounted at r: the model for crypto
/// options, which settle against an index whose forward is the perpetual's or future's price.
/// </summary>
public static class Black76
{
    public static double Price(OptionRight right, double forward, double strike, double years, double rate, double volatility) =>
        GeneralizedBlackScholes.Price(right, forward, strike, years, rate, 0, volatility);

    /// <summary>Price and Greeks; Delta and Gamma are with respect to the forward.</summary>
    public static OptionGreeks Greeks(OptionRight right, double forward, double strike, double years, double rate, double volatility) =>
        GeneralizedBlackScholes.Greeks(right, forward, strike, years, rate, 0, volatility);

    /// <summary>Put-call parity: C - P = e^(-rT) (F - K).</summary>
    public static double CallMinusPut(double forward, double strike, double years, double rate) =>
        GeneralizedBlackScholes.CallMinusPut(forward, strike, years, rate, 0);

    /// <summary>
    /// The volatility that reproduces <paramref name="price"/> (Brent's method, bracketed, to about 1e-12 in price terms).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A non-finite price, or one outside the no-arbitrage bounds (below the discounted intrinsic value, or at or
    /// above the discounted forward for a call, the discounted strike for a put); the message gives the bounds.
    /// </exception>
    public static double ImpliedVolatility(OptionRight right, double price, double forward, double strike, double years, double rate) =>
        GeneralizedBlackScholes.ImpliedVolatility(right, price, forward, strike, years, rate, 0);
}
