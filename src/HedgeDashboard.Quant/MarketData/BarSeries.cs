namespace HedgeDashboard.Quant.MarketData;

/// <summary>An immutable series of bars that hands out walk-forward views with <see cref="HistoryAt"/>.</summary>
public sealed class BarSeries
{
    private readonly Bar[] bars;
    private readonly double[] closes;

    public BarSeries(IEnumerable<Bar> bars)
    {
        this.bars = [.. bars];
        closes = Array.ConvertAll(this.bars, b => b.Close);
    }

    public int Count => bars.Length;

    /// <summary>The bars [0..<paramref name="index"/>], with nothing after.</summary>
    public BarHistory HistoryAt(int index) => new(bars, closes, index);
}
