using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Data.Ingest;
using Npgsql;

namespace HedgeDashboard.Cli.Commands;

/// <summary>
/// <c>hedge derive --pair BTC/ETH --base BTC/USD --quote ETH/USD --source binance</c>: stores a pair with no exchange file
/// of its own as the cross of two imported series (idempotent), so the trainer has its history.
/// </summary>
internal static class DeriveCommand
{
    public static Command Create(CliContext context)
    {
        var pair = new Option<string>("--pair") { Description = "The pair to store, BASE/QUOTE, e.g. BTC/ETH", Required = true };
        var basePair = new Option<string>("--base") { Description = "The series of the pair's base in a common quote, e.g. BTC/USD", Required = true };
        var quotePair = new Option<string>("--quote") { Description = "The series of the pair's quote in the same quote, e.g. ETH/USD", Required = true };
        var source = new Option<string>("--source") { Description = "The source both series were imported from (stored with the new rows too)", Required = true };
        var connection = DbConnectionOption.Create();
        var command = new Command("derive", "Store a pair as the cross of two imported series (idempotent)") { pair, basePair, quotePair, source, connection };
        command.SetAction(async (parsed, ct) =>
        {
            var (p, b, q, s) = (parsed.GetValue(pair)!, parsed.GetValue(basePair)!, parsed.GetValue(quotePair)!, parsed.GetValue(source)!);
            var cs = DbConnectionOption.Resolve(parsed.GetValue(connection));
            try
            {
                var (matched, inserted) = await new PriceImporter(cs).DeriveCrossAsync(p, b, q, s, ct);
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"derived {p} = {b} / {q} from '{s}': {matched} instants in both, {inserted} new, {matched - inserted} already stored"));
                return HedgeCli.ExitOk;
            }
            catch (ArgumentException e)
            {
                throw new CliInputException(e.Message.Split(" (Parameter")[0]);
            }
            catch (InvalidOperationException e) when (e.InnerException is null && e.Message.StartsWith("no ", StringComparison.Ordinal))
            {
                context.Error.WriteLine($"error: {e.Message}");
                return HedgeCli.ExitBadInput;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return DbConnectionOption.Fail(context, cs, e);
            }
        });
        return command;
    }
}
