using System.Globalization;
using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Errors;
using HedgeDashboard.Data.Queries;

namespace HedgeDashboard.Data.Tests;

/// <summary>Collected LP fees: the principal/fee split of the position manager's events, the stored events' constraints, and fees earned.</summary>
public sealed class CollectedFeesTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const LpPositionEventKind Decrease = LpPositionEventKind.DecreaseLiquidity;
    private const LpPositionEventKind Collect = LpPositionEventKind.Collect;
    private static long _log;

    [Fact]
    public void Split_PartialCollect_PaysPrincipalFirstAndCarriesTheRest()
    {
        var raw = CollectedFees.Split(
            [E(Decrease, 10, 100, 50), E(Collect, 11, 60, 70), E(Collect, 12, 45, 5)], owed0: 7, owed1: 8, owedBlock: 12);

        // Collect 1: principal 60 of 100 and 50 of 50, fees 0 and 20; collect 2: the other 40 principal, fees 5 and 5.
        Assert.Equal(new BigInteger(5), raw.Collected0);
        Assert.Equal(new BigInteger(25), raw.Collected1);
        Assert.Equal(Seed.T0.AddMinutes(12), raw.LastCollectAt);
        Assert.Equal(new BigInteger(7), raw.Owed0); // nothing pending at the reading: all of it is fees
        Assert.Equal(new BigInteger(8), raw.Owed1);
    }

    [Fact]
    public void Split_ReadingAfterADecrease_TakesItsPrincipalOut_UntilACollectMakesTheReadingStale()
    {
        // Read between decreaseLiquidity (block 10) and collect: what collect would pay includes the principal released.
        var pending = CollectedFees.Split([E(Decrease, 10, 100, 50)], owed0: 103, owed1: 52, owedBlock: 10);
        Assert.Equal<(BigInteger, BigInteger)>((0, 0), (pending.Collected0, pending.Collected1));
        Assert.Null(pending.LastCollectAt);
        Assert.Equal<(BigInteger?, BigInteger?)>((3, 2), (pending.Owed0, pending.Owed1));

        // The collect at block 11 paid that reading out: it counts as collected, and the reading no longer counts.
        var collected = CollectedFees.Split([E(Decrease, 10, 100, 50), E(Collect, 11, 103, 52)], owed0: 103, owed1: 52, owedBlock: 10);
        Assert.Equal<(BigInteger, BigInteger)>((3, 2), (collected.Collected0, collected.Collected1));
        Assert.Null(collected.Owed0);
        Assert.Null(collected.Owed1);

        // A later decrease (block 30) is not in a reading at block 20.
        var later = CollectedFees.Split([E(Decrease, 30, 100, 50)], owed0: 4, owed1: 6, owedBlock: 20);
        Assert.Equal<(BigInteger?, BigInteger?)>((4, 6), (later.Owed0, later.Owed1));
    }

    [Fact]
    public async Task FeesEarned_CollectedPlusOwed_InPairTerms_ReorgedOutEventsIgnored()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var p = Seed.Position(pool, 700);
        (p.FeesOwed0, p.FeesOwed1, p.FeesObservedAt, p.FeesObservedBlock) = (Wei("0.001"), 1_500_000, Seed.T0.AddHours(1), 20);
        db.Positions.Add(p);
        await db.SaveChangesAsync();

        // Withdrew 1 WETH + 3000 USDC of principal, collected it with 0.002 WETH + 4 USDC of fees; a collect a reorg removed.
        var gone = Event(pool.ChainId, p, 12, Collect, Wei("50"), 1);
        gone.Removed = true;
        db.LpPositionEvents.AddRange(
            Event(pool.ChainId, p, 10, Decrease, Wei("1"), 3_000_000_000), Event(pool.ChainId, p, 11, Collect, Wei("1.002"), 3_004_000_000), gone);
        await db.SaveChangesAsync();

        var earned = await db.FeesEarnedAsync(p);

        Assert.NotNull(earned);
        Assert.Equal((0.002m, 4m), (earned.Collected!.Amount0, earned.Collected.Amount1));
        Assert.Equal((0.001m, 1.5m), (earned.Owed!.Amount0, earned.Owed.Amount1));
        Assert.Equal((0.003m, 5.5m), (earned.Total.Amount0, earned.Total.Amount1));
        Assert.Equal(14.5m, earned.Total.ValueAt(3000m));
        Assert.Equal(Seed.T0.AddHours(1), earned.Total.ObservedAt); // the reading is newer than the collect
        var inputs = await db.ProtectionInputsAsync(p.Id, "none", Seed.T0.AddHours(2));
        Assert.Equal(earned.Total, inputs!.FeesEarned);
    }

    [Fact]
    public async Task FeesEarned_NeitherReadNorCollected_IsNull()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var p = Seed.Position(pool, 710);
        db.Positions.Add(p);
        await db.SaveChangesAsync();
        db.LpPositionEvents.Add(Event(pool.ChainId, p, 10, Decrease, 5, 5));
        await db.SaveChangesAsync();

        Assert.Null(await db.FeesEarnedAsync(p));
    }

    [Fact]
    public async Task Event_NegativeAmountRecipientOnADecreaseOrSameLogTwice_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var p = Seed.Position(pool, 720);
        db.Positions.Add(p);
        await db.SaveChangesAsync();

        db.LpPositionEvents.Add(Event(pool.ChainId, p, 10, Collect, -1, 0));
        var e1 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_lp_position_events_amounts", e1.Constraint);
        Assert.Equal("Token amounts of a position manager event cannot be negative.", e1.Message);
        db.ChangeTracker.Clear();

        var decrease = Event(pool.ChainId, p, 11, Decrease, 1, 1);
        decrease.Recipient = Seed.Owner;
        db.LpPositionEvents.Add(decrease);
        var e2 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_lp_position_events_recipient", e2.Constraint);
        db.ChangeTracker.Clear();

        var once = Event(pool.ChainId, p, 12, Collect, 1, 1);
        db.LpPositionEvents.Add(once);
        await db.SaveChangesAsync();
        var twice = Event(pool.ChainId, p, 12, Collect, 1, 1);
        (twice.BlockHash, twice.TxHash) = (once.BlockHash, once.TxHash);
        db.LpPositionEvents.Add(twice);
        var e3 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("This position manager event is already indexed.", e3.Message);
    }

    private static LiquidityEvent E(LpPositionEventKind kind, long block, long a0, long a1) => new(kind, block, Seed.T0.AddMinutes(block), a0, a1);

    private static BigInteger Wei(string eth) => new(decimal.Parse(eth, CultureInfo.InvariantCulture) * 1_000_000_000_000_000_000m);

    private static LpPositionEvent Event(long chainId, LpPosition p, long block, LpPositionEventKind kind, BigInteger a0, BigInteger a1)
    {
        var n = Interlocked.Increment(ref _log);
        return new LpPositionEvent
        {
            ChainId = chainId,
            ContractAddress = Seed.Address(0xc0),
            BlockNumber = block,
            BlockHash = Seed.Hash(0xe0_0000 + n),
            BlockTime = Seed.T0.AddMinutes(block),
            TxHash = Seed.Hash(0xf0_0000 + n),
            LogIndex = 0,
            Kind = kind,
            NftTokenId = p.NftTokenId,
            PositionId = p.Id,
            Liquidity = kind == Decrease ? 1_000 : null,
            Amount0 = a0,
            Amount1 = a1,
            Recipient = kind == Collect ? Seed.Owner : null,
            IndexedAt = Seed.T0,
        };
    }
}
