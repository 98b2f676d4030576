using HedgeDashboard.Cli;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary><c>hedge db migrate</c> and <c>hedge import</c> run in-process against a fresh database.</summary>
public sealed class CliCommandTests : IAsyncLifetime
{
    private TestDatabase? _database;

    private string Cs => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync("hcli");

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task DbMigrateThenImportTwice_ReportsAndAddsNothingTheSecondTime()
    {
        var (code, output, error) = Run("db", "migrate", "--connection", Cs);
        Assert.True(code == 0, error);
        await using (var model = HedgeDataServiceCollectionExtensions.CreateContext(Cs))
        {
            Assert.Contains($"applied {model.Database.GetMigrations().Count()} migration(s)", output, StringComparison.Ordinal); // every one, on an empty database
        }
        Assert.Contains("up to date", Run("db", "migrate", "--connection", Cs).Output, StringComparison.Ordinal);

        var file = RepoPaths.SharedDataFile("ETHUSDT_1h_binance_spot.csv.gz");
        var first = Run("import", "--data", file, "--pair", "ETH/USD", "--source", "binance_spot", "--connection", Cs);
        var second = Run("import", "--data", file, "--pair", "ETH/USD", "--source", "binance_spot", "--connection", Cs);

        Assert.Equal(0, first.Code);
        Assert.Contains("73731 rows read, 73731 new", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.Code);
        Assert.Contains("73731 rows read, 0 new, 73731 already stored", second.Output, StringComparison.Ordinal);
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(Cs);
        Assert.Equal(73_731, await db.PriceObservations.CountAsync());
    }

    [Fact]
    public async Task Import_MalformedFile_ExitCode2OneLineNothingLoaded()
    {
        Assert.Equal(0, Run("db", "migrate", "--connection", Cs).Code);
        var path = Path.Combine(Path.GetTempPath(), $"hedge-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "timestamp,datetime_utc,open,high,low,close,volume\n1700000000,x,1,1,1,10,1\n1700003600,x,1,1,1,ten,1\n");
        try
        {
            var (code, _, error) = Run("import", "--data", path, "--pair", "ETH/USD", "--connection", Cs);
            Assert.Equal(2, code);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal($"error: {Path.GetFileName(path)} line 3, column 'close': 'ten' is not a number (nothing was imported)", line);
            await using var db = HedgeDataServiceCollectionExtensions.CreateContext(Cs);
            Assert.Equal(0, await db.PriceObservations.CountAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Import_GarbageGzDirectoryOrProcFile_OneLineNamingTheFileAndExit2()
    {
        Assert.Equal(0, Run("db", "migrate", "--connection", Cs).Code);
        var garbage = Path.Combine(Path.GetTempPath(), $"hedge-garbage-{Guid.NewGuid():N}.csv.gz");
        await File.WriteAllBytesAsync(garbage, [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        try
        {
            foreach (var (path, named) in new[] { (garbage, Path.GetFileName(garbage) + " line 1: not valid gzip data"), (Path.GetTempPath(), "--data"), ("/proc/version", "version line 1") })
            {
                var (code, _, error) = Run("import", "--data", path, "--pair", "ETH/USD", "--connection", Cs);
                Assert.Equal(2, code);
                var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains(named, line, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(garbage);
        }
    }

    [Fact]
    public void Import_UnreachableDatabaseOrBadPair_OneLine()
    {
        var file = RepoPaths.SharedDataFile("ETHUSDT_1h_binance_spot.csv.gz");
        var down = Run("import", "--data", file, "--pair", "ETH/USD", "--connection", "Host=127.0.0.1;Port=1;Username=x;Database=y;Timeout=2");
        Assert.Equal(1, down.Code);
        Assert.StartsWith("error: database 127.0.0.1:1/y:", Assert.Single(down.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var badPair = Run("import", "--data", file, "--pair", "ETHUSD", "--connection", Cs);
        Assert.Equal(2, badPair.Code);
        Assert.Contains("--pair", badPair.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Derive_CrossOfTwoSeries_AtTheInstantsBothHave_IdempotentAndClearErrors()
    {
        Assert.Equal(0, Run("db", "migrate", "--connection", Cs).Code);
        var btc = Path.Combine(Path.GetTempPath(), $"hedge-btc-{Guid.NewGuid():N}.csv");
        var eth = Path.Combine(Path.GetTempPath(), $"hedge-eth-{Guid.NewGuid():N}.csv");
        // BTC at three hours, ETH at two of them and one other: the cross exists at the two shared hours only.
        await File.WriteAllTextAsync(btc, "timestamp,close\n1700000000,36000\n1700003600,36300\n1700007200,37000\n");
        await File.WriteAllTextAsync(eth, "timestamp,close\n1700000000,1800\n1700003600,1815.5\n1700010800,1900\n");
        try
        {
            Assert.Equal(0, Run("import", "--data", btc, "--pair", "BTC/USD", "--source", "x", "--connection", Cs).Code);
            Assert.Equal(0, Run("import", "--data", eth, "--pair", "ETH/USD", "--source", "x", "--connection", Cs).Code);

            var first = Run("derive", "--pair", "BTC/ETH", "--base", "BTC/USD", "--quote", "ETH/USD", "--source", "x", "--connection", Cs);
            Assert.True(first.Code == 0, first.Error);
            Assert.Contains("2 instants in both, 2 new", first.Output, StringComparison.Ordinal);
            Assert.Contains("2 instants in both, 0 new, 2 already stored", Run("derive", "--pair", "BTC/ETH", "--base", "BTC/USD", "--quote", "ETH/USD", "--source", "x", "--connection", Cs).Output, StringComparison.Ordinal);
            await using (var db = HedgeDataServiceCollectionExtensions.CreateContext(Cs))
            {
                var rows = await db.PriceObservations.AsNoTracking().Where(p => p.Pair == "BTC/ETH").OrderBy(p => p.ObservedAt).ToListAsync();
                Assert.Equal([20m, Math.Round(36300m / 1815.5m, 18)], rows.Select(r => r.Price));
                Assert.Equal([1700000000L, 1700003600L], rows.Select(r => r.ObservedAt.ToUnixTimeSeconds()));
                Assert.All(rows, r => Assert.Equal(("x", (long?)null), (r.Source, r.BlockNumber)));
            }

            var missing = Run("derive", "--pair", "BTC/ETH", "--base", "BTC/USD", "--quote", "ETH/USD", "--source", "y", "--connection", Cs);
            Assert.Equal(2, missing.Code);
            Assert.Equal("error: no BTC/USD rows from 'y' to cross: import that series first", missing.Error.Trim());
            var wrong = Run("derive", "--pair", "ETH/BTC", "--base", "BTC/USD", "--quote", "ETH/USD", "--source", "x", "--connection", Cs);
            Assert.Equal(2, wrong.Code);
            Assert.Contains("BTC/USD over ETH/USD is not ETH/BTC", wrong.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(btc);
            File.Delete(eth);
        }
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HedgeCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
