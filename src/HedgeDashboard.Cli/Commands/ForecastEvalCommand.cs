using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Quant.MarketData;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge forecast-eval</c>: walk-forward comparison of the variance models.</summary>
internal static class ForecastEvalCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Price file: CSV or CSV.gz with timestamp,open,high,low,close,volume", Required = true };
        var from = new Option<string?>("--from") { Description = "First forecast day, YYYY-MM-DD (UTC); earlier bars only train" };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (UTC, inclusive) that a scored target may reach" };
        var horizon = new Option<int>("--horizon") { Description = "Forecast horizon in hours", DefaultValueFactory = _ => 24 };
        var step = new Option<int>("--step") { Description = "Forecast every N hours (1: every bar)", DefaultValueFactory = _ => 1 };
        var refit = new Option<int>("--refit-hours") { Description = "Refit cadence in hours on the expanding window (the ML.NET trees refit every 2160 h)", DefaultValueFactory = _ => 720 };
        var models = new Option<string[]>("--models") { Description = "Models to run: " + string.Join(", ", ForecastModels.Names), AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: name, qlike, mse, n, fitSeconds per model" };
        var command = new Command("forecast-eval", "Walk-forward evaluation of variance forecasts (QLIKE, MSE, fit time)")
        {
            data, from, to, horizon, step, refit, models, json,
        };
        command.SetAction(parsed =>
        {
            var options = new WalkForwardOptions
            {
                HorizonHours = Hours(parsed.GetValue(horizon), "--horizon"),
                StepHours = Hours(parsed.GetValue(step), "--step"),
                RefitEveryHours = Hours(parsed.GetValue(refit), "--refit-hours"),
                FromUnix = Day(parsed.GetValue(from), "--from")?.ToUnixTimeSeconds() ?? long.MinValue,
                ToUnix = Day(parsed.GetValue(to), "--to")?.AddDays(1).ToUnixTimeSeconds() ?? long.MaxValue,
            };
            if (options.FromUnix >= options.ToUnix)
                throw new CliInputException("--from must not be after --to");
            var names = parsed.GetValue(models) is { Length: > 0 } m ? m : ForecastModels.Names;
            var chosen = names.Select(ForecastModels.Create).ToArray();
            var path = parsed.GetValue(data)!;
            var bars = Forecastable(path, PriceSeriesFile.LoadBars(path).ToOhlcv(), options);
            var jsonOutput = parsed.GetValue(json);
            var results = jsonOutput ? Evaluate(bars, chosen, options, null) : EvaluateWithProgress(context.Output, bars, chosen, options);
            if (jsonOutput)
            {
                CliJson.Write(context.Output, results.Select(r => new EvalRow(r.Name, r.Qlike, r.Mse, r.N, r.FitSeconds, r.TotalSeconds, r.Refits)).ToArray());
            }
            else
            {
                Print(context.Output, results);
            }

            return HedgeCli.ExitOk;
        });
        return command;
    }

    /// <summary>Every model, then the geometric combination of the two best non-baseline models if there are two.</summary>
    internal static List<ModelEvaluation> Evaluate(IReadOnlyList<OhlcvBar> bars, IVarianceModel[] models, WalkForwardOptions options, Action<int, double>? progress)
    {
        var results = new List<ModelEvaluation>();
        for (int i = 0; i < models.Length; i++)
        {
            int index = i;
            results.Add(WalkForward.Run(bars, models[i], options, f => progress?.Invoke(index, f)));
        }

        var ranked = results.Where(r => !r.Name.Contains("ewma", StringComparison.Ordinal) && r.N > 0).OrderBy(r => r.Qlike).ToList();
        if (ranked.Count >= 2)
            results.Add(Combination.Run(ranked[0], ranked[1], options));
        return results;
    }

    private static List<ModelEvaluation> EvaluateWithProgress(TextWriter output, IReadOnlyList<OhlcvBar> bars, IVarianceModel[] models, WalkForwardOptions options)
    {
        var console = CliConsole.For(output);
        if (!console.Profile.Capabilities.Interactive)
            return Evaluate(bars, models, options, null);
        List<ModelEvaluation>? results = null;
        console.Progress().Start(progress =>
        {
            var tasks = models.Select(m => progress.AddTask($"Walk-forward {m.Name}", maxValue: 1)).ToArray();
            results = Evaluate(bars, models, options, (i, f) => tasks[i].Value = f);
        });
        return results!;
    }

    private static void Print(TextWriter output, List<ModelEvaluation> results)
    {
        var baseline = results.FirstOrDefault(r => r.Name.Contains("ewma", StringComparison.Ordinal));
        var table = new Table().AddColumns("model", "QLIKE", "vs ewma", "MSE", "n", "refits", "fit s", "total s");
        foreach (var r in results)
        {
            table.AddRawRow(
                r.Name,
                r.Qlike.ToString("F4", CultureInfo.InvariantCulture),
                baseline is null ? "-" : (r.Qlike / baseline.Qlike).ToString("F3", CultureInfo.InvariantCulture),
                r.Mse.ToString("E3", CultureInfo.InvariantCulture),
                r.N.ToString(CultureInfo.InvariantCulture),
                r.Refits.ToString(CultureInfo.InvariantCulture),
                r.FitSeconds.ToString("F2", CultureInfo.InvariantCulture),
                r.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }

        CliConsole.For(output).Write(table);
    }

    /// <summary>The bars, or a one-line input error naming the file when no model could forecast them.</summary>
    internal static OhlcvBar[] Forecastable(string path, OhlcvBar[] bars, WalkForwardOptions options)
    {
        var closes = bars.Where(b => b.UnixSeconds < options.ToUnix).Select(b => b.Close).ToArray();
        return SeriesCheck.Problem(closes, options.MinFitBars + options.HorizonHours + 1) is { } problem
            ? throw new CliInputException($"--data {path}: {problem}")
            : bars;
    }

    private static int Hours(int value, string option) => value > 0
        ? value
        : throw new CliInputException($"{option} must be a positive number of hours (got {value})");

    internal static DateTimeOffset? Day(string? text, string option)
    {
        if (text is null)
            return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new CliInputException($"{option} must be a date YYYY-MM-DD (got '{text}')");
    }

    internal sealed record EvalRow(string Name, double Qlike, double Mse, int N, double FitSeconds, double TotalSeconds, int Refits);
}
