using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>Two instances against one database; a node that goes away and comes back.</summary>
public sealed class ResilienceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoInstances_OneDatabase_EachSuggestionCreatedOnce_EachEventIndexedOnce()
    {
        await using var m = await TestMarket.StartAsync("two");
        var a = await m.StartWorkersAsync(output: output);
        var b = await m.StartWorkersAsync();
        var positions = await m.WaitForPositionsAsync();
        await TestMarket.EventuallyAsync(async () => await PipelineTests.PendingAsync(m, positions[0].Id), "first suggestions");
        foreach (var price in new[] { 3300m, 2900m, 3100m })
        {
            await m.MoveAsync(price);
            await Task.Delay(800);
        }

        var tx1 = TestMarket.Hash(await m.SendRatioUpdateAsync(positions[2].ProtectedPositionId!.Value, 0.6m));
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.ControllerEvents.AnyAsync(e => e.TxHash == tx1);
        }, "the update indexed");
        await Task.Delay(1500);

        await using var check = m.Db();
        var suggestions = await check.Suggestions.AsNoTracking().ToListAsync();
        output.WriteLine($"{suggestions.Count} suggestions, {await check.ControllerEvents.CountAsync()} events");
        Assert.NotEmpty(suggestions);
        Assert.Equal(suggestions.Count, suggestions.Select(s => s.RiskScoreId).Distinct().Count()); // one suggestion per score
        Assert.All(suggestions.GroupBy(s => s.PositionId), g => Assert.True(g.Count(s => s.Status == SuggestionStatus.Pending) <= 1));

        var head = await m.Rpc.Chain.GetBlockNumberAsync();
        var logs = await m.Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = 0, ToBlock = head, Addresses = [m.Deployment.HedgeController] });
        var events = await check.ControllerEvents.AsNoTracking().Where(e => !e.Removed).ToListAsync();
        Assert.Equal(logs.Count, events.Count);
        Assert.Equal(events.Count, events.Select(e => (e.TxHash, e.LogIndex)).Distinct().Count());

        // One instance runs each stage; the other stands by.
        var ha = a.Services.GetRequiredService<StageHealth>();
        var hb = b.Services.GetRequiredService<StageHealth>();
        foreach (var stage in new[] { "ingestion", "scoring", "suggestions", "indexer" })
        {
            var standby = new[] { ha.Get(stage)?.Standby, hb.Get(stage)?.Standby };
            output.WriteLine($"{stage}: a standby {standby[0]}, b standby {standby[1]}");
            Assert.Equal(1, standby.Count(s => s == true));
        }
    }

    [Fact]
    public async Task NodeUnreachable_ClearHealthStatus_RecoversWithoutDuplicates()
    {
        await using var m = await TestMarket.StartAsync("outage");
        await using var proxy = new TcpProxy(m.Anvil.Port);
        proxy.Start();
        var host = await m.StartWorkersAsync(output: output, rpcUrl: proxy.Url.ToString());
        var positions = await m.WaitForPositionsAsync();
        await PipelineTests.WaitOracleAsync(m, healthy: true, null);

        proxy.Stop();
        var down = await PipelineTests.WaitOracleAsync(m, healthy: false, "chain unreachable");
        output.WriteLine($"during the outage: {down.Reason}");
        var check = host.Services.GetRequiredService<HealthCheckService>();
        var report = await TestMarket.EventuallyAsync(async () =>
        {
            var r = await check.CheckHealthAsync();
            return r.Entries.TryGetValue("workers", out var w) && w.Status == HealthStatus.Degraded ? r : null;
        }, "workers health degraded");
        output.WriteLine($"workers health: {report.Entries["workers"].Description}");

        // The chain moves on meanwhile: a price move and a ratio update the pipeline cannot see yet.
        await m.MoveAsync(3300m);
        var tx = TestMarket.Hash(await m.SendRatioUpdateAsync(positions[2].ProtectedPositionId!.Value, 0.6m));
        await Task.Delay(1000);

        proxy.Start();
        await PipelineTests.WaitOracleAsync(m, healthy: true, null);
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.ControllerEvents.AnyAsync(e => e.TxHash == tx);
        }, "the update made during the outage indexed");
        await TestMarket.EventuallyAsync(async () =>
        {
            var r = await check.CheckHealthAsync();
            return r.Entries["workers"].Status == HealthStatus.Healthy ? r : null;
        }, "workers healthy again");
        await Task.Delay(1500);
        await using var db = m.Db();
        Assert.Equal(1, await db.ControllerEvents.CountAsync(e => e.TxHash == tx));
        Assert.True(await db.Positions.AnyAsync(p => p.Id == positions[2].Id && p.OnChainHedgeRatio == 0.6m));
        var suggestions = await db.Suggestions.AsNoTracking().ToListAsync();
        Assert.Equal(suggestions.Count, suggestions.Select(s => s.RiskScoreId).Distinct().Count());
        Assert.All(suggestions.GroupBy(s => s.PositionId), g => Assert.True(g.Count(s => s.Status == SuggestionStatus.Pending) <= 1));
        var unhealthy = await db.AuditLog.AsNoTracking().Where(a => a.Action == "oracle.unhealthy").Select(a => a.Details).ToListAsync();
        Assert.Contains(unhealthy, d => d.Contains("chain unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reorg_RemovesTheOrphanedEvent_AndTheReplacementIsIndexedOnce()
    {
        await using var m = await TestMarket.StartAsync("reorg");
        await m.StartWorkersAsync(output: output);
        var positions = await m.WaitForPositionsAsync();
        var id = positions[2].ProtectedPositionId!.Value;
        var snapshot = (await m.Anvil.RpcAsync("evm_snapshot")).GetString()!;
        var orphan = TestMarket.Hash(await m.SendRatioUpdateAsync(id, 0.6m));
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.ControllerEvents.AnyAsync(e => e.TxHash == orphan && !e.Removed);
        }, "the event before the reorg");

        await m.Anvil.RpcAsync("evm_revert", snapshot);
        await m.AdvanceTimeAsync(1);
        var replacement = TestMarket.Hash(await m.SendRatioUpdateAsync(id, 0.7m));
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.ControllerEvents.AnyAsync(e => e.TxHash == orphan && e.Removed)
                && await db.ControllerEvents.AnyAsync(e => e.TxHash == replacement && !e.Removed);
        }, "the orphan removed and the replacement indexed");
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Positions.AnyAsync(p => p.ProtectedPositionId == id && p.OnChainHedgeRatio == 0.7m);
        }, "the store's ratio follows the canonical chain");
        await using var check = m.Db();
        Assert.Equal(1, await check.ControllerEvents.CountAsync(e => e.TxHash == replacement));
    }
}
