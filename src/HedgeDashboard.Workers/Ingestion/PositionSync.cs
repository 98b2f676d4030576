using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Ingestion;

/// <summary>
/// Upserts the controller's protected positions (joined with their NonfungiblePositionManager NFTs) into
/// lp_positions. A row is written only when something changed, so a person editing a position's policy
/// does not lose to the ingestion's concurrency token every block. Raises an alert when a position's
/// range stops containing the price. Reads each open position's uncollected fees (collect as eth_call) when it is
/// new, its liquidity changed, or <c>feeRefresh</c> passed since the last reading; a reading is written only when the
/// figure changed, and a failed reading keeps the stored figure (logged) without holding up the rest of the sync.
/// </summary>
public sealed class PositionSync(ILogger logger)
{
    private readonly Dictionary<long, bool> _inRange = [];
    private readonly Dictionary<long, DateTimeOffset> _feesReadAt = [];

    /// <summary>Human liquidity: raw L / 10^((decimals0 + decimals1) / 2), so that x = L (1/sqrt P - 1/sqrt Pb) is in token units.</summary>
    public static double HumanLiquidity(BigInteger raw, int decimals0, int decimals1) => (double)raw / Math.Pow(10, (decimals0 + decimals1) / 2.0);

    public async Task<int> SyncAsync(
        IDbContextFactory<HedgeDbContext> dbFactory, MarketReader market, long poolId, IReadOnlyList<ChainPosition> positions, decimal price, DateTimeOffset now,
        ulong block, TimeSpan feeRefresh, IAlertSink alerts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Positions.Where(p => p.PoolId == poolId).ToDictionaryAsync(p => p.NftTokenId, ct);
        var wallets = await db.TrackedWallets.AsNoTracking().Where(w => w.ChainId == market.Deployment.ChainId).ToDictionaryAsync(w => w.Address, w => w.Id, ct);
        var weth0 = market.Deployment.WethIsToken0;
        var changed = 0;
        foreach (var c in positions)
        {
            var lower = weth0 ? market.TickToUsdPrice(c.TickLower) : market.TickToUsdPrice(c.TickUpper);
            var upper = weth0 ? market.TickToUsdPrice(c.TickUpper) : market.TickToUsdPrice(c.TickLower);
            var closed = c.Status == 3 || c.Liquidity.IsZero && c.Owner == Address.Zero;
            var owner = c.Owner == Address.Zero && rows.TryGetValue(c.TokenId, out var prior) ? prior.OwnerAddress : c.Owner.ToLowerHex();
            var known = rows.TryGetValue(c.TokenId, out var row);
            var fees = !closed && c.Owner != Address.Zero
                && (row?.FeesObservedAt is null || row.Liquidity != c.Liquidity || !_feesReadAt.TryGetValue(c.TokenId, out var readAt) || now - readAt >= feeRefresh)
                ? await ReadFeesAsync(market, c, block, now, ct)
                : null;
            if (!known || row is null)
            {
                var l = HumanLiquidity(c.Liquidity, market.Decimals0, market.Decimals1);
                var amounts = new LiquidityPosition(Math.Max(l, 1e-18), (double)lower, (double)upper).AmountsAt((double)price);
                row = new LpPosition
                {
                    PoolId = poolId,
                    NftTokenId = c.TokenId,
                    OwnerAddress = owner,
                    TickLower = c.TickLower,
                    TickUpper = c.TickUpper,
                    PriceLower = Math.Round(lower, 8),
                    PriceUpper = Math.Round(upper, 8),
                    Liquidity = c.Liquidity,
                    EntryPrice = Math.Round(price, 8),
                    EntryAmount0 = Math.Round((decimal)Math.Max(0, amounts.Amount0), 12),
                    EntryAmount1 = Math.Round((decimal)Math.Max(0, amounts.Amount1), 8),
                    ProtectedPositionId = c.PositionId > 0 ? c.PositionId : null,
                    WalletId = wallets.TryGetValue(owner, out var w) ? w : null,
                    OnChainHedgeRatio = c.Ratio,
                    FeesOwed0 = fees?.Amount0,
                    FeesOwed1 = fees?.Amount1,
                    FeesObservedAt = fees is null ? null : now,
                    FeesObservedBlock = fees is null ? null : (long)block,
                    Status = closed ? PositionStatus.Closed : PositionStatus.Open,
                    ClosedAt = closed ? now : null,
                    OpenedAt = now,
                    UpdatedAt = now,
                };
                db.Positions.Add(row);
                changed++;
            }
            else
            {
                var before = (row.OwnerAddress, row.Liquidity, row.OnChainHedgeRatio, row.Status, row.ProtectedPositionId, row.TickLower, row.TickUpper);
                row.OwnerAddress = owner;
                row.Liquidity = c.Liquidity;
                if (c.PositionId > 0 || row.ProtectedPositionId is null)
                {
                    row.OnChainHedgeRatio = c.Ratio;
                    row.ProtectedPositionId = c.PositionId > 0 ? c.PositionId : null;
                }

                row.WalletId ??= wallets.TryGetValue(owner, out var w) ? w : null;
                if (closed && row.Status != PositionStatus.Closed)
                {
                    row.Status = PositionStatus.Closed;
                    row.ClosedAt = now;
                }

                var feesChanged = fees is not null && (row.FeesOwed0 != fees.Amount0 || row.FeesOwed1 != fees.Amount1 || row.FeesObservedAt is null);
                if (feesChanged)
                {
                    row.FeesOwed0 = fees!.Amount0;
                    row.FeesOwed1 = fees.Amount1;
                    row.FeesObservedAt = now;
                    row.FeesObservedBlock = (long)block;
                }

                if (feesChanged || before != (row.OwnerAddress, row.Liquidity, row.OnChainHedgeRatio, row.Status, row.ProtectedPositionId, row.TickLower, row.TickUpper))
                {
                    row.UpdatedAt = now;
                    changed++;
                }
            }

            var inside = price > lower && price < upper;
            if (_inRange.TryGetValue(c.TokenId, out var wasInside) && wasInside && !inside && !closed)
            {
                alerts.Publish(new Alert(AlertKinds.PositionOutOfRange, $"Position {c.PositionId} (NFT {c.TokenId}) left its range {lower:0.##}-{upper:0.##} at {price:0.##}",
                    new Dictionary<string, object?> { ["protectedPositionId"] = c.PositionId, ["tokenId"] = c.TokenId, ["price"] = price, ["priceLower"] = lower, ["priceUpper"] = upper }));
            }

            _inRange[c.TokenId] = inside;
        }

        if (changed > 0)
        {
            await db.SaveChangesAsync(ct);
            await LiveUpdates.NotifyAsync(db, "positions", 0, "updated", ct);
        }

        return changed;
    }

    private async Task<FeesOwed?> ReadFeesAsync(MarketReader market, ChainPosition c, ulong block, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var fees = await market.ReadFeesOwedAsync(c.TokenId, c.Owner, BlockParameter.Number(block), ct);
            _feesReadAt[c.TokenId] = now;
            return fees;
        }
        catch (Exception ex) when (ex is ExecutionRevertedException or RpcProtocolException)
        {
            // Keep the stored figure; try again at the next sync.
            logger.LogWarning("Fees of NFT {TokenId} not read at block {Block}: {Error}", c.TokenId, block, ex.Message);
            return null;
        }
    }
}
