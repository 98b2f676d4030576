using System.IO.Compression;
using HedgeDashboard.Data.Ingest;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
    public async Task ImportAsync_BulkLoad_RefreshesPlannerStatistics()
    {
        // Without it, a query right after the load is planned on statistics from before it (or none): run.sh's derive
        // ran for minutes. reltuples is what ANALYZE wrote to the catalog, read at once (no stats-collector delay).
        await new PriceImporter(database.ConnectionString).ImportAsync(RepoPaths.SharedDataFile("ETHUSDT_1h_binance_spot.csv.gz"), "ETH/USD", "analyzed");
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT (SELECT reltuples FROM pg_class WHERE oid = 'price_observations'::regclass), (SELECT count(*) FROM price_observations)", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        var (estimated, rows) = (r.GetFloat(0), r.GetInt64(1));
        Assert.True(estimated >= rows * 0.9, $"planner estimate {estimated} rows, table {rows}");
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
    public async Task ImportAsync_ExactDuplicateRowInFile_FallsBackToStagingAndKeepsOne()
    {
        var file = Write("dups.csv", Header, Row(1_700_000_000, "10"), Row(1_700_000_000, "10.0"), Row(1_700_003_600, "11"));
        var r = await new PriceImporter(database.ConnectionString).ImportAsync(file, "DUP/USD", "dups");
        Assert.Equal(3, r.RowsRead);
        Assert.Equal(2, r.RowsInserted);
    }

    [Theory]
    [InlineData("dup-empty", false)]
    [InlineData("dup-filled", true)]
    public async Task ImportAsync_DuplicateTimestampWithDifferentPrice_RefusedNamingBothLinesAndLoadsNothing(string source, bool seriesHasRows)
    {
        var importer = new PriceImporter(database.ConnectionString);
        if (seriesHasRows)
        {
            await importer.ImportAsync(Write($"{source}-seed.csv", Header, Row(1_600_000_000, "5")), "DUP/USD", source);
        }

        // Unsorted, so the two rows of 1_700_007_200 (lines 3 and 6) are not neighbours.
        var file = Write($"{source}.csv", Header, Row(1_700_000_000, "10"), Row(1_700_007_200, "12"), Row(1_700_003_600, "11"), Row(1_700_010_800, "13"), Row(1_700_007_200, "12.5"));

        var e = await Assert.ThrowsAsync<PriceFileException>(() => importer.ImportAsync(file, "DUP/USD", source));

        Assert.Equal(6, e.Line);
        Assert.Equal($"{source}.csv line 6: timestamp 1700007200 is also on line 3, with a different price (12 on line 3, 12.5 on line 6)", e.Message);
        await using var db = database.CreateContext();
        Assert.Equal(seriesHasRows ? 1 : 0, await db.PriceObservations.CountAsync(p => p.Source == source));
    }

    [Fact]
    public async Task ImportAsync_DuplicateTimestampWithDifferentVolume_Refused()
    {
        var file = Write("dup-volume.csv", Header, "1700000000,x,1,1,1,10,1", "1700000000,x,1,1,1,10,2");
        var e = await Assert.ThrowsAsync<PriceFileException>(() => new PriceImporter(database.ConnectionString).ImportAsync(file, "DUP/USD", "dup-volume"));
        Assert.Equal("dup-volume.csv line 3: timestamp 1700000000 is also on line 2, with the same price but a different volume", e.Message);
    }

    /// <summary>20,000 rows gzipped, then the file cut short (45 bytes, or just the 8-byte trailer).</summary>
    [Theory]
    [InlineData(45)]
    [InlineData(8)]
    [InlineData(1)]
    public async Task ImportAsync_TruncatedGzip_RefusedNamingTheFileAndLoadsNothing(int cut)
    {
        var rows = Enumerable.Range(0, 20_000).Select(i => $"{1_600_000_000 + (i * 3600L)},x,1,1,1,{3000 + (i * 0.00001m)},1");
        var full = Write($"full-{cut}.csv.gz", [Header, .. rows]);
        var bytes = await File.ReadAllBytesAsync(full);
        var cutFile = Path.Combine(_dir, $"cut-{cut}.csv.gz");
        await File.WriteAllBytesAsync(cutFile, bytes[..^cut]);

        var e = await Assert.ThrowsAsync<PriceFileException>(() => new PriceImporter(database.ConnectionString).ImportAsync(cutFile, "CUT/USD", $"cut{cut}"));

        Assert.StartsWith($"cut-{cut}.csv.gz line ", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", e.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.PriceObservations.CountAsync(p => p.Source == $"cut{cut}"));
        var whole = await new PriceImporter(database.ConnectionString).ImportAsync(full, "CUT/USD", $"cut{cut}");
        Assert.Equal(20_000, whole.RowsInserted);
    }

    [Fact]
    public async Task ImportAsync_GarbageGz_NamesTheFile()
    {
        var file = Path.Combine(_dir, "garbage.csv.gz");
        await File.WriteAllBytesAsync(file, [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e = await Assert.ThrowsAsync<PriceFileException>(() => new PriceImporter(database.ConnectionString).ImportAsync(file, "BAD/USD", "garbage"));
        Assert.StartsWith("garbage.csv.gz line 1: ", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The bulk statements wait as long as they need (the 2,000,000-row re-import on a loaded machine
    /// hit Npgsql's 30 s command timeout). Here a Command Timeout of 1 s, and another transaction
    /// holding an uncommitted row of the file's key so that the COPY (empty series) or the staged
    /// INSERT (filled series) waits on it for longer than that; the import must then succeed.
    /// </summary>
    [Theory]
    [InlineData("slow-direct", false)]
    [InlineData("slow-staged", true)]
    public async Task ImportAsync_BulkStatementBlockedLongerThanCommandTimeout_Succeeds(string source, bool seriesHasRows)
    {
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = 1 }.ConnectionString;
        var importer = new PriceImporter(cs);
        if (seriesHasRows)
        {
            await importer.ImportAsync(Write($"{source}-seed.csv", Header, Row(1_600_000_000, "5")), "SLW/USD", source);
        }

        var file = Write($"{source}.csv", Header, Row(1_700_000_000, "10"), Row(1_700_003_600, "11"));
        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("INSERT INTO price_observations (pair, source, observed_at, price) VALUES ('SLW/USD', @s, to_timestamp(1700003600), 1)", blocker, tx))
        {
            hold.Parameters.AddWithValue("s", source);
            await hold.ExecuteNonQueryAsync();
        }

        var import = importer.ImportAsync(file, "SLW/USD", source);
        await WaitForLockWaitAsync(import);
        var done = await Task.WhenAny(import, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.NotSame(import, done); // still waiting after 3 x the command timeout, not failed
        await tx.RollbackAsync();

        var r = await import.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(2, r.RowsInserted);
    }

    [Fact]
    public async Task ImportAsync_LargeFileTwice_SecondAddsNothing()
    {
        var rows = Enumerable.Range(0, 200_000).Select(i => Row(1_500_000_000 + (i * 60L), (1000 + (i % 997)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var file = Write("large.csv.gz", [Header, .. rows]);
        var importer = new PriceImporter(database.ConnectionString);
        Assert.Equal(200_000, (await importer.ImportAsync(file, "BIG/USD", "large")).RowsInserted);
        var second = await importer.ImportAsync(file, "BIG/USD", "large");
        Assert.Equal(200_000, second.RowsRead);
        Assert.Equal(0, second.RowsInserted);
    }

    /// <summary>Waits (on events, not a fixed time) until the import's backend waits on a row lock.</summary>
    private async Task WaitForLockWaitAsync(Task import)
    {
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            Assert.False(import.IsCompleted, $"the import ended before it blocked: {import.Exception?.GetBaseException().Message}");
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", conn);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the import never waited on the held row");
            await Task.Delay(50);
        }
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
