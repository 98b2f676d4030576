using HedgeDashboard.Quant.Options;

namespace HedgeDashboard.Quant.Tests.Options;

// Textbook values; the extra digits were recomputed independently (Python, math.erfc) and agree with
// the printed, rounded figures.
public class PricingKnownAnswerTests
{
    // Hull, Options, Futures, and Other Derivatives (10th ed.), Example 15.6: S = 42, K = 40, r = 10 %,
    // sigma = 20 %, T = 0.5 gives c = 4.76 and p = 0.81.
    [Fact]
    public void BlackScholes_HullExample15_6_Call4_76Put0_81()
    {
        var call = BlackScholes.Price(OptionRight.Call, 42, 40, 0.5, 0.10, 0.20);
        var put = BlackScholes.Price(OptionRight.Put, 42, 40, 0.5, 0.10, 0.20);

        Assert.Equal(4.76, call, 0.005);
        Assert.Equal(0.81, put, 0.005);
        Assert.Equal(4.759422392871535, call, 1e-12);
        Assert.Equal(0.8085993729000958, put, 1e-12);
    }

    // Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), 1.1.4 (Black-76): F = 19, K = 19,
    // T = 0.75, r = 10 %, sigma = 28 %: call = put = 1.7011.
    [Fact]
    public void Black76_HaugExample_CallAndPut1_7011()
    {
        var call = Black76.Price(OptionRight.Call, 19, 19, 0.75, 0.10, 0.28);
        var put = Black76.Price(OptionRight.Put, 19, 19, 0.75, 0.10, 0.28);

        Assert.Equal(1.7011, call, 0.00005);
        Assert.Equal(1.7010507252362679, call, 1e-12);
        Assert.Equal(call, put, 1e-14);
    }

    // Haug 1.1.2 (Merton 1973): S = 100, K = 95, T = 0.5, r = 10 %, q = 5 %, sigma = 20 %: put = 2.4648.
    [Fact]
    public void Merton_HaugExample_Put2_4648()
    {
        var put = BlackScholes.Price(OptionRight.Put, 100, 95, 0.5, 0.10, 0.20, dividendYield: 0.05);

        Assert.Equal(2.4648, put, 0.00005);
    }

    // Hull, Examples 19.1, 19.4, 19.6 (the running example of chapter 19): S = 49, K = 50, r = 5 %,
    // sigma = 20 %, T = 20 weeks: call delta 0.522, theta -4.31 per year, gamma 0.066, vega 12.1.
    [Fact]
    public void BlackScholesGreeks_HullChapter19_MatchPrintedValues()
    {
        var g = BlackScholes.Greeks(OptionRight.Call, 49, 50, 20.0 / 52, 0.05, 0.20);

        Assert.Equal(2.40, g.Price, 0.005);
        Assert.Equal(0.522, g.Delta, 0.0005);
        Assert.Equal(-4.31, g.Theta, 0.005);
        Assert.Equal(0.066, g.Gamma, 0.0005);
        Assert.Equal(12.1, g.Vega, 0.05);
    }

    // Haug 2.1.1 (delta, futures option): F = 105, K = 100, T = 0.5, r = 10 %, sigma = 36 %:
    // call delta 0.5946, put delta -0.3566.
    [Fact]
    public void Black76Delta_HaugExample_0_5946AndMinus0_3566()
    {
        Assert.Equal(0.5946, Black76.Greeks(OptionRight.Call, 105, 100, 0.5, 0.10, 0.36).Delta, 0.00005);
        Assert.Equal(-0.3566, Black76.Greeks(OptionRight.Put, 105, 100, 0.5, 0.10, 0.36).Delta, 0.00005);
    }

    // Haug 2.1.3 (gamma): S = 55, K = 60, T = 0.75, r = b = 10 %, sigma = 30 %: gamma 0.0278.
    [Fact]
    public void BlackScholesGamma_HaugExample_0_0278()
    {
        Assert.Equal(0.0278, BlackScholes.Greeks(OptionRight.Call, 55, 60, 0.75, 0.10, 0.30).Gamma, 0.00005);
    }

    // Haug 2.1.5 (theta): S = 430, K = 405, T = 0.0833, r = 7 %, b = 2 % (q = 5 %), sigma = 20 %: put theta -31.1924 per year.
    [Fact]
    public void MertonTheta_HaugExample_PutMinus31_1924()
    {
        var theta = BlackScholes.Greeks(OptionRight.Put, 430, 405, 0.0833, 0.07, 0.20, dividendYield: 0.05).Theta;

        Assert.Equal(-31.1924, theta, 0.00005);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.8413447460685429)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(-3, 0.0013498980316300946)]
    [InlineData(-5, 2.866515718791939e-7)]
    [InlineData(-10, 7.619853024160527e-24)]
    [InlineData(4, 0.9999683287581669)]
    public void NormalCdf_KnownValues_RelativeError1e13(double x, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Cdf(x), expected * 1e-13);
    }

    [Theory]
    [InlineData(OptionRight.Put, 100, 90, 10)]
    [InlineData(OptionRight.Put, 100, 110, 0)]
    [InlineData(OptionRight.Call, 100, 125, 25)]
    [InlineData(OptionRight.Call, 100, 80, 0)]
    public void OptionPayoff_AtExpiry_IsIntrinsicValue(OptionRight right, double strike, double settlement, double expected)
    {
        Assert.Equal(expected, OptionPayoff.AtExpiry(right, strike, settlement), 1e-12);
    }
}
