namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// Reads <c>timestamp,funding_rate</c> (other columns ignored). The rate in the file is per funding
/// interval; the interval is taken as the median spacing of the timestamps (1 h for Hyperliquid,
/// 8 h for Binance) and rates are converted to per hour.
/// </summary>
public static class FundingSeriesReader
{
    public static FundingSeries Read(Stream stream, string source)
    {
        using var table = new CsvTable(stream, source);
        var time = table.Column("timestamp");
        var rate = table.Column("funding_rate");
        var times = new List<long>();
        var rates = new List<double>();
        while (table.Next())
        {
            var seconds = table.Int64(time);
            if (times.Count > 0 && seconds <= times[^1])
            {
                throw table.Error(time, $"timestamp {seconds} is not after the previous row's {times[^1]}");
            }

            var value = table.Double(rate);
            if (!double.IsFinite(value))
            {
                throw table.Error(rate, $"funding rate must be finite (got {value})");
            }

            times.Add(seconds);
            rates.Add(value);
        }

        if (times.Count == 0)
        {
            throw new PriceDataException(source, table.Line, null, "no funding rows");
        }

        var spacings = times.Zip(times.Skip(1), (a, b) => b - a).Order().ToArray();
        var intervalHours = spacings.Length == 0 ? 1.0 : spacings[spacings.Length / 2] / 3600.0;
        return new FundingSeries(
            [.. times.Select(DateTimeOffset.FromUnixTimeSeconds)],
            [.. rates.Select(r => r / intervalHours)]);
    }
}
