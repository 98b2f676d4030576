using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Backtesting;

public class BacktesterTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly BacktestOptions Frictionless = new()
    {
        Costs = new CostModel(0, 0, 0, 0),
        Threshold = 0,
        RecordSeries = true,
    };

    [Fact]
    public void Run_PolicyContext_SeesOnlyBarsUpToItsIndex()
    {
        var bars = Hourly(Enumerable.Range(0, 50).Select(i => 100 + Math.Sin(i)).ToArray());
        var spy = new SpyPolicy();

        Backtester.Run(bars, [spy], Frictionless);

        Assert.Equal(bars.Length, spy.Calls);
        Assert.Equal(0, spy.Violations);
    }

    [Fact]
    public void Run_FullDeltaHedgeWithoutCosts_LeavesOnlyLvr()
    {
        // Within the range an hourly delta hedge against HODL leaves each step's gamma loss, which is
        // what LVR measures (DESIGN.md). With hourly noise that loss can exceed the final IL itself:
        // the hedge turns a path-independent IL into a path-dependent LVR.
        var prices = Enumerable.Range(0, 2_000).Select(i => 100 * Math.Exp(0.15 * Math.Sin(i / 150.0)) * (1 + (0.01 * Math.Sin(i * 1.7)))).ToArray();

        var result = Backtester.Run(Hourly(prices), [new StaticRatioPolicy(1, "delta")], Frictionless);

        Assert.Equal(1, result.Setup.TimeInRange, 1e-12);
        Assert.Equal(result.Setup.Lvr, result.Policies[0].Metrics.LossHedged, result.Setup.Lvr * 0.02);
    }

    [Fact]
    public void Run_FullDeltaHedgeOnSmoothTrend_ProtectsAlmostAll()
    {
        var prices = Enumerable.Range(0, 1_000).Select(i => 100 + (i * 0.018)).ToArray();

        var result = Backtester.Run(Hourly(prices), [new StaticRatioPolicy(1, "delta"), new StaticRatioPolicy(0, "none")], Frictionless);

        var (delta, none) = (result.Policies[0], result.Policies[1]);
        Assert.True(none.Metrics.LossUnhedged > 0);
        Assert.True(delta.Metrics.ProtectionRate > 0.99, $"protection {delta.Metrics.ProtectionRate}");
        Assert.True(delta.Metrics.VarianceReduction > 0.99, $"variance reduction {delta.Metrics.VarianceReduction}");
        Assert.Equal(0, none.Final.Hedge);
        Assert.Equal(0, none.Metrics.ProtectionRate);
    }

    [Fact]
    public void Run_HalfHedge_ProtectsAboutHalf()
    {
        var prices = Enumerable.Range(0, 500).Select(i => 100 + (15 * Math.Sin(i / 40.0))).ToArray();

        var result = Backtester.Run(Hourly(prices), [new StaticRatioPolicy(0.5), new StaticRatioPolicy(1)], Frictionless);

        Assert.Equal(result.Policies[1].Metrics.ProtectionRate / 2, result.Policies[0].Metrics.ProtectionRate, 1e-9);
        Assert.Equal(-0.5, result.Policies[0].Metrics.RegressionSlope, 0.05);
    }

    [Fact]
    public void Run_GapAndConstantFunding_AccruesFundingOverTheWholeGap()
    {
        // Constant price, cash benchmark, full hedge: short x0 from bar 0, then only funding moves.
        var times = new[] { T0, T0.AddHours(1), T0.AddHours(2), T0.AddHours(7) };
        var bars = times.Select(t => new Bar(t, 100, 100, 100, 100, 1)).ToArray();
        var options = Frictionless with { Benchmark = Benchmark.Cash, Costs = new CostModel(0, 0, 1, 0.001) };

        var result = Backtester.Run(bars, [new StaticRatioPolicy(1)], options);

        var x0 = result.Setup.EntryAmount0;
        var policy = result.Policies[0];
        Assert.Equal(1, result.Setup.Gaps);
        Assert.Equal(4, result.Setup.MissingHours);
        Assert.Equal(1, policy.Rebalances);
        Assert.Equal(1, policy.TotalCosts.Gas);
        Assert.Equal(-x0 * 100 * 0.001 * 7, policy.TotalCosts.Funding, 1e-9);
        Assert.Equal((x0 * 100 * 0.001 * 7) - 1, policy.Final.Hedge, 1e-9);
    }

    [Fact]
    public void Run_FundingSeries_OverridesConstantWhereItHasRates()
    {
        var bars = Hourly([100, 100, 100]);
        var funding = new FundingSeries([T0.AddHours(1)], [0.01]);
        var options = Frictionless with { Benchmark = Benchmark.Cash, Costs = new CostModel(0, 0, 0, 0.5), Funding = funding };

        var result = Backtester.Run(bars, [new StaticRatioPolicy(1)], options);

        // Hour 0->1 uses the constant 0.5 (before the series); hour 1->2 the series' 0.01.
        var x0 = result.Setup.EntryAmount0;
        Assert.Equal(-x0 * 100 * (0.5 + 0.01), result.Policies[0].TotalCosts.Funding, 1e-9);
    }

    [Fact]
    public void Run_TradingCosts_ChargeFeeAndSlippageOnNotional()
    {
        var bars = Hourly([100, 100]);
        var options = Frictionless with { Benchmark = Benchmark.Cash, Costs = new CostModel(10, 4, 2, 0) };

        var result = Backtester.Run(bars, [new StaticRatioPolicy(1)], options);

        var notional = result.Setup.EntryAmount0 * 100;
        var costs = result.Policies[0].TotalCosts;
        Assert.Equal(notional * 0.001, costs.Fees, 1e-9);
        Assert.Equal(notional * 0.0004, costs.Slippage, 1e-9);
        Assert.Equal(2, costs.Gas);
        Assert.Equal(-costs.Total, result.Policies[0].Final.Hedge, 1e-9);
    }

    [Fact]
    public void Run_PriceLeavesRangeAbove_LpHoldsOnlyToken1()
    {
        var result = Backtester.Run(Hourly([100, 110, 130, 150]), [new StaticRatioPolicy(0)], Frictionless);

        var position = LiquidityPosition.FromValue(100, 10_000, 80, 120);
        Assert.Equal(position.AmountsAt(150).Amount1, result.Policies[0].Final.Lp, 1e-6);
        Assert.Equal(position.AmountsAt(120).ValueAt(120), result.Policies[0].Final.Lp, 1e-6);
        // Steps start at 100, 110 (inside) and 130 (above).
        Assert.Equal(2.0 / 3, result.Setup.TimeInRange, 1e-12);
    }

    [Fact]
    public void Run_HigherThreshold_RebalancesLess()
    {
        var prices = Enumerable.Range(0, 300).Select(i => 100 + (10 * Math.Sin(i / 10.0))).ToArray();

        var tight = Backtester.Run(Hourly(prices), [new StaticRatioPolicy(1)], Frictionless with { Threshold = 0.01 });
        var loose = Backtester.Run(Hourly(prices), [new StaticRatioPolicy(1)], Frictionless with { Threshold = 0.2 });

        Assert.True(loose.Policies[0].Rebalances < tight.Policies[0].Rebalances);
    }

    [Fact]
    public void Run_Series_NetEqualsLpPlusCumulativeHedge()
    {
        var result = Backtester.Run(Hourly([100, 104, 97, 101]), [new StaticRatioPolicy(1)], Frictionless);

        var policy = result.Policies[0];
        Assert.NotNull(result.Series);
        Assert.Equal(policy.Final.Hedge, policy.CumulativeHedgePnl![^1], 1e-9);
        Assert.Equal(policy.Final.Net, result.Series!.LpValue[^1] + policy.CumulativeHedgePnl[^1], 1e-9);
    }

    [Fact]
    public void Run_PoolFees_EarnsLiquidityShareOfCoveredInRangeHours()
    {
        var bars = Hourly([100, 100, 100, 130]);
        var liquidity = LiquidityPosition.FromValue(100, 10_000, 80, 120).Liquidity;
        // Pool liquidity equal to ours (scale 10) gives a half share; hour 1 has no row; hour 3 ends the series.
        var pool = new PoolFeeSeries([T0, T0.AddHours(2), T0.AddHours(3)], [40, 60, 1000], [liquidity * 10, liquidity * 30, liquidity * 10]);

        var result = Backtester.Run(bars, [new StaticRatioPolicy(0)], Frictionless with { PoolFees = pool, PoolLiquidityScale = 10 });

        var metrics = result.Policies[0].Metrics;
        Assert.Equal((40 * 0.5) + (60 * 0.25), metrics.LpFees, 1e-9);
        Assert.Equal(metrics.LpFees / result.Setup.Lvr, metrics.FeesOverLvr, 1e-12);
        Assert.Equal(result.Policies[0].Final.Lp + metrics.LpFees, result.Policies[0].Final.Net, 1e-9);
    }

    [Fact]
    public void Run_NoFeeData_LeavesFeesUndefined()
    {
        var result = Backtester.Run(Hourly([100, 101]), [new StaticRatioPolicy(0)], Frictionless);

        Assert.True(double.IsNaN(result.Policies[0].Metrics.LpFees));
        Assert.Equal(result.Policies[0].Final.Lp, result.Policies[0].Final.Net);
    }

    [Fact]
    public void Run_NaNRatio_ThrowsNamingPolicy()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Backtester.Run(Hourly([100, 101]), [new NaNPolicy()], Frictionless));

        Assert.Contains("nan-policy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LowerPctOf100_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backtester.Run(Hourly([100, 101]), [new StaticRatioPolicy(0)], Frictionless with { LowerPct = 100 }));
    }

    // The acceptance run: real ETH 2019-2025, +/-20% range, none / static 0.5 / delta.
    [Fact]
    public void Run_RealEth2019To2025_DeltaProtectsMostAndStaticHalf()
    {
        var bars = PriceSeriesFile.LoadBars(
            TestData.SharedFile("ETHUSDT_1h_binance_spot.csv.gz"),
            new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var registry = HedgePolicyRegistry.CreateDefault();

        var result = Backtester.Run(bars, [registry.Create("none"), registry.Create("static:0.5"), registry.Create("delta")], new BacktestOptions());

        Assert.Equal(131.82, result.Setup.EntryPrice);
        Assert.True(result.Setup.TimeInRange < 0.2, "ETH rose far above a fixed +/-20% range");
        var (none, half, delta) = (result.Policies[0], result.Policies[1], result.Policies[2]);
        Assert.Equal(0, none.TotalCosts.Total);
        Assert.InRange(half.Metrics.ProtectionRate, 0.4, 0.5);
        Assert.InRange(delta.Metrics.ProtectionRate, 0.85, 1.0);
        Assert.True(delta.TotalCosts.Total > half.TotalCosts.Total);
        Assert.All(result.Policies, p => Assert.Equal(p.Final.Lp + p.Final.Hedge, p.Final.Net, 1e-6));
    }

    private static Bar[] Hourly(double[] closes) =>
        closes.Select((c, i) => new Bar(T0.AddHours(i), c, c, c, c, 1)).ToArray();

    private sealed class SpyPolicy : IHedgePolicy
    {
        private BarHistory? earlier;

        public int Calls { get; private set; }

        public int Violations { get; private set; }

        public string Name => "spy";

        public double TargetRatio(PolicyContext context)
        {
            Calls++;
            var history = context.History;
            var ok = history.Count == context.Index + 1
                && history.Last.Time == context.Time
                && history.Closes.Length == context.Index + 1
                && history.Last.Close == context.Position.Price
                && history.Count(_ => true) == context.Index + 1
                && Throws(() => history[context.Index + 1])
                && Throws(() => history[-1]);
            // A view kept from an earlier step must not grow with time.
            ok &= earlier is null || (earlier.Count == context.Index && Throws(() => earlier[context.Index]));
            Violations += ok ? 0 : 1;
            earlier = history;
            return 0.5;
        }

        private static bool Throws(Func<Bar> read)
        {
            try
            {
                read();
                return false;
            }
            catch (ArgumentOutOfRangeException)
            {
                return true;
            }
        }
    }

    private sealed class NaNPolicy : IHedgePolicy
    {
        public string Name => "nan-policy";

        public double TargetRatio(PolicyContext context) => double.NaN;
    }
}
