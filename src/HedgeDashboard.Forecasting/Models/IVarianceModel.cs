using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Models;

/// <summary>A way to forecast the realized variance of log returns over the next hours.</summary>
public interface IVarianceModel
{
    string Name { get; }

    /// <summary>Refit cadence this model needs, if it differs from the evaluation's (costly models refit less often).</summary>
    int? RefitEveryHours => null;

    /// <summary>Estimates parameters from <paramref name="history"/> only (bars up to the fit point).</summary>
    IVarianceForecaster Fit(MarketHistory history, int horizonHours);
}

/// <summary>A fitted model. Called with growing prefixes of the same series after the fit point.</summary>
public interface IVarianceForecaster
{
    /// <summary>Forecast of the sum of squared hourly log returns over the horizon after the close of history.Last.</summary>
    double Forecast(MarketHistory history);

    /// <summary>Parameters to store and reload (see <see cref="ModelParameters"/>).</summary>
    ModelParameters Parameters { get; }
}
