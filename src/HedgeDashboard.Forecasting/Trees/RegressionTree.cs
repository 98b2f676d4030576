using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Trees;

/// <summary>A binary tree in flat arrays; a node with Feature = -1 is a leaf. Left takes x[f] &lt;= threshold.</summary>
public sealed class RegressionTree
{
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly int[] _bin;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _value;

    internal RegressionTree(int[] feature, double[] threshold, int[] bin, int[] left, int[] right, double[] value)
    {
        _feature = feature;
        _threshold = threshold;
        _bin = bin;
        _left = left;
        _right = right;
        _value = value;
    }

    public double Predict(ReadOnlySpan<double> x)
    {
        int node = 0;
        while (_feature[node] >= 0)
            node = x[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        return _value[node];
    }

    internal double PredictBinned(byte[][] binned, int row)
    {
        int node = 0;
        while (_feature[node] >= 0)
            node = binned[_feature[node]][row] <= _bin[node] ? _left[node] : _right[node];
        return _value[node];
    }

    public TreeParameters ToParameters() => new(_feature, _threshold, _left, _right, _value);

    // Bins are only needed while training; a reloaded tree predicts from thresholds.
    public static RegressionTree FromParameters(TreeParameters p) =>
        new(p.Feature, p.Threshold, new int[p.Feature.Length], p.Left, p.Right, p.Value);
}

/// <summary>Grows one depth-limited tree on gradient/hessian histograms.</summary>
internal sealed class TreeBuilder(byte[][] binned, FeatureBins bins, BoostingOptions o)
{
    private readonly List<int> _feature = [];
    private readonly List<double> _threshold = [];
    private readonly List<int> _bin = [];
    private readonly List<int> _left = [];
    private readonly List<int> _right = [];
    private readonly List<double> _value = [];

    public RegressionTree Build(double[] grad, double[] hess, int n)
    {
        _feature.Clear();
        _threshold.Clear();
        _bin.Clear();
        _left.Clear();
        _right.Clear();
        _value.Clear();
        var rows = new int[n];
        for (int i = 0; i < n; i++)
            rows[i] = i;
        Grow(rows, grad, hess, depth: 0);
        return new RegressionTree([.. _feature], [.. _threshold], [.. _bin], [.. _left], [.. _right], [.. _value]);
    }

    private int Grow(int[] rows, double[] grad, double[] hess, int depth)
    {
        int node = _feature.Count;
        _feature.Add(-1);
        _threshold.Add(0);
        _bin.Add(0);
        _left.Add(-1);
        _right.Add(-1);
        double g = 0, h = 0;
        foreach (int i in rows)
        {
            g += grad[i];
            h += hess[i];
        }
        _value.Add(Math.Clamp(-g / (h + o.L2), -o.MaxLeafStep, o.MaxLeafStep));
        if (depth >= o.MaxDepth || rows.Length < 2 * o.MinLeafSamples)
            return node;

        var (feature, bin, gain) = BestSplit(rows, grad, hess, g, h);
        if (feature < 0 || gain <= 1e-12)
            return node;
        var col = binned[feature];
        int[] leftRows = [.. rows.Where(i => col[i] <= bin)];
        int[] rightRows = [.. rows.Where(i => col[i] > bin)];
        _feature[node] = feature;
        _bin[node] = bin;
        _threshold[node] = bins.Edges[feature][bin];
        int l = Grow(leftRows, grad, hess, depth + 1);
        int r = Grow(rightRows, grad, hess, depth + 1);
        _left[node] = l;
        _right[node] = r;
        return node;
    }

    private (int Feature, int Bin, double Gain) BestSplit(int[] rows, double[] grad, double[] hess, double g, double h)
    {
        double parent = g * g / (h + o.L2);
        int bestFeature = -1, bestBin = -1;
        double bestGain = 0;
        var hg = new double[256];
        var hh = new double[256];
        var hc = new int[256];
        for (int f = 0; f < binned.Length; f++)
        {
            int nb = bins.BinCount(f);
            if (nb < 2)
                continue;
            Array.Clear(hg, 0, nb);
            Array.Clear(hh, 0, nb);
            Array.Clear(hc, 0, nb);
            var col = binned[f];
            foreach (int i in rows)
            {
                int b = col[i];
                hg[b] += grad[i];
                hh[b] += hess[i];
                hc[b]++;
            }
            double gl = 0, hl = 0;
            int cl = 0;
            for (int b = 0; b < nb - 1; b++) // the last bin cannot be a left side with a non-empty right
            {
                gl += hg[b];
                hl += hh[b];
                cl += hc[b];
                int cr = rows.Length - cl;
                if (cl < o.MinLeafSamples)
                    continue;
                if (cr < o.MinLeafSamples)
                    break;
                double gr = g - gl, hr = h - hl;
                double gain = gl * gl / (hl + o.L2) + gr * gr / (hr + o.L2) - parent;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestFeature = f;
                    bestBin = b;
                }
            }
        }
        return (bestFeature, bestBin, bestGain);
    }
}
