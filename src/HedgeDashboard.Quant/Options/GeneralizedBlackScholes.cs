namespace HedgeDashboard.Quant.Options;

/// <summary>
/// The generalized Black-Scholes-Merton model with cost of carry b (Haug, The Complete Guide to Option
/// Pricing Formulas, 2nd ed., section 1.1.6): b = r is Black-Scholes, b = r - q is Merton, b = 0 is Black-76
/// with the forward as the underlying. Public entry points are <see cref="BlackScholes"/> and <see cref="Black76"/>.
/// </summary>
internal static class GeneralizedBlackScholes
{
    public static double Price(OptionRight right, double underlying, double strike, double years, double rate, double carry, double volatility)
    {
        Validate(underlying, strike, years, rate, carry);
        RequireVolatility(volatility, allowZero: true);
        return PriceUnchecked(right, underlying, strike, years, rate, carry, volatility);
    }

    public static OptionGreeks Greeks(OptionRight right, double underlying, double strike, double years, double rate, double carry, double volatility)
    {
        Validate(underlying, strike, years, rate, carry);
        RequireVolatility(volatility, allowZero: false);
        var sqrtT = Math.Sqrt(years);
        var d1 = (Math.Log(underlying / strike) + ((carry + (volatility * volatility / 2)) * years)) / (volatility * sqrtT);
        var d2 = d1 - (volatility * sqrtT);
        var carryFactor = Math.Exp((carry - rate) * years);
        var discount = Math.Exp(-rate * years);
        var density = NormalDistribution.Pdf(d1);
        var gamma = carryFactor * density / (underlying * volatility * sqrtT);
        var vega = underlying * carryFactor * density * sqrtT;
        var decay = -underlying * carryFactor * density * volatility / (2 * sqrtT);
        if (right == OptionRight.Call)
        {
            var nd1 = NormalDistribution.Cdf(d1);
            var nd2 = NormalDistribution.Cdf(d2);
            var price = (underlying * carryFactor * nd1) - (strike * discount * nd2);
            var theta = decay - ((carry - rate) * underlying * carryFactor * nd1) - (rate * strike * discount * nd2);
            return new OptionGreeks(price, carryFactor * nd1, gamma, vega, theta);
        }
        else
        {
            var nd1 = NormalDistribution.Cdf(-d1);
            var nd2 = NormalDistribution.Cdf(-d2);
            var price = (strike * discount * nd2) - (underlying * carryFactor * nd1);
            var theta = decay + ((carry - rate) * underlying * carryFactor * nd1) + (rate * strike * discount * nd2);
            return new OptionGreeks(price, -carryFactor * nd1, gamma, vega, theta);
        }
    }

    /// <summary>Call minus put: e^(-rT) (F - K) with F = S e^(bT).</summary>
    public static double CallMinusPut(double underlying, double strike, double years, double rate, double carry)
    {
        Validate(underlying, strike, years, rate, carry);
        return Math.Exp(-rate * years) * ((underlying * Math.Exp(carry * years)) - strike);
    }

    /// <summary>
    /// The volatility at which the model gives <paramref name="price"/>, by Brent's method on [0, hi] where hi
    /// doubles from 1 until it brackets the root. An in-the-money price is first turned into the
    /// out-of-the-money one by parity, so that the root finder works on time value and not on intrinsic value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is not strictly inside its no-arbitrage bounds.</exception>
    public static double ImpliedVolatility(OptionRight right, double price, double underlying, double strike, double years, double rate, double carry)
    {
        Validate(underlying, strike, years, rate, carry);
        if (!double.IsFinite(price))
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "The option price must be finite.");
        }

        var discount = Math.Exp(-rate * years);
        var forward = underlying * Math.Exp(carry * years);
        var intrinsic = discount * Math.Max(right == OptionRight.Call ? forward - strike : strike - forward, 0);
        var ceiling = discount * (right == OptionRight.Call ? forward : strike);
        if (!(price > intrinsic && price < ceiling))
        {
            throw new ArgumentOutOfRangeException(
                nameof(price),
                price,
                $"A {right.ToString().ToLowerInvariant()} price must lie strictly between its no-arbitrage bounds " +
                $"{intrinsic:R} (discounted intrinsic value) and {ceiling:R}; no volatility gives {price:R}.");
        }

        var otm = forward >= strike ? OptionRight.Put : OptionRight.Call;
        var parity = discount * (forward - strike);
        var target = right == otm ? price : right == OptionRight.Call ? price - parity : price + parity;
        double Error(double sigma) => PriceUnchecked(otm, underlying, strike, years, rate, carry, sigma) - target;

        var hi = 1.0;
        var errorHi = Error(hi);
        while (errorHi < 0)
        {
            hi *= 2;
            if (hi > 1e4)
            {
                throw new ArgumentOutOfRangeException(nameof(price), price, $"The price {price:R} needs a volatility above {1e4:R}; it is too close to its upper bound {ceiling:R}.");
            }

            errorHi = Error(hi);
        }

        return RootFinding.Brent(Error, 0, hi, Error(0), errorHi, absoluteTolerance: 1e-15);
    }

    private static double PriceUnchecked(OptionRight right, double underlying, double strike, double years, double rate, double carry, double volatility)
    {
        var discount = Math.Exp(-rate * years);
        var forward = underlying * Math.Exp(carry * years);
        var stdDev = volatility * Math.Sqrt(years);
        if (stdDev == 0)
        {
            return discount * Math.Max(right == OptionRight.Call ? forward - strike : strike - forward, 0);
        }

        var d1 = (Math.Log(forward / strike) / stdDev) + (stdDev / 2);
        var d2 = d1 - stdDev;
        return right == OptionRight.Call
            ? discount * ((forward * NormalDistribution.Cdf(d1)) - (strike * NormalDistribution.Cdf(d2)))
            : discount * ((strike * NormalDistribution.Cdf(-d2)) - (forward * NormalDistribution.Cdf(-d1)));
    }

    private static void Validate(double underlying, double strike, double years, double rate, double carry)
    {
        RequirePositive(underlying, nameof(underlying));
        RequirePositive(strike, nameof(strike));
        RequirePositive(years, nameof(years), " (an option at or past expiry has no model price; settle it on its payoff)");
        if (!double.IsFinite(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The interest rate must be finite.");
        }

        if (!double.IsFinite(carry))
        {
            throw new ArgumentOutOfRangeException(nameof(carry), carry, "The cost of carry (dividend yield) must be finite.");
        }
    }

    private static void RequireVolatility(double volatility, bool allowZero)
    {
        if (!double.IsFinite(volatility) || volatility < 0 || (volatility == 0 && !allowZero))
        {
            throw new ArgumentOutOfRangeException(nameof(volatility), volatility, allowZero
                ? "The volatility must be finite and non-negative."
                : "The volatility must be finite and positive (the Greeks are undefined at zero volatility).");
        }
    }

    private static void RequirePositive(double value, string name, string why = "")
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite{why}.");
        }
    }
}
