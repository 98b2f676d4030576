using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Tests;

public class EwmaAndHarTests
{
    // Known answers computed by hand (independently, in plain Python) from the closes below.
    private static readonly double[] HarCloses =
    [
        100.0, 102.5144, 100.4901, 98.6575, 102.0081, 102.1191, 99.601, 100.2641, 102.7556, 102.32, 99.0814, 101.2093,
        104.0806, 101.291, 100.0564, 102.2429, 103.8301, 101.3376, 100.5448, 104.1296, 103.1054, 100.683, 102.4399,
        104.5727, 103.1294, 100.5091, 103.4915, 105.5283, 102.1052, 101.8727, 104.436, 104.9163, 102.352, 102.6674,
        106.0763, 103.9544, 102.0239, 104.7453, 106.1424, 103.9338,
    ];

    [Fact]
    public void Ewma_SmallSeries_MatchesHandComputation()
    {
        var history = TestData.History(TestData.FromCloses([100.0, 102.0, 101.0, 103.0]));

        double f = new EwmaModel(0.9).Fit(history, 2).Forecast(history);

        // s2 = r1^2, then 0.9 s2 + 0.1 r^2 twice; forecast = 2 s2
        Assert.Equal(0.000729643981660803, f, 1e-15);
    }

    [Fact]
    public void Ewma_HourlyLambda_KeepsRiskMetricsDailyMemory()
    {
        Assert.Equal(0.94, Math.Pow(EwmaModel.HourlyRiskMetricsLambda, 24), 1e-12);
    }

    [Fact]
    public void Har_LevelsOnSmallSeries_MatchesHandComputedOls()
    {
        var history = TestData.History(TestData.FromCloses(HarCloses));
        var model = new HarModel(new HarOptions { Windows = [1, 3], UseLogs = false, WeekendRegressor = false });

        var forecaster = model.FitHar(history, 1);

        Assert.Equal(0.0007425276724699339, forecaster.Beta[0], 1e-12);
        Assert.Equal(-0.5909095962938121, forecaster.Beta[1], 1e-9);
        Assert.Equal(0.025297147238139247, forecaster.Beta[2], 1e-9);
        Assert.Equal(0.0004923076088674649, forecaster.Forecast(history), 1e-12);
    }

    [Fact]
    public void Har_Logs_ForecastIsExpOfFitTimesSmearing()
    {
        var history = TestData.History(TestData.FromCloses(HarCloses));
        var model = new HarModel(new HarOptions { Windows = [1, 3], WeekendRegressor = false });

        var forecaster = model.FitHar(history, 1);
        var sr = new SquaredReturns();
        sr.Sync(history);
        double z = forecaster.Beta[0] + forecaster.Beta[1] * Math.Log(sr.TrailingMean(39, 1)) + forecaster.Beta[2] * Math.Log(sr.TrailingMean(39, 3));

        Assert.True(forecaster.Smearing > 1, "Jensen: the mean of exp(residual) exceeds 1");
        Assert.Equal(Math.Exp(z) * forecaster.Smearing, forecaster.Forecast(history), 1e-15);
    }

    [Fact]
    public void WeekendShare_CountsSaturdayAndSundayHours()
    {
        long fridayNoon = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        // After the close of the Friday 12:00 bar, 48 hours: Friday 13..23 (11 h), Saturday (24 h), Sunday 00..12 (13 h).
        Assert.Equal(37.0 / 48, RealizedVariance.WeekendShare(fridayNoon, 48), 1e-12);
    }
}
