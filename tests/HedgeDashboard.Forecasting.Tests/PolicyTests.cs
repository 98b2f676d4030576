using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Policies;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Forecasting.Tests;

public class PolicyTests
{
    /// <summary>Calm hours, then a storm: hourly volatility 0.2% for 1,500 bars, then 3%.</summary>
    private static BarSeries CalmThenStorm(int calm = 1_500, int storm = 300)
    {
        var rng = new Random(7);
        var bars = new List<Bar>();
        double price = 100;
        var start = DateTimeOffset.FromUnixTimeSeconds(TestData.Start);
        for (int i = 0; i < calm + storm; i++)
        {
            double open = price;
            price *= Math.Exp((i < calm ? 0.002 : 0.03) * TestData.Normal(rng));
            bars.Add(new Bar(start.AddHours(i), open, Math.Max(open, price) * 1.0005, Math.Min(open, price) * 0.9995, price, 100));
        }
        return new BarSeries(bars);
    }

    private static PolicyContext Context(BarSeries series, int i, double ratio, CostModel costs)
    {
        var history = series.HistoryAt(i);
        double entry = series.HistoryAt(0).Last.Close, price = history.Last.Close;
        var position = LiquidityPosition.FromValue(entry, 10_000, entry * 0.8, entry * 1.2);
        var snapshot = new PositionSnapshot(position.Lower, position.Upper, entry, price, position.AmountsAt(entry).Amount0,
            position.DeltaAt(price), position.ValueAt(price));
        return new PolicyContext(history, snapshot, ratio, Benchmark.Hodl, costs, 0);
    }

    private static double[] Run(IHedgePolicy policy, BarSeries series, CostModel costs)
    {
        var ratios = new double[series.Count];
        double ratio = 0;
        for (int i = 0; i < series.Count; i++)
            ratios[i] = ratio = policy.TargetRatio(Context(series, i, ratio, costs));
        return ratios;
    }

    [Fact]
    public void Seed_RatioIsTwiceTheRiskCappedAtOne()
    {
        var series = CalmThenStorm();
        var policy = new SeedPolicy(new OnlineRiskForecaster(new HarModel()));
        var twin = new OnlineRiskForecaster(new HarModel());

        for (int i = 0; i < series.Count; i++)
        {
            var context = Context(series, i, 0, CostModel.Default);
            double ratio = policy.TargetRatio(context);
            var distribution = twin.Update(context.History);
            if (distribution is null)
            {
                Assert.Equal(0, ratio); // warming up: keeps the current ratio
                continue;
            }
            var p = context.Position;
            double risk = IlRiskScorer.LossProbability(new LiquidityPosition(1, p.Lower, p.Upper), p.EntryPrice, p.Price, true, distribution, 0.02);
            Assert.Equal(Math.Min(2 * risk, 1), ratio, 1e-12);
        }
    }

    [Fact]
    public void Model_CalmThenStorm_StaysOutThenHedges()
    {
        var series = CalmThenStorm();

        var ratios = Run(new ModelPolicy(new OnlineRiskForecaster(new HarModel()), new ModelPolicyOptions()), series, CostModel.Default);

        Assert.All(ratios[1_000..1_500], r => Assert.Equal(0, r));
        Assert.True(ratios[^100..].Average() > 0.5, "hedged once the forecast sees the storm");
    }

    [Fact]
    public void Model_TradesThatCostMoreThanTheySave_AreSkipped()
    {
        var series = CalmThenStorm();
        var costly = new CostModel(TakerFeeBps: 5, SlippageBps: 0, GasUsd: 1_000_000, FundingRatePerHour: 0);

        var model = Run(new ModelPolicy(new OnlineRiskForecaster(new HarModel()), new ModelPolicyOptions()), series, costly);
        var seed = Run(new SeedPolicy(new OnlineRiskForecaster(new HarModel())), series, costly);

        Assert.All(model, r => Assert.Equal(0, r));
        Assert.True(seed.Max() > 0.5, "the seed heuristic ignores costs");
    }

    [Fact]
    public void Hysteresis_NoiseAroundOneLevel_SwitchesOnceWhereASingleThresholdChurns()
    {
        var rng = new Random(3);
        var risk = Enumerable.Range(0, 500).Select(i => (i < 250 ? 0.02 : 0.07) + 0.02 * (rng.NextDouble() - 0.5) + (i >= 250 && i < 260 ? 0.05 : 0)).ToArray();

        int Switches(Hysteresis h)
        {
            var states = risk.Select(h.Update).ToArray();
            return states.Zip(states.Skip(1)).Count(pair => pair.First != pair.Second);
        }

        Assert.Equal(1, Switches(new Hysteresis(0.10, 0.04)));
        Assert.True(Switches(new Hysteresis(0.07, 0.07)) > 20);
    }

    [Theory]
    [InlineData(4, 0.35355339059327373)]
    [InlineData(1_000_000, 0.3989422804014327)]
    public void ExpectedShortfallOfUnitT_KnownValues(double nu, double expected)
    {
        Assert.Equal(expected, ModelPolicy.ExpectedShortfallOfUnitT(nu), 1e-6);
    }

    [Fact]
    public void OnlineForecaster_SameBars_SameDistribution_WhateverComesAfter()
    {
        var series = CalmThenStorm();
        var truncated = new BarSeries(Enumerable.Range(0, 1_600).Select(i => series.HistoryAt(1_599)[i]));
        var a = new OnlineRiskForecaster(new HarModel());
        var b = new OnlineRiskForecaster(new HarModel());

        HorizonDistribution? da = null, db = null;
        for (int i = 0; i < 1_600; i++)
        {
            da = a.Update(series.HistoryAt(i));
            db = b.Update(truncated.HistoryAt(i));
        }

        Assert.NotNull(da);
        Assert.Equal(da.Variance, db!.Variance);
        Assert.Equal(da.DegreesOfFreedom, db.DegreesOfFreedom);
    }
}
