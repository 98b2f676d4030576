using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Hedging.Options;

namespace HedgeDashboard.Forecasting.Policies;

public static class ForecastPolicies
{
    /// <summary>
    /// Adds <c>seed</c> and <c>model</c> (argument: the variance model, default har, e.g. <c>model:fasttree</c>).
    /// HAR by default: nearly the trees' accuracy at a fraction of the fit time inside a backtest.
    /// Also the option policies (<c>put</c>, <c>put-spread</c>, <c>strangle</c>, <c>delta-gamma</c>) on the HAR forecast.
    /// </summary>
    public static HedgePolicyRegistry AddForecastPolicies(this HedgePolicyRegistry registry)
    {
        registry.Register("seed", "seeds' heuristic: ratio = min(2 x P(loss > 2% in 24 h), 1); seed:MODEL picks the forecast", arg =>
            new SeedPolicy(new OnlineRiskForecaster(ForecastModels.Create(arg ?? "har"))));
        registry.Register("model", "cost-aware forecast policy with hysteresis; model:MODEL picks the forecast", arg =>
            new ModelPolicy(new OnlineRiskForecaster(ForecastModels.Create(arg ?? "har")), new ModelPolicyOptions()));
        // The option policies price their legs from the same HAR forecast the model policy hedges by.
        return registry.AddOptionPolicies(() => new ForecastVolatility(new OnlineRiskForecaster(ForecastModels.Create("har"))));
    }
}
