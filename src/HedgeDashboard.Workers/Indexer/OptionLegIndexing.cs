using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Chain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Indexer;

/// <summary>
/// The OptionHedgeController's logs applied to option_legs: OptionBought opens the leg whose signed order it was (same
/// position, same order nonce) with the venue's option id and the premium paid; OptionLegSettled records the settlement
/// price and payout. Both are idempotent, so re-reading a range (restarts, the reorg window) changes nothing. Each
/// keeps the block it was read from: when a reorg removes that block, <see cref="RollBackRemovedAsync"/> puts the leg
/// back (settled -> open, open -> approved, i.e. its order pending again), as the controller's events are marked
/// removed, and the canonical logs, read in the same range, apply again.
/// </summary>
internal static class OptionLegIndexing
{
    public static async Task<bool> ApplyAsync(
        HedgeDbContext db, LogEntry log, long chainId, int feedDecimals, IReadOnlyDictionary<long, long> positions, DateTimeOffset blockTime, DateTimeOffset now, CancellationToken ct)
    {
        var txHash = Hex.Encode(log.TransactionHash!);
        if (OptionHedgeController.OptionBought.Matches(log))
        {
            var ev = EventDecoding.Decode<OptionBoughtEventDto>(log);
            if (!positions.TryGetValue((long)ev.PositionId, out var positionId))
            {
                return false;
            }

            var nonce = (long)ev.Nonce;
            var leg = await db.OptionLegs.FirstOrDefaultAsync(l => l.ChainId == chainId && l.PositionId == positionId && l.OrderNonce == nonce && l.Status != OptionLegStatus.Proposed, ct);
            if (leg is null || leg.OnChainOptionId is not null)
            {
                return false; // bought outside the pipeline, or already indexed
            }

            leg.OnChainOptionId = (long)ev.OptionId;
            leg.PremiumPaid = OnChainUnits.Scale(ev.Premium, feedDecimals);
            leg.BoughtTxHash = txHash;
            leg.BoughtAt = blockTime;
            leg.BoughtBlockNumber = (long)log.BlockNumber!.Value;
            leg.BoughtBlockHash = Hex.Encode(log.BlockHash!);
            leg.Status = leg.Status == OptionLegStatus.Settled ? leg.Status : OptionLegStatus.Open;
            leg.UpdatedAt = now;
            return true;
        }

        if (OptionHedgeController.OptionLegSettled.Matches(log))
        {
            var ev = EventDecoding.Decode<OptionLegSettledEventDto>(log);
            var optionId = (long)ev.OptionId;
            var leg = await db.OptionLegs.FirstOrDefaultAsync(l => l.ChainId == chainId && l.OnChainOptionId == optionId, ct);
            if (leg is null || leg.Status == OptionLegStatus.Settled)
            {
                return false;
            }

            leg.SettlementPrice = OnChainUnits.Scale(ev.SettlementPrice, feedDecimals);
            leg.SettlementPayout = OnChainUnits.Scale(ev.Payout, feedDecimals);
            leg.SettledTxHash = txHash;
            leg.SettledAt = blockTime;
            leg.SettledBlockNumber = (long)log.BlockNumber!.Value;
            leg.SettledBlockHash = Hex.Encode(log.BlockHash!);
            leg.Status = OptionLegStatus.Settled;
            leg.UpdatedAt = now;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Legs whose OptionLegSettled or OptionBought log was read from a block of [from, to] that the chain no longer has
    /// (not among <paramref name="seen"/>: the range's logs now, as (block hash, tx hash); <paramref name="to"/> is
    /// <see cref="long.MaxValue"/> for the range that ends at the head, so blocks above a shortened chain count as gone) go back a step: settled -> open,
    /// open -> approved. Call it before applying the range's logs, so a transaction re-mined in another block of the
    /// same range is applied again at once. Returns how many legs moved.
    /// </summary>
    public static async Task<int> RollBackRemovedAsync(
        HedgeDbContext db, long chainId, long from, long to, IReadOnlySet<(string BlockHash, string TxHash)> seen, DateTimeOffset now, ILogger log, CancellationToken ct)
    {
        var moved = 0;
        var settled = await db.OptionLegs
            .Where(l => l.ChainId == chainId && l.Status == OptionLegStatus.Settled && l.SettledBlockNumber >= from && l.SettledBlockNumber <= to)
            .ToListAsync(ct);
        foreach (var leg in settled.Where(l => !seen.Contains((l.SettledBlockHash!, l.SettledTxHash!))))
        {
            log.LogWarning("Option leg {Id}: its settlement (tx {Tx}, block {Block}) was removed by a reorg; open again", leg.Id, leg.SettledTxHash, leg.SettledBlockNumber);
            leg.Status = OptionLegStatus.Open;
            leg.SettlementPrice = null;
            leg.SettlementPayout = null;
            leg.SettledTxHash = null;
            leg.SettledAt = null;
            leg.SettledBlockNumber = null;
            leg.SettledBlockHash = null;
            leg.UpdatedAt = now;
            moved++;
        }

        await db.SaveChangesAsync(ct); // a leg whose purchase went too is open now, for the query below

        var bought = await db.OptionLegs
            .Where(l => l.ChainId == chainId && l.Status == OptionLegStatus.Open && l.BoughtBlockNumber >= from && l.BoughtBlockNumber <= to)
            .ToListAsync(ct);
        foreach (var leg in bought.Where(l => !seen.Contains((l.BoughtBlockHash!, l.BoughtTxHash!))))
        {
            log.LogWarning("Option leg {Id}: its purchase (tx {Tx}, block {Block}) was removed by a reorg; pending again", leg.Id, leg.BoughtTxHash, leg.BoughtBlockNumber);
            leg.Status = OptionLegStatus.Approved;
            leg.OnChainOptionId = null;
            leg.PremiumPaid = null;
            leg.BoughtTxHash = null;
            leg.BoughtAt = null;
            leg.BoughtBlockNumber = null;
            leg.BoughtBlockHash = null;
            leg.UpdatedAt = now;
            moved++;
        }

        if (moved > 0)
        {
            // The re-read logs may carry the same option id for another leg: free the unique key before applying them.
            await db.SaveChangesAsync(ct);
        }

        return moved;
    }
}
