using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Forecasting.Policies;

/// <summary>
/// The option policies' volatility from the same online forecaster the model policy uses: its calibrated
/// horizon variance, annualised (8,760 hours). Until the forecaster has a day of bars there is none.
/// </summary>
public sealed class ForecastVolatility(OnlineRiskForecaster forecaster) : IVolatilityForecast
{
    public double? AnnualVolatility(BarHistory history) =>
        forecaster.Update(history) is { } distribution
            ? Math.Sqrt(distribution.Variance * 8760 / forecaster.HorizonHours)
            : null;
}
