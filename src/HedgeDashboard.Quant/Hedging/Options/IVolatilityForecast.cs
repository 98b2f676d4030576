using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Quant.Hedging.Options;

/// <summary>Annual volatility forecast from the bars seen so far; null while it has too little history.</summary>
public interface IVolatilityForecast
{
    double? AnnualVolatility(BarHistory history);
}

/// <summary>
/// Exponentially weighted hourly variance (RiskMetrics style, half-life in hours), annualised with 8,760 hours.
/// Online: each call folds only the bars added since the previous call. A gap's return is scaled to one hour.
/// </summary>
public sealed class EwmaVolatilityForecast(double halfLifeHours = 168, int minBars = 24) : IVolatilityForecast
{
    private readonly double decay = Math.Pow(0.5, 1 / halfLifeHours);
    private int folded;
    private double variance;

    public double? AnnualVolatility(BarHistory history)
    {
        var bars = history.AsSpan();
        if (bars.Length < folded)
        {
            throw new InvalidOperationException("History went backwards; use a new forecast per run.");
        }

        for (var i = Math.Max(folded, 1); i < bars.Length; i++)
        {
            var r = Math.Log(bars[i].Close / bars[i - 1].Close);
            var hours = Math.Max((bars[i].Time - bars[i - 1].Time).TotalHours, 1);
            var squared = r * r / hours;
            variance = i == 1 ? squared : (decay * variance) + ((1 - decay) * squared);
        }

        folded = bars.Length;
        return bars.Length < minBars ? null : Math.Sqrt(variance * 8760);
    }
}
