using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary>
/// <c>hedge train</c>: one training round on the pair's hourly history in the database (<see cref="TrainingRound"/>),
/// stored as a new model version (parameters with the ML.NET model bytes, metrics) and promoted only when no worse
/// than the active version. The version is named <c>variance:PAIR</c>.
/// </summary>
internal static class TrainCommand
{
    public static string ModelName(string pair) => "variance:" + pair;

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

    internal sealed record Outcome(string Pair, string Source, int Bars, TrainingRoundResult Result, int Version);

    /// <summary>Reads the history, runs the round, stores the version (active when promoted) and the audit row.</summary>
    internal static async Task<Outcome> RunAsync(string cs, string pair, TrainingRoundOptions options, Action<string, double>? progress, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(cs);
        // Exchange history only (no block number): the source with the most hourly rows.
        var source = await db.PriceObservations.Where(p => p.Pair == pair && p.BlockNumber == null)
            .GroupBy(p => p.Source).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync(ct)
            ?? throw new CliInputException($"--pair {pair}: no imported hourly history in the database (hedge import --data FILE --pair {pair})");
        var rows = await db.PriceObservations.AsNoTracking().Where(p => p.Pair == pair && p.Source == source)
            .OrderBy(p => p.ObservedAt).Select(p => new { p.ObservedAt, p.Price, p.Volume }).ToListAsync(ct);
        var bars = rows.Select(r => new OhlcvBar(r.ObservedAt.ToUnixTimeSeconds(), (double)r.Price, (double)r.Price, (double)r.Price, (double)r.Price, (double)(r.Volume ?? 0))).ToArray();
        if (SeriesCheck.Problem([.. bars.Select(b => b.Close)], TrainingRound.MinBars(options)) is { } problem)
            throw new CliInputException($"--pair {pair} ({source}): {problem}");

        var name = ModelName(pair);
        var active = await db.ModelVersions.Where(v => v.Name == name && v.Status == ModelStatus.Active).SingleOrDefaultAsync(ct);
        var result = TrainingRound.Run(bars, active is null ? null : ModelParameters.FromJson(active.Parameters), active is null ? null : TrainedThrough(active), options, progress);
        var version = (await db.ModelVersions.Where(v => v.Name == name).MaxAsync(v => (int?)v.Version, ct) ?? 0) + 1;
        var row = new ModelVersion
        {
            Name = name,
            Kind = result.BestParameters.Model,
            Version = version,
            Parameters = result.BestParameters.ToJson(),
            Metrics = JsonSerializer.Serialize(new
            {
                pair,
                source,
                bars = bars.Length,
                from = rows[0].ObservedAt,
                to = rows[^1].ObservedAt,
                trainedThrough = rows[^1].ObservedAt.ToUnixTimeSeconds(),
                options.HorizonHours,
                options.EvaluationHours,
                featureSchema = Forecasting.Features.FeatureBuilder.SchemaVersion,
                candidates = result.Candidates,
                active = result.Active,
                promote = result.Promote,
                reason = result.Reason,
            }, CliJson.Options),
            TrainedAt = now,
            Status = ModelStatus.Candidate,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ModelVersions.Add(row);
        if (result.Promote && active is not null)
        {
            active.Status = ModelStatus.Retired;
            await db.SaveChangesAsync(ct); // retire first: one active version per name
        }

        if (result.Promote)
        {
            row.Status = ModelStatus.Active;
            row.ActivatedAt = now;
        }

        db.AuditLog.Add(new AuditLogEntry
        {
            At = now,
            Actor = "cli:train",
            Action = result.Promote ? "model.promoted" : "model.kept_current",
            EntityType = "model_version",
            EntityId = $"{name}:{version.ToString(CultureInfo.InvariantCulture)}",
            Details = JsonSerializer.Serialize(new { reason = result.Reason, kind = row.Kind, qlike = result.Best.Qlike, activeQlike = result.Active?.Qlike }),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome(pair, source, bars.Length, result, version);
    }

    /// <summary>The newest bar a stored version was fitted on (null when its metrics do not say: it is then not scored).</summary>
    private static long? TrainedThrough(ModelVersion v)
    {
        using var doc = JsonDocument.Parse(v.Metrics);
        return doc.RootElement.TryGetProperty("trainedThrough", out var t) && t.ValueKind == JsonValueKind.Number ? (long)t.GetDouble() : null;
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

    private static void Print(TextWriter output, Outcome o)
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
            $"{(o.Result.Promote ? "promoted" : "kept the active model")}: {ModelName(o.Pair)} v{o.Version} ({o.Result.BestParameters.Model}): {o.Result.Reason}"));
    }

    private static int Positive(int value, string option) => value > 0
        ? value
        : throw new CliInputException($"{option} must be a positive number of hours (got {value})");
}
