using System.Runtime.CompilerServices;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Metrics;
using HedgeDashboard.Quant.Options;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Backtesting;

/// <summary>
/// Replays a bar series once and runs every policy side by side on it. At each bar the policies see
/// bars up to and including that bar (decided at its close) and trade at its close price. A missing
/// hour is not filled in: the next bar is simply a longer step (funding accrues for its full length).
/// Option legs (<see cref="IOptionHedgePolicy"/>) are bought at a bar's close from the policy's volatility
/// forecast plus the market's premium, spread and fees, marked every bar at mid (Black-76 at the quoted
/// volatility, the remaining time), and settled on the close of the first bar at or after expiry.
/// </summary>
public static class Backtester
{
    private const double HoursPerYear = 24 * 365;

    // A long loop entered once per backtest: optimised at first JIT rather than after tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static BacktestResult Run(IReadOnlyList<Bar> bars, IReadOnlyList<IHedgePolicy> policies, BacktestOptions options, Action<int, int>? progress = null)
    {
        Validate(bars, policies, options);
        var path = PricePath.Build(bars, options);
        var series = new BarSeries(bars);
        var states = policies.Select(p => new PolicyState(p, bars.Count, options.RecordSeries, options.OptionMarket)).ToArray();
        var costs = options.Costs;
        var thresholdQuantity = options.Threshold * path.EntryAmounts.Amount0;

        for (var i = 0; i < bars.Count; i++)
        {
            if (i > 0)
            {
                var rate = FundingRate(options, bars[i - 1].Time);
                foreach (var state in states)
                {
                    state.Accrue(i, path.Price[i - 1], path.Price[i], rate * path.Hours[i], bars[i].Time);
                }
            }

            var history = series.HistoryAt(i);
            var snapshot = new PositionSnapshot(path.Position.Lower, path.Position.Upper, path.Price[0], path.Price[i], path.EntryAmounts.Amount0, path.Delta[i], path.Lp[i]);
            var rateNow = FundingRate(options, bars[i].Time);
            foreach (var state in states)
            {
                var context = new PolicyContext(history, snapshot, state.Ratio, options.Benchmark, costs, rateNow);
                state.RollIfDue(i, context);
                var ratio = state.Policy.TargetRatio(context);
                if (double.IsNaN(ratio))
                {
                    throw new InvalidOperationException($"Policy '{state.Policy.Name}' returned NaN at {bars[i].Time:u}.");
                }

                ratio = Math.Clamp(ratio, 0, 1);
                // An option policy's perpetual holds its share of the residual delta: exposure plus legs.
                var target = HedgeSizing.TargetQuantity(ratio, path.Delta[i], path.EntryAmounts.Amount0, options.Benchmark)
                    - (ratio * state.OptionDelta(path.Price[i], bars[i].Time));
                if (Math.Abs(target - state.Quantity) > thresholdQuantity)
                {
                    state.Rebalance(i, target, ratio, costs.TradeCost(target - state.Quantity, path.Price[i]));
                }

                state.EndStep(i);
            }

            if (progress is not null && ((i & 0x1FFF) == 0 || i == bars.Count - 1))
            {
                progress(i + 1, bars.Count);
            }
        }

        var results = states.Select(s => s.Result(path, options)).ToArray();
        return new BacktestResult(path.Setup(bars, options), results, options.RecordSeries ? path.Series() : null);
    }

    private static double FundingRate(BacktestOptions options, DateTimeOffset time) =>
        options.Funding?.RateAt(time, options.Costs.FundingRatePerHour) ?? options.Costs.FundingRatePerHour;

    private static void Validate(IReadOnlyList<Bar> bars, IReadOnlyList<IHedgePolicy> policies, BacktestOptions options)
    {
        if (bars.Count < 2)
        {
            throw new ArgumentException($"A backtest needs at least 2 bars (got {bars.Count}).", nameof(bars));
        }

        for (var i = 1; i < bars.Count; i++)
        {
            if (bars[i].Time <= bars[i - 1].Time)
            {
                throw new ArgumentException($"Bars must have strictly increasing times (bar {i} at {bars[i].Time:u}).", nameof(bars));
            }
        }

        if (policies.Count == 0)
        {
            throw new ArgumentException("At least one policy is needed.", nameof(policies));
        }

        if (!(options.LowerPct > 0 && options.LowerPct < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LowerPct, "LowerPct must be in (0, 100).");
        }

        if (!(options.UpperPct > 0 && double.IsFinite(options.UpperPct)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.UpperPct, "UpperPct must be positive.");
        }

        if (!(options.Threshold >= 0 && options.Capital > 0 && options.Period > TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Threshold must be >= 0, Capital and Period positive.");
        }

        options.OptionMarket.Validate();
    }

    /// <summary>The LP's side of the backtest, the same for every policy.</summary>
    private sealed class PricePath
    {
        private PricePath(LiquidityPosition position, TokenAmounts entry, int n)
        {
            Position = position;
            EntryAmounts = entry;
            Times = new DateTimeOffset[n];
            Price = new double[n];
            Hours = new double[n];
            Delta = new double[n];
            Lp = new double[n];
            Hodl = new double[n];
            Benchmark = new double[n];
            Exposure = new double[n];
            PeriodIndex = new int[n];
        }

        public LiquidityPosition Position { get; }

        public TokenAmounts EntryAmounts { get; }

        public DateTimeOffset[] Times { get; }

        public double[] Price { get; }

        /// <summary>Length in hours of the step that ends at bar i.</summary>
        public double[] Hours { get; }

        public double[] Delta { get; }

        public double[] Lp { get; }

        public double[] Hodl { get; }

        public double[] Benchmark { get; }

        /// <summary>Step PnL of (LP - benchmark) from bar i-1 to bar i.</summary>
        public double[] Exposure { get; }

        public int[] PeriodIndex { get; }

        public double Lvr { get; private set; }

        public double LpFees { get; private set; }

        public double HoursInRange { get; private set; }

        public int Gaps { get; private set; }

        public static PricePath Build(IReadOnlyList<Bar> bars, BacktestOptions options)
        {
            var p0 = bars[0].Close;
            var position = LiquidityPosition.FromValue(p0, options.Capital, p0 * (1 - (options.LowerPct / 100)), p0 * (1 + (options.UpperPct / 100)));
            var path = new PricePath(position, position.AmountsAt(p0), bars.Count);
                        for (var i = 0; i < bars.Count; i++)
            {
                var p = bars[i].Close;
                var amounts = position.AmountsAt(p);
                path.Times[i] = bars[i].Time;
                path.Price[i] = p;
                path.Delta[i] = amounts.Amount0;
                path.Lp[i] = amounts.ValueAt(p);
                path.Hodl[i] = path.EntryAmounts.ValueAt(p);
                path.Benchmark[i] = options.Benchmark == Hedging.Benchmark.Hodl ? path.Hodl[i] : options.Capital;
                path.PeriodIndex[i] = (int)((bars[i].Time - bars[0].Time) / options.Period);
                if (i == 0)
                {
                    continue;
                }

                var hours = (bars[i].Time - bars[i - 1].Time).TotalHours;
                path.Hours[i] = hours;
                path.Gaps += hours > 1 ? 1 : 0;
                path.Exposure[i] = path.Lp[i] - path.Benchmark[i] - (path.Lp[i - 1] - path.Benchmark[i - 1]);
                var previous = path.Price[i - 1];
                if (position.IsInside(previous))
                {
                    // LVR over the step: (ln r)^2/2 * P^2 * |dx/dP| = (ln r)^2/4 * L * sqrt(P).
                    var logReturn = Math.Log(p / previous);
                    path.Lvr += logReturn * logReturn / 4 * position.Liquidity * Math.Sqrt(previous);
                    path.LpFees += FeesForStep(options, bars[i - 1].Time, position.Liquidity, path.Lp[i - 1], hours);
                    path.HoursInRange += hours;
                }
            }

            return path;
        }

        // Fees for the step starting at a bar: from the pool's fee data for that hour (a gap earns
        // nothing extra, as no fee data is invented), or else from the constant APR.
        private static double FeesForStep(BacktestOptions options, DateTimeOffset hour, double liquidity, double lpValue, double hours)
        {
            if (options.PoolFees is { } pool)
            {
                var ours = liquidity * options.PoolLiquidityScale;
                return pool.TryGet(hour, out var fees, out var poolLiquidity) ? fees * ours / (poolLiquidity + ours) : 0;
            }

            return (options.LpFeeApr ?? 0) * lpValue * hours / HoursPerYear;
        }

        public BacktestSetup Setup(IReadOnlyList<Bar> bars, BacktestOptions options)
        {
            var totalHours = (bars[^1].Time - bars[0].Time).TotalHours;
            return new BacktestSetup(
                bars[0].Time,
                bars[^1].Time,
                bars.Count,
                Gaps,
                totalHours - (bars.Count - 1),
                Price[0],
                Price[^1],
                Position.Lower,
                Position.Upper,
                options.Capital,
                EntryAmounts.Amount0,
                EntryAmounts.Amount1,
                HoursInRange / totalHours,
                Lvr,
                options.Benchmark);
        }

        public BacktestSeries Series() => new(Times, Price, Lp, Hodl, Benchmark);
    }

    /// <summary>One policy's hedge through the run.</summary>
    private sealed class PolicyState(IHedgePolicy policy, int bars, bool recordSeries, OptionMarket market)
    {
        private readonly double[] hedgeSteps = new double[bars];
        private readonly IOptionHedgePolicy? optionPolicy = policy as IOptionHedgePolicy;
        private readonly List<OpenLeg> legs = [];
        private readonly List<OptionTrade> trades = [];
        private DateTimeOffset? nextRoll;
        private int rolls;
        private double premiums;
        private double optionFees;
        private double payoffs;
        private readonly double[]? cumulative = recordSeries ? new double[bars] : null;
        private double fees;
        private double slippage;
        private double gas;
        private double funding;
        private double pricePnl;
        private double ratioSum;
        private int rebalances;

        public IHedgePolicy Policy { get; } = policy;

        public double Quantity { get; private set; }

        public double Ratio { get; private set; }

        public void Accrue(int i, double previousPrice, double price, double fundingRateOverStep, DateTimeOffset time)
        {
            var move = Quantity * (price - previousPrice);
            // Positive funding: longs pay shorts, so a short hedge (Quantity < 0) receives it.
            var paid = Quantity * previousPrice * fundingRateOverStep;
            pricePnl += move;
            funding += paid;
            hedgeSteps[i] = move - paid;
            if (legs.Count > 0)
            {
                MarkAndSettle(i, price, time);
            }
        }

        /// <summary>Residual delta of the open legs (dV/dF of each at its quoted volatility).</summary>
        public double OptionDelta(double price, DateTimeOffset time)
        {
            double delta = 0;
            foreach (var leg in legs)
            {
                delta += leg.Trade.Quantity * Black76Greeks(leg, price, time).Delta;
            }

            return delta;
        }

        /// <summary>At the first bar, and at the first bar at or after the legs' expiry, the policy buys the next legs.</summary>
        public void RollIfDue(int i, PolicyContext context)
        {
            if (optionPolicy is null || (nextRoll is { } due && context.Time < due))
            {
                return;
            }

            var plan = optionPolicy.Roll(context);
            if (double.IsNaN(plan.Volatility))
            {
                return; // not enough history for a forecast: ask again next bar
            }

            if (!(plan.Volatility > 0 && double.IsFinite(plan.Volatility)))
            {
                throw new InvalidOperationException($"Policy '{Policy.Name}' forecast volatility {plan.Volatility} at {context.Time:u}.");
            }

            var price = context.Position.Price;
            var expiry = context.Time + optionPolicy.Tenor;
            var years = optionPolicy.Tenor.TotalDays / 365;
            var quoted = market.QuotedVolatility(plan.Volatility);
            foreach (var leg in plan.Legs)
            {
                var (mid, spread, fee) = market.Trade(leg, price, years, quoted);
                premiums += mid + spread;
                optionFees += fee;
                // Marked at mid from here on, so what the hedge loses on the trade itself is the spread and the fee.
                hedgeSteps[i] -= spread + fee;
                trades.Add(new OptionTrade(context.Time, expiry, leg.Right, leg.Strike, leg.Quantity, price, quoted, mid, mid + spread, fee));
                legs.Add(new OpenLeg(trades.Count - 1, trades[^1], mid));
            }

            rolls++;
            nextRoll = expiry;
        }

        private void MarkAndSettle(int i, double price, DateTimeOffset time)
        {
            for (var k = legs.Count - 1; k >= 0; k--)
            {
                var leg = legs[k];
                var expired = time >= leg.Trade.Expiry;
                var value = expired
                    ? leg.Trade.Quantity * OptionPayoff.AtExpiry(leg.Trade.Right, leg.Trade.Strike, price)
                    : leg.Trade.Quantity * Black76Greeks(leg, price, time).Price;
                hedgeSteps[i] += value - leg.Value;
                leg.Value = value;
                if (expired)
                {
                    payoffs += value;
                    trades[leg.TradeIndex] = leg.Trade with { Settlement = price, Payoff = value };
                    legs.RemoveAt(k);
                }
            }
        }

        private OptionGreeks Black76Greeks(OpenLeg leg, double price, DateTimeOffset time) =>
            Black76.Greeks(leg.Trade.Right, price, leg.Trade.Strike, (leg.Trade.Expiry - time).TotalDays / 365, market.Rate, leg.Trade.QuotedVolatility);

        public void Rebalance(int i, double target, double ratio, (double Fee, double Slippage, double Gas) cost)
        {
            fees += cost.Fee;
            slippage += cost.Slippage;
            gas += cost.Gas;
            hedgeSteps[i] -= cost.Fee + cost.Slippage + cost.Gas;
            Quantity = target;
            Ratio = ratio;
            rebalances++;
        }

        public void EndStep(int i)
        {
            ratioSum += Ratio;
            if (cumulative is not null)
            {
                cumulative[i] = (i > 0 ? cumulative[i - 1] : 0) + hedgeSteps[i];
            }
        }

        public PolicyResult Result(PricePath path, BacktestOptions options)
        {
            var hedge = Sum(hedgeSteps);
            var exposure = path.Lp[^1] - path.Benchmark[^1] - (path.Lp[0] - path.Benchmark[0]);
            var lossUnhedged = -exposure;
            var lossHedged = -(exposure + hedge);
            var costs = new CostBreakdown(fees, slippage, gas, funding, premiums, optionFees);
            var openValue = legs.Sum(l => l.Value);
            var periods = Periods(path);
            var x = periods.Select(p => p.ExposurePnl).ToArray();
            var y = periods.Select(p => p.HedgePnl).ToArray();
            var (slope, r2) = ProtectionMath.Regression(x, y);
            var offsets = periods.Where(p => p.ExposurePnl != 0).Select(p => p.DollarOffset).ToArray();
            var hasFeeData = options.LpFeeApr is not null || options.PoolFees is not null;
            var lpFees = hasFeeData ? path.LpFees : double.NaN;
            var metrics = new ProtectionMetrics(
                ProtectionMath.ProtectionRate(lossUnhedged, lossHedged),
                ProtectionMath.VarianceReduction(path.Exposure, hedgeSteps),
                ProtectionMath.DollarOffset(hedge, exposure),
                offsets.Length == 0 ? double.NaN : offsets.Count(o => o is >= 0.8 and <= 1.25) / (double)offsets.Length,
                periods.Count,
                slope,
                r2,
                ProtectionMath.CostEfficiency(costs.Total, pricePnl + payoffs + openValue),
                lossUnhedged,
                lossHedged,
                lpFees,
                path.Lvr,
                ProtectionMath.FeesOverLvr(lpFees, path.Lvr));
            var lpFeesEarned = hasFeeData ? path.LpFees : 0;
            var final = new FinalValues(path.Lp[^1], hedge, path.Hodl[^1], path.Benchmark[^1], lpFeesEarned, path.Lp[^1] + hedge + lpFeesEarned);
            var years = (path.Times[^1] - path.Times[0]).TotalDays / 365;
            var carry = new CarryReport(costs.Total / years, costs.Total / options.Capital / years, lpFees / years, lpFees > 0 ? costs.Total / lpFees : double.NaN);
            var activity = optionPolicy is null ? null : new OptionActivity(rolls, trades, payoffs, openValue);
            return new PolicyResult(Policy.Name, metrics, costs, final, rebalances, ratioSum / hedgeSteps.Length, periods, cumulative, carry, activity);
        }

        private List<PeriodPnl> Periods(PricePath path)
        {
            var periods = new List<PeriodPnl>();
            var start = 0;
            for (var i = 1; i <= hedgeSteps.Length; i++)
            {
                if (i == hedgeSteps.Length || path.PeriodIndex[i] != path.PeriodIndex[start])
                {
                    periods.Add(new PeriodPnl(
                        path.Times[start],
                        Sum(path.Exposure.AsSpan(start, i - start)),
                        Sum(hedgeSteps.AsSpan(start, i - start))));
                    start = i;
                }
            }

            return periods;
        }

        private sealed class OpenLeg(int tradeIndex, OptionTrade trade, double value)
        {
            public int TradeIndex { get; } = tradeIndex;

            public OptionTrade Trade { get; } = trade;

            /// <summary>Mark (mid) at the last bar, signed like the quantity.</summary>
            public double Value { get; set; } = value;
        }

        private static double Sum(ReadOnlySpan<double> values)
        {
            double sum = 0;
            foreach (var v in values)
            {
                sum += v;
            }

            return sum;
        }
    }
}
