using System.Diagnostics;
using System.Globalization;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// Latency from the block carrying a price move (the feed update) to the execution request of an auto-execute
/// position, over HEDGE_BENCH_MOVES moves (default 100). Prints median and p99; asserts nothing about time.
/// The relayer is off: each request is settled (marked failed "bench") so the next move can make another.
/// </summary>
public sealed class LatencyBenchmark(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Bench")]
    public async Task Bench_PriceMoveToExecutionRequest_AutoExecutePosition()
    {
        var moves = int.TryParse(Environment.GetEnvironmentVariable("HEDGE_BENCH_MOVES"), out var n) ? n : 100;
        var poll = Environment.GetEnvironmentVariable("HEDGE_BENCH_POLL_MS") ?? "100";
        await using var m = await TestMarket.StartAsync("bench");
        await m.StartWorkersAsync(new Dictionary<string, string?>
        {
            ["Relayer:Enabled"] = "false",
            ["Workers:Ingestion:PollIntervalMilliseconds"] = poll,
            ["Workers:Indexer:Enabled"] = "false",
        });
        var positions = await m.WaitForPositionsAsync();
        var lp2 = positions.Single(p => p.NftTokenId == 2);
        await m.SetPolicyAsync(2, p =>
        {
            p.Mode = ExecutionMode.Auto;
            p.Cooldown = TimeSpan.Zero;
            p.MaxNotionalPerDayUsd = 1_000_000_000m;
        });
        await PipelineTests.WaitOracleAsync(m, healthy: true, null);
        long lastExecution = await SettleAsync(m, lp2.Id, 0, TimeSpan.FromSeconds(30)) ?? 0;

        var latencies = new List<double>();
        for (var i = 0; i < moves; i++)
        {
            var price = i % 2 == 0 ? 3009m : 2991m;
            await m.Driver.SwapToPriceAsync(m.Trader, price);
            var t0 = DateTimeOffset.UtcNow;
            await m.Driver.SetFeedPriceAsync(m.FeedOwner, price); // automine: the block is mined inside this call
            var sw = Stopwatch.StartNew();
            var id = await SettleAsync(m, lp2.Id, lastExecution, TimeSpan.FromSeconds(10));
            if (id is null)
            {
                output.WriteLine($"move {i}: no execution request within 10 s");
                continue;
            }

            await using var db = m.Db();
            var created = await db.Executions.AsNoTracking().Where(e => e.Id == id).Select(e => e.CreatedAt).SingleAsync();
            latencies.Add((created - t0).TotalMilliseconds);
            lastExecution = id.Value;
        }

        latencies.Sort();
        double Pct(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"price move block -> execution request (auto-execute), {latencies.Count}/{moves} moves, ingestion poll {poll} ms: median {Pct(0.5):0} ms, p90 {Pct(0.9):0} ms, p99 {Pct(0.99):0} ms, max {latencies[^1]:0} ms"));
        Assert.True(latencies.Count >= moves * 9 / 10, "most moves produced an execution request");
    }

    /// <summary>Waits for an execution newer than <paramref name="after"/> for the position and marks it settled.</summary>
    private static async Task<long?> SettleAsync(TestMarket m, long positionId, long after, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            await using var db = m.Db();
            var id = await db.Executions.Where(e => e.PositionId == positionId && e.Id > after).Select(e => (long?)e.Id).FirstOrDefaultAsync();
            if (id is { } x)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE hedge_executions SET status = 'failed', error = 'bench: settled by the benchmark' WHERE id = {x}");
                return x;
            }

            await Task.Delay(10);
        }

        return null;
    }
}
