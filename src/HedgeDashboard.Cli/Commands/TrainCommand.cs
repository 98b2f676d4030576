using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Workers.Scoring;
using Npgsql;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary>
/// <c>hedge train</c>: one training round on the pair's hourly history in the database, the same as the workers'
/// (<see cref="PairModelTraining"/>), stored as version N of <c>variance:PAIR</c> and promoted only when no worse
/// than the active version.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var pair = new Option<string>("--pair") { Description = "Pair as BASE/QUOTE, e.g. ETH/USD (its imported hourly history is read)", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "Forecast horizon in hours", DefaultValueFactory = _ => 24 };
        var evaluationHours = new Option<int>("--evaluation-hours") { Description = "Newest hours scored walk-forward; candidates fit on the hours before", DefaultValueFactory = _ => 720 };
        var models = new Option<string[]>("--models") { Description = "Candidates: " + string.Join(", ", ForecastModels.Names), AllowMultipleArgumentsPerToken = true };
        var connection = DbConnectionOption.Create();
        var command = new Command("train", "One training round: fit the candidates on the pair's hourly history, compare walk-forward with the active model, promote the best if no worse")
        {
            pair, horizon, evaluationHours, models, connection,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var pairValue = parsed.GetValue(pair)!;
            var options = new TrainingRoundOptions
            {
                HorizonHours = Positive(parsed.GetValue(horizon), "--horizon"),
                EvaluationHours = Positive(parsed.GetValue(evaluationHours), "--evaluation-hours"),
                Candidates = parsed.GetValue(models) is { Length: > 0 } m ? m : ForecastModels.Names,
            };
            foreach (var name in options.Candidates)
                _ = ForecastModels.Create(name); // an unknown name fails here, as bad input, before any work
            var cs = DbConnectionOption.Resolve(parsed.GetValue(connection));
            try
            {
                var outcome = await RunAsync(cs, pairValue, options, Progress(context), DateTimeOffset.UtcNow, ct);
                Print(context.Output, outcome);
                return HedgeCli.ExitOk;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return DbConnectionOption.Fail(context, cs, e);
            }
        });
        return command;
    }

    /// <summary>The workers' training round (<see cref="PairModelTraining"/>): same history, same storage, same audit.</summary>
    internal static async Task<PairTrainingOutcome> RunAsync(string cs, string pair, TrainingRoundOptions options, Action<string, double>? progress, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(cs);
        try
        {
            return await PairModelTraining.RunAsync(db, pair, options, new ScoringOptions(), "cli:train", now, progress, ct);
        }
        catch (TrainingDataException e)
        {
            throw new CliInputException($"--pair {pair}: {e.Message}");
        }
    }

    private static Action<string, double>? Progress(CliContext context)
    {
        var console = CliConsole.For(context.Output);
        if (!console.Profile.Capabilities.Interactive)
            return null;
        // One bar per candidate, drawn as the round reports; Spectre's live display needs the work inside Start,
        // which is synchronous here, so the bars are plain lines updated in place.
        string? current = null;
        return (name, fraction) =>
        {
            if (name != current)
            {
                if (current is not null)
                    console.WriteLine();
                current = name;
            }
            int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 30);
            console.Write(new Text($"\r{name,-26} [{new string('#', filled)}{new string('.', 30 - filled)}] {fraction,4:P0}"));
        };
    }

    private static void Print(TextWriter output, PairTrainingOutcome o)
    {
        var console = CliConsole.For(output);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Pair}: {o.Bars:N0} hourly bars from '{o.Source}'; QLIKE on the newest hours, each model fitted once before them"));
        var table = new Table().AddColumns("model", "QLIKE", "n", "seconds", "note");
        foreach (var c in o.Result.Active is null ? o.Result.Candidates : [.. o.Result.Candidates, o.Result.Active])
        {
            table.AddRawRow(
                c.Name,
                c.Qlike?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
                c.N.ToString(CultureInfo.InvariantCulture),
                c.Seconds.ToString("F1", CultureInfo.InvariantCulture),
                c == o.Result.Best ? "best" : c.Skipped ?? "");
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(o.Result.Promote ? "promoted" : "kept the active model")}: {o.Version.Name} v{o.Version.Version} ({o.Version.Kind}): {o.Result.Reason}"));
    }

    private static int Positive(int value, string option) => value > 0
        ? value
        : throw new CliInputException($"{option} must be a positive number of hours (got {value})");
}
