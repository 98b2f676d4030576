using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Queries;

/// <summary>
/// A followed chain's health: while unhealthy (since <see cref="UnhealthySince"/>) or paused by its sequencer gate
/// (<see cref="PausedReason"/>), its positions are stale.
/// </summary>
public sealed record ChainStatus(long Id, string Name, bool IsHealthy, DateTimeOffset? UnhealthySince, string? Reason, long? HeadBlock, DateTimeOffset? CheckedAt)
{
    public string? PausedReason { get; init; }

    public DateTimeOffset? PausedSince { get; init; }
}

/// <summary>
/// What the positions list shows of a pool: its chain, pair, fee tier and token symbols, and its own price in the pair's
/// terms (quote per base) from the stored slot0 when the book follower read it (null for pools it does not follow).
/// </summary>
public sealed record PoolLabel(long PoolId, long ChainId, string ChainName, string Address, int FeeTier, string Pair, string Symbol0, string Symbol1, double? Price, PositionKind Kind = PositionKind.V3)
{
    /// <summary>USD per whole token of the pair's base and quote (null: not priced), from the chain's valuation.</summary>
    public decimal? BaseUsd { get; init; }

    public decimal? QuoteUsd { get; init; }

    /// <summary>The pair's quote token symbol (USDC for ETH/USD, WETH for BTC/ETH).</summary>
    public string QuoteSymbol { get; init; } = "";

    /// <summary>Why a token's USD price is not trusted now ("WBTC: feed is stale ..."), null while both are.</summary>
    public string? UsdStaleReason { get; init; }

    /// <summary>"WETH/USDC 0.05 %": tokens in pool order and the fee tier; "WETH/USDC v2 0.30 %" for a Uniswap v2 pair.</summary>
    public string Name => $"{Symbol0}/{Symbol1}{(Kind == PositionKind.V2 ? " v2" : "")} {(FeeTier / 10_000.0).ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture)} %";
}

/// <summary>Queries over the chains and pools of the followed books.</summary>
public static class BookQueries
{
    public static Task<List<ChainStatus>> ChainStatusesAsync(this HedgeDbContext db, CancellationToken ct = default) =>
        db.Chains.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new ChainStatus(c.Id, c.Name, c.IsHealthy, c.UnhealthySince, c.HealthReason, c.HeadBlock, c.CheckedAt) { PausedReason = c.PausedReason, PausedSince = c.PausedSince })
            .ToListAsync(ct);

    public static async Task<Dictionary<long, PoolLabel>> PoolLabelsAsync(this HedgeDbContext db, CancellationToken ct = default)
    {
        var rows = await db.Pools.AsNoTracking()
            .Select(p => new
            {
                p.Id, p.ChainId, Chain = p.Chain!.Name, p.Address, p.FeeTier, p.Pair, S0 = p.Token0!.Symbol, S1 = p.Token1!.Symbol, D0 = p.Token0.Decimals, D1 = p.Token1.Decimals, p.SqrtPriceX96,
                p.Kind, p.Reserve0, p.Reserve1, U0 = p.Token0.UsdPrice, U1 = p.Token1!.UsdPrice, R0 = p.Token0.UsdStaleReason, R1 = p.Token1.UsdStaleReason,
            })
            .ToListAsync(ct);
        return rows.ToDictionary(p => p.Id, p =>
        {
            double? price = null;
            var token0IsQuote = Markets.PairNames.IsQuote(p.S0, p.Pair);
            if (p.SqrtPriceX96 is { } sqrt && !sqrt.IsZero)
            {
                var s = (double)sqrt / Math.Pow(2, 96);
                var p01 = s * s * Math.Pow(10, p.D0 - p.D1); // token1 per token0, human units
                price = token0IsQuote ? 1 / p01 : p01;
            }
            else if (p.Reserve0 is { } r0 && p.Reserve1 is { } r1 && !r0.IsZero && !r1.IsZero)
            {
                var p01 = (double)r1 / (double)r0 * Math.Pow(10, p.D0 - p.D1); // a v2 pair's price is its reserves' ratio
                price = Markets.PairNames.IsQuote(p.S0, p.Pair) ? 1 / p01 : p01;
            }

            var stale = string.Join("; ", new[] { (p.S0, p.R0), (p.S1, p.R1) }.Where(x => x.Item2 is not null).Select(x => $"{x.Item1}: {x.Item2}"));
            return new PoolLabel(p.Id, p.ChainId, p.Chain, p.Address, p.FeeTier, p.Pair, p.S0, p.S1, price, p.Kind)
            {
                BaseUsd = token0IsQuote ? p.U1 : p.U0,
                QuoteUsd = token0IsQuote ? p.U0 : p.U1,
                QuoteSymbol = token0IsQuote ? p.S0 : p.S1,
                UsdStaleReason = stale.Length == 0 ? null : stale,
            };
        });
    }

    /// <summary>
    /// Open positions whose figures are not current: their chain is unhealthy (as of its last answer), its valuation is
    /// paused (sequencer gate), or a token of their pool has a USD price that failed a check (stale feed, deviation).
    /// </summary>
    public static Task<List<long>> StalePositionIdsAsync(this HedgeDbContext db, CancellationToken ct = default) =>
        db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open
                && (!p.Pool!.Chain!.IsHealthy || p.Pool.Chain.PausedReason != null || p.Pool.Token0!.UsdStaleReason != null || p.Pool.Token1!.UsdStaleReason != null))
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
}
