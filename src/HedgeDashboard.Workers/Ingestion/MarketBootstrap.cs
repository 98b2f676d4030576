using HedgeDashboard.Data;
using HedgeDashboard.Workers.Chain;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Ingestion;

/// <summary>
/// Makes sure the chain, the two tokens and the pool of the deployment have rows (INSERT ... ON CONFLICT DO
/// NOTHING, so stages and instances starting together do not trip over each other); returns the pool's id.
/// </summary>
public static class MarketBootstrap
{
    public static async Task<long> EnsureAsync(IDbContextFactory<HedgeDbContext> dbFactory, ChainDeployment d, string pair, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var poolAddress = d.Pool.ToLowerHex();
        var existing = await db.Pools.AsNoTracking().Where(p => p.ChainId == d.ChainId && p.Address == poolAddress).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct);
        if (existing is { } id)
        {
            return id;
        }

        var name = d.ChainId == 31337 ? "anvil" : $"chain {d.ChainId}";
        // Our deployment is this chain's HedgeController: its positions' suggestions can be executed.
        await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO chains (id, name, has_hedge_controller) VALUES ({d.ChainId}, {name}, true) ON CONFLICT (id) DO UPDATE SET has_hedge_controller = true", ct);
        var weth = d.Weth.ToLowerHex();
        var usdc = d.Usdc.ToLowerHex();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO tokens (chain_id, address, symbol, decimals) VALUES ({d.ChainId}, {weth}, 'WETH', 18), ({d.ChainId}, {usdc}, 'USDC', 6) ON CONFLICT DO NOTHING", ct);
        var token0 = d.WethIsToken0 ? weth : usdc;
        var token1 = d.WethIsToken0 ? usdc : weth;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO pools (chain_id, address, token0_id, token1_id, fee_tier, tick_spacing, pair)
            SELECT {d.ChainId}, {poolAddress}, t0.id, t1.id, {d.Fee}, {d.TickSpacing}, {pair}
            FROM tokens t0, tokens t1
            WHERE t0.chain_id = {d.ChainId} AND t0.address = {token0} AND t1.chain_id = {d.ChainId} AND t1.address = {token1}
            ON CONFLICT DO NOTHING
            """, ct);
        return await db.Pools.AsNoTracking().Where(p => p.ChainId == d.ChainId && p.Address == poolAddress).Select(p => p.Id).SingleAsync(ct);
    }
}
