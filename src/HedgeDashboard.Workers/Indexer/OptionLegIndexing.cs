using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Chain;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Indexer;

/// <summary>
/// The OptionHedgeController's logs applied to option_legs: OptionBought opens the leg whose signed order it was (same
/// position, same order nonce) with the venue's option id and the premium paid; OptionLegSettled records the settlement
/// price and payout. Both are idempotent, so re-reading a range (restarts, the reorg window) changes nothing.
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
            leg.Status = OptionLegStatus.Settled;
            leg.UpdatedAt = now;
            return true;
        }

        return false;
    }
}
