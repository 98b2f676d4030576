namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// Funding rates per hour over time. A rate holds from its timestamp until the next one; past the
/// last one it holds for one more funding interval, and outside the covered span the caller's
/// fallback applies (no rates are invented).
/// </summary>
public sealed class FundingSeries
{
    private readonly long[] times;
    private readonly double[] ratesPerHour;
    private readonly long end;

    public FundingSeries(IReadOnlyList<DateTimeOffset> times, IReadOnlyList<double> ratesPerHour)
    {
        if (times.Count == 0 || times.Count != ratesPerHour.Count)
        {
            throw new ArgumentException("A funding series needs one rate per time and at least one point.");
        }

        this.times = [.. times.Select(t => t.ToUnixTimeSeconds())];
        this.ratesPerHour = [.. ratesPerHour];
        var interval = this.times.Length > 1 ? this.times[^1] - this.times[^2] : 3600;
        end = this.times[^1] + interval;
    }

    public int Count => times.Length;

    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds(times[0]);

    public DateTimeOffset End => DateTimeOffset.FromUnixTimeSeconds(end);

    /// <summary>The rate per hour in force at <paramref name="time"/>, or <paramref name="fallback"/> outside the series.</summary>
    public double RateAt(DateTimeOffset time, double fallback)
    {
        var t = time.ToUnixTimeSeconds();
        if (t < times[0] || t >= end)
        {
            return fallback;
        }

        var index = Array.BinarySearch(times, t);
        return ratesPerHour[index >= 0 ? index : ~index - 1];
    }
}
