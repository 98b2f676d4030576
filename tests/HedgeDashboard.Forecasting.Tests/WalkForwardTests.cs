using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;

namespace HedgeDashboard.Forecasting.Tests;

public class WalkForwardTests
{
    private static readonly List<OhlcvBar> Bars = TestData.Garch(4_000, 2e-6, 0.08, 0.9, 21).Bars;

    private static WalkForwardOptions Options => new()
    {
        HorizonHours = 24,
        RefitEveryHours = 500,
        FromUnix = Bars[2_000].UnixSeconds,
        MinFitBars = 1_500,
    };

    /// <summary>
    /// Reads realized variance of the next hours straight out of the price buffer behind the span it is
    /// handed, past the span's end, the way a buggy feature pipeline would. Falls back to a trailing
    /// estimate when what it finds there is not a price.
    /// </summary>
    private sealed class PeekingModel(MarketStore? leaked = null) : IVarianceModel
    {
        public string Name => "peeking";

        public IVarianceForecaster Fit(MarketHistory history, int horizonHours) => new Forecaster(leaked, horizonHours);

        private sealed class Forecaster(MarketStore? leaked, int horizon) : IVarianceForecaster
        {
            public ModelParameters Parameters => new("peeking", 1, horizon, new Dictionary<string, double>());

            public double Forecast(MarketHistory history)
            {
                var source = leaked?.View() ?? history;
                ref double first = ref MemoryMarshal.GetReference(source.Close);
                int t = history.Last;
                double future = 0;
                for (int k = 1; k <= horizon; k++)
                {
                    double r = Math.Log(Unsafe.Add(ref first, t + k) / Unsafe.Add(ref first, t + k - 1));
                    future += r * r;
                }
                return double.IsFinite(future) && future > 0 ? future : horizon * RealizedVariance.TrailingMean(history, t, 168);
            }
        }
    }

    [Fact]
    public void Run_ModelThatPeeksPastItsHistory_FindsNoFuture()
    {
        var honest = WalkForward.Run(Bars, new PeekingModel(), Options);
        var leaked = WalkForward.Run(Bars, new PeekingModel(MarketStore.From(Bars)), Options);

        Assert.True(leaked.Qlike < 1e-9, "with the whole series in hand, peeking is a perfect forecast");
        Assert.True(honest.Qlike > 0.05, $"through the pipeline the peek finds nothing (QLIKE {honest.Qlike:F4})");
        Assert.Equal(honest.N, leaked.N);
    }

    [Fact]
    public void History_IndexPastTheOrigin_Throws()
    {
        var history = TestData.History(Bars).Upto(100);

        Assert.Throws<IndexOutOfRangeException>(() => history.Close[history.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Upto(history.Count));
    }

    public static TheoryData<string> ModelNames => ["ewma", "garch", "har", "fasttree", "forest", "lightgbm"];

    private static IVarianceModel Create(string name) => name switch
    {
        "ewma" => new EwmaModel(),
        "garch" => new GarchModel(),
        "har" => new HarModel(),
        "fasttree" => new MlNetVarianceModel(MlNetLearner.FastTreeGamma, trainingStride: 2, refitEveryHours: 500, trees: 30),
        "forest" => new MlNetVarianceModel(MlNetLearner.FastForest, trainingStride: 2, refitEveryHours: 500, trees: 20),
        _ => new MlNetVarianceModel(MlNetLearner.LightGbm, trainingStride: 2, refitEveryHours: 500, trees: 30),
    };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Run_FutureRewritten_ForecastsUpToTheCutUnchanged(string name)
    {
        int cut = 2_600;
        var rng = new Random(99);
        var rewritten = Bars.Select((b, i) => i <= cut ? b : b with { Close = b.Close * Math.Exp(0.05 * TestData.Normal(rng)) }).ToList();

        var original = WalkForward.Run(Bars, Create(name), Options);
        var altered = WalkForward.Run(rewritten, Create(name), Options);

        var before = original.Points.Where(p => p.Origin <= cut).ToList();
        Assert.NotEmpty(before);
        Assert.Equal(before.Select(p => p.Forecast), altered.Points.Where(p => p.Origin <= cut).Select(p => p.Forecast));
        Assert.NotEqual(original.Qlike, altered.Qlike); // the rewrite did reach the scores
    }

    [Fact]
    public void Run_ScoresOnlyOriginsInsideTheWindow()
    {
        var o = Options with { ToUnix = Bars[3_000].UnixSeconds, StepHours = 24 };

        var e = WalkForward.Run(Bars, new EwmaModel(), o);

        Assert.All(e.Points, p => Assert.True(p.OriginTime >= o.FromUnix && p.OriginTime + 25 * 3600 <= o.ToUnix));
        Assert.All(e.Points, p => Assert.Equal(0, (p.OriginTime / 3600 + 1) % 24));
        Assert.InRange(e.N, 1_000 / 24 - 2, 1_000 / 24);
    }

    [Fact]
    public void Combination_WeightsComeFromRealizedPast()
    {
        var a = WalkForward.Run(Bars, new EwmaModel(), Options);
        var b = WalkForward.Run(Bars, new HarModel(), Options);

        var c = Combination.Run(a, b, Options);

        Assert.Equal(a.N, c.N);
        // The first forecast has no realized past: an even blend.
        Assert.Equal(Math.Sqrt(a.Points[0].Forecast * b.Points[0].Forecast), c.Points[0].Forecast, 1e-15);
    }

    [Fact]
    public void Qlike_PerfectForecastIsZero_OtherwisePositive()
    {
        Assert.Equal(0, Scores.Qlike(2e-4, 2e-4), 1e-15);
        Assert.True(Scores.Qlike(2e-4, 1e-4) > 0);
        Assert.True(Scores.Qlike(1e-4, 2e-4) > 0);
        // Under-forecasting by 2x costs more than over-forecasting by 2x.
        Assert.True(Scores.Qlike(2e-4, 1e-4) > Scores.Qlike(1e-4, 2e-4));
    }
}
