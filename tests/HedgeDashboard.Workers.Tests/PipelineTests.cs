using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Workers.Approvals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>End to end on a private anvil with the local market and a migrated Postgres database.</summary>
public sealed class PipelineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PriceMove_MakesSuggestion_ApprovalMakesOneExecution_AndTheUpdateIsIndexedOnce()
    {
        await using var m = await TestMarket.StartAsync("e2e");
        var host = await m.StartWorkersAsync(output: output);
        var positions = await m.WaitForPositionsAsync();
        var lp1 = positions.Single(p => p.NftTokenId == 1);
        // This flow is written for the seed heuristic's ratios (the default is the cost-aware model): the position picks it.
        // (as the Settings page saves it: the policy and the position's UpdatedAt, which makes the scoring stage score it again).
        await using (var db = m.Db())
        {
            var p = await db.Positions.SingleAsync(x => x.Id == lp1.Id);
            p.Policy.RatioPolicy = HedgeRatioPolicy.Seed;
            p.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        // At the entry price the narrow position's recommended ratio is far below the on-chain 0.5: one step down.
        var before = await TestMarket.EventuallyAsync(async () => await PendingAsync(m, lp1.Id) is { Policy: HedgeRatioPolicy.Seed } s ? s : null, "a pending seed suggestion at the entry price");
        Assert.Equal(0.25m, before.ProposedRatio);

        await m.MoveAsync(3300m); // +10 %: the narrow range is left behind, risk jumps
        var after = await TestMarket.EventuallyAsync(async () => await PendingAsync(m, lp1.Id) is { } s && s.Id != before.Id ? s : null, "a new suggestion after the move");
        Assert.Equal(0.75m, after.ProposedRatio);
        Assert.Equal(0.5m, after.CurrentRatio);
        await using (var db = m.Db())
        {
            var old = await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == before.Id);
            Assert.Equal(SuggestionStatus.Superseded, old.Status);
            Assert.Equal(after.Id, old.SupersededById);
            Assert.Equal(1, await db.Suggestions.CountAsync(s => s.PositionId == lp1.Id && s.Status == SuggestionStatus.Pending));
        }

        // A person approves (twice, as a double click would): one execution request.
        var approvals = host.Services.GetRequiredService<ApprovalService>();
        var alice = new Decider("alice", true);
        var first = await approvals.ApproveAsync(after.Id, alice);
        var second = await approvals.ApproveAsync(after.Id, alice);
        Assert.Equal(DecisionOutcome.Decided, first.Outcome);
        Assert.Equal(DecisionOutcome.AlreadyDecided, second.Outcome);
        await using (var db = m.Db())
        {
            var executions = await db.Executions.AsNoTracking().Where(e => e.SuggestionId == after.Id).ToListAsync();
            var execution = Assert.Single(executions);
            Assert.Equal(0.75m, execution.TargetRatio);
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "suggestion.created" && a.EntityId == after.Id.ToString()));
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "suggestion.approved" && a.Actor == "alice" && a.EntityId == after.Id.ToString()));
        }

        // The relayer sends it: one mined update, confirmed after the depth, its event indexed once, and the
        // position's on-chain ratio follows.
        var mined = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Executions.AsNoTracking().FirstOrDefaultAsync(e => e.SuggestionId == after.Id && e.TxHash != null && (e.Status == ExecutionStatus.Mined || e.Status == ExecutionStatus.Confirmed));
        }, "the execution mined by the relayer");
        for (var i = 0; i < 4; i++)
        {
            await m.AdvanceTimeAsync(1);
        }

        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Executions.AsNoTracking().AnyAsync(e => e.Id == mined.Id && e.Status == ExecutionStatus.Confirmed);
        }, "the execution confirmed");
        var ev = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.ControllerEvents.AsNoTracking().FirstOrDefaultAsync(e => e.TxHash == mined.TxHash && e.EventName == "RatioUpdated");
        }, "the RatioUpdated event indexed");
        Assert.Equal(lp1.Id, ev.PositionId);
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Positions.AsNoTracking().AnyAsync(p => p.Id == lp1.Id && p.OnChainHedgeRatio == 0.75m);
        }, "on-chain ratio 0.75 in the store");

        // The hedge moved by the model's size step only (10 WETH cap x 0.25 ratio step), not to 0.75 x 10 WETH at once,
        // which the controller refuses since issue 21 (HedgeSizeChangeTooLarge) from a hedge of 0.
        var onChain = await new HedgeController(m.Rpc, m.Deployment.HedgeController).GetPositionAsync(lp1.ProtectedPositionId!.Value);
        Assert.Equal((BigInteger.Pow(10, 18) * 3 / 4, BigInteger.Pow(10, 18) * 5 / 2), (onChain.Ratio, onChain.HedgeSize));
        await Task.Delay(1000); // more indexer ticks over the same blocks (it re-reads a few blocks back)
        await using (var db = m.Db())
        {
            Assert.Equal(1, await db.ControllerEvents.CountAsync(e => e.TxHash == mined.TxHash && e.EventName == "RatioUpdated"));
            Assert.Equal(1, await db.Executions.CountAsync(e => e.PositionId == lp1.Id));
            Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "event.unmatched_ratio_update"));
        }
    }

    [Fact]
    public async Task AutoExecute_BlockedByBreakerStaleFeedDeviationAndLimits_ThenApprovedByPolicy_AndSpotSpikeTriggersNothing()
    {
        await using var m = await TestMarket.StartAsync("auto");
        await m.StartWorkersAsync(output: output);
        var positions = await m.WaitForPositionsAsync();
        var lp2 = positions.Single(p => p.NftTokenId == 2);
        await SetBreakerAsync(m, true);
        await m.SetPolicyAsync(2, p =>
        {
            p.Mode = ExecutionMode.Auto;
            p.MaxRatioChange = 0.25m;
            p.MaxNotionalPerDayUsd = 100m; // too small for the first step
            p.Cooldown = TimeSpan.FromMinutes(10);
        });

        // 1. Circuit breaker on: declined (audited), no execution.
        await WaitDeclinedAsync(m, lp2.Id, "circuit breaker");

        // 2. Stale feed (a round stamped two hours ago): the pair is unhealthy; breaker off, still declined.
        await m.Driver.SetFeedPriceAtAsync(m.FeedOwner, 3000m, DateTimeOffset.UtcNow.AddHours(-2));
        await WaitOracleAsync(m, healthy: false, "stale");
        await SetBreakerAsync(m, false);
        await WaitDeclinedAsync(m, lp2.Id, "oracle unhealthy");

        // 3. Fresh feed 10 % above the pool: TWAP deviation, still unhealthy, still declined.
        await m.Driver.SetFeedPriceAsync(m.FeedOwner, 3300m);
        await WaitOracleAsync(m, healthy: false, "deviates");
        await Task.Delay(1500);
        await AssertNoExecutionAsync(m, lp2.Id);

        // 4. Pool follows the feed: healthy. The daily notional limit still declines, then a larger limit lets it through.
        await m.Driver.SwapToPriceAsync(m.Trader, 3300m);
        await m.AdvanceTimeAsync(10);
        await WaitOracleAsync(m, healthy: true, null);
        await WaitDeclinedAsync(m, lp2.Id, "daily notional");
        await m.SetPolicyAsync(2, p => p.MaxNotionalPerDayUsd = 1_000_000m);
        var execution = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Executions.AsNoTracking().Include(e => e.Suggestion).FirstOrDefaultAsync(e => e.PositionId == lp2.Id);
        }, "an execution approved by policy");
        Assert.Equal(Decider.PolicyName, execution.Suggestion!.DecidedBy);
        Assert.True(Math.Abs(execution.TargetRatio - 0.5m) <= 0.25m);
        await using (var db = m.Db())
        {
            Assert.Equal(1, await db.Executions.CountAsync(e => e.PositionId == lp2.Id));
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "suggestion.approved" && a.Actor == Decider.PolicyName));
        }

        // The relayer mines it; once confirmed, the store's on-chain ratio follows.
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Executions.AsNoTracking().AnyAsync(e => e.Id == execution.Id && (e.Status == ExecutionStatus.Mined || e.Status == ExecutionStatus.Confirmed));
        }, "the policy's execution mined");
        for (var i = 0; i < 4; i++)
        {
            await m.AdvanceTimeAsync(1);
        }

        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Executions.AsNoTracking().AnyAsync(e => e.Id == execution.Id && e.Status == ExecutionStatus.Confirmed)
                && await db.Positions.AsNoTracking().AnyAsync(p => p.Id == lp2.Id && p.OnChainHedgeRatio == execution.TargetRatio);
        }, "the policy's execution confirmed on chain");

        // 5. A one-block spike of the pool's spot price (and back): no score at another price, no suggestion, oracle stays healthy.
        await Task.Delay(1500);
        long lastScore;
        int suggestions;
        await using (var db = m.Db())
        {
            lastScore = await db.RiskScores.MaxAsync(r => r.Id);
            suggestions = await db.Suggestions.CountAsync();
        }

        await m.Driver.SwapToPriceAsync(m.Trader, 4200m);
        await m.Driver.SwapToPriceAsync(m.Trader, 3300m);
        await Task.Delay(2000);
        await using (var db = m.Db())
        {
            var newScores = await db.RiskScores.AsNoTracking().Where(r => r.Id > lastScore).ToListAsync();
            Assert.All(newScores, r => Assert.Contains("\"price\": 3300", r.Features, StringComparison.Ordinal));
            Assert.Equal(suggestions, await db.Suggestions.CountAsync());
            Assert.True((await db.OracleHealth.AsNoTracking().SingleAsync()).IsHealthy);
        }
    }

    internal static async Task<HedgeSuggestion?> PendingAsync(TestMarket m, long positionId)
    {
        await using var db = m.Db();
        return await db.Suggestions.AsNoTracking().FirstOrDefaultAsync(s => s.PositionId == positionId && s.Status == SuggestionStatus.Pending);
    }

    internal static async Task SetBreakerAsync(TestMarket m, bool on)
    {
        await using var db = m.Db();
        var s = await db.AppSettings.SingleAsync();
        s.CircuitBreakerOn = on;
        s.CircuitBreakerReason = on ? "test" : null;
        await db.SaveChangesAsync();
    }

    private async Task WaitDeclinedAsync(TestMarket m, long positionId, string reason)
    {
        var entry = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var declined = await db.AuditLog.AsNoTracking().Where(a => a.Action == "policy.declined").OrderByDescending(a => a.Id).ToListAsync();
            return declined.FirstOrDefault(a => a.Details.Contains(reason, StringComparison.Ordinal) && a.Details.Contains($"\"positionId\": {positionId}", StringComparison.Ordinal));
        }, $"policy declined: {reason}");
        output.WriteLine($"declined: {entry.Details}");
        await AssertNoExecutionAsync(m, positionId);
    }

    private static async Task AssertNoExecutionAsync(TestMarket m, long positionId)
    {
        await using var db = m.Db();
        Assert.Equal(0, await db.Executions.CountAsync(e => e.PositionId == positionId));
    }

    internal static async Task<OracleHealth> WaitOracleAsync(TestMarket m, bool healthy, string? reason) =>
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var h = await db.OracleHealth.AsNoTracking().SingleOrDefaultAsync();
            return h is not null && h.IsHealthy == healthy && (reason is null || (h.Reason ?? "").Contains(reason, StringComparison.Ordinal)) ? h : null;
        }, $"oracle {(healthy ? "healthy" : "unhealthy")} {reason}");
}
