namespace HedgeDashboard.Forecasting.Trees;

/// <summary>Per-feature quantile cut points; bin b holds values in (edge[b-1], edge[b]].</summary>
internal sealed class FeatureBins
{
    private FeatureBins(double[][] edges) => Edges = edges;

    public double[][] Edges { get; }

    public static FeatureBins Build(double[][] x, int maxBins)
    {
        if (maxBins is < 2 or > 256)
            throw new ArgumentOutOfRangeException(nameof(maxBins), "Bins must fit a byte.");
        int features = x[0].Length;
        var edges = new double[features][];
        var column = new double[x.Length];
        for (int f = 0; f < features; f++)
        {
            for (int i = 0; i < x.Length; i++)
                column[i] = x[i][f];
            Array.Sort(column);
            var cuts = new List<double>();
            for (int b = 1; b < maxBins; b++)
            {
                double q = column[(int)((long)b * (column.Length - 1) / maxBins)];
                if (cuts.Count == 0 || q > cuts[^1])
                    cuts.Add(q);
            }
            if (cuts.Count > 0 && cuts[^1] >= column[^1])
                cuts.RemoveAt(cuts.Count - 1); // a cut at the maximum would leave the last bin empty
            edges[f] = [.. cuts];
        }
        return new FeatureBins(edges);
    }

    public byte[][] Apply(double[][] x)
    {
        int features = Edges.Length;
        var binned = new byte[features][];
        for (int f = 0; f < features; f++)
        {
            var col = new byte[x.Length];
            for (int i = 0; i < x.Length; i++)
                col[i] = (byte)BinOf(f, x[i][f]);
            binned[f] = col;
        }
        return binned;
    }

    public int BinCount(int feature) => Edges[feature].Length + 1;

    private int BinOf(int feature, double v)
    {
        var e = Edges[feature];
        int lo = 0, hi = e.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (e[mid] < v)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
