using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Chain;
using Microsoft.EntityFrameworkCore;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// LP fees and hedge costs against the real market on anvil: fees earned by real swaps through the Uniswap v3 pool,
/// stored by the ingestion, then paid out by a real collect transaction; the venue's trade fees and funding indexed
/// from its events into venue_charges and the protection inputs.
/// </summary>
public sealed class FeesAndCostsTests(ITestOutputHelper output)
{
    private static readonly BigInteger Uint128Max = (BigInteger.One << 128) - 1;
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    /// <summary>The demo venue's funding rate (LocalMarket.VENUE_FUNDING_RATE): 1 bp per minute, 1e18 = 100 % per second.</summary>
    private static readonly BigInteger DemoFundingRate = 1_666_666_666_667;

    private static readonly Dictionary<string, string?> NoRelayer = new()
    {
        ["Relayer:Enabled"] = "false",
        ["Workers:Ingestion:FeeRefreshSeconds"] = "0",
    };

    [Fact]
    public async Task StoredFees_AfterRealSwaps_EqualWhatARealCollectPaysOut()
    {
        await using var m = await TestMarket.StartAsync("fees");
        await m.StartWorkersAsync(NoRelayer, output: output);
        var before = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        Assert.NotNull(before.FeesObservedAt); // read at first sync: nothing earned yet
        Assert.Equal(BigInteger.Zero, before.FeesOwed0);
        Assert.Equal(BigInteger.Zero, before.FeesOwed1);

        // Swaps both ways through the pool, inside LP 1's range: fees in both tokens.
        await m.MoveAsync(3080m);
        await m.MoveAsync(2960m);
        await m.MoveAsync(3020m);
        var lastSwapBlock = (long)await m.Rpc.Chain.GetBlockNumberAsync();

        // What collect would pay now (no swap follows). The ingestion writes a reading only when the figure changes,
        // so the stored block is the first block it saw with this figure, which may be before the head: wait for the figure.
        using var lp = TestMarket.Account(1);
        var owed = await new MarketReader(m.Rpc, m.Deployment).ReadFeesOwedAsync(1, lp.Address, BlockParameter.Latest, CancellationToken.None);
        Assert.True(owed.Amount0 > 0 && owed.Amount1 > 0, $"the swaps earned no fees: {owed}");
        var stored = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var p = await db.Positions.AsNoTracking().SingleAsync(x => x.NftTokenId == 1);
            return p.FeesOwed0 == owed.Amount0 && p.FeesOwed1 == owed.Amount1 ? p : null;
        }, "fees read after the swaps", timeoutSeconds: 90);
        output.WriteLine($"stored at block {stored.FeesObservedBlock} (last swap block {lastSwapBlock}): {stored.FeesOwed0} token0, {stored.FeesOwed1} token1");

        // The owner collects for real: the pool pays exactly the stored figure (no swap in between).
        var d = m.Deployment;
        var collect = new CollectFunction { Params = new() { TokenId = BigInteger.One, Recipient = lp.Address.ToLowerHex(), Amount0Max = Uint128Max, Amount1Max = Uint128Max } };
        var receipt = await m.Driver.SendAsync(lp, d.PositionManager, collect.GetCallData());
        var log = Assert.Single(receipt.Logs, l => l.Address == d.PositionManager && EventDecoding.Matches<CollectEventDto>(l));
        var paid = EventDecoding.Decode<CollectEventDto>(log);
        Assert.Equal(stored.FeesOwed0, paid.Amount0);
        Assert.Equal(stored.FeesOwed1, paid.Amount1);

        // Collected: the next reading is zero again.
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var p = await db.Positions.AsNoTracking().SingleAsync(x => x.NftTokenId == 1);
            return p.FeesOwed0 == 0 && p.FeesOwed1 == 0 && p.FeesObservedBlock > lastSwapBlock;
        }, "fees back to zero after the collect", timeoutSeconds: 90);
    }

    [Fact]
    public async Task ReadFeesOwed_UnknownToken_RevertsWithTheReason()
    {
        await using var m = await TestMarket.StartAsync("feesbad");
        var market = new MarketReader(m.Rpc, m.Deployment);
        var ex = await Assert.ThrowsAsync<ExecutionRevertedException>(() => market.ReadFeesOwedAsync(999, m.Trader.Address, BlockParameter.Latest, CancellationToken.None));
        Assert.Contains("nonexistent token", ex.Message, StringComparison.Ordinal); // the position manager's isAuthorizedForToken check
    }

    [Fact]
    public async Task VenueCharges_TradeFeesAndFunding_IndexedAndInProtectionInputs()
    {
        await using var m = await TestMarket.StartAsync("costs");
        await m.StartWorkersAsync(NoRelayer, output: output);
        var position = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        var id = position.ProtectedPositionId!.Value;

        // Open a 2.5 WETH short (the model's size step: 10 WETH cap x 0.25) at the feed's 3000 (fee 5 bps of 7500 USD),
        // hold it 600 s, cut it to 1 WETH (fee on 4500 USD).
        var open = await m.Rpc.Transactions.GetReceiptAsync(await m.SendRatioUpdateAsync(id, 0.6m, 5 * E18 / 2));
        await m.AdvanceTimeAsync(600);
        var cut = await m.Rpc.Transactions.GetReceiptAsync(await m.SendRatioUpdateAsync(id, 0.7m, E18));
        var t0 = (await m.Rpc.Chain.GetBlockAsync(BlockParameter.Number(open!.BlockNumber)))!.Timestamp;
        var t1 = (await m.Rpc.Chain.GetBlockAsync(BlockParameter.Number(cut!.BlockNumber)))!.Timestamp;
        var elapsed = (BigInteger)(t1 - t0);
        Assert.True(elapsed >= 600);

        var charges = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var list = await db.VenueCharges.AsNoTracking().Where(c => c.PositionId == position.Id).OrderBy(c => c.BlockNumber).ThenBy(c => c.LogIndex).ToListAsync();
            return list.Count == 3 ? list : null;
        }, "two trade fees and one funding charge indexed", timeoutSeconds: 90);

        // Known answers: fees 3.75 and 2.25 USD; funding = 7500 USD x rate x elapsed, rounded down in the feed's 8 decimals.
        var fundingRaw = (5 * E18 / 2 * 3000_00000000 / E18) * DemoFundingRate * elapsed / E18;
        var expectedFunding = (decimal)fundingRaw / 1e8m;
        Assert.Equal([VenueChargeKind.TradeFee, VenueChargeKind.Funding, VenueChargeKind.TradeFee], charges.Select(c => c.Kind));
        Assert.Equal([3.75m, expectedFunding, 2.25m], charges.Select(c => c.Amount));
        Assert.Equal([7500m, 7500m, 4500m], charges.Select(c => c.Notional));
        Assert.Equal((long)elapsed, charges[1].ElapsedSeconds);
        Assert.All(charges, c => Assert.Null(c.ExecutionId)); // sent by the test, not by our relayer
        output.WriteLine($"funding over {elapsed} s: {expectedFunding} USD");

        // The venue's own ledger agrees.
        var h = (await m.Rpc.Calls.QueryOutputAsync<HedgesFunction, HedgesOutputDto>(m.Deployment.HedgeVenue, new() { PositionId = id })).Hedge;
        Assert.Equal(6.0m, (decimal)h.FeesPaid / 1e8m);
        Assert.Equal(expectedFunding, (decimal)h.FundingPaid / 1e8m);

        await using var check = m.Db();
        var inputs = await check.ProtectionInputsAsync(position.Id, "pool", DateTimeOffset.UtcNow.AddDays(1));
        Assert.NotNull(inputs);
        Assert.Equal(6.0m, inputs.VenueFees);
        Assert.Equal(expectedFunding, inputs.Funding);
        Assert.NotNull(inputs.FeesEarned);
    }
}
