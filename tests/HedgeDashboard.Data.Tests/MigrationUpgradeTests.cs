using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace HedgeDashboard.Data.Tests;

/// <summary>Upgrading the previous release's schema (with data in it) and the operators' SQL script.</summary>
public sealed class MigrationUpgradeTests
{
    [Fact]
    public async Task Migrate_FromPreviousMigrationWithData_UpgradesAndBackfills()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("hupgrade");
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(database.ConnectionString);
        var all = db.Database.GetMigrations().ToList();
        Assert.True(all.Count >= 2, "needs a previous migration to upgrade from");
        var previous = all[^2];

        // The previous release's schema, with data written through SQL (today's model may not match it).
        await db.GetService<IMigrator>().MigrateAsync(previous);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO chains (id, name) VALUES (31337, 'anvil');
            INSERT INTO tokens (chain_id, address, symbol, decimals) VALUES
                (31337, '0x00000000000000000000000000000000000000a1', 'WETH', 18), (31337, '0x00000000000000000000000000000000000000a2', 'USDC', 6);
            INSERT INTO pools (chain_id, address, token0_id, token1_id, fee_tier, tick_spacing, pair)
                SELECT 31337, '0x00000000000000000000000000000000000000b1', min(id), max(id), 500, 10, 'ETH/USD' FROM tokens;
            INSERT INTO lp_positions (pool_id, nft_token_id, owner_address, tick_lower, tick_upper, price_lower, price_upper, liquidity,
                entry_amount0, entry_amount1, entry_price, status, on_chain_hedge_ratio, execution_mode, suggestion_threshold,
                max_ratio_change, max_notional_per_day_usd, cooldown, opened_at, updated_at)
                SELECT (SELECT id FROM pools), g, '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', -10, 10, 1, 2, 1, 1, 1, 1.5, 'open', 0,
                    'manual', 0.05, 0.25, 0, interval '1 hour', now(), now() FROM generate_series(1, 3) g;
            INSERT INTO risk_scores (position_id, scored_at, score, forecast_volatility, horizon_hours, expected_il,
                prob_il_beyond_threshold, il_threshold, recommended_ratio, features)
                SELECT p.id, timestamptz '2026-01-01' + k * interval '1 hour', k / 10.0, 0.5, 24, -0.01, 0.2, 0.05, 0.3, '{{}}'
                FROM lp_positions p CROSS JOIN generate_series(1, 5) k;
            """);

        var applied = await new DatabaseMigrator(database.ConnectionString).MigrateAsync();

        Assert.Equal(all[^1], Assert.Single(applied));
        var latest = await db.PositionLatestScores.OrderBy(l => l.PositionId).ToListAsync();
        Assert.Equal(3, latest.Count);
        Assert.All(latest, l => Assert.Equal(0.5, l.Score)); // k = 5, the newest, backfilled
        Assert.All(await db.Positions.AsNoTracking().ToListAsync(), p => Assert.Null(p.FeesObservedAt)); // fees: never observed yet
        Assert.Empty(await new DatabaseMigrator(database.ConnectionString).MigrateAsync()); // and again: nothing to do
    }

    [Fact]
    public async Task Migrate_DownToPreviousAndUpAgain_Works()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("hdown");
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(database.ConnectionString);
        await new DatabaseMigrator(database.ConnectionString).MigrateAsync();
        var all = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(all[^2]);
        Assert.Equal(all[^1], Assert.Single(await db.Database.GetPendingMigrationsAsync()));
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void IdempotentScript_Committed_IsUpToDate()
    {
        using var db = HedgeDataServiceCollectionExtensions.CreateContext("Host=127.0.0.1;Database=unused");
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var path = Path.Combine(RepoPaths.Root, "migrations", "HedgeDashboard.Migrations", "idempotent.sql");
        Assert.True(File.Exists(path), $"{path} is missing; see migrations/README.md");
        var committed = File.ReadAllText(path);
        Assert.True(
            Normalize(generated) == Normalize(committed),
            "migrations/HedgeDashboard.Migrations/idempotent.sql is out of date: regenerate it with the command in migrations/README.md");
    }

    private static string Normalize(string sql) => string.Join('\n', sql.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
}
