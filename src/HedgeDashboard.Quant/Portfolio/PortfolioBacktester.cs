using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Metrics;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Portfolio;

/// <summary>One LP position per asset series (re-centred every <see cref="RecenterDays"/>), each against HODL, hedged with that asset's perpetual.</summary>
public sealed record PortfolioBacktestOptions
{
    public double LowerPct { get; init; } = 20;

    public double UpperPct { get; init; } = 20;

    /// <summary>LP value at entry of each position, USD.</summary>
    public double Capital { get; init; } = 10_000;

    public double FeeBps { get; init; } = 5;

    /// <summary>Gas per position update (one ratio change), USD.</summary>
    public double GasUsd { get; init; } = 1;

    /// <summary>Risk aversion of the per-position hedger (1/USD); the portfolio's is found for equal cost.</summary>
    public double RiskAversion { get; init; } = 1e-3;

    /// <summary>Horizon of the covariance forecast the optimizer minimises, hours.</summary>
    public int HorizonHours { get; init; } = 24;

    public double Lambda { get; init; } = EwmaCovariance.HourlyRiskMetricsLambda;

    /// <summary>On-chain limit: largest ratio change per update.</summary>
    public double MaxRatioChange { get; init; } = 0.25;

    /// <summary>Bars seen before the first decision (the covariance needs a start).</summary>
    public int WarmupBars { get; init; } = 24;

    /// <summary>
    /// Each LP re-opens its range around the price every this many days (0: never), as LPs re-centre: a range left
    /// behind holds one token and a constant exposure, which any hedge removes and no comparison can tell apart.
    /// </summary>
    public double RecenterDays { get; init; } = 30;

    /// <summary>Window of the Ledoit-Wolf challenger in the covariance evaluation, hours.</summary>
    public int CovarianceWindow { get; init; } = 720;
}

public sealed record PortfolioAssetSetup(string Asset, double EntryPrice, double FinalPrice, double Lower, double Upper, double TimeInRange);

/// <summary>A hedging strategy's result on the summed P&amp;L of all positions (USD).</summary>
/// <param name="VarianceReduction">1 - Var(sum of hourly (LP - HODL) + hedge P&amp;L net of costs) / Var(sum of (LP - HODL)).</param>
public sealed record PortfolioStrategyResult(
    string Name,
    double RiskAversion,
    double VarianceReduction,
    double ProtectionRate,
    double LossUnhedged,
    double LossHedged,
    double Fees,
    double Gas,
    int Updates,
    double AverageRatio)
{
    public double Costs => Fees + Gas;
}

public sealed record PortfolioBacktestResult(
    double RecenterDays,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Bars,
    IReadOnlyList<PortfolioAssetSetup> Assets,
    double[,] Correlation,
    CovarianceComparison Covariance,
    string EqualCostMethod,
    IReadOnlyList<PortfolioStrategyResult> Strategies);

/// <summary>
/// Replays aligned hourly series (hours present in every series; a gap is a longer step) with one LP per series and
/// compares, on the same positions and forecasts: no hedge, per-position hedging (each position optimised alone), and
/// the portfolio optimizer at the same risk aversion and at equal cost. Equal cost: the portfolio's risk aversion is
/// bisected (in log space) until its total costs (fees + gas) match the per-position run's within 0.5 % or two
/// updates' gas, whichever is larger (gas comes in whole updates, so costs jump with the risk aversion).
/// A decision at bar i sees returns up to bar i only and trades at its close.
/// </summary>
public static class PortfolioBacktester
{
    private const int BisectionSteps = 30;

    public static PortfolioBacktestResult Run(IReadOnlyList<(string Asset, IReadOnlyList<Bar> Bars)> series, PortfolioBacktestOptions options)
    {
        var market = Market.Align(series, options);
        var perPosition = Simulate(market, options, options.RiskAversion, alone: true, "per-position");
        var sameGamma = Simulate(market, options, options.RiskAversion, alone: false, "portfolio");
        var equal = EqualCost(market, options, perPosition.Costs);
        var covariance = CovarianceEvaluation.Compare(market.Returns, options.HorizonHours, options.CovarianceWindow, options.Lambda);
        return new PortfolioBacktestResult(
            options.RecenterDays,
            market.Times[0],
            market.Times[^1],
            market.Times.Length,
            market.Setups,
            market.FullCorrelation,
            covariance,
            "portfolio risk aversion bisected until its total costs (fees + gas) equal the per-position run's (within 0.5 % or two updates' gas)",
            [Unhedged(market), perPosition, sameGamma, equal]);
    }

    private static PortfolioStrategyResult EqualCost(Market market, PortfolioBacktestOptions options, double target)
    {
        double lo = Math.Log(options.RiskAversion / 1e4), hi = Math.Log(options.RiskAversion * 1e4);
        PortfolioStrategyResult? best = null;
        for (var step = 0; step < BisectionSteps; step++)
        {
            var mid = (lo + hi) / 2;
            var run = Simulate(market, options, Math.Exp(mid), alone: false, "portfolio (equal cost)");
            if (best is null || Math.Abs(run.Costs - target) < Math.Abs(best.Costs - target))
            {
                best = run;
            }

            if (Math.Abs(run.Costs - target) <= Tolerance(options, target))
            {
                break;
            }

            // More risk aversion trades more: costs rise with it.
            (lo, hi) = run.Costs < target ? (mid, hi) : (lo, mid);
        }

        return best!;
    }

    internal static double Tolerance(PortfolioBacktestOptions options, double target) => Math.Max(0.005 * target, 2 * options.GasUsd);

    private static PortfolioStrategyResult Unhedged(Market m)
    {
        var loss = -m.ExposureSteps.Sum();
        return new("none", 0, 0, double.NaN, loss, loss, 0, 0, 0, 0);
    }

    private static PortfolioStrategyResult Simulate(Market m, PortfolioBacktestOptions o, double gamma, bool alone, string name)
    {
        var n = m.Assets;
        var ewma = new EwmaCovariance(n, o.Lambda);
        var quantity = new double[n];
        var ratio = new double[n];
        var hedgeSteps = new double[m.Times.Length];
        double fees = 0, gas = 0, ratioSum = 0;
        var updates = 0;
        var positions = new HedgePosition[n];
        var instruments = m.Names;
        for (var i = 0; i < m.Times.Length; i++)
        {
            if (i > 0)
            {
                ewma.Add(m.Returns[i - 1]);
                for (var a = 0; a < n; a++)
                {
                    hedgeSteps[i] += quantity[a] * (m.Price[a][i] - m.Price[a][i - 1]);
                }
            }

            if (i >= o.WarmupBars)
            {
                for (var a = 0; a < n; a++)
                {
                    positions[a] = new HedgePosition(a, a, m.ExposureUsd[a][i], ratio[a], o.MaxRatioChange, CurrentHedgeUsd: quantity[a] * m.Price[a][i]);
                }

                var problem = new PortfolioProblem(instruments, ewma.Forecast(o.HorizonHours), positions, gamma, o.FeeBps, o.GasUsd);
                var plan = alone ? PortfolioOptimizer.OptimizeEachAlone(problem) : PortfolioOptimizer.Optimize(problem);
                foreach (var x in plan.Allocations)
                {
                    if (!x.Changed)
                    {
                        continue;
                    }

                    var a = x.Instrument;
                    var target = x.TargetUsd / m.Price[a][i];
                    var fee = Math.Abs(target - quantity[a]) * m.Price[a][i] * o.FeeBps / 10_000;
                    fees += fee;
                    gas += o.GasUsd;
                    hedgeSteps[i] -= fee + o.GasUsd;
                    quantity[a] = target;
                    ratio[a] = x.NewRatio;
                    updates++;
                }
            }

            for (var a = 0; a < n; a++)
            {
                ratioSum += ratio[a];
            }
        }

        var exposure = m.ExposureSteps.Sum();
        var hedge = hedgeSteps.Sum();
        return new PortfolioStrategyResult(
            name,
            gamma,
            ProtectionMath.VarianceReduction(m.ExposureSteps, hedgeSteps),
            ProtectionMath.ProtectionRate(-exposure, -(exposure + hedge)),
            -exposure,
            -(exposure + hedge),
            fees,
            gas,
            updates,
            ratioSum / (m.Times.Length * (double)n));
    }

    /// <summary>The aligned prices, each LP's USD exposure (delta of LP - HODL) per bar, and the summed (LP - HODL) steps.</summary>
    private sealed class Market
    {
        public required string[] Names { get; init; }

        public required DateTimeOffset[] Times { get; init; }

        public required double[][] Price { get; init; }

        public required double[][] ExposureUsd { get; init; }

        public required double[] ExposureSteps { get; init; }

        /// <summary>Log returns of the step ending at bar i + 1, one per asset.</summary>
        public required List<double[]> Returns { get; init; }

        public required PortfolioAssetSetup[] Setups { get; init; }

        public required double[,] FullCorrelation { get; init; }

        public int Assets => Names.Length;

        public static Market Align(IReadOnlyList<(string Asset, IReadOnlyList<Bar> Bars)> series, PortfolioBacktestOptions o)
        {
            ArgumentNullException.ThrowIfNull(series);
            if (series.Count < 2)
            {
                throw new ArgumentException("a portfolio backtest needs at least 2 series");
            }

            var common = new HashSet<DateTimeOffset>(series[0].Bars.Select(b => b.Time));
            foreach (var (_, bars) in series.Skip(1))
            {
                common.IntersectWith(bars.Select(b => b.Time));
            }

            var times = common.Order().ToArray();
            if (times.Length < o.WarmupBars + 2)
            {
                throw new ArgumentException($"the series share only {times.Length} hours; a portfolio backtest needs at least {o.WarmupBars + 2}");
            }

            var n = series.Count;
            var price = new double[n][];
            var exposureUsd = new double[n][];
            var steps = new double[times.Length];
            var setups = new PortfolioAssetSetup[n];
            for (var a = 0; a < n; a++)
            {
                var byTime = series[a].Bars.ToDictionary(b => b.Time, b => b.Close);
                price[a] = times.Select(t => byTime[t]).ToArray();
                var p0 = price[a][0];
                var lp = Open(p0);
                var first = lp;
                var entry = lp.AmountsAt(p0);
                var period = 0L;
                exposureUsd[a] = new double[times.Length];
                double previousGap = 0, inRange = 0;
                for (var i = 0; i < times.Length; i++)
                {
                    var p = price[a][i];
                    if (i > 0)
                    {
                        // The step to bar i belongs to the range held over it; a re-centre happens at bar i's close.
                        steps[i] += lp.ValueAt(p) - entry.ValueAt(p) - previousGap;
                        inRange += lp.IsInside(price[a][i - 1]) ? (times[i] - times[i - 1]).TotalHours : 0;
                        var now = o.RecenterDays > 0 ? (long)((times[i] - times[0]).TotalDays / o.RecenterDays) : 0;
                        if (now != period)
                        {
                            (period, lp) = (now, Open(p));
                            entry = lp.AmountsAt(p);
                        }
                    }

                    var amounts = lp.AmountsAt(p);
                    previousGap = amounts.ValueAt(p) - entry.ValueAt(p);
                    exposureUsd[a][i] = (amounts.Amount0 - entry.Amount0) * p;
                }

                setups[a] = new PortfolioAssetSetup(series[a].Asset, p0, price[a][^1], first.Lower, first.Upper, inRange / (times[^1] - times[0]).TotalHours);
            }

            LiquidityPosition Open(double p) => LiquidityPosition.FromValue(p, o.Capital, p * (1 - (o.LowerPct / 100)), p * (1 + (o.UpperPct / 100)));

            var returns = new List<double[]>(times.Length - 1);
            var full = new double[n, n]; // the whole period's (uncentred) covariance, for its correlation
            for (var i = 1; i < times.Length; i++)
            {
                var r = new double[n];
                for (var a = 0; a < n; a++)
                {
                    r[a] = Math.Log(price[a][i] / price[a][i - 1]);
                }

                returns.Add(r);
                for (var a = 0; a < n; a++)
                {
                    for (var b = 0; b < n; b++)
                    {
                        full[a, b] += r[a] * r[b];
                    }
                }
            }

            return new Market
            {
                Names = series.Select(s => s.Asset).ToArray(),
                Times = times,
                Price = price,
                ExposureUsd = exposureUsd,
                ExposureSteps = steps,
                Returns = returns,
                Setups = setups,
                FullCorrelation = Matrix.Correlation(full),
            };
        }
    }
}
