using HedgeDashboard.Forecasting.Data;

namespace HedgeDashboard.Forecasting.Features;

/// <summary>
/// The seeds' feature set, made causal: every feature at origin t reads only bars [0, t], enforced by
/// computing from <c>history.Upto(t)</c>. Variances are per hour and in logs so scales are comparable.
/// </summary>
public static class FeatureBuilder
{
    public static readonly string[] Names =
    [
        "log_rv_6h", "log_rv_24h", "log_rv_168h", "log_rv_720h",
        "log_parkinson_24h", "log_garman_klass_24h",
        "momentum_24h", "momentum_168h", "mean_reversion_24h",
        "log_volume_level_24h_vs_720h", "volume_spike_1h_vs_168h",
        "weekend_share_of_horizon", "abs_return_1h",
    ];

    /// <summary>Bumped whenever a column changes meaning or order: stored ML.NET models name the schema they were trained on.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Bars needed before the first origin (the longest window).</summary>
    public const int Warmup = 721;

    public static int Count => Names.Length;

    /// <summary>Writes the features at origin <paramref name="t"/> into <paramref name="x"/>; returns bad bars clamped.</summary>
    public static int Compute(MarketHistory history, int t, int horizonHours, Span<double> x)
    {
        var h = history.Upto(t);
        var close = h.Close;
        var volume = h.Volume;
        int clamped = 0;
        x[0] = LogVar(RealizedVariance.TrailingMean(h, t, 6));
        x[1] = LogVar(RealizedVariance.TrailingMean(h, t, 24));
        x[2] = LogVar(RealizedVariance.TrailingMean(h, t, 168));
        x[3] = LogVar(RealizedVariance.TrailingMean(h, t, 720));
        x[4] = LogVar(RangeEstimators.Parkinson(h, t, 24, ref clamped));
        x[5] = LogVar(RangeEstimators.GarmanKlass(h, t, 24, ref clamped));
        x[6] = Math.Log(close[t] / close[Math.Max(0, t - 24)]);
        x[7] = Math.Log(close[t] / close[Math.Max(0, t - 168)]);
        x[8] = close[t] / Mean(close, t, 24) - 1;
        x[9] = Math.Log((Mean(volume, t, 24) + 1e-9) / (Mean(volume, t, 720) + 1e-9));
        x[10] = volume[t] / (Mean(volume, t, 168) + 1e-9);
        x[11] = RealizedVariance.WeekendShare(h.Time[t], horizonHours);
        x[12] = Math.Abs(h.LogReturn(t));
        return clamped;
    }

    private static double LogVar(double v) => Math.Log(Math.Max(v, 1e-14));

    private static double Mean(ReadOnlySpan<double> a, int last, int bars)
    {
        int start = Math.Max(0, last - bars + 1);
        double s = 0;
        for (int i = start; i <= last; i++)
            s += a[i];
        return s / (last - start + 1);
    }
}
