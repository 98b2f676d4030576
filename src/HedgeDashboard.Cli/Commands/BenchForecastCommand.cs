using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Workers.Scoring;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge bench-forecast</c>: the forecasting timings the issue asks for, on real data.</summary>
internal static class BenchForecastCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Price file: CSV or CSV.gz with timestamp,open,high,low,close,volume", Required = true };
        var from = new Option<string?>("--from") { Description = "Walk-forward: first forecast day, YYYY-MM-DD" };
        var to = new Option<string?>("--to") { Description = "Walk-forward: last day, YYYY-MM-DD (inclusive)" };
        var repeats = new Option<int>("--repeats") { Description = "Runs per micro-benchmark; the median is reported", DefaultValueFactory = _ => 11 };
        var skipWalkForward = new Option<bool>("--skip-walk-forward") { Description = "Only the GARCH fit and position-scoring timings" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var oneCore = new Option<bool>("--one-core") { Description = "Pin the process to one CPU (default true; --one-core false to use all)", DefaultValueFactory = _ => true };
        var command = new Command("bench-forecast", "Time GARCH fits on 50,000 points, the workers' training round on 70,000 bars, scoring 10,000 positions with the promoted model, and walk-forward per model (pinned to one CPU)")
        {
            data, from, to, repeats, skipWalkForward, json, oneCore,
        };
        command.SetAction(parsed =>
        {
            int runs = Math.Max(1, parsed.GetValue(repeats));
            // "One core" means one: every thread of this process (ML.NET's, the GC's) runs on the first CPU.
            if (parsed.GetValue(oneCore) && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
            {
                using var self = Process.GetCurrentProcess();
                self.ProcessorAffinity = 1;
            }

            var bars = PriceSeriesFile.LoadBars(parsed.GetValue(data)!).ToOhlcv();
            var rows = new List<BenchRow>();

            var returns = new double[Math.Min(50_000, bars.Length - 1)];
            int start = bars.Length - returns.Length;
            for (int i = 0; i < returns.Length; i++)
                returns[i] = Math.Log(bars[start + i].Close / bars[start + i - 1].Close);
            Garch11? fit = null;
            rows.Add(Measure($"garch11 fit, {returns.Length:N0} returns", runs, () => fit = Garch11.Fit(returns), () => string.Create(CultureInfo.InvariantCulture, $"alpha {fit!.Alpha:F4}, beta {fit.Beta:F4}")));

            // The workers' training round (TrainingRound, as PairModelTraining runs it) on the newest 70,000 bars: every
            // candidate fitted on all but the newest 721 h, scored walk-forward on them, the best walked forward again over
            // the calibration window, refitted on all bars, and its P(IL) calibration map fitted.
            var round = bars[Math.Max(0, bars.Length - 70_000)..];
            var scoring = new ScoringOptions();
            var roundOptions = scoring.TrainingRound();
            TrainingRoundResult? result = null;
            IsotonicMap? map = null;
            rows.Add(Measure(
                $"training round: {ForecastModels.Names.Length} candidates on {round.Length:N0} bars, {roundOptions.EvaluationHours} h walk-forward, best over {roundOptions.CalibrationHours:N0} h for the P(IL) map, refitted",
                1,
                () =>
                {
                    result = TrainingRound.Run(round, null, null, roundOptions);
                    map = PairModelTraining.Calibrate(round, result, roundOptions.HorizonHours, scoring).Map;
                },
                () => $"promoted: {result!.BestParameters.Model}; map of {map?.N ?? 0:N0} predictions"));

            // Scoring as the ScoringStage does it: the promoted version reloaded from its stored form (JSON + model bytes),
            // a fresh forecaster on the newest HistoryBars hourly bars, then RiskModel.Score per position through the
            // version's calibration map (cost-aware policy).
            var stored = ModelParameters.FromJson(result!.BestParameters.ToJson()) with { Blob = result.BestParameters.Blob };
            var loader = ForecastModels.Loader(stored);
            var recent = MarketStore.From(bars[Math.Max(0, bars.Length - scoring.HistoryBars)..]).View();
            double price = bars[^1].Close;
            var (lower, upper, entry) = Positions(10_000, price);
            double sum = 0;
            // A block's work: the pair's forecast (a fresh forecaster on the recent bars), then every position against it.
            RiskModel.PairForecast? forecast = null;
            rows.Add(Measure($"forecast with the promoted {stored.Model} from {recent.Count:N0} bars (once per pair and block)", runs,
                () => forecast = RiskModel.Forecast(loader().Forecast(recent) / stored.HorizonHours * scoring.BarHours, scoring, map),
                () => string.Create(CultureInfo.InvariantCulture, $"vol {Math.Sqrt(forecast!.VariancePerBar * 8760):P1}")));
            rows.Add(Measure("score 10,000 positions against it (RiskModel.Score each, calibrated P(IL), cost-aware policy)", runs, () =>
            {
                sum = 0;
                for (int i = 0; i < lower.Length; i++)
                    sum += RiskModel.Score(lower[i], upper[i], entry[i], 1_000, price, forecast!, scoring, HedgeRatioPolicy.Model, 0).Score;
            }, () => string.Create(CultureInfo.InvariantCulture, $"mean risk {sum / lower.Length:F4}")));

            if (!parsed.GetValue(skipWalkForward))
            {
                var options = new WalkForwardOptions
                {
                    FromUnix = ForecastEvalCommand.Day(parsed.GetValue(from), "--from")?.ToUnixTimeSeconds() ?? long.MinValue,
                    ToUnix = ForecastEvalCommand.Day(parsed.GetValue(to), "--to")?.AddDays(1).ToUnixTimeSeconds() ?? long.MaxValue,
                };
                foreach (var name in ForecastModels.Names)
                {
                    var e = WalkForward.Run(bars, ForecastModels.Create(name), options);
                    rows.Add(new BenchRow($"walk-forward {e.Name}", 1, e.TotalSeconds * 1000, double.NaN, string.Create(CultureInfo.InvariantCulture,
                        $"{e.N:N0} forecasts, {e.Refits} fits taking {e.FitSeconds:F2} s")));
                }
            }

            if (parsed.GetValue(json))
            {
                CliJson.Write(context.Output, rows);
            }
            else
            {
                var table = new Table().AddColumns("benchmark", "runs", "median ms", "median cpu ms", "note");
                foreach (var r in rows)
                {
                    table.AddRawRow(r.Name, r.Runs.ToString(CultureInfo.InvariantCulture), r.MedianMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                        double.IsNaN(r.MedianCpuMilliseconds) ? "-" : r.MedianCpuMilliseconds.ToString("F1", CultureInfo.InvariantCulture), r.Note);
                }
                CliConsole.For(context.Output).Write(table);
            }

            return HedgeCli.ExitOk;
        });
        return command;
    }

    /// <summary>Median wall time and median process CPU time: on a shared machine the wall clock also counts waiting.</summary>
    private static BenchRow Measure(string name, int runs, Action action, Func<string> note)
    {
        action(); // warm-up: JIT and first-touch allocations are not what is measured
        var wall = new double[runs];
        var cpu = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            wall[i] = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
        }

        Array.Sort(wall);
        Array.Sort(cpu);
        return new BenchRow(name, runs, wall[runs / 2], cpu[runs / 2], note());
    }

    /// <summary>Positions of varied width around and away from the price (seeded, so runs compare).</summary>
    private static (double[] Lower, double[] Upper, double[] Entry) Positions(int n, double price)
    {
        var rng = new Random(42);
        var lower = new double[n];
        var upper = new double[n];
        var entry = new double[n];
        for (int i = 0; i < n; i++)
        {
            entry[i] = price * Math.Exp(0.1 * (rng.NextDouble() - 0.5));
            double width = 0.02 + 0.5 * rng.NextDouble();
            lower[i] = entry[i] * (1 - width * 0.9);
            upper[i] = entry[i] * (1 + width);
        }

        return (lower, upper, entry);
    }

    internal sealed record BenchRow(string Name, int Runs, double MedianMilliseconds, double MedianCpuMilliseconds, string Note);
}
