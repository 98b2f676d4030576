using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Features;

/// <summary>
/// Range-based per-bar variance estimators. A bad bar (high below open or close, or low above them, as
/// in some aggregated feeds) is clamped to high = max(O, H, C), low = min(O, L, C) and counted.
/// </summary>
public static class RangeEstimators
{
    private static readonly double ParkinsonScale = 1 / (4 * Math.Log(2));
    private static readonly double GarmanKlassCloseWeight = 2 * Math.Log(2) - 1;

    /// <summary>Mean Parkinson variance per bar over the bars (last - bars, last].</summary>
    public static double Parkinson(MarketHistory h, int last, int bars, ref int clamped)
    {
        int start = Math.Max(0, last - bars + 1);
        double sum = 0;
        for (int i = start; i <= last; i++)
        {
            var (hi, lo) = Clamped(h, i, ref clamped);
            double range = Math.Log(hi / lo);
            sum += ParkinsonScale * range * range;
        }
        return sum / (last - start + 1);
    }

    /// <summary>Mean Garman-Klass variance per bar: 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2 (floored at 0 per bar).</summary>
    public static double GarmanKlass(MarketHistory h, int last, int bars, ref int clamped)
    {
        int start = Math.Max(0, last - bars + 1);
        var open = h.Open;
        var close = h.Close;
        double sum = 0;
        for (int i = start; i <= last; i++)
        {
            var (hi, lo) = Clamped(h, i, ref clamped);
            double range = Math.Log(hi / lo);
            double body = Math.Log(close[i] / open[i]);
            sum += Math.Max(0, 0.5 * range * range - GarmanKlassCloseWeight * body * body);
        }
        return sum / (last - start + 1);
    }

    /// <summary>Number of bars whose high or low does not bracket open and close.</summary>
    public static int CountBadBars(MarketHistory h)
    {
        int bad = 0;
        for (int i = 0; i < h.Count; i++)
            Clamped(h, i, ref bad);
        return bad;
    }

    private static (double High, double Low) Clamped(MarketHistory h, int i, ref int clamped)
    {
        double o = h.Open[i], c = h.Close[i], hi = h.High[i], lo = h.Low[i];
        double top = Math.Max(hi, Math.Max(o, c));
        double bottom = Math.Min(lo, Math.Min(o, c));
        if (top != hi || bottom != lo)
            clamped++;
        return (top, bottom);
    }
}
