namespace HedgeDashboard.Forecasting.Data;

public static class RealizedVariance
{
    public const long SecondsPerHour = 3600;

    /// <summary>Mean squared log return per bar over the last <paramref name="bars"/> bars ending at <paramref name="last"/>.</summary>
    public static double TrailingMean(MarketHistory history, int last, int bars)
    {
        int start = Math.Max(1, last - bars + 1);
        if (start > last)
            return double.NaN;
        double sum = 0;
        for (int i = start; i <= last; i++)
        {
            double r = history.LogReturn(i);
            sum += r * r;
        }
        return sum / (last - start + 1);
    }

    /// <summary>Share of the forecast window's hours that fall on Saturday or Sunday (UTC): calendar, not data.</summary>
    public static double WeekendShare(long originOpenUnix, int hours)
    {
        if (hours <= 0)
            return 0;
        long firstHour = originOpenUnix / SecondsPerHour + 1;
        int weekend = 0;
        for (long k = firstHour; k < firstHour + hours; k++)
        {
            long dayOfWeek = (k / 24 + 4) % 7; // 1970-01-01 was a Thursday (0 = Sunday)
            if (dayOfWeek is 0 or 6)
                weekend++;
        }
        return (double)weekend / hours;
    }
}
