namespace HedgeDashboard.Forecasting.Data;

/// <summary>
/// Prefix sums of squared log returns, extended as the history grows. Lets models compute trailing
/// and (inside a fit window) forward realized variance in O(1) without rescanning.
/// </summary>
internal sealed class SquaredReturns
{
    private readonly List<double> _cum = [0.0]; // _cum[i] = sum of r_1^2..r_i^2 (bar indices)
    private readonly List<long> _time = [];

    public int Count => _time.Count;

    public void Sync(MarketHistory history)
    {
        if (history.Count < Count)
            throw new InvalidOperationException("History went backwards; build a new forecaster for an earlier origin.");
        var time = history.Time;
        for (int i = Count; i < history.Count; i++)
        {
            _time.Add(time[i]);
            if (i > 0)
            {
                double r = history.LogReturn(i);
                _cum.Add(_cum[^1] + r * r);
            }
        }
    }

    public double Squared(int i) => i <= 0 ? 0 : _cum[i] - _cum[i - 1];

    /// <summary>Mean squared return per bar over the <paramref name="bars"/> bars ending at <paramref name="last"/>.</summary>
    public double TrailingMean(int last, int bars)
    {
        int start = Math.Max(1, last - bars + 1);
        return start > last ? double.NaN : (_cum[last] - _cum[start - 1]) / (last - start + 1);
    }

    /// <summary>Realized variance of the bars opening within <paramref name="hours"/> after bar <paramref name="origin"/>'s close; NaN if not all known.</summary>
    public double Forward(int origin, int hours)
    {
        long endExclusive = _time[origin] + (hours + 1) * RealizedVariance.SecondsPerHour;
        if (_time[^1] < endExclusive - RealizedVariance.SecondsPerHour)
            return double.NaN;
        int lastIn = UpperBound(endExclusive) - 1;
        return _cum[lastIn] - _cum[origin];
    }

    private int UpperBound(long endExclusive)
    {
        int lo = 0, hi = _time.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_time[mid] < endExclusive)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
