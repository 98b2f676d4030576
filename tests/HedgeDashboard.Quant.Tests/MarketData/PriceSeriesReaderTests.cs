using System.Text;
using HedgeDashboard.Quant.MarketData;

namespace HedgeDashboard.Quant.Tests.MarketData;

public class PriceSeriesReaderTests
{
    [Fact]
    public void LoadBars_GzipAndPlain_GiveSameBars()
    {
        string[] lines = [TestData.Header, .. TestData.Rows(100, 101.5, 99)];

        var plain = PriceSeriesFile.LoadBars(TestData.TempCsv(lines));
        var gzip = PriceSeriesFile.LoadBars(TestData.TempCsv(lines, gzip: true));

        Assert.Equal(plain, gzip);
        Assert.Equal([100, 101.5, 99], plain.Select(b => b.Close));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_699_999_200), plain[0].Time);
    }

    [Fact]
    public void Read_ExtraAndReorderedColumns_FindsByHeaderName()
    {
        var csv = "close,volume,quote_volume,low,high,open,timestamp\n10,2,20,9,11,9.5,1700000000\n";

        var bar = Assert.Single(PriceSeriesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "x.csv"));

        Assert.Equal(new Bar(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 9.5, 11, 9, 10, 2), bar);
    }

    [Fact]
    public void Read_UnsortedTimestamps_NamesLineAndColumn()
    {
        var e = ReadError(TestData.Header, TestData.Row(1_700_003_600, 1), TestData.Row(1_700_000_000, 1));

        Assert.Equal(3, e.Line);
        Assert.Equal("timestamp", e.Column);
        Assert.Contains("sorted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateTimestamp_SaysDuplicate()
    {
        var e = ReadError(TestData.Header, TestData.Row(1_700_000_000, 1), TestData.Row(1_700_000_000, 2));

        Assert.Equal(3, e.Line);
        Assert.Contains("duplicate timestamp 1700000000", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("Infinity")]
    public void Read_BadClose_NamesCloseColumn(string close)
    {
        var e = ReadError(TestData.Header, TestData.Row(1_700_000_000, 1), $"1700003600,x,1,1,1,{close},1");

        Assert.Equal(3, e.Line);
        Assert.Equal("close", e.Column);
        Assert.StartsWith("t.csv line 3, column 'close'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextInNumber_NamesColumn()
    {
        var e = ReadError(TestData.Header, "1700000000,x,abc,1,1,1,1");

        Assert.Equal("open", e.Column);
        Assert.Contains("'abc' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingColumn_ReportsHeaderLine()
    {
        var e = ReadError("timestamp,open,high,low,volume", "1700000000,1,1,1,1");

        Assert.Equal(1, e.Line);
        Assert.Equal("close", e.Column);
    }

    [Theory]
    [InlineData("1700000000,x,1,1,1,1")]
    [InlineData("1700000000,x,1,1,1,1,1,1")]
    public void Read_WrongFieldCount_NamesLine(string row)
    {
        var e = ReadError(TestData.Header, row);

        Assert.Equal(2, e.Line);
        Assert.Contains("expected 7 fields", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotGzipButGzipMagic_ReportsCorruptData()
    {
        var bytes = new byte[] { 0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

        Assert.Throws<PriceDataException>(() => PriceSeriesReader.Read(new MemoryStream(bytes), "bad.gz"));
    }

    [Fact]
    public void Read_DateRange_KeepsFromInclusiveToExclusive()
    {
        string[] lines = [TestData.Header, .. TestData.Rows(1, 2, 3, 4)];
        var from = DateTimeOffset.FromUnixTimeSeconds(1_699_999_200 + 3600);
        var to = DateTimeOffset.FromUnixTimeSeconds(1_699_999_200 + (3 * 3600));

        var bars = PriceSeriesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "t.csv", from, to);

        Assert.Equal([2.0, 3.0], bars.Select(b => b.Close));
    }

    [Fact]
    public void LoadBars_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PriceSeriesFile.LoadBars("/nonexistent/prices.csv"));

        Assert.Contains("/nonexistent/prices.csv", e.Message, StringComparison.Ordinal);
    }

    // data/README.md: 73,731 rows from 2017-08-17 04:00 to 2026-01-19 14:00, 128 missing hours.
    [Fact]
    public void LoadBars_RealEthSeries_MatchesReadme()
    {
        var bars = PriceSeriesFile.LoadBars(TestData.SharedFile("ETHUSDT_1h_binance_spot.csv.gz"));

        Assert.Equal(73_731, bars.Length);
        Assert.Equal(new DateTimeOffset(2017, 8, 17, 4, 0, 0, TimeSpan.Zero), bars[0].Time);
        Assert.Equal(new DateTimeOffset(2026, 1, 19, 14, 0, 0, TimeSpan.Zero), bars[^1].Time);
        Assert.Equal(128, (bars[^1].Time - bars[0].Time).TotalHours + 1 - bars.Length);
        Assert.Equal(131.82, bars.Single(b => b.Time == new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero)).Close);
    }

    [Fact]
    public void LoadFunding_RealHyperliquidFile_IsHourly()
    {
        var funding = PriceSeriesFile.LoadFunding(TestData.SharedFile("hyperliquid_ETH_funding_1h.csv.gz"));

        Assert.Equal(4_416, funding.Count);
        Assert.Equal(new DateTimeOffset(2025, 8, 7, 0, 0, 0, TimeSpan.Zero), funding.Start);
    }

    private static PriceDataException ReadError(params string[] lines) =>
        Assert.Throws<PriceDataException>(() =>
            PriceSeriesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "t.csv"));
}
