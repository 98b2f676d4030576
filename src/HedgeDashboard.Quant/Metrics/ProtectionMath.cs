namespace HedgeDashboard.Quant.Metrics;

/// <summary>The formulas behind <see cref="MetricDefinitions"/>; NaN where a metric is undefined.</summary>
public static class ProtectionMath
{
    /// <summary><see cref="MetricDefinitions.ProtectionRate"/>: (Lu - Lh) / Lu; NaN unless Lu &gt; 0.</summary>
    public static double ProtectionRate(double lossUnhedged, double lossHedged) =>
        lossUnhedged > 0 ? (lossUnhedged - lossHedged) / lossUnhedged : double.NaN;

    /// <summary><see cref="MetricDefinitions.VarianceReduction"/>: 1 - Var(e + h) / Var(e).</summary>
    public static double VarianceReduction(ReadOnlySpan<double> exposureSteps, ReadOnlySpan<double> hedgeSteps)
    {
        var unhedged = Variance(exposureSteps, default);
        return unhedged > 0 ? 1 - (Variance(exposureSteps, hedgeSteps) / unhedged) : double.NaN;
    }

    /// <summary><see cref="MetricDefinitions.DollarOffset"/>: -(hedge PnL) / (exposure PnL).</summary>
    public static double DollarOffset(double hedgePnl, double exposurePnl) =>
        exposurePnl != 0 ? -hedgePnl / exposurePnl : double.NaN;

    /// <summary><see cref="MetricDefinitions.RegressionSlope"/>: OLS slope and R^2 of y on x (with intercept).</summary>
    public static (double Slope, double RSquared) Regression(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y need the same length.");
        }

        if (x.Length < 2)
        {
            return (double.NaN, double.NaN);
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= x.Length;
        meanY /= x.Length;
        double sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }

        if (sxx == 0)
        {
            return (double.NaN, double.NaN);
        }

        // A constant y (e.g. no hedge) has slope 0 and explains nothing.
        return (sxy / sxx, syy == 0 ? 0 : sxy * sxy / (sxx * syy));
    }

    /// <summary><see cref="MetricDefinitions.CostEfficiency"/>: costs / loss prevented before costs; NaN unless that is positive.</summary>
    public static double CostEfficiency(double totalCosts, double lossPreventedBeforeCosts) =>
        lossPreventedBeforeCosts > 0 ? totalCosts / lossPreventedBeforeCosts : double.NaN;

    /// <summary><see cref="MetricDefinitions.FeesVersusLvr"/>: LP fees / LVR.</summary>
    public static double FeesOverLvr(double lpFees, double lvr) => lvr > 0 ? lpFees / lvr : double.NaN;

    // Population variance of a + b (b may be empty, meaning zeros).
    private static double Variance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0)
        {
            return double.NaN;
        }

        double mean = 0;
        for (var i = 0; i < a.Length; i++)
        {
            mean += a[i] + (b.IsEmpty ? 0 : b[i]);
        }

        mean /= a.Length;
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] + (b.IsEmpty ? 0 : b[i]) - mean;
            sum += d * d;
        }

        return sum / a.Length;
    }
}
