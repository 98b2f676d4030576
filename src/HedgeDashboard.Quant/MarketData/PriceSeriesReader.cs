using System.Runtime.CompilerServices;

namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// Reads an OHLCV series (columns <c>timestamp,open,high,low,close,volume</c> by header name;
/// timestamp in unix seconds, bar open time). Rejects unsorted or duplicate timestamps and
/// non-finite or non-positive prices with a <see cref="PriceDataException"/>. Gaps are kept as gaps.
/// </summary>
public static class PriceSeriesReader
{
    /// <summary>Reads every row, validating all of them, and keeps bars with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>.</summary>
    // A long loop entered once per file: optimised at first JIT rather than after tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Bar[] Read(Stream stream, string source, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        using var table = new CsvTable(stream, source);
        var time = table.Column("timestamp");
        var open = table.Column("open");
        var high = table.Column("high");
        var low = table.Column("low");
        var close = table.Column("close");
        var volume = table.Column("volume");
        var fromSeconds = from?.ToUnixTimeSeconds() ?? long.MinValue;
        var toSeconds = to?.ToUnixTimeSeconds() ?? long.MaxValue;

        var bars = new List<Bar>();
        var previous = long.MinValue;
        while (table.Next())
        {
            var seconds = table.Int64(time);
            if (seconds <= previous)
            {
                throw table.Error(time, seconds == previous
                    ? $"duplicate timestamp {seconds}"
                    : $"timestamp {seconds} is before the previous row's {previous} (rows must be sorted ascending)");
            }

            previous = seconds;
            var bar = new Bar(
                DateTimeOffset.FromUnixTimeSeconds(seconds),
                Price(table, open),
                Price(table, high),
                Price(table, low),
                Price(table, close),
                Volume(table, volume));
            if (seconds >= fromSeconds && seconds < toSeconds)
            {
                bars.Add(bar);
            }
        }

        return [.. bars];
    }

    private static double Price(CsvTable table, int column)
    {
        var value = table.Double(column);
        return double.IsFinite(value) && value > 0 ? value : throw table.Error(column, $"price must be finite and positive (got {value})");
    }

    private static double Volume(CsvTable table, int column)
    {
        var value = table.Double(column);
        return double.IsFinite(value) && value >= 0 ? value : throw table.Error(column, $"volume must be finite and non-negative (got {value})");
    }
}
