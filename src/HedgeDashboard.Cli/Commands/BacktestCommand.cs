using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Policies;
using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Hedging.Options;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Metrics;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge backtest</c>: replay a price file and compare hedge policies side by side.</summary>
internal static class BacktestCommand
{
    private static readonly string[] DefaultPolicies = ["none", "static:0.5", "delta"];

    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Price file: CSV or CSV.gz with timestamp,open,high,low,close,volume", Required = true };
        var from = new Option<string?>("--from") { Description = "First day, YYYY-MM-DD (UTC, inclusive)" };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (UTC, inclusive)" };
        var lowerPct = new Option<double>("--lower-pct") { Description = "Range lower bound, % below the entry price", DefaultValueFactory = _ => 20 };
        var upperPct = new Option<double>("--upper-pct") { Description = "Range upper bound, % above the entry price", DefaultValueFactory = _ => 20 };
        var benchmark = new Option<string>("--benchmark") { Description = "What the hedge protects against: hodl (IL) or cash (delta-neutral LP)", DefaultValueFactory = _ => "hodl" };
        benchmark.AcceptOnlyFromAmong("hodl", "cash");
        var feeBps = new Option<double>("--fee-bps") { Description = "Taker fee per rebalance, basis points of notional", DefaultValueFactory = _ => 5 };
        var slippageBps = new Option<double>("--slippage-bps") { Description = "Slippage per rebalance, basis points of notional", DefaultValueFactory = _ => 0 };
        var gasUsd = new Option<double>("--gas-usd") { Description = "Fixed cost per rebalance, USD", DefaultValueFactory = _ => 1 };
        var fundingRate = new Option<double>("--funding-rate") { Description = "Constant funding rate per hour (fraction, positive: longs pay shorts); used where --funding has no rate", DefaultValueFactory = _ => 0 };
        var funding = new Option<string?>("--funding") { Description = "Funding file (timestamp,funding_rate per funding interval), e.g. hyperliquid_ETH_funding_1h.csv.gz" };
        var threshold = new Option<double>("--threshold") { Description = "Rebalance when the target hedge moves by more than this fraction of the entry token0 amount", DefaultValueFactory = _ => 0.05 };
        var capital = new Option<double>("--capital") { Description = "LP value at entry, USD", DefaultValueFactory = _ => 10_000 };
        var lpFeeApr = new Option<double?>("--lp-fee-apr") { Description = "LP fee yield per year while in range (fraction), to compare fees with LVR" };
        var poolFees = new Option<string?>("--pool-fees") { Description = "Pool fee file (timestamp,lp_fees_usd_est,liquidity_raw_close), e.g. uniswapv3_polygon_usdc_weth_005_1h.csv.gz: the LP earns its liquidity share of each covered in-range hour" };
        var poolLiquidityScale = new Option<double>("--pool-liquidity-scale") { Description = "Raw pool liquidity per unit of position liquidity, 10^((decimals0+decimals1)/2)", DefaultValueFactory = _ => 1e12 };
        var policy = new Option<string[]>("--policy") { Description = "Policies to compare (repeatable): " + string.Join(", ", context.Policies.Entries.Select(e => $"{e.Name} ({e.Description})")) + "; default none static:0.5 delta", AllowMultipleArgumentsPerToken = true };
        var volPremium = new Option<double>("--option-vol-premium") { Description = "Option policies: volatility added to the forecast when quoting (absolute, 0.05 = 5 points)", DefaultValueFactory = _ => OptionMarket.Default.VolatilityPremium };
        var optionSpread = new Option<double>("--option-spread-pct") { Description = "Option policies: full bid/ask spread, % of the premium", DefaultValueFactory = _ => OptionMarket.Default.SpreadPct };
        var optionFee = new Option<double>("--option-fee-bps") { Description = "Option policies: fee per option, basis points of the underlying (capped at 12.5 % of the premium)", DefaultValueFactory = _ => OptionMarket.Default.FeeBps };
        var series = new Option<string?>("--series") { Description = "Write the per-bar PnL series of every policy to this CSV file" };
        var json = new Option<bool>("--json") { Description = "Print JSON: one entry per policy with metrics, totalCosts and final values" };
        var command = new Command("backtest", "Replay an hourly price series with a fixed LP range and compare hedge policies (defaults: --lower-pct 20 --upper-pct 20 --benchmark hodl --fee-bps 5 --gas-usd 1)")
        {
            data, from, to, lowerPct, upperPct, benchmark, feeBps, slippageBps, gasUsd, fundingRate, funding, threshold, capital, lpFeeApr, poolFees, poolLiquidityScale,
            volPremium, optionSpread, optionFee, policy, series, json,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(lpFeeApr) is not null && parsed.GetValue(poolFees) is not null)
            {
                throw new CliInputException("--lp-fee-apr and --pool-fees are alternatives; give one");
            }

            var options = new BacktestOptions
            {
                LowerPct = Percent(parsed.GetValue(lowerPct), "--lower-pct", below100: true),
                UpperPct = Percent(parsed.GetValue(upperPct), "--upper-pct", below100: false),
                Benchmark = parsed.GetValue(benchmark) == "cash" ? Benchmark.Cash : Benchmark.Hodl,
                Costs = new CostModel(
                    CliArgs.NonNegative(parsed.GetValue(feeBps), "--fee-bps"),
                    CliArgs.NonNegative(parsed.GetValue(slippageBps), "--slippage-bps"),
                    CliArgs.NonNegative(parsed.GetValue(gasUsd), "--gas-usd"),
                    Finite(parsed.GetValue(fundingRate), "--funding-rate")),
                Threshold = CliArgs.NonNegative(parsed.GetValue(threshold), "--threshold"),
                Capital = CliArgs.Positive(parsed.GetValue(capital), "--capital"),
                LpFeeApr = parsed.GetValue(lpFeeApr) is { } apr ? CliArgs.NonNegative(apr, "--lp-fee-apr") : null,
                Funding = parsed.GetValue(funding) is { } fundingPath ? PriceSeriesFile.LoadFunding(fundingPath) : null,
                PoolFees = parsed.GetValue(poolFees) is { } feesPath ? PriceSeriesFile.LoadPoolFees(feesPath) : null,
                PoolLiquidityScale = CliArgs.Positive(parsed.GetValue(poolLiquidityScale), "--pool-liquidity-scale"),
                OptionMarket = OptionMarket.Default with
                {
                    VolatilityPremium = CliArgs.NonNegative(parsed.GetValue(volPremium), "--option-vol-premium"),
                    SpreadPct = parsed.GetValue(optionSpread) is var spread && spread is >= 0 and < 200 ? spread : throw new CliInputException("--option-spread-pct must be in [0, 200)"),
                    FeeBps = CliArgs.NonNegative(parsed.GetValue(optionFee), "--option-fee-bps"),
                },
                RecordSeries = parsed.GetValue(series) is not null,
            };
            var policies = (parsed.GetValue(policy) is { Length: > 0 } names ? names : DefaultPolicies).Select(context.Policies.Create).ToArray();
            var start = Day(parsed.GetValue(from), "--from");
            var end = Day(parsed.GetValue(to), "--to")?.AddDays(1);
            if (start >= end)
            {
                throw new CliInputException("--from must not be after --to");
            }

            var path = parsed.GetValue(data)!;
            var bars = PriceSeriesFile.LoadBars(path, start, end);
            if (bars.Length < 2)
            {
                throw new CliInputException($"--data {path}: only {bars.Length} bar(s) between --from and --to; a backtest needs at least 2");
            }

            // Forecast policies scale by the forecast variance: a flat series has none (seed would fail deep in the scorer).
            if (policies.Any(p => p is SeedPolicy or ModelPolicy or IOptionHedgePolicy) && SeriesCheck.Problem(bars.Select(b => b.Close).ToArray(), 2) is { } problem)
            {
                throw new CliInputException($"--data {path}: {problem}; the seed, model and option policies need price moves");
            }

            var seriesPath = parsed.GetValue(series);
            using var seriesWriter = seriesPath is null ? null : SeriesCsv.Open(seriesPath);
            var jsonOutput = parsed.GetValue(json);
            var result = jsonOutput ? Backtester.Run(bars, policies, options) : RunWithProgress(context.Output, bars, policies, options);
            if (seriesWriter is not null)
            {
                SeriesCsv.Write(seriesWriter, seriesPath!, result);
            }

            if (jsonOutput)
            {
                CliJson.Write(context.Output, BacktestReport.From(result));
            }
            else
            {
                Print(context.Output, result);
            }

            return HedgeCli.ExitOk;
        });
        return command;
    }

    private static BacktestResult RunWithProgress(TextWriter output, Bar[] bars, IHedgePolicy[] policies, BacktestOptions options)
    {
        var console = CliConsole.For(output);
        if (!console.Profile.Capabilities.Interactive)
        {
            return Backtester.Run(bars, policies, options);
        }

        BacktestResult? result = null;
        console.Progress().Start(progress =>
        {
            var task = progress.AddTask($"Replaying {bars.Length:N0} bars", maxValue: bars.Length);
            result = Backtester.Run(bars, policies, options, (done, _) => task.Value = done);
        });
        return result!;
    }

    private static double Percent(double value, string option, bool below100) =>
        double.IsFinite(value) && value > 0 && (!below100 || value < 100)
            ? value
            : throw new CliInputException($"{option} must be {(below100 ? "in (0, 100) so that the lower bound stays above zero" : "positive")} (got {value.ToString(CultureInfo.InvariantCulture)})");

    private static double Finite(double value, string option) => double.IsFinite(value)
        ? value
        : throw new CliInputException($"{option} must be a finite number");

    private static DateTimeOffset? Day(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new CliInputException($"{option} must be a date YYYY-MM-DD (got '{text}')");
    }

    private static void Print(TextWriter output, BacktestResult result)
    {
        var console = CliConsole.For(output);
        var s = result.Setup;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Start:yyyy-MM-dd HH:mm} -> {s.End:yyyy-MM-dd HH:mm} UTC, {s.Bars:N0} bars, {s.Gaps} gaps ({s.MissingHours:N0} h missing); benchmark {s.Benchmark.ToString().ToLowerInvariant()}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LP {s.Capital:N0} USD at {s.EntryPrice:N2} on [{s.Lower:N2}, {s.Upper:N2}] ({s.EntryAmount0:N4} token0 + {s.EntryAmount1:N2} token1); final price {s.FinalPrice:N2}; in range {s.TimeInRange:P1} of the time; LVR {s.Lvr:N2}"));

        var table = new Table().AddColumn("metric");
        foreach (var policy in result.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(policy.Name)).RightAligned());
        }

        Row(table, result, MetricDefinitions.ProtectionRate.Name, p => Pct(p.Metrics.ProtectionRate));
        Row(table, result, MetricDefinitions.VarianceReduction.Name, p => Pct(p.Metrics.VarianceReduction));
        Row(table, result, "Dollar offset (cumulative)", p => Num(p.Metrics.DollarOffset, "N3"));
        Row(table, result, "Periods in 0.80-1.25", p => $"{Pct(p.Metrics.DollarOffsetEffectiveShare)} of {p.Metrics.Periods}");
        Row(table, result, "Regression slope / R^2", p => $"{Num(p.Metrics.RegressionSlope, "N3")} / {Num(p.Metrics.RegressionRSquared, "N3")}");
        Row(table, result, MetricDefinitions.CostEfficiency.Name, p => Num(p.Metrics.CostEfficiency, "N3"));
        Row(table, result, "Loss unhedged / hedged", p => $"{Num(p.Metrics.LossUnhedged, "N2")} / {Num(p.Metrics.LossHedged, "N2")}");
        Row(table, result, "Rebalances (avg ratio)", p => $"{p.Rebalances:N0} ({p.AverageRatio:N2})");
        Row(table, result, "Costs: fees", p => Num(p.TotalCosts.Fees, "N2"));
        Row(table, result, "Costs: slippage", p => Num(p.TotalCosts.Slippage, "N2"));
        Row(table, result, "Costs: gas", p => Num(p.TotalCosts.Gas, "N2"));
        Row(table, result, "Costs: funding", p => Num(p.TotalCosts.Funding, "N2"));
        var withOptions = result.Policies.Any(p => p.Options is not null);
        if (withOptions)
        {
            Row(table, result, "Costs: option premiums", p => Num(p.TotalCosts.Premiums, "N2"));
            Row(table, result, "Costs: option fees", p => Num(p.TotalCosts.OptionFees, "N2"));
        }

        Row(table, result, "Costs: total", p => Num(p.TotalCosts.Total, "N2"));
        Row(table, result, "Final LP value", p => Num(p.Final.Lp, "N2"));
        Row(table, result, "Final hedge PnL (net)", p => Num(p.Final.Hedge, "N2"));
        Row(table, result, "Final HODL value", p => Num(p.Final.Hodl, "N2"));
        if (result.Policies[0].Metrics.LpFees is var fees && double.IsFinite(fees))
        {
            Row(table, result, "LP fees / LVR", p => $"{Num(p.Metrics.LpFees, "N2")} / {Num(p.Metrics.Lvr, "N2")}");
        }

        if (withOptions)
        {
            Row(table, result, "Option rolls / payoffs / open", p => p.Options is { } o ? $"{o.Rolls:N0} / {Num(o.Payoffs, "N2")} / {Num(o.OpenValue, "N2")}" : "-");
        }

        Row(table, result, "Carry per year (of capital)", p => $"{Num(p.Carry.CostsPerYear, "N2")} ({Pct(p.Carry.CostsPerYearOfCapital)})");
        if (double.IsFinite(result.Policies[0].Carry.LpFeesPerYear))
        {
            Row(table, result, "Carry / LP fees", p => Num(p.Carry.CostsOverLpFees, "N3"));
        }

        Row(table, result, "Final net (LP + hedge + fees)", p => Num(p.Final.Net, "N2"));
        console.Write(table);
    }

    private static void Row(Table table, BacktestResult result, string name, Func<PolicyResult, string> cell) =>
        table.AddRawRow([name, .. result.Policies.Select(cell)]);

    private static string Pct(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static string Num(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
