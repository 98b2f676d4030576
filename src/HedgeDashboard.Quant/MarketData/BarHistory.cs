using System.Collections;

namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// A read-only view of bars [0..LastIndex] of a series. Reading past <see cref="LastIndex"/> throws:
/// this is the walk-forward guarantee a backtest gives its policies, so no policy can see the future.
/// </summary>
public sealed class BarHistory : IReadOnlyList<Bar>
{
    private readonly Bar[] bars;
    private readonly double[] closes;

    internal BarHistory(Bar[] bars, double[] closes, int lastIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lastIndex, bars.Length);
        this.bars = bars;
        this.closes = closes;
        LastIndex = lastIndex;
    }

    public int LastIndex { get; }

    public int Count => LastIndex + 1;

    public Bar Last => bars[LastIndex];

    public Bar this[int index] => (uint)index <= (uint)LastIndex
        ? bars[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"Only bars 0..{LastIndex} are visible at this step.");

    /// <summary>The visible bars without copying.</summary>
    public ReadOnlySpan<Bar> AsSpan() => bars.AsSpan(0, Count);

    /// <summary>Closing prices of the visible bars, for policies that only need closes.</summary>
    public ReadOnlySpan<double> Closes => closes.AsSpan(0, Count);

    public IEnumerator<Bar> GetEnumerator()
    {
        for (var i = 0; i <= LastIndex; i++)
        {
            yield return bars[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
