using System.Globalization;
using HedgeDashboard.Quant.Backtesting;

namespace HedgeDashboard.Cli.Commands;

/// <summary>Writes a backtest's per-bar series: time, price, LP, HODL, then each policy's net value.</summary>
internal static class SeriesCsv
{
    public static void Write(string path, BacktestResult result)
    {
        var series = result.Series ?? throw new InvalidOperationException("The backtest kept no series.");
        using var writer = new StreamWriter(path);
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
