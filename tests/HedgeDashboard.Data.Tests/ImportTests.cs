using System.IO.Compression;
using HedgeDashboard.Data.Ingest;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>hedge import's engine: idempotent, all-or-nothing, with the line of a bad row.</summary>
public sealed class ImportTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IDisposable
{
    private const string Header = "timestamp,datetime_utc,open,high,low,close,volume";
    private readonly string _dir = Directory.CreateTempSubdirectory("hedge-import-").FullName;

    [Fact]
    public async Task ImportAsync_RealEthFileTwice_SameRowCount()
    {
        var file = RepoPaths.SharedDataFile("ETHUSDT_1h_binance_spot.csv.gz");
        var importer = new PriceImporter(database.ConnectionString);

        var first = await importer.ImportAsync(file, "ETH/USD", "binance_spot");
        var second = await importer.ImportAsync(file, "ETH/USD", "binance_spot");

        Assert.Equal(73_731, first.RowsRead);
        Assert.Equal(73_731, first.RowsInserted);
        Assert.Equal(73_731, second.RowsRead);
        Assert.Equal(0, second.RowsInserted);
        await using var db = database.CreateContext();
        Assert.Equal(73_731, await db.PriceObservations.CountAsync(p => p.Source == "binance_spot"));
        var firstRow = await db.PriceObservations.Where(p => p.Source == "binance_spot").OrderBy(p => p.ObservedAt).FirstAsync();
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1502942400), firstRow.ObservedAt);
        Assert.Equal(301.61m, firstRow.Price);
        Assert.Equal(125.66877m, firstRow.Volume);
    }

    [Fact]
    public async Task ImportAsync_OverlappingFile_AddsOnlyNewRows()
    {
        var a = Write("overlap-a.csv", Header, Row(1_700_000_000, "10"), Row(1_700_003_600, "11"));
        var b = Write("overlap-b.csv.gz", Header, Row(1_700_003_600, "99"), Row(1_700_007_200, "12"));
        var importer = new PriceImporter(database.ConnectionString);
        await importer.ImportAsync(a, "ABC/USD", "overlap");
        var r = await importer.ImportAsync(b, "ABC/USD", "overlap");
        Assert.Equal(1, r.RowsInserted);
        await using var db = database.CreateContext();
        var prices = await db.PriceObservations.Where(p => p.Source == "overlap").OrderBy(p => p.ObservedAt).Select(p => p.Price).ToListAsync();
        Assert.Equal([10m, 11m, 12m], prices); // the stored row wins; nothing is overwritten
    }

    [Theory]
    [InlineData("empty-series", false)]
    [InlineData("filled-series", true)]
    public async Task ImportAsync_MalformedRow_ReportsLineAndColumnAndLoadsNothing(string source, bool seriesHasRows)
    {
        var importer = new PriceImporter(database.ConnectionString);
        if (seriesHasRows)
        {
            await importer.ImportAsync(Write($"{source}-seed.csv", Header, Row(1_600_000_000, "5")), "ETH/USD", source);
        }

        var rows = Enumerable.Range(1, 5000).Select(i => Row(1_650_000_000 + (i * 3600L), "100.5")).ToList();
        rows[3999] = "1664400000,x,1,1,1,-3.5,7"; // line 4001 (the header is line 1)
        var bad = Write($"{source}-bad.csv.gz", [Header, .. rows]);

        var e = await Assert.ThrowsAsync<PriceFileException>(() => importer.ImportAsync(bad, "ETH/USD", source));

        Assert.Equal(4001, e.Line);
        Assert.Equal("close", e.Column);
        Assert.Equal($"{source}-bad.csv.gz line 4001, column 'close': price must be positive, got -3.5", e.Message);
        await using var db = database.CreateContext();
        Assert.Equal(seriesHasRows ? 1 : 0, await db.PriceObservations.CountAsync(p => p.Source == source));
    }

    [Theory]
    [InlineData("1700000000,x,1,1,1,10", 2, null, "expected 7 fields, found 6")]
    [InlineData("1700000000000,x,1,1,1,10,1", 2, "timestamp", "outside 2000..2100")]
    [InlineData("abc,x,1,1,1,10,1", 2, "timestamp", "not a unix time")]
    [InlineData("1700000000,x,1,1,1,10,-1", 2, "volume", "must not be negative")]
    public async Task ImportAsync_BadRowKinds_NamedPrecisely(string row, long line, string? column, string fragment)
    {
        var file = Write($"kind-{Guid.NewGuid():N}.csv", Header, row);
        var e = await Assert.ThrowsAsync<PriceFileException>(() => new PriceImporter(database.ConnectionString).ImportAsync(file, "ETH/USD", "kinds"));
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_DuplicateTimestampsInFile_FallsBackToStagingAndKeepsOne()
    {
        var file = Write("dups.csv", Header, Row(1_700_000_000, "10"), Row(1_700_000_000, "10.5"), Row(1_700_003_600, "11"));
        var r = await new PriceImporter(database.ConnectionString).ImportAsync(file, "DUP/USD", "dups");
        Assert.Equal(3, r.RowsRead);
        Assert.Equal(2, r.RowsInserted);
    }

    [Fact]
    public async Task ImportAsync_ChainlinkFile_UsesPriceUsdAndUpdatedAt()
    {
        var file = RepoPaths.SharedDataFile("chainlink_ETHUSD_rounds_mainnet.csv.gz");
        var r = await new PriceImporter(database.ConnectionString).ImportAsync(file, "ETH/USD", "chainlink");
        Assert.Equal("price_usd", r.PriceColumn);
        Assert.Equal(11_101, r.RowsInserted);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Row(long t, string close) => $"{t},x,1,1,1,{close},1";

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        var text = string.Join('\n', lines) + "\n";
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        else
        {
            File.WriteAllText(path, text);
        }

        return path;
    }
}
