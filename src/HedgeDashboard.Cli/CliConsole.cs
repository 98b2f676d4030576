using Spectre.Console;
using Spectre.Console.Rendering;

namespace HedgeDashboard.Cli;

internal static class CliConsole
{
    /// <summary>A Spectre console bound to the command's writer, so in-process runs capture the output.</summary>
    public static IAnsiConsole For(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Files and pipes have no width; wide enough that a five-policy table does not wrap.
            console.Profile.Width = 160;
        }

        return console;
    }
}

internal static class TableExtensions
{
    /// <summary>Adds cells as plain text: values like "[80, 120]" are not Spectre markup.</summary>
    public static Table AddRawRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
}
