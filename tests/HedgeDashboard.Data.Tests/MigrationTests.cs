using System.Numerics;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary>The foundation's integration test: migrations apply to an empty database and a row round-trips.</summary>
public sealed class MigrationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryMigrationAndSeedsSettings()
    {
        Assert.NotEmpty(database.AppliedMigrations);
        await using var db = database.CreateContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        var settings = await db.AppSettings.SingleAsync();
        Assert.False(settings.CircuitBreakerOn);
        Assert.NotEqual(0u, settings.Version);
    }

    [Fact]
    public async Task MigrateAsync_AlreadyMigrated_IsANoOp()
    {
        var applied = await new DatabaseMigrator(database.ConnectionString).MigrateAsync();
        Assert.Empty(applied);
        Assert.Empty(await new DatabaseMigrator(database.ConnectionString).PendingAsync());
    }

    [Fact]
    public async Task Position_RoundTrips_WithPolicyLiquidityAndEnumText()
    {
        long id;
        await using (var db = database.CreateContext())
        {
            var pool = await Seed.PoolAsync(db);
            var p = Seed.Position(pool, 1);
            p.Policy = new ExecutionPolicy { Mode = ExecutionMode.Auto, MaxRatioChange = 0.2m, MaxNotionalPerDayUsd = 50_000m, Cooldown = TimeSpan.FromMinutes(30), SuggestionThreshold = 0.1m };
            db.Positions.Add(p);
            await db.SaveChangesAsync();
            id = p.Id;
        }

        await using (var db = database.CreateContext())
        {
            var p = await db.Positions.Include(x => x.Pool).SingleAsync(x => x.Id == id);
            Assert.Equal(ExecutionMode.Auto, p.Policy.Mode);
            Assert.Equal(TimeSpan.FromMinutes(30), p.Policy.Cooldown);
            Assert.Equal(BigInteger.Pow(2, 128) - 1, p.Liquidity);
            Assert.Equal("ETH/USD", p.Pool!.Pair);
            Assert.NotEqual(0u, p.Version);
            var raw = await db.Database.SqlQuery<string>($"SELECT execution_mode AS \"Value\" FROM lp_positions WHERE id = {id}").SingleAsync();
            Assert.Equal("auto", raw);
        }
    }
}
