using Spectre.Console;

namespace HedgeDashboard.Cli;

internal static class CliConsole
{
    /// <summary>A Spectre console bound to the command's writer, so in-process runs capture the output.</summary>
    public static IAnsiConsole For(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
        Interactive = ReferenceEquals(output, Console.Out) ? InteractionSupport.Detect : InteractionSupport.No,
    });
}

internal static class TableExtensions
{
    /// <summary>Adds cells as plain text: values like "[80, 120]" are not Spectre markup.</summary>
    public static Table AddRawRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());
}
