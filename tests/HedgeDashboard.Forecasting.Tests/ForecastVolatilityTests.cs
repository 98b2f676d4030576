using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Policies;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Forecasting.Tests;

public class ForecastVolatilityTests
{
    // Hourly log returns of exactly +-1 %: hourly variance 1e-4, so the annual volatility is sqrt(1e-4 * 8760) = 0.93595.
    private static readonly BarSeries Alternating = new(Enumerable.Range(0, 100).Select(i =>
    {
        var close = 100 * Math.Exp(i % 2 == 0 ? 0 : 0.01);
        return new Bar(DateTimeOffset.FromUnixTimeSeconds(TestData.Start).AddHours(i), close, close, close, close, 1);
    }));

    [Fact]
    public void AnnualVolatility_ConstantHourlyVariance_AnnualisesTheHorizonForecast()
    {
        var volatility = new ForecastVolatility(new OnlineRiskForecaster(new HarModel()));

        Assert.Null(volatility.AnnualVolatility(Alternating.HistoryAt(10)));
        Assert.Equal(Math.Sqrt(1e-4 * 8760), volatility.AnnualVolatility(Alternating.HistoryAt(99))!.Value, 1e-9);
    }

    [Fact]
    public void EwmaForecast_ConstantHourlyVariance_GivesTheSameAnnualVolatility()
    {
        var ewma = new EwmaVolatilityForecast();

        Assert.Null(ewma.AnnualVolatility(Alternating.HistoryAt(10)));
        Assert.Equal(Math.Sqrt(1e-4 * 8760), ewma.AnnualVolatility(Alternating.HistoryAt(99))!.Value, 1e-9);
    }
}
