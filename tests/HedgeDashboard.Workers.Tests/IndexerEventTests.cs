using System.Text.Json;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>The indexer decodes every HedgeController event through its Nethereum event DTO and stores it by name.</summary>
public sealed class IndexerEventTests(ITestOutputHelper output)
{
    // The deployment emits OwnershipTransferred, ModelSignerRotated, MaxFeedAgeChanged, PositionRegistered and
    // OperatorChanged; before every event had a DTO, the ownership events were stored as "Unknown" with no values.
    [Fact]
    public async Task DeploymentLogs_EveryControllerEventStoredByNameWithItsValues()
    {
        await using var m = await TestMarket.StartAsync("events");
        await m.StartWorkersAsync(output: output);
        var head = await m.Rpc.Chain.GetBlockNumberAsync();
        var logs = await m.Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = 0, ToBlock = head, Addresses = [m.Deployment.HedgeController] });
        var stored = await TestMarket.EventuallyAsync(
            async () =>
            {
                await using var db = m.Db();
                var rows = await db.ControllerEvents.AsNoTracking().Where(e => e.BlockNumber <= (long)head).OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex).ToListAsync();
                return rows.Count == logs.Count ? rows : null;
            },
            "the deployment's controller logs indexed");

        Assert.Equal(logs.Select(l => HedgeController.DecodeEvent(l)!.Name), stored.Select(e => e.EventName));
        Assert.DoesNotContain("Unknown", stored.Select(e => e.EventName));
        var ownership = JsonDocument.Parse(stored.First(e => e.EventName == "OwnershipTransferred").Args).RootElement;
        Assert.Equal("0x0000000000000000000000000000000000000000", ownership.GetProperty("previousOwner").GetString());
        Assert.StartsWith("0x", ownership.GetProperty("newOwner").GetString(), StringComparison.Ordinal);
        var registered = JsonDocument.Parse(stored.First(e => e.EventName == "PositionRegistered").Args).RootElement;
        Assert.Equal(4, registered.GetProperty("caps").GetArrayLength());
        Assert.All(registered.GetProperty("caps").EnumerateArray(), c => Assert.Equal(JsonValueKind.String, c.ValueKind));
        Assert.Equal(JsonValueKind.True, JsonDocument.Parse(stored.First(e => e.EventName == "OperatorChanged").Args).RootElement.GetProperty("approved").ValueKind);
        Assert.All(stored.Where(e => e.EventName is "PositionRegistered" or "OperatorChanged"), e => Assert.NotNull(e.ProtectedPositionId));
    }
}
