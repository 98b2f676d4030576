using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Trees;

public sealed record BoostingOptions
{
    public int MaxRounds { get; init; } = 400;
    public double LearningRate { get; init; } = 0.05;
    public int MaxDepth { get; init; } = 3;
    public int MaxBins { get; init; } = 64;
    public int MinLeafSamples { get; init; } = 100;
    public double L2 { get; init; } = 10;

    /// <summary>Largest leaf step before shrinkage; keeps Newton steps sane where the hessian is tiny.</summary>
    public double MaxLeafStep { get; init; } = 1;

    /// <summary>The newest share of the rows held out to choose the number of trees.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    public int EarlyStoppingRounds { get; init; } = 40;

    /// <summary>After early stopping, grow the chosen number of trees again on all rows (the newest rows matter most).</summary>
    public bool RefitOnAllRows { get; init; } = true;
}

/// <summary>
/// Gradient-boosted regression trees: quantile-histogram splits, Newton leaf values with L2, shrinkage,
/// depth limit, and early stopping on the chronologically last rows. Rows are expected in time order.
/// </summary>
public sealed class GradientBoostedTrees
{
    private readonly List<RegressionTree> _trees;

    private GradientBoostedTrees(double baseScore, double learningRate, List<RegressionTree> trees)
    {
        BaseScore = baseScore;
        LearningRate = learningRate;
        _trees = trees;
    }

    public double BaseScore { get; }
    public double LearningRate { get; }
    public int TreeCount => _trees.Count;

    public double Predict(ReadOnlySpan<double> x, double offset = 0)
    {
        double f = offset + BaseScore;
        foreach (var t in _trees)
            f += LearningRate * t.Predict(x);
        return f;
    }

    public GradientBoostedTreesParameters ToParameters() =>
        new(BaseScore, LearningRate, [.. _trees.Select(t => t.ToParameters())]);

    public static GradientBoostedTrees FromParameters(GradientBoostedTreesParameters p) =>
        new(p.BaseScore, p.LearningRate, [.. p.Trees.Select(RegressionTree.FromParameters)]);

    /// <summary>Fits on rows x[i] with targets y[i] and optional fixed offsets added to every score.</summary>
    public static GradientBoostedTrees Fit(double[][] x, double[] y, IBoostingLoss loss, BoostingOptions o, double[]? offset = null)
    {
        int n = x.Length;
        if (n != y.Length || n < 2 * o.MinLeafSamples)
            throw new ArgumentException($"Need matching rows and targets, at least {2 * o.MinLeafSamples} rows; got {n}.");
        offset ??= new double[n];
        var bins = FeatureBins.Build(x, o.MaxBins);
        var binned = bins.Apply(x);
        int nValid = o.ValidationFraction > 0 ? (int)(n * o.ValidationFraction) : 0;
        int nTrain = n - nValid;
        int rounds = o.MaxRounds;
        if (nValid > 0)
        {
            var trial = Grow(binned, bins, y, offset, loss, o, nTrain, o.MaxRounds, validFrom: nTrain);
            if (!o.RefitOnAllRows)
                return trial.Model;
            rounds = trial.BestRounds;
        }
        return Grow(binned, bins, y, offset, loss, o, n, rounds, validFrom: n).Model;
    }

    private static (GradientBoostedTrees Model, int BestRounds) Grow(
        byte[][] binned, FeatureBins bins, double[] y, double[] offset, IBoostingLoss loss, BoostingOptions o,
        int nTrain, int maxRounds, int validFrom)
    {
        int n = y.Length;
        double baseScore = ConstantScore(y, offset, loss, nTrain);
        var score = new double[n];
        for (int i = 0; i < n; i++)
            score[i] = offset[i] + baseScore;
        var grad = new double[nTrain];
        var hess = new double[nTrain];
        var trees = new List<RegressionTree>();
        var builder = new TreeBuilder(binned, bins, o);
        double bestLoss = double.PositiveInfinity;
        int bestRounds = 0;
        for (int round = 0; round < maxRounds; round++)
        {
            for (int i = 0; i < nTrain; i++)
                (grad[i], hess[i]) = loss.Derivatives(score[i], y[i]);
            var tree = builder.Build(grad, hess, nTrain);
            trees.Add(tree);
            double validLoss = 0;
            for (int i = 0; i < n; i++)
            {
                score[i] += o.LearningRate * tree.PredictBinned(binned, i);
                if (i >= validFrom)
                    validLoss += loss.Loss(score[i], y[i]);
            }
            if (validFrom >= n)
                continue;
            if (validLoss < bestLoss - 1e-12)
            {
                bestLoss = validLoss;
                bestRounds = round + 1;
            }
            else if (round + 1 - bestRounds >= o.EarlyStoppingRounds)
            {
                break;
            }
        }
        if (validFrom < n)
            trees.RemoveRange(bestRounds, trees.Count - bestRounds);
        return (new GradientBoostedTrees(baseScore, o.LearningRate, trees), validFrom < n ? bestRounds : trees.Count);
    }

    /// <summary>The constant score that minimizes the loss given the offsets (a few Newton steps).</summary>
    private static double ConstantScore(double[] y, double[] offset, IBoostingLoss loss, int n)
    {
        double b = 0;
        for (int step = 0; step < 50; step++)
        {
            double g = 0, h = 0;
            for (int i = 0; i < n; i++)
            {
                var (gi, hi) = loss.Derivatives(offset[i] + b, y[i]);
                g += gi;
                h += hi;
            }
            double delta = -g / h;
            b += Math.Clamp(delta, -5, 5);
            if (Math.Abs(delta) < 1e-10)
                break;
        }
        return b;
    }
}
