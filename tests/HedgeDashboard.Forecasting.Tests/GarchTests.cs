using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Tests;

public class GarchTests
{
    [Theory]
    [InlineData(0.08, 0.90, 11)]
    [InlineData(0.15, 0.80, 12)]
    [InlineData(0.04, 0.95, 13)]
    public void Fit_SimulatedSeries_RecoversParameters(double alpha, double beta, int seed)
    {
        double omega = 1e-4 * (1 - alpha - beta);
        var (returns, _) = TestData.Garch(30_000, omega, alpha, beta, seed);

        var fit = Garch11.Fit(returns);

        Assert.InRange(fit.Alpha, alpha - 0.02, alpha + 0.02);
        Assert.InRange(fit.Beta, beta - 0.03, beta + 0.03);
        Assert.InRange(fit.UnconditionalVariance, 0.8e-4, 1.2e-4);
    }

    [Fact]
    public void NegLogLikelihood_Gradient_MatchesFiniteDifferences()
    {
        var (returns, _) = TestData.Garch(2_000, 1e-6, 0.1, 0.85, 5);
        double v = returns.Average(r => r * r);
        var sq = returns.Select(r => r * r / v).ToArray();
        const double a = 0.07, b = 0.9, h = 1e-6;

        Garch11.NegLogLikelihood(sq, a, b, out double ga, out double gb);
        double fa = (Garch11.NegLogLikelihood(sq, a + h, b, out _, out _) - Garch11.NegLogLikelihood(sq, a - h, b, out _, out _)) / (2 * h);
        double fb = (Garch11.NegLogLikelihood(sq, a, b + h, out _, out _) - Garch11.NegLogLikelihood(sq, a, b - h, out _, out _)) / (2 * h);

        Assert.Equal(fa, ga, 1e-6);
        Assert.Equal(fb, gb, 1e-6);
    }

    [Fact]
    public void SumOfForecasts_MeanReverts_TowardUnconditionalVariance()
    {
        var g = new Garch11(1e-6, 0.1, 0.8); // unconditional 1e-5, persistence 0.9
        double next = 2e-5;

        // 1e-5 * 3 + (2e-5 - 1e-5) * (1 + 0.9 + 0.81)
        Assert.Equal(3e-5 + 1e-5 * 2.71, g.SumOfForecasts(next, 3), 1e-15);
    }

    /// <summary>
    /// Bitstamp BTC/USD hourly, the first 3,440 bars (2018-05-15 to 2018-10-05): the second walk-forward refit of
    /// `hedge forecast-eval` at 720-hour steps. From the classic start (persistence 0.95, alpha share 0.05) BFGS
    /// settles at alpha 0.024, beta 0.939; the likelihood is better at alpha 0.21, beta 0.14.
    /// </summary>
    [Fact]
    public void Fit_BitstampBtcWindowWithTwoBasins_KeepsTheBetterLikelihood()
    {
        var bars = TestData.Shared("BTCUSD_1h_bitstamp.csv.gz").Take(3_440).ToList();
        var returns = new double[bars.Count - 1];
        for (int i = 1; i < bars.Count; i++)
            returns[i - 1] = Math.Log(bars[i].Close / bars[i - 1].Close);
        double v = returns.Average(r => r * r);
        var sq = returns.Select(r => r * r / v).ToArray();

        var fit = Garch11.Fit(returns);

        Assert.InRange(fit.Alpha, 0.15, 0.25);
        Assert.InRange(fit.Beta, 0.08, 0.2);
        double nll = Garch11.NegLogLikelihood(sq, fit.Alpha, fit.Beta, out _, out _);
        double classic = Garch11.NegLogLikelihood(sq, 0.024, 0.939, out _, out _);
        Assert.True(nll < classic, $"mean NLL {nll} should beat the high-beta basin's {classic}");
    }
}
