using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>
/// RiskMetrics EWMA of squared hourly returns: s2_i = lambda s2_{i-1} + (1 - lambda) r_i^2, started at
/// s2_1 = r_1^2; the horizon forecast is hours x s2 (EWMA has no mean reversion).
/// </summary>
public sealed class EwmaModel(double lambda) : IVarianceModel
{
    public const int ParameterVersion = 1;

    /// <summary>
    /// RiskMetrics' daily 0.94 keeps about 11 days of memory (half-life ln 0.5 / ln 0.94 = 11.2 days).
    /// Per hour, the same memory in calendar time is 0.94^(1/24) = 0.99743; a plain 0.94 per hour would
    /// forget in 11 hours and chase intraday noise.
    /// </summary>
    public static readonly double HourlyRiskMetricsLambda = Math.Pow(0.94, 1.0 / 24);

    public EwmaModel() : this(HourlyRiskMetricsLambda)
    {
    }

    public double Lambda { get; } = lambda is > 0 and < 1 ? lambda : throw new ArgumentOutOfRangeException(nameof(lambda));

    public string Name => "ewma-riskmetrics";

    public IVarianceForecaster Fit(MarketHistory history, int horizonHours) => new Forecaster(Lambda, horizonHours);

    public static IVarianceForecaster Load(ModelParameters p)
    {
        p.Expect("ewma", ParameterVersion);
        return new Forecaster(p.Get("lambda"), p.HorizonHours);
    }

    private sealed class Forecaster(double lambda, int horizon) : IVarianceForecaster
    {
        private int _seen; // bars folded into _variance
        private double _variance = double.NaN;

        public ModelParameters Parameters => new("ewma", ParameterVersion, horizon, new Dictionary<string, double> { ["lambda"] = lambda });

        public double Forecast(MarketHistory history)
        {
            if (history.Count < _seen)
                throw new InvalidOperationException("History went backwards.");
            for (int i = Math.Max(_seen, 1); i < history.Count; i++)
            {
                double r = history.LogReturn(i);
                _variance = i == 1 ? r * r : lambda * _variance + (1 - lambda) * r * r;
            }
            _seen = history.Count;
            return horizon * _variance;
        }
    }
}
