using System.Globalization;
using HedgeDashboard.Quant.Backtesting;

namespace HedgeDashboard.Cli.Commands;

/// <summary>Writes a backtest's per-bar series: time, price, LP, HODL, then each policy's net value.</summary>
internal static class SeriesCsv
{
    /// <summary>
    /// Opens <c>--series</c> for writing before the backtest runs, so a directory, an unwritable path
    /// or a file like /proc/version fails at once as one line naming the option.
    /// </summary>
    public static StreamWriter Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliInputException($"--series {path}: is a directory, not a file");
        }

        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException($"--series {path}: cannot write ({e.Message})");
        }
    }

    /// <summary>Writes and closes <paramref name="writer"/> (a file like /proc/version fails only here).</summary>
    public static void Write(StreamWriter writer, string path, BacktestResult result)
    {
        try
        {
            Write(writer, result);
            writer.Dispose();
        }
        catch (IOException e)
        {
            try
            {
                writer.Dispose(); // flushes the same buffer again: the first failure is the one to report
            }
            catch (IOException)
            {
            }

            throw new CliInputException($"--series {path}: cannot write ({e.Message})");
        }
    }

    private static void Write(StreamWriter writer, BacktestResult result)
    {
        var series = result.Series ?? throw new InvalidOperationException("The backtest kept no series.");
        writer.WriteLine(string.Join(',', ["timestamp", "price", "lp_value", "hodl_value", .. result.Policies.Select(p => "net_" + p.Name.Replace(',', '_'))]));
        for (var i = 0; i < series.Times.Length; i++)
        {
            writer.Write(series.Times[i].ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            foreach (var value in (ReadOnlySpan<double>)[series.Price[i], series.LpValue[i], series.HodlValue[i]])
            {
                writer.Write(',');
                writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
            }

            foreach (var policy in result.Policies)
            {
                writer.Write(',');
                writer.Write((series.LpValue[i] + policy.CumulativeHedgePnl![i]).ToString("R", CultureInfo.InvariantCulture));
            }

            writer.WriteLine();
        }
    }
}
