namespace HedgeDashboard.Forecasting.Data;

public static class RealizedVariance
{
    public const long SecondsPerHour = 3600;

    /// <summary>
    /// Realized variance over the <paramref name="hours"/> after the close of bar <paramref name="origin"/>:
    /// the sum of squared log returns of the bars that open in that window. Returns NaN when the
    /// history does not reach the end of the window (the caller must not score it).
    /// </summary>
    public static double Forward(MarketHistory history, int origin, int hours, out int bars)
    {
        var time = history.Time;
        long end = time[origin] + (hours + 1) * SecondsPerHour; // exclusive open-time bound
        bars = 0;
        double sum = 0;
        int i = origin + 1;
        for (; i < history.Count && time[i] < end; i++)
        {
            double r = history.LogReturn(i);
            sum += r * r;
            bars++;
        }
        // Complete only if a bar at or after the window's end exists, or the window's last hour is present.
        bool complete = i < history.Count || (bars > 0 && time[i - 1] == end - SecondsPerHour);
        return complete ? sum : double.NaN;
    }

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
