namespace HedgeDashboard.Forecasting.Data;

/// <summary>
/// Whether a price series can feed a variance model at all: models divide by the variance they fit, so a flat
/// series or one shorter than the first fit fails deep inside a fit. Commands ask here first and say why.
/// </summary>
public static class SeriesCheck
{
    /// <summary>The reason the series cannot be forecast, or null when it can.</summary>
    public static string? Problem(IReadOnlyList<double> closes, int minBars)
    {
        if (closes.Count < minBars)
            return $"{closes.Count:N0} bar(s), too short: the forecasts need at least {minBars:N0}";
        for (int i = 1; i < closes.Count; i++)
        {
            if (closes[i] != closes[0])
                return null;
        }

        return closes.Count == 0 ? "no bars" : $"the close is constant ({closes[0].ToString(System.Globalization.CultureInfo.InvariantCulture)}) in all {closes.Count:N0} bars: returns have zero variance, nothing to forecast";
    }
}
