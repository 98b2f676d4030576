using System.Diagnostics;
using System.Globalization;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Ingest;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.TestSupport;
using Npgsql;

// Benchmarks of the data store, each on a fresh database of the local cluster (dropped at the end):
// 1. import of the ETH hourly file into an empty table, next to psql \copy of the same rows (same run);
// 2. the positions-with-latest-score query at N positions and M risk scores.
var inv = CultureInfo.InvariantCulture;

// Calls before measuring: a long-running server runs this query with tier-1 JIT code. With 20 warm-up calls
// the loop still ran tier-0/OSR code with the JIT compiling beside it (median 54-80 ms, against 29 ms with
// DOTNET_TieredCompilation=0); by 60 calls it has reached the same steady state.
const int Warmup = 60;
const int Measured = 40;

var runs = Arg("--runs", 3);
var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : "all";
var positions = Arg("--positions", 10_000);
var scores = Arg("--scores", 1_000_000);
var file = RepoPaths.SharedDataFile("ETHUSDT_1h_binance_spot.csv.gz");

await using var database = await TestPostgres.CreateDatabaseAsync("hbench");
var cs = database.ConnectionString;
await new DatabaseMigrator(cs).MigrateAsync();
var admin = new NpgsqlConnectionStringBuilder(cs);

if (only is "all" or "import")
{
    await ImportBenchAsync();
}

if (only is "all" or "query")
{
    await QueryBenchAsync();
}

return 0;

async Task ImportBenchAsync()
{
    // The same rows as CSV for psql: exported from a first import (not timed: it warms the JIT too).
    var importer = new PriceImporter(cs);
    var warm = await importer.ImportAsync(file, "ETH/USD", "warmup");
    var csvPath = Path.Combine(Path.GetTempPath(), $"hedge-bench-{Guid.NewGuid():N}.csv");
    await Psql($"\\copy (SELECT 'ETH/USD', 'binance_spot', observed_at, price, volume FROM price_observations WHERE source = 'warmup' ORDER BY observed_at) TO '{csvPath}' CSV");
    await Exec("TRUNCATE price_observations");
    Console.WriteLine($"rows: {warm.RowsRead}; runs: {runs}; machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

    var ours = new List<double>();
    var ourReimport = new List<double>();
    var psql = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        await Exec("TRUNCATE price_observations");
        var sw = Stopwatch.StartNew();
        await Psql($"\\copy price_observations (pair, source, observed_at, price, volume) FROM '{csvPath}' CSV");
        psql.Add(warm.RowsRead / sw.Elapsed.TotalSeconds);

        await Exec("TRUNCATE price_observations");
        var r = await importer.ImportAsync(file, "ETH/USD", "binance_spot");
        ours.Add(r.RowsPerSecond);

        // Staged path: the series is not empty, every row goes through staging + ON CONFLICT.
        await Exec("DELETE FROM price_observations WHERE observed_at >= '2020-01-01'");
        var again = await importer.ImportAsync(file, "ETH/USD", "binance_spot");
        ourReimport.Add(again.RowsPerSecond);
    }

    File.Delete(csvPath);
    double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
    Console.WriteLine(string.Create(inv, $"import, empty table (hedge import, binary COPY direct): median {Median(ours):F0} rows/s  [{string.Join(", ", ours.Select(x => x.ToString("F0", inv)))}]"));
    Console.WriteLine(string.Create(inv, $"import, psql \\copy CSV of the same rows:                median {Median(psql):F0} rows/s  [{string.Join(", ", psql.Select(x => x.ToString("F0", inv)))}]"));
    Console.WriteLine(string.Create(inv, $"ratio hedge/psql: {Median(ours) / Median(psql):F2} (target >= 0.70)"));
    Console.WriteLine(string.Create(inv, $"re-import over a partly filled series (staging + ON CONFLICT): median {Median(ourReimport):F0} rows/s, ratio {Median(ourReimport) / Median(psql):F2}"));
}

async Task QueryBenchAsync()
{
    // 2. Seed positions and risk scores with generate_series, then time the overview query.
    var sw2 = Stopwatch.StartNew();
    await Exec(Seeding.Sql(positions, scores));
    foreach (var t in new[] { "lp_positions", "risk_scores", "hedge_suggestions" })
    {
        await Exec($"VACUUM ANALYZE {t}");
    }
    Console.WriteLine(string.Create(inv, $"seeded {positions} positions, {scores} risk scores, {positions / 10} pending suggestions in {sw2.Elapsed.TotalSeconds:F1} s"));

    // Pooled connections, as the app has them (the test cluster's admin string turns pooling off).
    var options = HedgeDataServiceCollectionExtensions.CreateOptions(new NpgsqlConnectionStringBuilder(cs) { Pooling = true }.ConnectionString);
    var timings = new List<double>();
    var cpu = new List<double>();
    int rows = 0;
    TimeSpan pause0 = default;
    long alloc0 = 0;
    for (var i = 0; i < Warmup + Measured; i++)
    {
        if (i == Warmup)
        {
            (pause0, alloc0) = (GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        }

        await using var db = new HedgeDbContext(options);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var list = await db.PositionOverviewsAsync();
        timings.Add(sw.Elapsed.TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
        rows = list.Count;
    }

    var gcPause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds / Measured;
    var allocated = (GC.GetTotalAllocatedBytes() - alloc0) / (double)Measured / 1048576;

    var measured = timings.Skip(Warmup).Order().ToList();
    var cpuMeasured = cpu.Skip(Warmup).Order().ToList();
    var server = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        server.Add(await ServerMillisecondsAsync());
    }

    server.Sort();
    Console.WriteLine(string.Create(inv, $"positions overview, server execution (EXPLAIN ANALYZE, TIMING OFF): median {server[server.Count / 2]:F1} ms; client CPU per call: median {cpuMeasured[cpuMeasured.Count / 2]:F1} ms, allocated {allocated:F1} MB, GC pause {gcPause:F1} ms (mean)"));
    Console.WriteLine(string.Create(inv, $"positions overview (all {rows} rows, read into records, wall, after {Warmup} warm-up calls): median {measured[measured.Count / 2]:F1} ms, p90 {measured[(int)(measured.Count * 0.9)]:F1} ms, min {measured[0]:F1} ms (target < 50 ms)"));

    var page = new List<double>();
    for (var i = 0; i < Warmup + Measured; i++)
    {
        await using var db = new HedgeDbContext(options);
        var sw = Stopwatch.StartNew();
        _ = await db.PositionOverviewsAsync(afterId: 5000, limit: 100);
        page.Add(sw.Elapsed.TotalMilliseconds);
    }

    var pm = page.Skip(Warmup).Order().ToList();
    Console.WriteLine(string.Create(inv, $"positions overview, one page of 100 after id 5000 (keyset): median {pm[pm.Count / 2]:F1} ms"));
}

// The overview's SQL as the server runs it (the query text is PositionQueries' SQL with the defaults).
async Task<double> ServerMillisecondsAsync()
{
    await using var conn = new NpgsqlConnection(cs);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand(
        """
        EXPLAIN (ANALYZE, TIMING OFF, SUMMARY, FORMAT JSON)
        SELECT p.id, p.nft_token_id, p.owner_address, p.pool_id, p.status,
               p.price_lower, p.price_upper, p.entry_price, p.entry_amount0, p.entry_amount1,
               p.on_chain_hedge_ratio, p.execution_mode, p.protected_position_id, p.updated_at,
               r.risk_score_id, r.scored_at, r.score, r.forecast_volatility, r.expected_il, r.prob_il_beyond_threshold, r.recommended_ratio,
               s.id, s.current_ratio, s.proposed_ratio, s.created_at, s.expires_at, s.xmin
        FROM lp_positions p
        LEFT JOIN position_latest_scores r ON r.position_id = p.id
        LEFT JOIN hedge_suggestions s ON s.position_id = p.id AND s.status = 'pending'
        WHERE p.status = 'open' AND p.id > 0
        ORDER BY p.id
        LIMIT 2147483647
        """, conn);
    var json = (string)(await cmd.ExecuteScalarAsync())!;
    using var doc = System.Text.Json.JsonDocument.Parse(json);
    return doc.RootElement[0].GetProperty("Execution Time").GetDouble();
}

async Task Exec(string sql)
{
    await using var conn = new NpgsqlConnection(cs);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
    await cmd.ExecuteNonQueryAsync();
}

async Task Psql(string command)
{
    var psi = new ProcessStartInfo("psql") { RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var a in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", admin.Host!, "-p", admin.Port.ToString(inv), "-U", admin.Username!, "-d", admin.Database!, "-c", command })
    {
        psi.ArgumentList.Add(a);
    }

    using var p = Process.Start(psi)!;
    var err = await p.StandardError.ReadToEndAsync();
    await p.WaitForExitAsync();
    if (p.ExitCode != 0)
    {
        throw new InvalidOperationException($"psql failed: {err}");
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], inv) : fallback;
}
