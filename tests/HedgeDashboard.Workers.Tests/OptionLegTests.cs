using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.OptionLegs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>End to end on a private anvil and Postgres: a put is proposed, approved, bought through the relayer, indexed, and settled at expiry.</summary>
public sealed class OptionLegTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PutSuggestion_Approved_IsBoughtOnChain_AndSettledAtExpiryWithTheRightPayout()
    {
        await using var m = await TestMarket.StartAsync("options");
        var host = await m.StartWorkersAsync(new Dictionary<string, string?> { ["Workers:Suggestions:Enabled"] = "false" }, output: output);
        var lp1 = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        Assert.NotNull(m.Deployment.OptionController);

        // A 2 ETH put struck at 2900, one day out, priced by the venue at 80 % volatility.
        var chainNow = DateTimeOffset.FromUnixTimeSeconds((long)(await m.Rpc.Chain.GetBlockAsync(BlockParameter.Latest))!.Timestamp);
        var terms = new OptionTerms(OptionKind.Put, 2900m, chainNow.AddDays(1), 2m, MaxPremium: 400m);
        var estimate = OptionProposals.EstimatePremium(terms, 3000m, 0.8, chainNow);
        HedgeSuggestion suggestion;
        await using (var db = m.Db())
        {
            (suggestion, _) = await OptionProposals.ProposeAsync(db, lp1.Id, terms, estimate, "Buy a put below the range", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        }

        // A wallet's RatioUpdate signature cannot approve an option order (it would never be sent).
        var approvals = host.Services.GetRequiredService<ApprovalService>();
        var walletSigned = await approvals.ApproveWalletSignedAsync(suggestion.Id, new Decider("alice", true), new WalletSignedUpdate(new byte[65], "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", 0m, 0, 0));
        Assert.Equal(DecisionOutcome.Conflict, walletSigned.Outcome);

        var decided = await approvals.ApproveAsync(suggestion.Id, new Decider("alice", true));
        Assert.Equal(DecisionOutcome.Decided, decided.Outcome);

        // The relayer sends the model-signed order; the indexer opens the leg from OptionBought.
        var open = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.SuggestionId == suggestion.Id && l.Status == OptionLegStatus.Open);
        }, "the put bought and indexed");
        var quoted = OptionProposals.EstimatePremium(terms, 3000m, 0.8, open.BoughtAt!.Value);
        Assert.InRange(open.PremiumPaid!.Value, quoted * 0.99m, quoted * 1.01m); // the venue's on-chain Black-Scholes
        Assert.True(open.PremiumPaid < terms.MaxPremium);
        Assert.Equal(0, open.OrderNonce);
        await using (var db = m.Db())
        {
            var execution = await db.Executions.AsNoTracking().SingleAsync(e => e.SuggestionId == suggestion.Id);
            Assert.Equal(open.ExecutionId, execution.Id);
            Assert.Equal(open.BoughtTxHash, execution.TxHash);
            Assert.Equal(m.ModelSigner.Address.ToLowerHex(), execution.UpdateSigner);
        }

        // Past expiry the feed prints 2500; the product's keeper settles at that round through the outbox (the relayer's
        // operator sends it); the indexer records the payout.
        await m.AdvanceTimeAsync((int)(terms.Expiry - chainNow).TotalSeconds + 60);
        await m.Driver.SetFeedPriceAsync(m.FeedOwner, 2500m);
        var round = (await new ChainlinkAggregator(m.Rpc, m.Deployment.PriceFeed).LatestRoundDataAsync()).RoundId;
        var settled = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Settled);
        }, "the settlement indexed");
        Assert.Equal(2500m, settled.SettlementPrice);
        Assert.Equal(800m, settled.SettlementPayout); // (2900 - 2500) x 2
        Assert.Equal((long)round, settled.SettleRoundId);
        for (var i = 0; i < 2; i++)
        {
            await m.AdvanceTimeAsync(1); // the test chain mines on transactions only: blocks for the confirmation depth
        }

        await using (var db = m.Db())
        {
            var settle = await TestMarket.EventuallyAsync(async () =>
            {
                await using var db2 = m.Db();
                return await db2.Executions.AsNoTracking().Include(e => e.Suggestion).FirstOrDefaultAsync(e => e.Id == settled.SettleExecutionId && e.Status == ExecutionStatus.Confirmed);
            }, "the settle transaction confirmed");
            Assert.Equal(settled.SettledTxHash, settle.TxHash);
            Assert.Equal(m.Operator.Address.ToLowerHex(), settle.FromAddress);
            Assert.Null(settle.UpdateSignature); // permissionless: nothing signed but the transaction
            Assert.Equal(OptionSettlementKeeper.Actor, settle.Suggestion!.DecidedBy);
            Assert.Equal(SuggestionStatus.Executed, settle.Suggestion.Status);
            Assert.Equal(1, await db.Executions.CountAsync(e => e.Suggestion!.IdempotencyKey.StartsWith("settle:"))); // exactly once
        }

        var book = await new OptionHedgeController(m.Rpc, m.Deployment.OptionController!.Value).BookOfAsync((BigInteger)lp1.ProtectedPositionId!.Value);
        Assert.Equal(BigInteger.Zero, book.OpenNotional);
        Assert.Equal(BigInteger.One, book.Nonce);
    }

    [Fact]
    public async Task Keeper_SettleOfALegSettledByOthers_IsRecordedAsFailed_AndNotRetried()
    {
        await using var m = await TestMarket.StartAsync("options_settled");
        var noKeeper = new Dictionary<string, string?> { ["Workers:Suggestions:Enabled"] = "false", ["Workers:OptionKeeper:Enabled"] = "false" };
        var host = await m.StartWorkersAsync(noKeeper, output: output);
        var lp1 = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        var chainNow = DateTimeOffset.FromUnixTimeSeconds((long)(await m.Rpc.Chain.GetBlockAsync(BlockParameter.Latest))!.Timestamp);
        var terms = new OptionTerms(OptionKind.Put, 2900m, chainNow.AddHours(2), 1m, MaxPremium: 300m);
        HedgeSuggestion suggestion;
        await using (var db = m.Db())
        {
            (suggestion, _) = await OptionProposals.ProposeAsync(db, lp1.Id, terms, 50m, "put", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        }

        Assert.Equal(DecisionOutcome.Decided, (await host.Services.GetRequiredService<ApprovalService>().ApproveAsync(suggestion.Id, new Decider("alice", true))).Outcome);
        var open = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.SuggestionId == suggestion.Id && l.Status == OptionLegStatus.Open);
        }, "the put bought and indexed");
        await m.StopAsync(host);

        // Someone else settles it while the product is down; the product comes back without its indexer, so the leg
        // still looks open to its keeper.
        await m.AdvanceTimeAsync((int)(terms.Expiry - chainNow).TotalSeconds + 60);
        await m.Driver.SetFeedPriceAsync(m.FeedOwner, 2800m);
        var round = (await new ChainlinkAggregator(m.Rpc, m.Deployment.PriceFeed).LatestRoundDataAsync()).RoundId;
        await m.Driver.SendAsync(TestMarket.Account(4), m.Deployment.OptionController!.Value, OptionHedgeController.EncodeSettle(open.OnChainOptionId!.Value, round));
        var keeperOnly = new Dictionary<string, string?> { ["Workers:Suggestions:Enabled"] = "false", ["Workers:Indexer:Enabled"] = "false", ["Workers:OptionKeeper:IntervalSeconds"] = "1" };
        host = await m.StartWorkersAsync(keeperOnly, output: output);
        var failed = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var leg = await db.OptionLegs.AsNoTracking().SingleAsync(l => l.Id == open.Id);
            return await db.Executions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == leg.SettleExecutionId && e.Status == ExecutionStatus.Failed);
        }, "the keeper's settle recorded as failed");
        Assert.Contains("LegSettledAlready", failed.Error, StringComparison.Ordinal);
        Assert.Null(failed.Nonce); // found at the estimate: no nonce, no gas spent

        // Later keeper ticks (each new block wakes it) leave the leg alone: one settle row, ever.
        var stage = host.Services.GetRequiredService<StageHealth>();
        for (var i = 0; i < 3; i++)
        {
            var since = DateTimeOffset.UtcNow;
            await m.AdvanceTimeAsync(1);
            await TestMarket.EventuallyAsync(() => Task.FromResult(stage.Get("option-keeper")?.LastSuccess > since ? (object)true : null), "a later keeper tick");
        }

        await using (var db = m.Db())
        {
            Assert.Equal(1, await db.Executions.CountAsync(e => e.Suggestion!.IdempotencyKey.StartsWith("settle:")));
        }

        // With the indexer back, the leg is settled from the other settler's log.
        await m.StopAsync(host);
        await m.StartWorkersAsync(noKeeper, output: output);
        var settled = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Settled);
        }, "the other settlement indexed");
        Assert.Equal(100m, settled.SettlementPayout);
    }

    [Fact]
    public async Task OptionPolicy_ProposesAPutSizedFromThePositionsGreeks_AndItsApprovalBuysIt()
    {
        await using var m = await TestMarket.StartAsync("options_policy");
        // 20 volatility points above the forecast and a 50 % margin: the order's limit covers the dev venue's 80 % price.
        var host = await m.StartWorkersAsync(
            new Dictionary<string, string?> { ["Workers:Suggestions:OptionVolatilityPremium"] = "0.2", ["Workers:Suggestions:OptionMaxPremiumMarginPct"] = "50" }, output: output);
        var lp1 = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        await m.MoveAsync(2950m); // feed rounds that move: a volatility to forecast
        await m.MoveAsync(3030m);
        await m.SetPolicyAsync(1, p =>
        {
            p.OptionPolicy = "put:30d";
            p.SuggestionThreshold = 1m; // no ratio suggestions: a pending one would be withdrawn
        });

        var suggestion = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Suggestions.AsNoTracking().Include(s => s.OptionLeg)
                .FirstOrDefaultAsync(s => s.PositionId == lp1.Id && s.Status == SuggestionStatus.Pending && s.OptionLeg != null);
        }, "an option suggestion from the position's policy");
        var leg = suggestion.OptionLeg!;
        Assert.Equal(OptionKind.Put, leg.Kind);
        Assert.InRange(leg.Strike, lp1.PriceLower!.Value - 0.01m, lp1.PriceLower.Value); // struck at the lower bound (at the price below the range), rounded down to cents
        Assert.Equal(suggestion.ProposedRatio, suggestion.CurrentRatio); // the perpetual is left as it is
        Assert.Contains("put:30d", suggestion.Reason, StringComparison.Ordinal);

        // Sized and priced from the score the stage read (the same plan from that score's figures), within the owner's
        // caps on the option controller (the demo LP's put at its lower bound is 10.2 ETH; its notional cap is 10 WETH).
        var book = await new OptionHedgeController(m.Rpc, m.Deployment.OptionController!.Value).BookOfAsync((BigInteger)lp1.ProtectedPositionId!.Value);
        var notionalCap = OptionUnits.FromRaw(book.MaxOpenNotional, OptionUnits.BaseDecimals);
        var premiumCap = OptionUnits.FromRaw(book.MaxOpenPremium, m.Deployment.FeedDecimals);
        Assert.True(leg.Notional <= notionalCap && leg.MaxPremium <= premiumCap);
        await using (var db = m.Db())
        {
            var scores = await db.RiskScores.AsNoTracking().Where(r => r.PositionId == lp1.Id && r.ScoredAt <= suggestion.CreatedAt).OrderByDescending(r => r.ScoredAt).Take(5).ToListAsync();
            var position = await db.Positions.AsNoTracking().SingleAsync(p => p.Id == lp1.Id);
            var plans = scores.Select(score =>
            {
                using var f = System.Text.Json.JsonDocument.Parse(score.Features);
                return OptionSuggestionPlanner.Plan(OptionPolicyChoice.Parse("put:30d")!, position.PriceLower!.Value, position.PriceUpper!.Value, position.EntryPrice, position.EntryAmount0,
                    f.RootElement.GetProperty("price").GetDouble(), f.RootElement.GetProperty("valueUsd").GetDouble(), score.ForecastVolatility,
                    new Quant.Hedging.Options.OptionMarket(VolatilityPremium: 0.2), 50, leg.Expiry.AddDays(-30), notionalCap, premiumCap);
            }).ToList();
            Assert.Contains(plans, p => p is not null && p.Terms.Notional == leg.Notional && p.ExpectedPremium == suggestion.ExpectedCostUsd && p.Terms.MaxPremium == leg.MaxPremium);
        }

        var decided = await host.Services.GetRequiredService<ApprovalService>().ApproveAsync(suggestion.Id, new Decider("alice", true));
        Assert.Equal(DecisionOutcome.Decided, decided.Outcome);
        var open = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leg.Id && l.Status == OptionLegStatus.Open);
        }, "the proposed put bought and indexed");
        Assert.InRange(open.PremiumPaid!.Value, 0.01m, leg.MaxPremium);

        // Covered now: no second proposal while the put is open.
        await using (var db = m.Db())
        {
            Assert.Equal(1, await db.OptionLegs.CountAsync(l => l.PositionId == lp1.Id));
        }
    }

    [Fact]
    public async Task Reorg_RemovingTheSettlement_ReopensTheLeg_AndRemovingThePurchase_PutsItBackToPending()
    {
        await using var m = await TestMarket.StartAsync("options_reorg");
        var host = await m.StartWorkersAsync(new Dictionary<string, string?> { ["Workers:Suggestions:Enabled"] = "false" }, output: output);
        var lp1 = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        var chainNow = DateTimeOffset.FromUnixTimeSeconds((long)(await m.Rpc.Chain.GetBlockAsync(BlockParameter.Latest))!.Timestamp);
        var terms = new OptionTerms(OptionKind.Put, 2900m, chainNow.AddHours(2), 1m, MaxPremium: 300m);
        HedgeSuggestion suggestion;
        await using (var db = m.Db())
        {
            (suggestion, _) = await OptionProposals.ProposeAsync(db, lp1.Id, terms, 50m, "put", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        }

        var beforePurchase = (await m.Anvil.RpcAsync("evm_snapshot")).GetString()!;
        Assert.Equal(DecisionOutcome.Decided, (await host.Services.GetRequiredService<ApprovalService>().ApproveAsync(suggestion.Id, new Decider("alice", true))).Outcome);
        var open = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.SuggestionId == suggestion.Id && l.Status == OptionLegStatus.Open);
        }, "the put bought and indexed");
        Assert.NotNull(open.BoughtBlockHash);

        var beforeSettlement = (await m.Anvil.RpcAsync("evm_snapshot")).GetString()!;
        await m.AdvanceTimeAsync((int)(terms.Expiry - chainNow).TotalSeconds + 60);
        await m.Driver.SetFeedPriceAsync(m.FeedOwner, 2700m);
        var settled = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Settled);
        }, "the keeper's settlement indexed");
        Assert.Equal(200m, settled.SettlementPayout);

        // The settlement's block leaves the chain. Only the indexer runs now (no relayer to send anything again), so
        // what the store shows is the rollback alone.
        await m.StopAsync(host);
        await m.Anvil.RpcAsync("evm_revert", beforeSettlement);
        var stagesOnly = new Dictionary<string, string?> { ["Hosting:Roles"] = "stages", ["Workers:Suggestions:Enabled"] = "false", ["Workers:OptionKeeper:Enabled"] = "false" };
        host = await m.StartWorkersAsync(stagesOnly, output: output);
        var reopened = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Open);
        }, "the leg open again after its settlement was reorged away");
        Assert.Null(reopened.SettlementPayout);
        Assert.Null(reopened.SettledTxHash);
        Assert.Null(reopened.SettledBlockHash);
        Assert.Equal(open.OnChainOptionId, reopened.OnChainOptionId);
        Assert.Equal(open.PremiumPaid, reopened.PremiumPaid);

        // Then the purchase's block goes too: the leg is pending again (approved, no option on chain).
        await m.StopAsync(host);
        await m.Anvil.RpcAsync("evm_revert", beforePurchase);
        host = await m.StartWorkersAsync(stagesOnly, output: output);
        var pending = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Approved);
        }, "the leg pending again after its purchase was reorged away");
        Assert.Null(pending.OnChainOptionId);
        Assert.Null(pending.PremiumPaid);
        Assert.Null(pending.BoughtTxHash);
        Assert.Null(pending.BoughtBlockNumber);
        Assert.Equal(open.ExecutionId, pending.ExecutionId);

        // The canonical chain buys it again (the stored order re-sent, as the relayer does after a reorg): open again, once.
        var buy = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().Where(l => l.Id == open.Id).Select(l => l.OrderCalldata).SingleAsync();
        }, "the stored order");
        await m.Driver.SendAsync(m.Operator, m.Deployment.OptionController!.Value, buy);
        var again = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Open);
        }, "the leg open again from the canonical purchase");
        Assert.NotEqual(open.BoughtBlockHash, again.BoughtBlockHash);
        await using (var check = m.Db())
        {
            Assert.Equal(1, await check.OptionLegs.CountAsync(l => l.PositionId == lp1.Id));
        }
    }
}
