using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Features;
using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Tests;

public class FeatureTests
{
    [Fact]
    public void RangeEstimators_BadBar_IsClampedAndCounted()
    {
        // Second bar: open 2564.24 above its high 2560 (as in the CCCAGG feed).
        var bars = new List<OhlcvBar>
        {
            new(TestData.Start, 100, 101, 99, 100, 1),
            new(TestData.Start + 3600, 102, 101, 99, 100, 1),
        };
        var h = TestData.History(bars);
        int clamped = 0;

        double parkinson = RangeEstimators.Parkinson(h, 1, 1, ref clamped);

        Assert.Equal(1, clamped);
        Assert.Equal(Math.Pow(Math.Log(102.0 / 99), 2) / (4 * Math.Log(2)), parkinson, 1e-15);
        Assert.Equal(1, RangeEstimators.CountBadBars(h));
    }

    [Fact]
    public void RangeEstimators_CryptoCompareEth_Counts35BadBars()
    {
        var h = TestData.History(TestData.Shared("ETHUSD_1h_cryptocompare_cccagg.csv.gz"));

        Assert.Equal(35, RangeEstimators.CountBadBars(h)); // as documented in shared/data/README.md
    }

    [Fact]
    public void Compute_SameOrigin_IgnoresLaterBars()
    {
        var bars = TestData.Garch(1_000, 2e-6, 0.08, 0.9, 8).Bars;
        var full = TestData.History(bars);
        var cut = TestData.History(bars.Take(801).ToList());
        var a = new double[FeatureBuilder.Count];
        var b = new double[FeatureBuilder.Count];

        FeatureBuilder.Compute(full, 800, 24, a);
        FeatureBuilder.Compute(cut, 800, 24, b);

        Assert.Equal(a, b);
        Assert.All(a, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Parameters_AllModels_RoundTripThroughJson()
    {
        var bars = TestData.Garch(3_000, 2e-6, 0.08, 0.9, 9).Bars;
        var h = TestData.History(bars);
        var models = new (IVarianceModel Model, Func<ModelParameters, IVarianceForecaster> Load)[]
        {
            (new EwmaModel(), EwmaModel.Load),
            (new GarchModel(), GarchModel.Load),
            (new HarModel(), HarModel.Load),
            (new MlNetVarianceModel(MlNetLearner.FastTreeGamma, 2, trees: 20), MlNetVarianceModel.Load),
            (new MlNetVarianceModel(MlNetLearner.FastForest, 2, trees: 10), MlNetVarianceModel.Load),
            (new MlNetVarianceModel(MlNetLearner.LightGbm, 2, trees: 20), MlNetVarianceModel.Load),
        };
        foreach (var (model, load) in models)
        {
            var fitted = model.Fit(h, 24);
            string json = fitted.Parameters.ToJson();
            Assert.Contains("\"version\":1", json);
            Assert.DoesNotContain("blob", json, StringComparison.OrdinalIgnoreCase); // model bytes go to their own column

            var reloaded = load(ModelParameters.FromJson(json) with { Blob = fitted.Parameters.Blob });

            Assert.Equal(fitted.Forecast(h), reloaded.Forecast(h), 1e-15);
        }
    }
}

public class SquaredReturnsTests
{
    [Fact]
    public void Forward_WindowWithAGap_UsesTheLongerStepAndInventsNothing()
    {
        double[] closes = [100, 101, 99, 103, 102];
        long[] hours = [0, 1, 2, 4, 5]; // hour 3 is missing
        var bars = closes.Select((c, i) => new OhlcvBar(TestData.Start + hours[i] * 3600, c, c, c, c, 1)).ToList();
        var sr = new SquaredReturns();
        sr.Sync(TestData.History(bars));
        static double Sq(double a, double b) => Math.Log(b / a) * Math.Log(b / a);

        Assert.Equal(Sq(100, 101) + Sq(101, 99), sr.Forward(0, 3), 1e-15); // bars opening at hours 1..3
        Assert.Equal(Sq(99, 103) + Sq(103, 102), sr.Forward(2, 3), 1e-15); // 2 -> 4 is one two-hour step
        Assert.True(double.IsNaN(sr.Forward(3, 3)), "the window runs past the data");
    }
}
