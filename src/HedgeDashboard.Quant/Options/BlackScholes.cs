namespace HedgeDashboard.Quant.Options;

/// <summary>
/// Black-Scholes(-Merton) for European options on a spot asset with a continuous dividend (or lending)
/// yield q; q = 0 is plain Black-Scholes. Times in years, rates and volatility per year, continuous compounding.
/// </summary>
public static class BlackScholes
{
    public static double Price(OptionRight right, double spot, double strike, double years, double rate, double volatility, double dividendYield = 0) =>
        GeneralizedBlackScholes.Price(right, spot, strike, years, rate, rate - dividendYield, volatility);

    /// <summary>Price and Greeks; Delta and Gamma are with respect to the spot.</summary>
    public static OptionGreeks Greeks(OptionRight right, double spot, double strike, double years, double rate, double volatility, double dividendYield = 0) =>
        GeneralizedBlackScholes.Greeks(right, spot, strike, years, rate, rate - dividendYield, volatility);

    /// <summary>Put-call parity: C - P = S e^(-qT) - K e^(-rT).</summary>
    public static double CallMinusPut(double spot, double strike, double years, double rate, double dividendYield = 0) =>
        GeneralizedBlackScholes.CallMinusPut(spot, strike, years, rate, rate - dividendYield);

    /// <inheritdoc cref="Black76.ImpliedVolatility"/>
    public static double ImpliedVolatility(OptionRight right, double price, double spot, double strike, double years, double rate, double dividendYield = 0) =>
        GeneralizedBlackScholes.ImpliedVolatility(right, price, spot, strike, years, rate, rate - dividendYield);
}
