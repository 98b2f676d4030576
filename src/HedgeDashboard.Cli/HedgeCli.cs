using System.CommandLine;
using System.CommandLine.Parsing;
using HedgeDashboard.Cli.Commands;
using HedgeDashboard.Forecasting.Policies;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Cli;

/// <summary>The composition root of the <c>hedge</c> command line, callable in-process by tests.</summary>
public static class HedgeCli
{
    public const int ExitOk = 0;
    public const int ExitBadInput = 2;

    /// <summary>Policies that <c>--policy</c> can name. Add other assemblies' policies here.</summary>
    public static HedgePolicyRegistry CreatePolicies()
    {
        var registry = HedgePolicyRegistry.CreateDefault().AddForecastPolicies();
        return registry;
    }

    /// <summary>The commands. Add a command here with one line.</summary>
    public static RootCommand CreateRoot(CliContext context) => new("hedge: impermanent-loss math, hedging backtests and benchmarks")
    {
        IlCommand.Create(context),
        ImportCommand.Create(context),
        DeriveCommand.Create(context),
        DbCommand.Create(context),
        ForecastEvalCommand.Create(context),
        CalibrationCommand.Create(context),
        BenchForecastCommand.Create(context),
        BenchBookCommand.Create(context),
        TrainCommand.Create(context),
        BacktestCommand.Create(context),
        BenchCommand.Create(context),
    };

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error, CreatePolicies());
        var parsed = CreateRoot(context).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {Describe(parsed.Errors[0])}");
            return ExitBadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        // File trouble of any option (a directory, /proc, no permission) is the user's input too:
        // .NET's messages name the path, and the line replaces a stack trace.
        catch (Exception e) when (e is CliInputException or PriceDataException or ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"error: {OneLine(e.Message)}");
            return ExitBadInput;
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // One line that names the option, whatever the parser's wording.
    private static string Describe(ParseError parseError)
    {
        var message = OneLine(parseError.Message);
        var option = parseError.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult { Parent: OptionResult o } => o.Option.Name,
            _ => null,
        };
        return option is null || message.Contains(option, StringComparison.Ordinal) ? message : $"{option}: {message}";
    }
}
