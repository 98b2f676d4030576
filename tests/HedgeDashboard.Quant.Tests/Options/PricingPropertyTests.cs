using HedgeDashboard.Quant.Options;

namespace HedgeDashboard.Quant.Tests.Options;

public class PricingPropertyTests
{
    private static readonly double[] Moneyness = [0.5, 0.7, 0.85, 0.95, 1.0, 1.05, 1.2, 1.5, 2.0];
    private static readonly double[] Expiries = [1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 1, 3];
    private static readonly double[] Volatilities = [0.05, 0.2, 0.5, 0.8, 1.5];

    [Fact]
    public void PutCallParity_AcrossGrid_HoldsTo1e10()
    {
        foreach (var (k, t, v) in Grid())
        {
            var strike = 3000 * k;
            var c = BlackScholes.Price(OptionRight.Call, 3000, strike, t, 0.04, v, dividendYield: 0.01);
            var p = BlackScholes.Price(OptionRight.Put, 3000, strike, t, 0.04, v, dividendYield: 0.01);
            Assert.Equal(BlackScholes.CallMinusPut(3000, strike, t, 0.04, 0.01), c - p, 1e-10);

            var c76 = Black76.Price(OptionRight.Call, 3000, strike, t, 0.04, v);
            var p76 = Black76.Price(OptionRight.Put, 3000, strike, t, 0.04, v);
            Assert.Equal(Black76.CallMinusPut(3000, strike, t, 0.04), c76 - p76, 1e-10);
        }
    }

    [Fact]
    public void ImpliedVolatility_AcrossStrikesExpiriesAndVols_RecoversInput()
    {
        var checkedPoints = 0;
        foreach (var (k, t, v) in Grid())
        {
            foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
            {
                var strike = 3000 * k;
                var g = Black76.Greeks(right, 3000, strike, t, 0.03, v);
                // A price whose time value is below ~1e-9 of the forward carries no volatility information in doubles.
                var timeValue = g.Price - Black76.Price(right, 3000, strike, t, 0.03, 0);
                if (timeValue < 3000 * 1e-9)
                {
                    continue;
                }

                var implied = Black76.ImpliedVolatility(right, g.Price, 3000, strike, t, 0.03);
                // Tolerance from the price's own rounding: a price error of eps*price moves sigma by that over vega.
                var tolerance = Math.Max(1e-9, 1e-13 * g.Price / g.Vega);
                Assert.True(Math.Abs(implied - v) <= tolerance, $"{right} K/F={k} T={t} sigma={v}: implied {implied:R}");
                checkedPoints++;

                var impliedBs = BlackScholes.ImpliedVolatility(right, BlackScholes.Price(right, 3000, strike, t, 0.03, v, 0.01), 3000, strike, t, 0.03, 0.01);
                Assert.True(Math.Abs(impliedBs - v) <= tolerance, $"BS {right} K/F={k} T={t} sigma={v}: implied {impliedBs:R}");
            }
        }

        Assert.True(checkedPoints >= 400, $"only {checkedPoints} grid points had time value");
    }

    [Fact]
    public void Greeks_AgainstCentralFiniteDifferences_Agree()
    {
        foreach (var (k, t, v) in Grid().Where(g => g.Years >= 7.0 / 365 && g.Vol >= 0.2))
        {
            foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
            {
                const double s = 3000, r = 0.04, q = 0.01;
                var strike = s * k;
                var g = BlackScholes.Greeks(right, s, strike, t, r, v, q);
                double P(double spot, double years, double vol) => BlackScholes.Price(right, spot, strike, years, r, vol, q);
                var h = s * 1e-4;
                Assert.Equal(P(s, t, v), g.Price, 1e-9);
                Assert.Equal((P(s + h, t, v) - P(s - h, t, v)) / (2 * h), g.Delta, 1e-6);
                Assert.Equal((P(s + h, t, v) - (2 * P(s, t, v)) + P(s - h, t, v)) / (h * h), g.Gamma, 1e-6);
                Assert.Equal((P(s, t, v + 1e-5) - P(s, t, v - 1e-5)) / 2e-5, g.Vega, 1e-4 * Math.Max(1, g.Vega));
                var dt = t * 1e-5;
                Assert.Equal(-(P(s, t + dt, v) - P(s, t - dt, v)) / (2 * dt), g.Theta, 1e-4 * Math.Max(1, Math.Abs(g.Theta)));
            }
        }
    }

    [Fact]
    public void ImpliedVolatility_PriceBelowIntrinsic_RefusedNamingTheBounds()
    {
        // Deep in-the-money put: F = 100, K = 120, r = 0: worth at least 20.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Black76.ImpliedVolatility(OptionRight.Put, 19.5, 100, 120, 0.5, 0));

        Assert.Equal("price", error.ParamName);
        Assert.Contains("no-arbitrage bounds 20", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OptionRight.Call, 100.0)]
    [InlineData(OptionRight.Call, 150.0)]
    [InlineData(OptionRight.Put, 120.0)]
    [InlineData(OptionRight.Call, 0.0)]
    [InlineData(OptionRight.Put, double.NaN)]
    public void ImpliedVolatility_PriceOutsideBounds_Refused(OptionRight right, double price)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Black76.ImpliedVolatility(right, price, 100, 120, 0.5, 0));

        Assert.Equal("price", error.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 100, 0.5, 0.2, "underlying")]
    [InlineData(-1, 100, 0.5, 0.2, "underlying")]
    [InlineData(100, 0, 0.5, 0.2, "strike")]
    [InlineData(100, double.PositiveInfinity, 0.5, 0.2, "strike")]
    [InlineData(100, 100, 0, 0.2, "years")]
    [InlineData(100, 100, -0.1, 0.2, "years")]
    [InlineData(100, 100, double.NaN, 0.2, "years")]
    [InlineData(100, 100, 0.5, -0.2, "volatility")]
    [InlineData(100, 100, 0.5, double.NaN, "volatility")]
    public void Price_BadInput_RefusedNamingTheArgument(double underlying, double strike, double years, double vol, string param)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Black76.Price(OptionRight.Call, underlying, strike, years, 0.05, vol));
        Assert.Equal(param, error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => BlackScholes.Greeks(OptionRight.Put, underlying, strike, years, 0.05, vol));
    }

    [Fact]
    public void Greeks_ZeroVolatility_Refused_PriceGivesDiscountedIntrinsic()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Black76.Greeks(OptionRight.Call, 100, 90, 1, 0.05, 0));
        Assert.Equal(10 * Math.Exp(-0.05), Black76.Price(OptionRight.Call, 100, 90, 1, 0.05, 0), 1e-12);
    }

    [Fact]
    public void Price_NaNRate_Refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BlackScholes.Price(OptionRight.Call, 100, 100, 1, double.NaN, 0.2));
        Assert.Equal("rate", error.ParamName);
    }

    private static IEnumerable<(double K, double Years, double Vol)> Grid() =>
        from k in Moneyness from t in Expiries from v in Volatilities select (k, t, v);
}
