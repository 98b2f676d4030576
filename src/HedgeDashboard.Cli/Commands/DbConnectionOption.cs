using System.CommandLine;
using Npgsql;

namespace HedgeDashboard.Cli.Commands;

/// <summary>The <c>--connection</c> option of the database commands and what it falls back to.</summary>
internal static class DbConnectionOption
{
    public const string EnvironmentVariable = "ConnectionStrings__Hedge";
    public const string LocalDefault = "Host=127.0.0.1;Port=25432;Username=postgres;Database=hedge";
    public const int ExitFailed = 1;

    public static Option<string?> Create() => new("--connection")
    {
        Description = $"PostgreSQL connection string (default: ${EnvironmentVariable}, else the local cluster {LocalDefault})",
    };

    public static string Resolve(string? option)
    {
        var cs = !string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(EnvironmentVariable);
        cs = string.IsNullOrWhiteSpace(cs) ? LocalDefault : cs;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(cs);
        }
        catch (ArgumentException e)
        {
            throw new CliInputException($"--connection is not a valid connection string: {e.Message}");
        }

        return cs;
    }

    /// <summary>One line for a database that cannot be reached or refuses the command.</summary>
    public static int Fail(CliContext context, string connectionString, Exception e)
    {
        var target = Data.HedgeDataServiceCollectionExtensions.DescribeTarget(connectionString);
        var inner = e is NpgsqlException { InnerException: { } i } && e.Message.StartsWith("Failed to connect", StringComparison.Ordinal) ? i.Message : e.Message;
        context.Error.WriteLine($"error: database {target}: {inner.ReplaceLineEndings(" ")}");
        return ExitFailed;
    }
}
