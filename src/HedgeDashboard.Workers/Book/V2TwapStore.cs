using HedgeDashboard.Data;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Book;

/// <summary>
/// The v2 pairs' accumulator readings of one chain in v2_twap_readings, so a restarted follower has a pair's TWAP on its
/// first refresh a window after a stored reading instead of a window after its own first one.
/// </summary>
public static class V2TwapStore
{
    /// <summary>
    /// Loads the chain's stored readings of <paramref name="pairs"/> into <paramref name="history"/> and deletes those of
    /// other pairs. When the node no longer has the latest reading's block at the same timestamp (the chain was reverted or
    /// replaced while the follower was stopped), every reading of the chain is deleted instead and the TWAPs start again.
    /// Returns the readings loaded and, when discarded, why.
    /// </summary>
    public static async Task<(int Loaded, string? Discarded)> LoadAsync(
        IDbContextFactory<HedgeDbContext> dbFactory, EthereumRpc rpc, long chainId, IReadOnlyCollection<Address> pairs, V2TwapHistory history, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var followed = pairs.Select(p => p.ToLowerHex()).ToList();
        await db.V2TwapReadings.Where(r => r.ChainId == chainId && !followed.Contains(r.Pair)).ExecuteDeleteAsync(ct);
        var rows = await db.V2TwapReadings.AsNoTracking().Where(r => r.ChainId == chainId).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return (0, null);
        }

        var latest = rows.MaxBy(r => r.BlockNumber)!;
        var block = await rpc.Chain.GetBlockAsync(BlockParameter.Number((ulong)latest.BlockNumber), ct);
        if (block is null || (long)block.Timestamp != latest.BlockTimestamp)
        {
            await db.V2TwapReadings.Where(r => r.ChainId == chainId).ExecuteDeleteAsync(ct);
            return (0, block is null
                ? $"the node has no block {latest.BlockNumber}, the latest stored reading's"
                : $"block {latest.BlockNumber} has timestamp {(long)block.Timestamp}, the stored reading {latest.BlockTimestamp}");
        }

        foreach (var g in rows.GroupBy(r => r.Pair))
        {
            history.Load(Address.Parse(g.Key), g.Select(r => new V2Reading(r.BlockTimestamp, r.Cumulative0, r.Cumulative1) { Block = r.BlockNumber }));
        }

        return (rows.Count, null);
    }

    /// <summary>
    /// Makes the stored readings of <paramref name="pairs"/> those of <paramref name="history"/>: deletes what it dropped
    /// (older than the reading a TWAP uses, or everything before a reorg) and adds its latest reading.
    /// </summary>
    public static async Task SaveAsync(IDbContextFactory<HedgeDbContext> dbFactory, long chainId, IReadOnlyCollection<Address> pairs, V2TwapHistory history, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var pair in pairs)
        {
            var readings = history.Readings(pair);
            if (readings.Count == 0)
            {
                continue;
            }

            var (address, first, latest) = (pair.ToLowerHex(), readings[0].Timestamp, readings[^1]);
            await db.V2TwapReadings
                .Where(r => r.ChainId == chainId && r.Pair == address && (r.BlockTimestamp < first || r.BlockTimestamp > latest.Timestamp || r.BlockNumber > latest.Block))
                .ExecuteDeleteAsync(ct);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO v2_twap_readings (chain_id, pair, block_timestamp, block_number, cumulative0, cumulative1)
                VALUES ({chainId}, {address}, {latest.Timestamp}, {latest.Block}, {latest.Cumulative0}, {latest.Cumulative1}) ON CONFLICT DO NOTHING
                """, ct);
        }

        await tx.CommitAsync(ct);
    }
}
