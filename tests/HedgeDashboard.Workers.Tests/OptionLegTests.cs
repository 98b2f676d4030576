using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Workers.Approvals;
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

        // Past expiry the feed prints 2500; a keeper settles at that round; the indexer records the payout.
        await m.AdvanceTimeAsync((int)(terms.Expiry - chainNow).TotalSeconds + 60);
        await m.Driver.SetFeedPriceAsync(m.FeedOwner, 2500m);
        var round = (await new ChainlinkAggregator(m.Rpc, m.Deployment.PriceFeed).LatestRoundDataAsync()).RoundId;
        await m.Driver.SendAsync(TestMarket.Account(4), m.Deployment.OptionController!.Value, OptionHedgeController.EncodeSettle(open.OnChainOptionId!.Value, round));
        var settled = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.OptionLegs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == open.Id && l.Status == OptionLegStatus.Settled);
        }, "the settlement indexed");
        Assert.Equal(2500m, settled.SettlementPrice);
        Assert.Equal(800m, settled.SettlementPayout); // (2900 - 2500) x 2

        var book = await new OptionHedgeController(m.Rpc, m.Deployment.OptionController!.Value).BookOfAsync((BigInteger)lp1.ProtectedPositionId!.Value);
        Assert.Equal(BigInteger.Zero, book.OpenNotional);
        Assert.Equal(BigInteger.One, book.Nonce);
    }
}
