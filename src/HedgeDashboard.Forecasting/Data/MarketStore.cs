namespace HedgeDashboard.Forecasting.Data;

/// <summary>
/// Append-only hourly OHLCV buffer. Slots that have not been appended yet hold NaN, so a model that
/// reaches past <see cref="Count"/> through its views finds nothing: the future is not in memory.
/// </summary>
public sealed class MarketStore
{
    private long[] _time;
    private double[] _open, _high, _low, _close, _volume;

    public MarketStore(int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _time = new long[capacity];
        _open = NewNaN(capacity);
        _high = NewNaN(capacity);
        _low = NewNaN(capacity);
        _close = NewNaN(capacity);
        _volume = NewNaN(capacity);
    }

    public int Count { get; private set; }

    /// <summary>Appends the bar that opens at <paramref name="unixSeconds"/>; times must increase.</summary>
    public void Append(long unixSeconds, double open, double high, double low, double close, double volume)
    {
        if (Count > 0 && unixSeconds <= _time[Count - 1])
            throw new ArgumentException($"Bar times must increase: {unixSeconds} after {_time[Count - 1]}.", nameof(unixSeconds));
        if (!(close > 0))
            throw new ArgumentException($"Close must be positive at {unixSeconds}.", nameof(close));
        if (Count == _time.Length)
            Grow();
        _time[Count] = unixSeconds;
        _open[Count] = open;
        _high[Count] = high;
        _low[Count] = low;
        _close[Count] = close;
        _volume[Count] = volume;
        Count++;
    }

    /// <summary>The bars appended so far.</summary>
    public MarketHistory View() => new(this, Count);

    internal ReadOnlySpan<long> Time(int count) => _time.AsSpan(0, count);
    internal ReadOnlySpan<double> Open(int count) => _open.AsSpan(0, count);
    internal ReadOnlySpan<double> High(int count) => _high.AsSpan(0, count);
    internal ReadOnlySpan<double> Low(int count) => _low.AsSpan(0, count);
    internal ReadOnlySpan<double> Close(int count) => _close.AsSpan(0, count);
    internal ReadOnlySpan<double> Volume(int count) => _volume.AsSpan(0, count);

    /// <summary>A store holding all of the given bars, for callers that own the whole series anyway.</summary>
    public static MarketStore From(IReadOnlyList<OhlcvBar> bars)
    {
        var store = new MarketStore(bars.Count);
        foreach (var b in bars)
            store.Append(b.UnixSeconds, b.Open, b.High, b.Low, b.Close, b.Volume);
        return store;
    }

    private void Grow()
    {
        int n = _time.Length * 2;
        Array.Resize(ref _time, n);
        _open = Resize(_open, n);
        _high = Resize(_high, n);
        _low = Resize(_low, n);
        _close = Resize(_close, n);
        _volume = Resize(_volume, n);
    }

    private static double[] Resize(double[] a, int n)
    {
        var b = NewNaN(n);
        a.AsSpan().CopyTo(b);
        return b;
    }

    private static double[] NewNaN(int n)
    {
        var a = new double[n];
        a.AsSpan().Fill(double.NaN);
        return a;
    }
}

/// <summary>One hourly bar; <see cref="UnixSeconds"/> is the bar's open time (UTC).</summary>
public readonly record struct OhlcvBar(long UnixSeconds, double Open, double High, double Low, double Close, double Volume);
