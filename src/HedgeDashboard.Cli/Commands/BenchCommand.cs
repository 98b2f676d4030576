using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Positions;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge bench</c>: throughput of the position math and the time of a full five-policy backtest.</summary>
internal static class BenchCommand
{
    private const string DefaultDataFile = "ETHUSDT_1h_binance_spot.csv.gz";
    private static readonly string[] Policies = ["none", "static:0.25", "static:0.5", "static:0.75", "delta"];

    public static Command Create(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = $"Price file to backtest (default: {DefaultDataFile} in the shared data folder beside the repository)" };
        var runs = new Option<int>("--runs") { Description = "Timed backtest runs after the first (the best and median are reported)", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("bench", "Benchmark: IL + Greeks evaluations per second, and a full backtest with five policies") { data, runs, json };
        command.SetAction(parsed =>
        {
            var runCount = parsed.GetValue(runs);
            if (runCount < 1)
            {
                throw new CliInputException("--runs must be at least 1");
            }

            var path = parsed.GetValue(data) ?? FindSharedData(DefaultDataFile);
            var evaluationsPerSecond = MeasurePositionMath();
            var load = Stopwatch.StartNew();
            var bars = PriceSeriesFile.LoadBars(path);
            var coldLoad = load.Elapsed.TotalSeconds;
            load.Restart();
            PriceSeriesFile.LoadBars(path);
            var warmLoad = load.Elapsed.TotalSeconds;
            var times = new List<double>();
            // The first run is the cold one (JIT); the rest show steady-state speed.
            for (var i = 0; i <= runCount; i++)
            {
                var fresh = Policies.Select(context.Policies.Create).ToArray();
                var watch = Stopwatch.StartNew();
                Backtester.Run(bars, fresh, new BacktestOptions());
                times.Add(watch.Elapsed.TotalSeconds);
            }

            var cold = times[0];
            times.RemoveAt(0);

            times.Sort();
            var report = new BenchReport(evaluationsPerSecond, path, bars.Length, Policies.Length, coldLoad, warmLoad, cold, times[0], times[times.Count / 2], Environment.ProcessorCount);
            if (parsed.GetValue(json))
            {
                CliJson.Write(context.Output, report);
            }
            else
            {
                var table = new Table().AddColumns("measure", "value");
                table.AddRawRow("IL + value + delta + gamma evaluations / s", report.IlGreeksEvaluationsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRawRow($"price file load, {report.Bars:N0} bars: first / again", $"{report.LoadSeconds * 1000:N0} ms / {report.LoadWarmSeconds * 1000:N0} ms");
                table.AddRawRow($"backtest, {report.Policies} policies: first run", $"{report.BacktestFirstSeconds * 1000:N1} ms");
                table.AddRawRow($"backtest, {report.Policies} policies: best / median of {runCount}", $"{report.BacktestBestSeconds * 1000:N1} ms / {report.BacktestMedianSeconds * 1000:N1} ms");
                table.AddRawRow("processors", report.Processors.ToString(CultureInfo.InvariantCulture));
                CliConsole.For(context.Output).Write(table);
            }

            return HedgeCli.ExitOk;
        });
        return command;
    }

    /// <summary>Evaluations of IL, value, delta and gamma of a v3 position at one price, per second.</summary>
    private static double MeasurePositionMath()
    {
        var position = LiquidityPosition.FromValue(2000, 10_000, 1600, 2400);
        var hodl = position.AmountsAt(2000);
        var sink = 0.0;
        var count = 0L;
        var watch = Stopwatch.StartNew();
        // Run for about half a second so timer resolution and JIT tiering do not matter.
        while (watch.ElapsedMilliseconds < 500)
        {
            for (var i = 0; i < 100_000; i++)
            {
                var price = 1200 + (i * 0.012);
                var amounts = position.AmountsAt(price);
                var value = amounts.ValueAt(price);
                sink += (value / hodl.ValueAt(price)) - 1 + amounts.Amount0 + position.GammaAt(price);
            }

            count += 100_000;
        }

        var rate = count / watch.Elapsed.TotalSeconds;
        return double.IsFinite(sink) ? rate : throw new InvalidOperationException("Position math produced a non-finite value.");
    }

    private static string FindSharedData(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "data", name);
                if (File.Exists(Path.Combine(dir.FullName, "HedgeDashboard.sln")) && File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new CliInputException($"--data not given and {name} not found in ../shared/data beside the repository");
    }

    internal sealed record BenchReport(
        double IlGreeksEvaluationsPerSecond,
        string Data,
        int Bars,
        int Policies,
        double LoadSeconds,
        double LoadWarmSeconds,
        double BacktestFirstSeconds,
        double BacktestBestSeconds,
        double BacktestMedianSeconds,
        int Processors);
}
