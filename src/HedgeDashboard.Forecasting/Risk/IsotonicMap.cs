namespace HedgeDashboard.Forecasting.Risk;

/// <summary>
/// A monotone map from a predicted P(IL beyond threshold) to the frequency observed at such predictions
/// (pool-adjacent-violators blocks: <see cref="X"/> the blocks' mean predictions, strictly increasing, <see cref="Y"/>
/// their observed frequencies, non-decreasing), linear between blocks. Beyond the outer blocks it runs linearly to (0, 0)
/// and (1, 1): a map fitted on one kind of position must not cap a near-certain loss of another at the frequency of its
/// highest block. <see cref="N"/> is the number of predictions it was fitted on.
/// </summary>
public sealed record IsotonicMap(IReadOnlyList<double> X, IReadOnlyList<double> Y, int N)
{
    /// <summary>Predictions a live map needs: fewer leave a block per few days of outcomes, too noisy to trust.</summary>
    public const int MinPoints = 2_000;

    /// <summary>Pool-adjacent-violators on <paramref name="points"/>: block means, increasing in prediction.</summary>
    public static IsotonicMap Fit(IEnumerable<CalibrationPoint> points)
    {
        var sorted = points.OrderBy(p => p.Predicted).ToArray();
        var sumX = new List<double>();
        var sumY = new List<double>();
        var n = new List<int>();
        foreach (var p in sorted)
        {
            sumX.Add(p.Predicted);
            sumY.Add(p.Observed ? 1 : 0);
            n.Add(1);
            // Pool on a violation, and on equal predictions (one prediction must map to one value).
            while (n.Count > 1 && (sumY[^2] / n[^2] >= sumY[^1] / n[^1] || sumX[^2] / n[^2] >= sumX[^1] / n[^1]))
            {
                sumX[^2] += sumX[^1];
                sumY[^2] += sumY[^1];
                n[^2] += n[^1];
                sumX.RemoveAt(sumX.Count - 1);
                sumY.RemoveAt(sumY.Count - 1);
                n.RemoveAt(n.Count - 1);
            }
        }

        return new IsotonicMap([.. sumX.Select((s, i) => s / n[i])], [.. sumY.Select((s, i) => s / n[i])], sorted.Length);
    }

    /// <summary>The calibrated probability of a prediction <paramref name="p"/> (clamped to [0, 1] first).</summary>
    public double Apply(double p)
    {
        if (X.Count == 0)
            return p;
        p = Math.Clamp(p, 0, 1);
        if (p <= X[0])
            return X[0] <= 0 ? Y[0] : Y[0] * p / X[0];
        if (p >= X[^1])
            return X[^1] >= 1 ? Y[^1] : Y[^1] + (1 - Y[^1]) * (p - X[^1]) / (1 - X[^1]);
        int lo = 0, hi = X.Count - 1; // X[lo] < p < X[hi]
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (X[mid] <= p)
                lo = mid;
            else
                hi = mid;
        }

        if (X[lo] == p)
            return Y[lo];
        double t = (p - X[lo]) / (X[hi] - X[lo]);
        return Y[lo] + t * (Y[hi] - Y[lo]);
    }

    /// <summary>Why this map cannot be used (for a stored one read back), or null.</summary>
    public string? Problem()
    {
        if (X is null || Y is null || X.Count == 0 || X.Count != Y.Count)
            return "its calibration map has no blocks or unequal lengths";
        for (int i = 0; i < X.Count; i++)
        {
            if (!(X[i] >= 0 && X[i] <= 1 && Y[i] >= 0 && Y[i] <= 1))
                return "its calibration map has a point outside [0, 1]";
            if (i > 0 && !(X[i] > X[i - 1] && Y[i] >= Y[i - 1]))
                return "its calibration map is not increasing";
        }

        return null;
    }
}
