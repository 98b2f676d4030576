namespace HedgeDashboard.Forecasting.Data;

/// <summary>
/// The bars [0, Count) of a <see cref="MarketStore"/>: everything a model may know at the close of bar
/// Count - 1. Spans are cut at Count, so indexing past the forecast time throws.
/// </summary>
public readonly struct MarketHistory
{
    private readonly MarketStore _store;

    internal MarketHistory(MarketStore store, int count)
    {
        _store = store;
        Count = count;
    }

    public int Count { get; }

    /// <summary>Index of the newest bar (the forecast origin).</summary>
    public int Last => Count - 1;

    public ReadOnlySpan<long> Time => _store.Time(Count);
    public ReadOnlySpan<double> Open => _store.Open(Count);
    public ReadOnlySpan<double> High => _store.High(Count);
    public ReadOnlySpan<double> Low => _store.Low(Count);
    public ReadOnlySpan<double> Close => _store.Close(Count);
    public ReadOnlySpan<double> Volume => _store.Volume(Count);

    /// <summary>The prefix that ends with bar <paramref name="index"/>; never longer than this view.</summary>
    public MarketHistory Upto(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A view of {Count} bars cannot be extended.");
        return new MarketHistory(_store, index + 1);
    }

    /// <summary>Log return of bar i against bar i-1 (a gap makes it a longer step, never an invented price).</summary>
    public double LogReturn(int i) => i <= 0 ? 0 : Math.Log(Close[i] / Close[i - 1]);
}
