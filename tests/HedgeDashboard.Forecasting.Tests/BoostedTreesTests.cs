using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Trees;

namespace HedgeDashboard.Forecasting.Tests;

public class BoostedTreesTests
{
    private static (double[][] X, double[] Y) Sample(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n][];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = [rng.NextDouble() * 4 - 2, rng.NextDouble() * 4 - 2, rng.NextDouble()];
            y[i] = Math.Sin(2 * x[i][0]) + 0.5 * x[i][1] * x[i][1] + (x[i][0] > 0 && x[i][1] > 0 ? 1 : 0) + 0.05 * TestData.Normal(rng);
        }
        return (x, y);
    }

    private static double RSquared(GradientBoostedTrees model, double[][] x, double[] y)
    {
        double mean = y.Average(), ssRes = 0, ssTot = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double e = y[i] - model.Predict(x[i]);
            ssRes += e * e;
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return 1 - ssRes / ssTot;
    }

    [Fact]
    public void Fit_NonlinearFunction_ExplainsHeldOutData()
    {
        var (x, y) = Sample(6_000, 1);
        var (xt, yt) = Sample(2_000, 2);

        var model = GradientBoostedTrees.Fit(x, y, SquaredLoss.Instance, new BoostingOptions { MaxRounds = 600, LearningRate = 0.1, MinLeafSamples = 20, L2 = 1 });

        Assert.True(RSquared(model, xt, yt) > 0.97, $"R2 = {RSquared(model, xt, yt):F3}");
        Assert.InRange(model.TreeCount, 1, 600);
    }

    [Fact]
    public void Fit_PureNoiseTarget_EarlyStoppingKeepsFewTrees()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 3_000).Select(_ => new[] { rng.NextDouble(), rng.NextDouble() }).ToArray();
        var y = x.Select(_ => TestData.Normal(rng)).ToArray();

        var model = GradientBoostedTrees.Fit(x, y, SquaredLoss.Instance, new BoostingOptions { MaxRounds = 500, LearningRate = 0.1, EarlyStoppingRounds = 20 });

        Assert.True(model.TreeCount < 60, $"{model.TreeCount} trees on noise");
    }

    [Fact]
    public void Parameters_RoundTripThroughJson_PredictIdentically()
    {
        var (x, y) = Sample(2_000, 4);
        var model = GradientBoostedTrees.Fit(x, y, SquaredLoss.Instance, new BoostingOptions { MaxRounds = 50, MinLeafSamples = 20 });
        var json = new ModelParameters("trees", 1, 24, new Dictionary<string, double>(), model.ToParameters()).ToJson();

        var reloaded = GradientBoostedTrees.FromParameters(ModelParameters.FromJson(json).Trees!);

        foreach (var row in x.Take(200))
            Assert.Equal(model.Predict(row), reloaded.Predict(row));
    }

    [Fact]
    public void QlikeLoss_ConstantTarget_BaseScoreIsLogOfMean()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 1_000).Select(_ => new[] { rng.NextDouble() }).ToArray();
        var y = x.Select(_ => 2e-4 * (0.5 + rng.NextDouble())).ToArray();

        var model = GradientBoostedTrees.Fit(x, y, QlikeLogLoss.Instance, new BoostingOptions { MaxRounds = 1, ValidationFraction = 0 });

        Assert.Equal(Math.Log(y.Average()), model.BaseScore, 1e-9); // QLIKE's best constant is the mean
    }
}
