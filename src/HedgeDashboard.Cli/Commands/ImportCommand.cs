using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Data.Ingest;
using Npgsql;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary>
/// <c>hedge import --data FILE --pair ETH/USD --source NAME</c>: loads a price CSV (gzip or not) into
/// price_observations in one transaction; a second import adds nothing; a bad row loads nothing
/// (exit code 2 with the line and column).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<FileInfo>("--data") { Description = "Price file (.csv or .csv.gz) with a timestamp column in unix seconds", Required = true };
        var pair = new Option<string>("--pair") { Description = "Pair as BASE/QUOTE, e.g. ETH/USD", Required = true };
        var source = new Option<string?>("--source") { Description = "Source name stored with the rows (default: the file name without extensions)" };
        var priceColumn = new Option<string?>("--price-column") { Description = $"Column to read prices from (default: the first of {string.Join(", ", PriceFileReader.KnownPriceColumns)})" };
        var connection = DbConnectionOption.Create();
        var command = new Command("import", "Import a price file into the database (idempotent)") { data, pair, source, priceColumn, connection };
        command.SetAction(async (parsed, ct) =>
        {
            var file = parsed.GetValue(data)!;
            if (!file.Exists)
            {
                throw new CliInputException($"--data {file.FullName}: no such file");
            }

            var pairValue = parsed.GetValue(pair)!;
            try
            {
                PriceImporter.ValidatePair(pairValue);
            }
            catch (ArgumentException e)
            {
                throw new CliInputException($"--pair: {e.Message.Split(" (Parameter")[0]}");
            }

            var sourceValue = parsed.GetValue(source) is { Length: > 0 } s ? s : DefaultSource(file.Name);
            var cs = DbConnectionOption.Resolve(parsed.GetValue(connection));
            var importer = new PriceImporter(cs);
            try
            {
                var result = await RunAsync(context, () => importer, file, pairValue, sourceValue, parsed.GetValue(priceColumn), ct);
                context.Output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"imported {file.Name} as {pairValue} from '{sourceValue}' (price column '{result.PriceColumn}'): {result.RowsRead} rows read, {result.RowsInserted} new, {result.RowsRead - result.RowsInserted} already stored, {result.Elapsed.TotalSeconds:F2} s ({result.RowsPerSecond:F0} rows/s)"));
                return HedgeCli.ExitOk;
            }
            catch (PriceFileException e)
            {
                context.Error.WriteLine($"error: {e.Message} (nothing was imported)");
                return HedgeCli.ExitBadInput;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return DbConnectionOption.Fail(context, cs, e);
            }
        });
        return command;
    }

    /// <summary>"ETHUSDT_1h_binance_spot.csv.gz" -> "ETHUSDT_1h_binance_spot".</summary>
    public static string DefaultSource(string fileName)
    {
        var name = fileName;
        foreach (var ext in new[] { ".gz", ".csv" })
        {
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^ext.Length];
            }
        }

        return name;
    }

    private static async Task<ImportResult> RunAsync(
        CliContext context, Func<PriceImporter> importer, FileInfo file, string pair, string source, string? priceColumn, CancellationToken ct)
    {
        var console = CliConsole.For(context.Output);
        if (!console.Profile.Capabilities.Interactive)
        {
            return await importer().ImportAsync(file.FullName, pair, source, priceColumn, null, ct);
        }

        ImportResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async p =>
            {
                var task = p.AddTask(file.Name, maxValue: 1.0);
                var progress = new Progress<double>(f => task.Value = f);
                result = await importer().ImportAsync(file.FullName, pair, source, priceColumn, progress, ct);
                task.Value = 1.0;
            });
        return result!;
    }
}
