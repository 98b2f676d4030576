using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Options;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Hedging;

public class OptionPolicyBacktestTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    // No perp costs, no option frictions: the option legs' PnL is payoff minus model premium.
    private static readonly BacktestOptions Frictionless = new()
    {
        Costs = new CostModel(0, 0, 0, 0),
        OptionMarket = new OptionMarket(VolatilityPremium: 0, SpreadPct: 0, FeeBps: 0),
        Threshold = 0,
    };

    [Fact]
    public void ProtectivePut_CrashBelowRange_PaysStrikeMinusSettlementOnTheExposureDelta()
    {
        // 100 falls to 60 within the day: the put struck at the lower bound 80 pays (80 - 60) per unit at expiry (bar 24).
        var prices = Enumerable.Range(0, 30).Select(i => i < 24 ? 100 - (i * 40.0 / 24) : 60).ToArray();
        var result = Backtester.Run(Hourly(prices), [new ProtectivePutPolicy(OneDay, new ConstantVolatility(0.6))], Frictionless);

        var policy = result.Policies[0];
        var trade = Assert.Single(policy.Options!.Trades, t => t.Time == T0);
        var lp = LiquidityPosition.FromValue(100, 10_000, 80, 120);
        var expectedQuantity = lp.DeltaAt(80) - lp.DeltaAt(100);
        Assert.Equal(OptionRight.Put, trade.Right);
        Assert.Equal(80, trade.Strike, 1e-9);
        Assert.Equal(expectedQuantity, trade.Quantity, 1e-9);
        Assert.Equal(T0.AddDays(1), trade.Expiry);
        Assert.Equal(60, trade.Settlement);
        Assert.Equal(expectedQuantity * 20, trade.Payoff!.Value, 1e-9);
        Assert.Equal(Black76.Price(OptionRight.Put, 100, 80, 1.0 / 365, 0, 0.6) * expectedQuantity, trade.Premium, 1e-9);
    }

    [Fact]
    public void Rolls_EveryTenor_SettleOnTheFirstBarAtOrAfterExpiry()
    {
        // 100 hourly bars with a 7-hour gap over the second expiry (hour 48): legs roll at 0, 24, then at the
        // first bar after the gap (hour 50), then 74 and 98; the last legs are still open at the end (hour 105).
        var times = Enumerable.Range(0, 100).Select(i => T0.AddHours(i < 44 ? i : i + 6)).ToArray();
        var bars = times.Select((t, i) => Bar(t, 100 + (3 * Math.Sin(i / 5.0)))).ToArray();

        var result = Backtester.Run(bars, [new StranglePolicy(OneDay, new ConstantVolatility(0.5), hedgeDelta: false)], Frictionless);

        var activity = result.Policies[0].Options!;
        var rollTimes = activity.Trades.Select(t => t.Time).Distinct().ToArray();
        Assert.Equal([T0, T0.AddHours(24), T0.AddHours(50), T0.AddHours(74), T0.AddHours(98)], rollTimes);
        Assert.Equal(5, activity.Rolls);
        Assert.All(activity.Trades.Where(t => t.Time < T0.AddHours(98)), t => Assert.NotNull(t.Settlement));
        Assert.All(activity.Trades.Where(t => t.Time == T0.AddHours(24)), t => Assert.Equal(bars[44].Close, t.Settlement));
        Assert.All(activity.Trades.Where(t => t.Time == T0.AddHours(98)), t => Assert.Null(t.Payoff));
        Assert.NotEqual(0, activity.OpenValue);
        Assert.Equal(activity.Trades.Sum(t => t.Payoff ?? 0), activity.Payoffs, 1e-9);
    }

    [Fact]
    public void Costs_IncludePremiumsSpreadAndFees_AndTheHedgePnlIsPayoffsPlusOpenValueLessCosts()
    {
        var prices = Enumerable.Range(0, 200).Select(i => 100 * Math.Exp(0.1 * Math.Sin(i / 17.0))).ToArray();
        var market = new OptionMarket(VolatilityPremium: 0.1, SpreadPct: 10, FeeBps: 3, FeeCapPct: 12.5);
        var policies = new IHedgePolicy[] { new PutSpreadPolicy(OneDay, new ConstantVolatility(0.5)), new StranglePolicy(OneDay, new ConstantVolatility(0.5), hedgeDelta: false) };

        var result = Backtester.Run(Hourly(prices), policies, Frictionless with { OptionMarket = market });

        foreach (var policy in result.Policies)
        {
            var activity = policy.Options!;
            Assert.True(activity.Trades.Count > 0);
            Assert.Equal(activity.Trades.Sum(t => t.Premium), policy.TotalCosts.Premiums, 1e-9);
            Assert.Equal(activity.Trades.Sum(t => t.Fee), policy.TotalCosts.OptionFees, 1e-9);
            Assert.True(policy.TotalCosts.OptionFees > 0);
            // Bought at mid plus half the spread, sold at mid less half: premium paid exceeds the mid value.
            Assert.All(activity.Trades, t => Assert.Equal(t.Mid + (Math.Abs(t.Mid) * 0.05), t.Premium, 1e-9));
            Assert.Equal(policy.TotalCosts.Premiums + policy.TotalCosts.OptionFees, policy.TotalCosts.Total, 1e-9);
            Assert.Equal(activity.Payoffs + activity.OpenValue - policy.TotalCosts.Total, policy.Final.Hedge, 1e-6);
            Assert.All(activity.Trades, t => Assert.Equal(0.6, t.QuotedVolatility, 1e-12));
        }
    }

    [Fact]
    public void PutSpread_SettlingAtTheLowerBound_PaysWhatTheExposureLost()
    {
        var prices = Enumerable.Range(0, 25).Select(i => 100 - (i * 20.0 / 24)).ToArray();

        var result = Backtester.Run(Hourly(prices), [new PutSpreadPolicy(OneDay, new ConstantVolatility(0.5))], Frictionless);

        // At expiry the price sits on the lower bound and the next roll buys a spread below the range: look at the first.
        var trades = result.Policies[0].Options!.Trades.Where(t => t.Time == T0).ToArray();
        Assert.Equal(2, trades.Length);
        Assert.Equal(100, trades[0].Strike, 1e-9);
        Assert.Equal(80, trades[1].Strike, 1e-9);
        Assert.Equal(-trades[0].Quantity, trades[1].Quantity, 1e-12);
        var lp = LiquidityPosition.FromValue(100, 10_000, 80, 120);
        var x0 = lp.DeltaAt(100);
        var exposureLoss = lp.ValueAt(100) - lp.ValueAt(80) - (x0 * 20);
        Assert.Equal(exposureLoss, trades.Sum(t => t.Payoff!.Value), 1e-9);
        Assert.Equal(-trades.Sum(t => t.Payoff!.Value), result.Series!.LpValue[^1] - result.Series.HodlValue[^1] - (result.Series.LpValue[0] - result.Series.HodlValue[0]), 1e-9);
    }

    [Fact]
    public void Strangle_AtRoll_CancelsTheLpGamma()
    {
        var result = Backtester.Run(Hourly([100, 101, 102]), [new StranglePolicy(TimeSpan.FromDays(30), new ConstantVolatility(0.7), hedgeDelta: false)], Frictionless);

        var trades = result.Policies[0].Options!.Trades;
        var lp = LiquidityPosition.FromValue(100, 10_000, 80, 120);
        var gamma = trades.Sum(t => t.Quantity * Black76.Greeks(t.Right, 100, t.Strike, 30.0 / 365, 0, 0.7).Gamma);
        Assert.Equal([80.0, 120.0], trades.Select(t => t.Strike).Order().ToArray());
        Assert.Equal(-lp.GammaAt(100), gamma, 1e-12);
    }

    [Fact]
    public void DeltaGamma_Perpetual_HoldsTheResidualDeltaOfExposureAndLegs()
    {
        // Frictionless, threshold 0. At entry the exposure's delta (x - x0) is 0, so the perp is short the legs'
        // delta; the legs are the same as the plain strangle's, so the two hedges differ by the perp's PnL only.
        var prices = new[] { 100, 100.5, 101 };
        var vol = new ConstantVolatility(0.7);

        var result = Backtester.Run(Hourly(prices), [new StranglePolicy(TimeSpan.FromDays(30), vol, hedgeDelta: true), new StranglePolicy(TimeSpan.FromDays(30), vol, hedgeDelta: false)], Frictionless);

        var (mixed, strangle) = (result.Policies[0], result.Policies[1]);
        Assert.Equal("delta-gamma:30d", mixed.Name);
        var legsDelta = mixed.Options!.Trades.Sum(t => t.Quantity * Black76.Greeks(t.Right, 100, t.Strike, 30.0 / 365, 0, t.QuotedVolatility).Delta);
        Assert.NotEqual(0, legsDelta);
        Assert.Equal(-legsDelta * 0.5, mixed.CumulativeHedgePnl![1] - strangle.CumulativeHedgePnl![1], 1e-9);
        Assert.Equal(0, strangle.Rebalances);
        Assert.True(mixed.Rebalances >= 2);
    }

    [Fact]
    public void OptionPolicy_NeverSeesTheFuture_TradesUpToABarIgnoreLaterBars()
    {
        // Two paths equal for 500 hours, then one crashes: every leg traded up to hour 499 is identical.
        var common = Enumerable.Range(0, 500).Select(i => 100 * Math.Exp(0.05 * Math.Sin(i / 13.0) + (0.01 * Math.Sin(i * 1.3)))).ToArray();
        var calm = common.Concat(Enumerable.Repeat(common[^1], 300)).ToArray();
        var crash = common.Concat(Enumerable.Range(1, 300).Select(i => common[^1] * Math.Exp(-i / 200.0))).ToArray();
        BacktestResult Run(double[] p) => Backtester.Run(Hourly(p), [new PutSpreadPolicy(TimeSpan.FromDays(2), new EwmaVolatilityForecast()), new ProtectivePutPolicy(TimeSpan.FromDays(3), new EwmaVolatilityForecast())], Frictionless);

        var (a, b) = (Run(calm), Run(crash));

        for (var k = 0; k < 2; k++)
        {
            var before = T0.AddHours(500);
            var tradesA = a.Policies[k].Options!.Trades.Where(t => t.Time < before).Select(t => t with { Settlement = null, Payoff = null }).ToArray();
            var tradesB = b.Policies[k].Options!.Trades.Where(t => t.Time < before).Select(t => t with { Settlement = null, Payoff = null }).ToArray();
            Assert.NotEmpty(tradesA);
            Assert.Equal(tradesA, tradesB);
            // The EWMA forecast needs a day of history: no leg before hour 23.
            Assert.Equal(T0.AddHours(23), tradesA[0].Time);
        }
    }

    [Theory]
    [InlineData("put", "put:30d")]
    [InlineData("put:7d", "put:7d")]
    [InlineData("put-spread:12h", "put-spread:12h")]
    [InlineData("strangle:30d", "strangle:30d")]
    [InlineData("delta-gamma:7d", "delta-gamma:7d")]
    public void Registry_OptionPolicies_ParseTheTenor(string spec, string name)
    {
        var registry = HedgePolicyRegistry.CreateDefault().AddOptionPolicies(() => new EwmaVolatilityForecast());

        Assert.Equal(name, registry.Create(spec).Name);
    }

    [Theory]
    [InlineData("put:30")]
    [InlineData("put:0d")]
    [InlineData("put:-7d")]
    [InlineData("strangle:weekly")]
    public void Registry_BadTenor_RefusedWithExample(string spec)
    {
        var registry = HedgePolicyRegistry.CreateDefault().AddOptionPolicies(() => new EwmaVolatilityForecast());

        var error = Assert.Throws<ArgumentException>(() => registry.Create(spec));
        Assert.Contains("7d, 30d or 12h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_BadOptionMarket_Refused()
    {
        var options = Frictionless with { OptionMarket = new OptionMarket(VolatilityPremium: -0.1) };

        Assert.Throws<ArgumentOutOfRangeException>(() => Backtester.Run(Hourly([100, 101]), [new StaticRatioPolicy(1)], options));
    }

    private static Bar[] Hourly(double[] closes) => closes.Select((c, i) => Bar(T0.AddHours(i), c)).ToArray();

    private static Bar Bar(DateTimeOffset time, double close) => new(time, close, close, close, close, 1);

    private sealed class ConstantVolatility(double sigma) : IVolatilityForecast
    {
        public double? AnnualVolatility(BarHistory history) => sigma;
    }
}
