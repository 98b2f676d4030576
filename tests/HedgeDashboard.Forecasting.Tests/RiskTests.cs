using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Positions;
using MathNet.Numerics.Distributions;

namespace HedgeDashboard.Forecasting.Tests;

public class RiskTests
{
    [Fact]
    public void ProbabilityBeyond_FullRange_IsTheTailBeyondDoublingOrHalving()
    {
        var d = new HorizonDistribution(0.04, 5);
        double threshold = 1 - 2 * Math.Sqrt(2) / 3; // v2 IL at r = 2 (and r = 0.5): 5.72%

        var risk = IlRiskScorer.Score(0, double.PositiveInfinity, 100, 100, d, threshold - 1e-9);

        double scale = Math.Sqrt(0.04 * 3 / 5);
        double expected = 2 * (1 - StudentT.CDF(0, scale, 5, Math.Log(2)));
        Assert.Equal(expected, risk.ProbabilityBeyond, 1e-6);
        Assert.Equal(risk.ProbabilityBeyond, risk.Score);
    }

    [Fact]
    public void ExpectedIl_MatchesFineNumericalIntegration()
    {
        var d = new HorizonDistribution(0.0025, 4);
        var position = new LiquidityPosition(1, 90, 110);
        double sum = 0;
        const int n = 200_000;
        for (int k = 0; k < n; k++)
            sum += position.ImpermanentLossAt(100, 100 * Math.Exp(d.Quantile((k + 0.5) / n)));

        var risk = IlRiskScorer.Score(90, 110, 100, 100, d, 0.02);

        Assert.Equal(sum / n, risk.ExpectedIl, 2e-4);
        Assert.True(risk.ExpectedIl < 0);
        Assert.Equal(0, risk.CurrentIl, 1e-12);
    }

    [Fact]
    public void ProbabilityBeyond_GrowsWithForecastVariance()
    {
        double previous = -1;
        foreach (double variance in new[] { 1e-4, 4e-4, 1.6e-3, 6.4e-3, 2.5e-2 })
        {
            double p = IlRiskScorer.ProbabilityBeyond(90, 110, 100, 100, new HorizonDistribution(variance, 4), 0.02);
            Assert.InRange(p, 0, 1);
            Assert.True(p > previous, $"P = {p} at variance {variance}");
            previous = p;
        }
    }

    [Fact]
    public void ProbabilityBeyond_PositionAlreadyUnderwater_IsHigher()
    {
        var d = new HorizonDistribution(1e-3, 4);

        double atEntry = IlRiskScorer.ProbabilityBeyond(90, 110, 100, 100, d, 0.02);
        double moved = IlRiskScorer.ProbabilityBeyond(90, 110, 100, 106, d, 0.02);

        Assert.True(moved > atEntry);
    }

    [Fact]
    public void LossProbability_FullRangeAgainstCash_IsTheLowerTailOfSqrtPrice()
    {
        var d = new HorizonDistribution(0.01, 5);
        var position = LiquidityPosition.FullRange(10);

        double p = IlRiskScorer.LossProbability(position, 80, 100, hodlBenchmark: false, d, 0.1);

        // V = 2 L sqrt(P): V falls by 10% when sqrt(P1 / P) < 0.9.
        Assert.Equal(d.Cdf(2 * Math.Log(0.9)), p, 1e-7);
    }

    [Fact]
    public void LossProbability_AgainstHodl_AtEntryMatchesIlProbabilityClosely()
    {
        var d = new HorizonDistribution(0.002, 4);
        var position = new LiquidityPosition(1, 90, 110);

        double loss = IlRiskScorer.LossProbability(position, 100, 100, hodlBenchmark: true, d, 0.02);
        double il = IlRiskScorer.ProbabilityBeyond(90, 110, 100, 100, d, 0.02);

        // Same event up to measuring the 2% on HODL's value now rather than at the horizon.
        Assert.InRange(loss, il * 0.85, il * 1.15);
    }

    [Fact]
    public void FitStudentT_SimulatedData_RecoversShapeAndScale()
    {
        var rng = new Random(17);
        var t = new StudentT(0, Math.Sqrt(2.0 / 4), 4, rng); // unit variance, nu = 4
        var z = Enumerable.Range(0, 8_000).Select(i => ((long)i, Math.Sqrt(1.5) * t.Sample())).ToList();

        var (nu, factor) = IlCalibration.FitStudentT(z, z.Count);

        Assert.InRange(nu, 3.5, 5);
        Assert.InRange(factor, 1.3, 1.7);
    }
}

public class HorizonDistributionTests
{
    [Theory]
    [InlineData(3.5)]
    [InlineData(8)]
    public void Tabulate_CdfMatchesExactEverywhere(double nu)
    {
        var exact = new HorizonDistribution(0.002, nu);
        var table = new HorizonDistribution(0.002, nu).Tabulate();

        for (double x = -1; x <= 1; x += 0.0007)
            Assert.Equal(exact.Cdf(x), table.Cdf(x), 1e-6);
    }

    [Fact]
    public void Quadrature_WeightsSumToOne_AndReproduceTheVariance()
    {
        var d = new HorizonDistribution(0.003, 6);

        double w = 0, v = 0;
        for (int k = 0; k < d.QuadratureNodes.Length; k++)
        {
            w += d.QuadratureWeights[k];
            v += d.QuadratureWeights[k] * d.QuadratureNodes[k] * d.QuadratureNodes[k];
        }

        Assert.Equal(1, w, 1e-12);
        Assert.Equal(0.003, v, 0.00015);
    }
}

public class IlClassifierTests
{
    [Fact]
    public void Platt_RecoversTheLogisticLinkOfScores()
    {
        var rng = new Random(3);
        var score = new double[20_000];
        var label = new bool[score.Length];
        for (int i = 0; i < score.Length; i++)
        {
            score[i] = 4 * rng.NextDouble() - 2;
            label[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(1.5 * score[i] - 3)));
        }

        var (a, b) = IlClassifier.Platt(score, label);

        Assert.InRange(a, 1.3, 1.7);
        Assert.InRange(b, -3.3, -2.7);
    }
}

public class IsotonicRecalibrationTests
{
    [Fact]
    public void Fit_PoolsAdjacentViolators_ApplyInterpolatesBetweenBlocks()
    {
        CalibrationPoint[] points = [new(0, 0.1, false), new(1, 0.2, true), new(2, 0.3, false), new(3, 0.4, true)];

        var map = IsotonicMap.Fit(points);

        Assert.Equal([0.1, 0.25, 0.4], map.X.Select(x => Math.Round(x, 12)));
        Assert.Equal([0.0, 0.5, 1.0], map.Y);
        Assert.Equal(4, map.N);
        Assert.Null(map.Problem());
        Assert.Equal(0.25, map.Apply(0.175), 12);
        Assert.Equal(0.0, map.Apply(0.01));
        Assert.Equal(1.0, map.Apply(0.9));
    }

    [Fact]
    public void Apply_BeyondTheOuterBlocks_RunsToZeroAndOne()
    {
        // Blocks at 0.2 -> 0.1 and 0.4 -> 0.3: below, the line to (0, 0); above, the line to (1, 1).
        var map = new IsotonicMap([0.2, 0.4], [0.1, 0.3], 100);

        Assert.Equal(0.05, map.Apply(0.1), 12);
        Assert.Equal(0.2, map.Apply(0.3), 12);
        Assert.Equal(0.65, map.Apply(0.7), 12); // 0.3 + 0.7 x (0.7 - 0.4) / 0.6
        Assert.Equal(1.0, map.Apply(1.0), 12);
        Assert.Equal(0.0, map.Apply(-0.5), 12);
        Assert.Equal("its calibration map is not increasing", new IsotonicMap([0.2, 0.2], [0.1, 0.3], 2).Problem());
    }

    [Fact]
    public void Run_UsesOnlyRealizedOutcomes_SkipsTheWarmup()
    {
        // Hourly origins; origin j's 24 h horizon is known at origin i when j <= i - 24, so 5 are known from origin 28 on.
        var bars = Enumerable.Range(0, 100).Select(i => new HedgeDashboard.Forecasting.Data.OhlcvBar(i * 3600L, 1, 1, 1, 1, 1)).ToArray();
        var points = Enumerable.Range(0, 60).Select(i => new CalibrationPoint(i, 0.5, i % 2 == 0)).ToList();
        var report = new CalibrationReport("m", points.Count, 4, 1, 0, [], []) { Points = points };

        var r = IsotonicRecalibration.Run(report, bars, 24, 2, refitEveryHours: 1, warmupPoints: 5);

        Assert.Equal(60 - 28, r.N);
        Assert.Equal(0.6, r.Points[0].Predicted, 12); // origins 0..4 are known then: 0, 2 and 4 happened, 3 of 5
    }
}
