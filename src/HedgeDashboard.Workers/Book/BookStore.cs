using System.Numerics;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Markets;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Book;

/// <summary>
/// Writes one chain's book into chains, tokens, pools (with their slot0 state) and lp_positions. Prices and amounts are
/// in the pool's pair terms (<see cref="PairNames"/>): amount0/price_lower... of the pair's base, the quote per base.
/// Positions of tracked wallets that left the book (burned, transferred) are closed.
/// </summary>
public static class BookStore
{
    public static async Task EnsureChainAsync(IDbContextFactory<HedgeDbContext> dbFactory, ChainEntry chain, bool hasHedgeController, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var explorer = string.IsNullOrWhiteSpace(chain.ExplorerTxUrlTemplate) ? null : chain.ExplorerTxUrlTemplate;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO chains (id, name, explorer_tx_url_template, has_hedge_controller) VALUES ({chain.Id}, {chain.Name}, {explorer}, {hasHedgeController})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, explorer_tx_url_template = COALESCE(excluded.explorer_tx_url_template, chains.explorer_tx_url_template),
                has_hedge_controller = excluded.has_hedge_controller
            """, ct);
    }

    /// <summary>The chain answered at <paramref name="head"/>; returns true when it was unhealthy before.</summary>
    public static async Task<bool> MarkUpAsync(IDbContextFactory<HedgeDbContext> dbFactory, long chainId, ulong head, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wasDown = await db.Chains.Where(c => c.Id == chainId).Select(c => !c.IsHealthy).SingleAsync(ct);
        await db.Chains.Where(c => c.Id == chainId).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.IsHealthy, true).SetProperty(c => c.UnhealthySince, (DateTimeOffset?)null).SetProperty(c => c.HealthReason, (string?)null)
                .SetProperty(c => c.HeadBlock, (long)head).SetProperty(c => c.CheckedAt, now),
            ct);
        if (wasDown)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "chain-healthy", ct);
        }

        return wasDown;
    }

    /// <summary>The chain does not answer: its positions are stale from the first failure on; returns true on the change.</summary>
    public static async Task<bool> MarkDownAsync(IDbContextFactory<HedgeDbContext> dbFactory, long chainId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wasUp = await db.Chains.Where(c => c.Id == chainId).Select(c => c.IsHealthy).SingleOrDefaultAsync(ct);
        var text = reason.Length > 500 ? reason[..500] : reason;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE chains SET is_healthy = false, unhealthy_since = COALESCE(unhealthy_since, {now}), health_reason = {text}, checked_at = {now} WHERE id = {chainId}", ct);
        if (wasUp)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "chain-unhealthy", ct);
        }

        return wasUp;
    }

    /// <summary>Upserts the snapshot; returns the number of position rows written.</summary>
    public static async Task<int> SaveAsync(
        IDbContextFactory<HedgeDbContext> dbFactory, ChainEntry chain, BookContracts contracts, BookSnapshot snap, IReadOnlyDictionary<string, long> wallets, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var t in snap.NewTokens)
        {
            var address = t.Address.ToLowerHex();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO tokens (chain_id, address, symbol, decimals) VALUES ({chain.Id}, {address}, {t.Symbol}, {t.Decimals}) ON CONFLICT DO NOTHING", ct);
        }

        var tokens = await db.Tokens.AsNoTracking().Where(t => t.ChainId == chain.Id).ToDictionaryAsync(t => t.Address, ct);
        var pools = await db.Pools.Where(p => p.ChainId == chain.Id).ToDictionaryAsync(p => p.Address, ct);
        foreach (var s in snap.Pools.Values)
        {
            var address = s.Address.ToLowerHex();
            if (!pools.TryGetValue(address, out var pool))
            {
                var (t0, t1) = (tokens[s.Token0.ToLowerHex()], tokens[s.Token1.ToLowerHex()]);
                pool = new Pool
                {
                    ChainId = chain.Id,
                    Address = address,
                    Token0Id = t0.Id,
                    Token1Id = t1.Id,
                    FeeTier = s.Fee,
                    TickSpacing = s.TickSpacing ?? throw new InvalidOperationException($"pool {address}: tick spacing not read"),
                    Pair = PairNames.Of(t0.Symbol, t1.Symbol).Pair,
                };
                db.Pools.Add(pool);
                pools[address] = pool;
            }

            pool.SqrtPriceX96 = s.SqrtPriceX96;
            pool.StateTick = s.Tick;
            pool.StateBlock = (long)snap.Block;
            pool.StateAt = now;
        }

        foreach (var s in snap.V2Pairs)
        {
            var address = s.Address.ToLowerHex();
            if (!pools.TryGetValue(address, out var pool))
            {
                var (t0, t1) = (tokens[s.Token0.ToLowerHex()], tokens[s.Token1.ToLowerHex()]);
                pool = new Pool
                {
                    ChainId = chain.Id,
                    Address = address,
                    Kind = PositionKind.V2,
                    Token0Id = t0.Id,
                    Token1Id = t1.Id,
                    FeeTier = V2FeeTier,
                    TickSpacing = 0,
                    Pair = PairNames.Of(t0.Symbol, t1.Symbol).Pair,
                };
                db.Pools.Add(pool);
                pools[address] = pool;
            }

            pool.Reserve0 = s.Reserve0;
            pool.Reserve1 = s.Reserve1;
            pool.TotalSupply = s.TotalSupply;
            pool.StateBlock = (long)snap.Block;
            pool.StateAt = now;
        }

        await db.SaveChangesAsync(ct);

        var bookPoolIds = pools.Values.Where(p => contracts.OwnPool is not { } own || p.Address != own.ToLowerHex()).Select(p => p.Id).ToList();
        var changed = await SaveV2Async(db, snap, pools, tokens, wallets, bookPoolIds, now, ct);
        var rows = await db.Positions.Where(p => p.Kind == PositionKind.V3 && bookPoolIds.Contains(p.PoolId)).ToDictionaryAsync(p => (p.PoolId, p.NftTokenId), ct);
        var seen = new HashSet<long>();
        foreach (var c in snap.Positions)
        {
            var pool = pools[c.Pool.ToLowerHex()];
            var (t0, t1) = (tokens[c.Token0.ToLowerHex()], tokens[c.Token1.ToLowerHex()]);
            var v = Value(pool, t0, t1, c.TickLower, c.TickUpper, c.Liquidity);
            var owner = c.Owner.ToLowerHex();
            var closed = c.Liquidity.IsZero;
            if (!rows.TryGetValue((pool.Id, c.TokenId), out var row))
            {
                row = new LpPosition
                {
                    PoolId = pool.Id,
                    NftTokenId = c.TokenId,
                    OwnerAddress = owner,
                    TickLower = c.TickLower,
                    TickUpper = c.TickUpper,
                    PriceLower = v.PriceLower,
                    PriceUpper = v.PriceUpper,
                    Liquidity = c.Liquidity,
                    EntryPrice = v.Price,
                    EntryAmount0 = v.Base,
                    EntryAmount1 = v.Quote,
                    WalletId = wallets.TryGetValue(owner, out var w) ? w : null,
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
                var before = (row.OwnerAddress, row.Liquidity, row.Status, row.FeesOwed0, row.FeesOwed1);
                row.OwnerAddress = owner;
                row.Liquidity = c.Liquidity;
                row.WalletId ??= wallets.TryGetValue(owner, out var w) ? w : null;
                if (closed && row.Status != PositionStatus.Closed)
                {
                    row.Status = PositionStatus.Closed;
                    row.ClosedAt = now;
                }
                else if (!closed && row.Status == PositionStatus.Closed)
                {
                    row.Status = PositionStatus.Open; // liquidity added back to the same NFT
                    row.ClosedAt = null;
                }

                if (before != (row.OwnerAddress, row.Liquidity, row.Status, c.Fees?.Amount0 ?? row.FeesOwed0, c.Fees?.Amount1 ?? row.FeesOwed1))
                {
                    row.UpdatedAt = now;
                    changed++;
                }
            }

            if (c.Fees is { } f && (row.FeesOwed0 != f.Amount0 || row.FeesOwed1 != f.Amount1 || row.FeesObservedAt is null))
            {
                row.FeesOwed0 = f.Amount0;
                row.FeesOwed1 = f.Amount1;
                row.FeesObservedAt = now;
                row.FeesObservedBlock = (long)snap.Block;
            }

            seen.Add(row.Id);
        }

        // Tracked wallets' positions that are no longer theirs (burned or transferred away) leave the book.
        foreach (var row in rows.Values.Where(r => r.Status == PositionStatus.Open && wallets.ContainsKey(r.OwnerAddress) && r.Id != 0 && !seen.Contains(r.Id)))
        {
            row.Status = PositionStatus.Closed;
            row.ClosedAt = now;
            row.UpdatedAt = now;
            changed++;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (changed > 0)
        {
            await LiveUpdates.NotifyAsync(db, "positions", 0, "updated", ct);
        }

        return changed;
    }

    /// <summary>Uniswap v2 pairs charge 0.3 % on every swap (hundredths of a basis point, as v3 fee tiers).</summary>
    public const int V2FeeTier = 3000;

    /// <summary>v2 full range as ticks: Uniswap v3's MIN_TICK and MAX_TICK.</summary>
    public const int MinTick = -887272;

    public const int MaxTick = 887272;

    // One row per pair and tracked owner: created on the first non-zero balance, closed when it falls to zero.
    private static async Task<int> SaveV2Async(
        HedgeDbContext db, BookSnapshot snap, Dictionary<string, Pool> pools, Dictionary<string, Token> tokens, IReadOnlyDictionary<string, long> wallets,
        List<long> bookPoolIds, DateTimeOffset now, CancellationToken ct)
    {
        if (snap.V2Balances.Count == 0)
        {
            return 0;
        }

        var rows = await db.Positions.Where(p => p.Kind == PositionKind.V2 && bookPoolIds.Contains(p.PoolId)).ToDictionaryAsync(p => (p.PoolId, p.OwnerAddress), ct);
        var changed = 0;
        foreach (var b in snap.V2Balances)
        {
            var pool = pools[b.Pair.ToLowerHex()];
            var owner = b.Owner.ToLowerHex();
            var closed = b.Balance.IsZero;
            if (!rows.TryGetValue((pool.Id, owner), out var row))
            {
                if (closed)
                {
                    continue;
                }

                var v = ValueV2(pool, tokens.Values.Single(t => t.Id == pool.Token0Id), tokens.Values.Single(t => t.Id == pool.Token1Id), b.Balance);
                if (v.Price <= 0)
                {
                    continue; // an empty pair has no price yet
                }

                db.Positions.Add(new LpPosition
                {
                    PoolId = pool.Id,
                    Kind = PositionKind.V2,
                    NftTokenId = 0,
                    OwnerAddress = owner,
                    TickLower = MinTick,
                    TickUpper = MaxTick,
                    Liquidity = b.Balance,
                    EntryPrice = v.Price,
                    EntryAmount0 = v.Base,
                    EntryAmount1 = v.Quote,
                    WalletId = wallets.TryGetValue(owner, out var w) ? w : null,
                    OpenedAt = now,
                    UpdatedAt = now,
                });
                changed++;
                continue;
            }

            if (row.Liquidity == b.Balance && (row.Status == PositionStatus.Closed) == closed)
            {
                continue;
            }

            row.Liquidity = b.Balance;
            row.Status = closed ? PositionStatus.Closed : PositionStatus.Open;
            row.ClosedAt = closed ? now : null;
            row.UpdatedAt = now;
            changed++;
        }

        return changed;
    }

    /// <summary>
    /// A v2 balance's price and exact amounts (what burn pays: <see cref="V2Math.Amounts"/>) in the pair's terms; the
    /// price is the reserves' ratio. Zero amounts and price while the pair holds nothing.
    /// </summary>
    public static PairValue ValueV2(Pool pool, Token token0, Token token1, BigInteger balance)
    {
        var (r0, r1, ts) = (pool.Reserve0 ?? 0, pool.Reserve1 ?? 0, pool.TotalSupply ?? 0);
        var (raw0, raw1) = V2Math.Amounts(balance, r0, r1, ts);
        var (d0, d1) = (token0.Decimals, token1.Decimals);
        var (a0, a1) = (Scale(raw0, d0), Scale(raw1, d1));
        if (r0.IsZero || r1.IsZero)
        {
            return new PairValue(0, 0, 0, a0, a1, raw0, raw1);
        }

        // token1 per token0 in human units, exact to decimal's 28 digits: (r1 / 10^d1) / (r0 / 10^d0).
        var p = Scale(r1, d1) / Scale(r0, d0);
        var token0IsBase = !PairNames.IsQuote(token0.Symbol, pool.Pair);
        return token0IsBase ? new PairValue(p, 0, 0, a0, a1, raw0, raw1) : new PairValue(1 / p, 0, 0, a1, a0, raw0, raw1);
    }

    /// <summary>A position's range, price and exact amounts (what decreaseLiquidity pays) in the pair's terms.</summary>
    public readonly record struct PairValue(decimal Price, decimal PriceLower, decimal PriceUpper, decimal Base, decimal Quote, BigInteger Raw0, BigInteger Raw1);

    public static PairValue Value(Pool pool, Token token0, Token token1, int tickLower, int tickUpper, BigInteger liquidity)
    {
        var sqrt = pool.SqrtPriceX96 ?? throw new InvalidOperationException($"pool {pool.Address} has no state yet");
        var (raw0, raw1) = PositionAmounts.AtState(sqrt, pool.StateTick ?? TickMath.GetTickAtSqrtRatio(sqrt), tickLower, tickUpper, liquidity);
        var (d0, d1) = (token0.Decimals, token1.Decimals);
        var token0IsBase = !PairNames.IsQuote(token0.Symbol, pool.Pair);
        var p = UniswapPrices.SqrtPriceX96ToPrice(sqrt, d0, d1);
        var lo = UniswapPrices.TickToPrice(tickLower, d0, d1);
        var hi = UniswapPrices.TickToPrice(tickUpper, d0, d1);
        var (a0, a1) = (Scale(raw0, d0), Scale(raw1, d1));
        return token0IsBase
            ? new PairValue(Round(p), Round(lo), Round(hi), a0, a1, raw0, raw1)
            : new PairValue(Round(1 / p), Round(1 / hi), Round(1 / lo), a1, a0, raw0, raw1);
    }

    /// <summary>
    /// A position's USD value: its exact token amounts (what decreaseLiquidity pays) times each token's USD price; null
    /// when either token is not priced.
    /// </summary>
    public static decimal? UsdValue(PairValue v, Token token0, Token token1) =>
        token0.UsdPrice is { } u0 && token1.UsdPrice is { } u1 ? (Scale(v.Raw0, token0.Decimals) * u0) + (Scale(v.Raw1, token1.Decimals) * u1) : null;

    // Fifteen significant digits, as the double carries.
    private static decimal Round(double v) => (decimal)v;

    private static decimal Scale(BigInteger value, int decimals) => HedgeDashboard.Workers.Chain.OnChainUnits.Scale(value, decimals);
}
