using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Forecasting.Data;

public static class BarConversion
{
    public static OhlcvBar ToOhlcv(this Bar bar) =>
        new(bar.Time.ToUnixTimeSeconds(), bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);

    public static OhlcvBar[] ToOhlcv(this IReadOnlyList<Bar> bars)
    {
        var result = new OhlcvBar[bars.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = bars[i].ToOhlcv();
        return result;
    }
}
