using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.Workers.Chain;
using Microsoft.EntityFrameworkCore;
using Nethereum.Contracts;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// Fees already collected, against the real market on anvil: swaps through the Uniswap v3 pool earn LP 1 fees, its owner
/// withdraws liquidity and collects for real, the indexer stores the position manager's DecreaseLiquidity and Collect
/// events, and the fees earned are the collected fees (principal out) plus the fees still owed. Each position keeps the
/// block its NFT's events are indexed through, so a restarted indexer reads only what came after it.
/// </summary>
public sealed class CollectedFeesTests(ITestOutputHelper output)
{
    private static readonly BigInteger Uint128Max = (BigInteger.One << 128) - 1;

    /// <summary>Blocks per getLogs call: small, so that the back-fill on this short chain takes several ranges.</summary>
    private const int MaxBlockRange = 5;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Relayer:Enabled"] = "false",
        ["Workers:Ingestion:FeeRefreshSeconds"] = "0",
        ["Workers:Indexer:MaxBlockRange"] = $"{MaxBlockRange}",
    };

    [Fact]
    public async Task CollectedFees_AfterRealDecreaseAndCollect_AreTheFeesOwedBefore_AndAddToTheFeesOwedAfter()
    {
        await using var m = await TestMarket.StartAsync("collected");
        var host = await m.StartWorkersAsync(Settings, output: output);
        var position = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        using var lp = TestMarket.Account(1);
        var market = new MarketReader(m.Rpc, m.Deployment);

        // Once indexed, the NFT's history is known through the head.
        await CursorAtHeadAsync(m, position.Id);

        // Swaps both ways inside LP 1's range earn it fees in both tokens; the known answer is what collect would pay then.
        await SwapsAsync(m, 3080m, 2960m, 3020m);
        var owed = await market.ReadFeesOwedAsync(1, lp.Address, BlockParameter.Number(await m.Rpc.Chain.GetBlockNumberAsync()), CancellationToken.None);
        Assert.True(owed.Amount0 > 0 && owed.Amount1 > 0, $"fees owed {owed.Amount0}, {owed.Amount1}");

        // The owner withdraws half the liquidity, then collects: the payout is the principal released plus the fees.
        var nft = await new NonfungiblePositionManager(m.Rpc, m.Deployment.PositionManager).PositionsAsync(BigInteger.One);
        var deadline = (BigInteger)DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        var decrease = await m.Driver.SendAsync(
            lp, m.Deployment.PositionManager, new DecreaseLiquidityFunction { Params = new() { TokenId = BigInteger.One, Liquidity = nft.Liquidity / 2, Deadline = deadline } }.GetCallData());
        var released = Amounts<DecreaseLiquidityEventDto>(m, decrease, e => (e.Amount0, e.Amount1));
        var paid = Collected(m, await CollectAllAsync(m, lp));
        Assert.True(released.Amount0 > 0 && released.Amount1 > 0, "the price is inside the range: both tokens released");
        Assert.Equal(released.Amount0 + owed.Amount0, paid.Amount0);
        Assert.Equal(released.Amount1 + owed.Amount1, paid.Amount1);

        // Indexed: the collected fees are exactly the fees owed before, the principal is not among them.
        var events = await IndexedAsync(m, position.Id, 2);
        Assert.Equal([LpPositionEventKind.DecreaseLiquidity, LpPositionEventKind.Collect], events.Select(e => e.Kind));
        Assert.Equal([released, paid], events.Select(e => (e.Amount0, e.Amount1)));
        var split = CollectedFees.Split(events.Select(e => new LiquidityEvent(e.Kind, e.BlockNumber, e.BlockTime, e.Amount0, e.Amount1)), null, null, null);
        Assert.Equal((owed.Amount0, owed.Amount1), (split.Collected0, split.Collected1));
        await using (var db = m.Db())
        {
            // Any reading now is zero (nothing earned since the collect) or older than the collect (not counted).
            var inputs = await db.ProtectionInputsAsync(position.Id, "pool", DateTimeOffset.UtcNow.AddDays(1));
            Assert.Equal(await InPairTermsAsync(db, position, owed.Amount0, owed.Amount1), Amounts(inputs!.FeesEarned!));
        }

        // A hedge trade well after the collect, so that a new indexer's regular range starts after it (from the venue's charges).
        for (var i = 0; i < 15; i++)
        {
            await m.Anvil.RpcAsync("evm_mine");
        }

        await m.SendRatioUpdateAsync(position.ProtectedPositionId!.Value, 0.6m, BigInteger.Pow(10, 18));
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.VenueCharges.AnyAsync(c => c.PositionId == position.Id);
        }, "the hedge trade's fee indexed");
        await m.StopAsync(host);

        // Restarted with the cursor past the collect, the indexer does not read those blocks again: the NFT's events,
        // deleted, stay deleted. A zero collect after the restart is indexed (the back-fill would have come before it).
        Assert.True(await CursorAsync(m, position.Id) >= events[^1].BlockNumber, "the cursor is past the collect");
        await using (var db = m.Db())
        {
            await db.LpPositionEvents.Where(e => e.PositionId == position.Id).ExecuteDeleteAsync();
        }

        host = await m.StartWorkersAsync(Settings, output: output);
        var zero = Collected(m, await CollectAllAsync(m, lp));
        Assert.Equal((BigInteger.Zero, BigInteger.Zero), zero);
        var zeroRow = Assert.Single(await IndexedAsync(m, position.Id, 1));
        Assert.Equal((LpPositionEventKind.Collect, BigInteger.Zero, BigInteger.Zero), (zeroRow.Kind, zeroRow.Amount0, zeroRow.Amount1));

        // With no cursor, the NFT's history is read from StartBlock again: the deleted events come back from the same logs,
        // the zero collect is read again unchanged, and the cursor is back at the head.
        await m.StopAsync(host);
        await using (var db = m.Db())
        {
            await db.LpPositionEventCursors.Where(c => c.PositionId == position.Id).ExecuteDeleteAsync();
        }

        await m.StartWorkersAsync(Settings, output: output);
        var again = await IndexedAsync(m, position.Id, 3);
        Assert.Equal(
            events.Select(e => (e.BlockHash, e.TxHash, e.LogIndex, e.Kind, e.Amount0, e.Amount1)),
            again.Take(2).Select(e => (e.BlockHash, e.TxHash, e.LogIndex, e.Kind, e.Amount0, e.Amount1)));
        Assert.Equal((zeroRow.Id, zeroRow.IndexedAt), (again[2].Id, again[2].IndexedAt));
        await CursorAtHeadAsync(m, position.Id);
        await using (var db = m.Db())
        {
            Assert.Equal(3, await db.LpPositionEvents.CountAsync());
        }

        // More swaps: fees earned = the fees collected + the fees owed as last read (checked against eth_call at its block).
        var lastSwap = await SwapsAsync(m, 3050m, 2990m);
        var reading = await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var p = await db.Positions.AsNoTracking().SingleAsync(x => x.Id == position.Id);
            return p.FeesObservedBlock >= lastSwap && p.FeesOwed0 > 0 && p.FeesOwed1 > 0 ? p : null;
        }, "fees read after the swaps", timeoutSeconds: 90);
        var atReading = await market.ReadFeesOwedAsync(1, lp.Address, BlockParameter.Number((ulong)reading.FeesObservedBlock!.Value), CancellationToken.None);
        Assert.Equal((atReading.Amount0, atReading.Amount1), (reading.FeesOwed0!.Value, reading.FeesOwed1!.Value));
        await using (var db = m.Db())
        {
            var inputs = await db.ProtectionInputsAsync(position.Id, "pool", DateTimeOffset.UtcNow.AddDays(1));
            var expected = await InPairTermsAsync(db, position, owed.Amount0 + atReading.Amount0, owed.Amount1 + atReading.Amount1);
            Assert.Equal(expected, Amounts(inputs!.FeesEarned!));
            output.WriteLine($"fees earned {expected}: collected {owed.Amount0}, {owed.Amount1} + owed {atReading.Amount0}, {atReading.Amount1} (raw)");
        }
    }

    [Fact]
    public async Task Collect_ReorgedOut_IsMarkedRemoved_AndNoLongerCounted()
    {
        await using var m = await TestMarket.StartAsync("collectreorg");
        await m.StartWorkersAsync(Settings, output: output);
        var position = (await m.WaitForPositionsAsync()).Single(p => p.NftTokenId == 1);
        using var lp = TestMarket.Account(1);
        await SwapsAsync(m, 3080m, 2960m);
        var snapshot = (await m.Anvil.RpcAsync("evm_snapshot")).GetString()!;
        var orphan = TestMarket.Hash((await CollectAllAsync(m, lp)).TransactionHash);
        await IndexedAsync(m, position.Id, 1);

        await m.Anvil.RpcAsync("evm_revert", snapshot);
        for (var i = 0; i < 3; i++)
        {
            await m.AdvanceTimeAsync(1); // the canonical chain grows past the orphan's block, without it
        }

        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.LpPositionEvents.AnyAsync(e => e.TxHash == orphan && e.Removed);
        }, "the orphaned collect marked removed");
        await using var check = m.Db();
        var p = await check.Positions.AsNoTracking().SingleAsync(x => x.Id == position.Id);
        Assert.Null((await check.FeesEarnedAsync(p))?.Collected);
    }

    /// <summary>Swaps the pool to each price in turn; returns the block of the last swap.</summary>
    private static async Task<long> SwapsAsync(TestMarket m, params decimal[] prices)
    {
        TransactionReceipt? last = null;
        foreach (var price in prices)
        {
            last = await m.Driver.SwapToPriceAsync(m.Trader, price) ?? last;
        }

        return (long)last!.BlockNumber;
    }

    private static Task<TransactionReceipt> CollectAllAsync(TestMarket m, EthereumAccount lp) =>
        m.Driver.SendAsync(lp, m.Deployment.PositionManager, new CollectFunction { Params = new() { TokenId = BigInteger.One, Recipient = lp.Address.ToLowerHex(), Amount0Max = Uint128Max, Amount1Max = Uint128Max } }.GetCallData());

    private static (BigInteger Amount0, BigInteger Amount1) Collected(TestMarket m, TransactionReceipt receipt)
        => Amounts<CollectEventDto>(m, receipt, e => (e.Amount0, e.Amount1));

    private static (BigInteger Amount0, BigInteger Amount1) Amounts<T>(TestMarket m, TransactionReceipt receipt, Func<T, (BigInteger, BigInteger)> amounts)
        where T : Nethereum.ABI.FunctionEncoding.Attributes.IEventDTO, new()
        => amounts(EventDecoding.Decode<T>(Assert.Single(receipt.Logs, l => l.Address == m.Deployment.PositionManager && EventDecoding.Matches<T>(l))));

    private static (decimal, decimal) Amounts(LpFees fees) => (fees.Amount0, fees.Amount1);

    private static async Task<(decimal, decimal)> InPairTermsAsync(HedgeDbContext db, LpPosition position, BigInteger raw0, BigInteger raw1)
    {
        var pool = await db.Pools.AsNoTracking().Include(p => p.Token0).Include(p => p.Token1).SingleAsync(p => p.Id == position.PoolId);
        return Amounts(LpFees.From(raw0, raw1, DateTimeOffset.UnixEpoch, pool.Pair, pool.Token0!.Symbol, pool.Token0.Decimals, pool.Token1!.Decimals)!);
    }

    private static async Task<long?> CursorAsync(TestMarket m, long positionId)
    {
        await using var db = m.Db();
        return await db.LpPositionEventCursors.Where(c => c.PositionId == positionId).Select(c => (long?)c.ThroughBlock).SingleOrDefaultAsync();
    }

    /// <summary>Waits for the position's cursor to reach the chain's head (no block is mined meanwhile).</summary>
    private static async Task CursorAtHeadAsync(TestMarket m, long positionId)
    {
        var head = (long)await m.Rpc.Chain.GetBlockNumberAsync();
        await TestMarket.EventuallyAsync(async () => await CursorAsync(m, positionId) == head, $"the cursor at the head {head}");
    }

    private static Task<List<LpPositionEvent>> IndexedAsync(TestMarket m, long positionId, int count) =>
        TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            var list = await db.LpPositionEvents.AsNoTracking()
                .Where(e => e.PositionId == positionId && !e.Removed)
                .OrderBy(e => e.BlockNumber).ThenBy(e => e.LogIndex)
                .ToListAsync();
            return list.Count >= count ? list : null;
        }, $"{count} position manager event(s) indexed", timeoutSeconds: 60);
}
