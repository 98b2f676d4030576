using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Errors;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>Bad data is refused by the database, and the refusal reads as a sentence.</summary>
public sealed class ConstraintTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task PriceObservation_NonPositivePrice_RejectedWithReadableMessage()
    {
        await using var db = database.CreateContext();
        db.PriceObservations.Add(new PriceObservation { Pair = "ETH/USD", Source = "test", ObservedAt = Seed.T0, Price = 0m });
        var e = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal(ConstraintKind.Check, e.Kind);
        Assert.Equal("ck_price_observations_price_positive", e.Constraint);
        Assert.Equal("A price must be positive.", e.Message);
    }

    [Fact]
    public async Task Suggestion_RatioAboveOne_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var position = Seed.Position(pool, 100);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        var s = Seed.Suggestion(position.Id, Seed.T0);
        s.ProposedRatio = 1.2m;
        db.Suggestions.Add(s);
        var e = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_hedge_suggestions_proposed_ratio", e.Constraint);
        Assert.Equal("Invalid proposed ratio for hedge suggestions (rule ck_hedge_suggestions_proposed_ratio).", e.Message);
    }

    [Fact]
    public async Task Position_InvertedRangeOrBadAddressOrMissingPool_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);

        var inverted = Seed.Position(pool, 200);
        inverted.PriceLower = 3500m;
        db.Positions.Add(inverted);
        var e1 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("The lower price must be positive and below the upper price.", e1.Message);
        db.ChangeTracker.Clear();

        var badOwner = Seed.Position(pool, 201);
        badOwner.OwnerAddress = "0xNOTANADDRESS";
        db.Positions.Add(badOwner);
        var e2 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("ck_lp_positions_owner_address", e2.Constraint);
        db.ChangeTracker.Clear();

        var orphan = Seed.Position(pool, 202);
        orphan.PoolId = 999_999;
        db.Positions.Add(orphan);
        var e3 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal(ConstraintKind.ForeignKey, e3.Kind);
        Assert.Equal("pool id of lp positions refers to a row that does not exist.", e3.Message);
    }

    [Fact]
    public async Task Suggestion_SecondPendingOrDuplicateKey_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var position = Seed.Position(pool, 300);
        db.Positions.Add(position);
        db.Suggestions.Add(Seed.Suggestion(0, Seed.T0, "key-300"));
        db.Suggestions.Local.Single().Position = position;
        await db.SaveChangesAsync();

        db.Suggestions.Add(Seed.Suggestion(position.Id, Seed.T0.AddMinutes(5)));
        var e1 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("This position already has a pending suggestion; supersede it first.", e1.Message);
        db.ChangeTracker.Clear();

        var dup = Seed.Suggestion(position.Id, Seed.T0.AddMinutes(6), "key-300");
        dup.Status = SuggestionStatus.Expired;
        db.Suggestions.Add(dup);
        var e2 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal(ConstraintKind.Unique, e2.Kind);
        Assert.Equal("A suggestion with this idempotency key already exists.", e2.Message);
    }

    [Fact]
    public async Task Suggestion_ApprovedWithoutDecider_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var position = Seed.Position(pool, 400);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        var s = Seed.Suggestion(position.Id, Seed.T0);
        s.Status = SuggestionStatus.Approved;
        db.Suggestions.Add(s);
        var e = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("An approved, rejected or executed suggestion needs who decided it and when.", e.Message);
    }

    [Fact]
    public async Task Status_UnknownValueWrittenBySql_Rejected()
    {
        await using var db = database.CreateContext();
        var pool = await Seed.PoolAsync(db);
        var position = Seed.Position(pool, 500);
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE lp_positions SET status = 'paused' WHERE id = {position.Id}"));
        Assert.Equal("ck_lp_positions_status", e.ConstraintName);
    }

    [Fact]
    public async Task AuditLog_UpdateOrDelete_RejectedByTrigger()
    {
        await using var db = database.CreateContext();
        db.AuditLog.Add(new AuditLogEntry { At = Seed.T0, Actor = "alice", Action = "settings.changed", EntityType = "app_settings", EntityId = "1" });
        await db.SaveChangesAsync();
        var entry = await db.AuditLog.FirstAsync();

        entry.Actor = "mallory";
        var e1 = await Assert.ThrowsAsync<DataConstraintException>(() => db.SaveChangesCheckedAsync());
        Assert.Equal("The audit log is append-only: entries cannot be changed or deleted.", e1.Message);
        db.ChangeTracker.Clear();

        var e2 = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_log"));
        Assert.Contains("append-only", e2.MessageText, StringComparison.Ordinal);
        var e3 = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_log"));
        Assert.Contains("TRUNCATE", e3.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await db.AuditLog.CountAsync());
    }

    [Fact]
    public async Task ControllerEvent_IndexedTwice_SecondInsertIsHarmless()
    {
        await using var db = database.CreateContext();
        await Seed.PoolAsync(db);
        var args = """{"ratio": 0.4}""";
        for (var i = 0; i < 2; i++)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO controller_events (chain_id, contract_address, block_number, block_hash, block_time, tx_hash, log_index, event_name, args, removed)
                VALUES (31337, {Seed.Address(77)}, 12, {Seed.Hash(1)}, {Seed.T0}, {Seed.Hash(2)}, 0, 'HedgeRatioUpdated', {args}::jsonb, false)
                ON CONFLICT (block_hash, tx_hash, log_index) DO NOTHING
                """);
        }

        Assert.Equal(1, await db.ControllerEvents.CountAsync());
    }
}
