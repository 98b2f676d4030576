using System.Globalization;
using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Errors;
using HedgeDashboard.Data.Queries;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>LP fees on positions and the venue's charges: constraints, exact amounts, and the queries that read them.</summary>
public sealed class FeesAndCostsTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task Position_NegativeOrHalfObservedFees_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var negative = Seed.Position(pool, 500);
        (negative.FeesOwed0, negative.FeesOwed1, negative.FeesObservedAt, negative.FeesObservedBlock) = (-1, 0, Seed.T0, 1);
        db.Positions.Add(negative);
        var e1 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_lp_positions_fees_owed", e1.Constraint);
        Assert.Equal("Fees owed must be non-negative and come with the time and block they were read at (or all be empty).", e1.Message);
        db.ChangeTracker.Clear();

        var noTime = Seed.Position(pool, 501);
        (noTime.FeesOwed0, noTime.FeesOwed1) = (1, 2);
        db.Positions.Add(noTime);
        var e2 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_lp_positions_fees_owed", e2.Constraint);
    }

    [Fact]
    public async Task VenueCharge_NegativeAmountOrFundingWithoutSeconds_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var negative = Charge(pool.ChainId, 1, VenueChargeKind.TradeFee, -0.01m, null);
        db.VenueCharges.Add(negative);
        var e1 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_venue_charges_amount", e1.Constraint);
        Assert.Equal("A venue charge cannot be negative.", e1.Message);
        db.ChangeTracker.Clear();

        db.VenueCharges.Add(Charge(pool.ChainId, 2, VenueChargeKind.Funding, 1m, null));
        var e2 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_venue_charges_elapsed_seconds", e2.Constraint);
    }

    [Fact]
    public async Task Fees_Uint128Max_RoundTripExactly_AndShowInTheOverviewInPairTerms()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var max = (BigInteger.One << 128) - 1;
        var p = Seed.Position(pool, 510);
        (p.FeesOwed0, p.FeesOwed1, p.FeesObservedAt, p.FeesObservedBlock) = (max, 1_234_567, Seed.T0, 42);
        var never = Seed.Position(pool, 511);
        db.Positions.AddRange(p, never);
        await db.SaveChangesAsync();

        await using var read = database.CreateContext();
        var back = await read.Positions.AsNoTracking().SingleAsync(x => x.Id == p.Id);
        Assert.Equal(max, back.FeesOwed0);
        var rows = await read.PositionOverviewsAsync(afterId: p.Id - 1, limit: 2);
        // 2^128 - 1 wei of WETH (18 decimals) and 1.234567 USDC (6), exact.
        Assert.Equal(decimal.Parse("340282366920938463463.374607431768211455", CultureInfo.InvariantCulture), rows[0].Fees!.Amount0);
        Assert.Equal(1.234567m, rows[0].Fees!.Amount1);
        Assert.Equal(Seed.T0, rows[0].Fees!.ObservedAt);
        Assert.Null(rows[1].Fees); // never observed: the grid shows "–"
    }

    [Theory]
    [InlineData("WETH", 18, 6, "2", "3000000", 2e-18, 3)] // WETH token0: base first
    [InlineData("USDC", 6, 18, "3000000", "2", 2e-18, 3)] // USDC token0 (address order): swapped into the pair's terms
    public void LpFees_From_PutsTheBaseFirstWhateverTheTokenOrder(string symbol0, int d0, int d1, string raw0, string raw1, double base_, double quote)
    {
        var f = LpFees.From(BigInteger.Parse(raw0, CultureInfo.InvariantCulture), BigInteger.Parse(raw1, CultureInfo.InvariantCulture), Seed.T0, "ETH/USD", symbol0, d0, d1)!;
        Assert.Equal((decimal)base_, f.Amount0);
        Assert.Equal((decimal)quote, f.Amount1);
        Assert.Equal(3m + (2e-18m * 3000m), f.ValueAt(3000m));
        Assert.Null(LpFees.From(null, 1, Seed.T0, "ETH/USD", symbol0, d0, d1));
    }

    [Fact]
    public async Task ProtectionInputs_VenueFeesFundingAndLpFees_ReorgedOutChargesIgnored()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var p = Seed.Position(pool, 520);
        (p.FeesOwed0, p.FeesOwed1, p.FeesObservedAt, p.FeesObservedBlock) = (BigInteger.Parse("1500000000000000", CultureInfo.InvariantCulture), 4_500_000, Seed.T0.AddHours(2), 9);
        db.Positions.Add(p);
        await db.SaveChangesAsync();
        var fee = Charge(pool.ChainId, 10, VenueChargeKind.TradeFee, 4.5m, null, p.Id);
        var funding = Charge(pool.ChainId, 11, VenueChargeKind.Funding, 0.123456789012345678m, 600, p.Id);
        var gone = Charge(pool.ChainId, 12, VenueChargeKind.TradeFee, 100m, null, p.Id);
        gone.Removed = true;
        db.VenueCharges.AddRange(fee, funding, gone);
        for (var h = 0; h < 4; h++)
        {
            db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = "fees", ObservedAt = Seed.T0.AddHours(h), Price = 3000 });
        }

        await db.SaveChangesAsync();

        var inputs = await db.ProtectionInputsAsync(p.Id, "fees", Seed.T0.AddHours(4));

        Assert.NotNull(inputs);
        Assert.Equal(2, inputs.VenueCosts.Count);
        Assert.Equal(4.5m, inputs.VenueFees);
        Assert.Equal(0.123456789012345678m, inputs.Funding); // numeric(48,18): exact to the 18th place
        Assert.Equal(0.0015m, inputs.FeesEarned!.Amount0);
        Assert.Equal(4.5m, inputs.FeesEarned.Amount1);
        Assert.Equal(9m, inputs.FeesEarned.ValueAt(3000m));
    }

    private static VenueCharge Charge(long chainId, long n, VenueChargeKind kind, decimal amount, long? seconds, long? positionId = null) => new()
    {
        ChainId = chainId,
        VenueAddress = Seed.Address(0xbe),
        BlockNumber = n,
        BlockHash = Seed.Hash(0xb000 + n),
        BlockTime = Seed.T0.AddMinutes(n),
        TxHash = Seed.Hash(0x7000 + n),
        LogIndex = 0,
        Kind = kind,
        ProtectedPositionId = 1,
        PositionId = positionId,
        Amount = amount,
        Notional = 9000m,
        ElapsedSeconds = seconds,
        IndexedAt = Seed.T0,
    };
}
