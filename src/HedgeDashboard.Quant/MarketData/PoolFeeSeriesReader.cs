namespace HedgeDashboard.Quant.MarketData;

/// <summary>Reads <c>timestamp,lp_fees_usd_est,liquidity_raw_close</c> (other columns ignored).</summary>
public static class PoolFeeSeriesReader
{
    public static PoolFeeSeries Read(Stream stream, string source)
    {
        using var table = new CsvTable(stream, source);
        var time = table.Column("timestamp");
        var fees = table.Column("lp_fees_usd_est");
        var liquidity = table.Column("liquidity_raw_close");
        var hours = new List<DateTimeOffset>();
        var feeValues = new List<double>();
        var liquidityValues = new List<double>();
        var previous = long.MinValue;
        while (table.Next())
        {
            var seconds = table.Int64(time);
            if (seconds <= previous)
            {
                throw table.Error(time, $"timestamp {seconds} is not after the previous row's {previous}");
            }

            previous = seconds;
            var fee = table.Double(fees);
            if (!double.IsFinite(fee) || fee < 0)
            {
                throw table.Error(fees, $"fees must be finite and non-negative (got {fee})");
            }

            var active = table.Double(liquidity);
            if (!double.IsFinite(active) || active < 0)
            {
                throw table.Error(liquidity, $"liquidity must be finite and non-negative (got {active})");
            }

            hours.Add(DateTimeOffset.FromUnixTimeSeconds(seconds));
            feeValues.Add(fee);
            liquidityValues.Add(active);
        }

        return new PoolFeeSeries(hours, feeValues, liquidityValues);
    }
}
