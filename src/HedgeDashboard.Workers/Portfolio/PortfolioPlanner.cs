using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Portfolio;
using HedgeDashboard.Quant.Positions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Portfolio;

/// <summary>A protected open position as the portfolio sees it. Exposure is the USD delta of (LP - HODL).</summary>
public sealed record PortfolioPositionRow(
    long PositionId, string Pair, string Asset, long ChainId, double Price, double DeltaTokens, double ExposureUsd, double Gamma,
    decimal OnChainRatio, ExecutionMode Mode, decimal MaxRatioChange);

/// <summary>
/// The portfolio now: exposure per asset, the correlations, and the optimizer's plan against per-position hedging;
/// the plans are null when there is nothing to hedge or not enough price history (the note says which).
/// </summary>
public sealed record PortfolioView(
    DateTimeOffset AsOf,
    IReadOnlyList<AssetExposure> Assets,
    IReadOnlyList<string> CorrelationAssets,
    double[,] Correlation,
    IReadOnlyList<PortfolioPositionRow> Positions,
    IReadOnlyList<string> Excluded,
    PortfolioPlan? Plan,
    PortfolioPlan? PerPosition,
    string? Note);

/// <summary>
/// Builds the <see cref="PortfolioView"/> from the store: open protected positions (the asset is the pool's Pair base:
/// WETH/USDC -> ETH), each valued at its pair's latest hourly close, in USD directly or, for a pair quoted in another
/// asset (WBTC/ETH), times its quote's USD price, with the quote leg of its exposure (<see cref="NetExposure.PairLegs"/>);
/// the optimizer hedges the base legs. An EWMA covariance
/// (RiskMetrics, hourly) of the assets' hourly log returns over <see cref="PortfolioOptions.HistoryDays"/>; and
/// <see cref="PortfolioOptimizer"/> within each position's policy (ratio in [0, 1], at most MaxRatioChange per update).
/// </summary>
public sealed class PortfolioPlanner(IDbContextFactory<HedgeDbContext> dbFactory, TimeProvider time, IOptions<PortfolioOptions> options)
{
    private readonly PortfolioOptions _o = options.Value;

    public async Task<PortfolioView> BuildAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var positions = await db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open && p.ProtectedPositionId != null)
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Pool!.Pair, p.Pool.ChainId, p.EntryPrice, p.EntryAmount0, p.EntryAmount1, p.PriceLower, p.PriceUpper, p.OnChainHedgeRatio, p.Policy.Mode, p.Policy.MaxRatioChange })
            .ToListAsync(ct);
        // The quotes' USD prices come from any USD pair of the quote asset the store has (a feed or a pool).
        var quotes = positions.Select(p => AssetNames.OfPair(p.Pair).Quote).Where(q => !AssetNames.IsUsd(q)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<string> known = quotes.Count == 0 ? [] : await db.Pools.AsNoTracking().Select(p => p.Pair).Distinct().ToListAsync(ct);
        var pairs = positions.Select(p => p.Pair)
            .Concat(known.Where(k => AssetNames.OfPair(k) is var (b, q) && AssetNames.IsUsd(q) && quotes.Contains(b)))
            .Concat(quotes.Select(q => q + "/USD"))
            .Distinct().ToArray();
        var from = now.AddDays(-_o.HistoryDays);
        var closes = await db.Database.SqlQuery<HourClose>($"""
            SELECT pair AS "Pair", date_bin(interval '1 hour', observed_at, timestamptz '2000-01-01') AS "Hour",
                   (array_agg(price ORDER BY observed_at DESC))[1] AS "Close"
            FROM price_observations
            WHERE pair = ANY({pairs}) AND observed_at >= {from} AND observed_at <= {now}
            GROUP BY 1, 2
            ORDER BY 2
            """).ToListAsync(ct);
        var byPair = closes.GroupBy(c => c.Pair).ToDictionary(g => g.Key, g => g.ToDictionary(c => c.Hour, c => (double)c.Close));
        var usd = UsdPrices.ByAsset(byPair);

        var rows = new List<PortfolioPositionRow>();
        var legs = new List<PositionLeg>();
        var excluded = new List<string>();
        foreach (var p in positions)
        {
            var (asset, quote) = AssetNames.OfPair(p.Pair);
            if (!byPair.TryGetValue(p.Pair, out var series) || series.Count == 0)
            {
                excluded.Add($"position {p.Id}: no {p.Pair} price in the last {_o.HistoryDays} days");
                continue;
            }

            var quoteUsd = 1.0;
            if (!AssetNames.IsUsd(quote))
            {
                if (!usd.TryGetValue(quote, out var q) || q.Count == 0)
                {
                    excluded.Add($"position {p.Id}: no {quote}/USD price in the last {_o.HistoryDays} days to value {p.Pair} in USD");
                    continue;
                }

                quoteUsd = q.Last().Value;
            }

            var price = series[series.Keys.Max()]; // in the pair's quote
            var lp = LiquidityPosition.FromAmounts((double)p.EntryPrice, (double)p.EntryAmount0, (double)p.EntryAmount1, LpPosition.Range(p.PriceLower, p.PriceUpper).Lower, LpPosition.Range(p.PriceLower, p.PriceUpper).Upper);
            var delta = lp.DeltaAt(price) - (double)p.EntryAmount0;
            var valueDiff = lp.ValueAt(price) - (((double)p.EntryAmount0 * price) + (double)p.EntryAmount1);
            var own = NetExposure.PairLegs(p.Id, p.Pair, price, quoteUsd, delta, valueDiff, lp.GammaAt(price), -(double)p.OnChainHedgeRatio * delta);
            legs.AddRange(own);
            var baseLeg = own[0];
            rows.Add(new PortfolioPositionRow(p.Id, p.Pair, asset, p.ChainId, baseLeg.PriceUsd, delta, baseLeg.DeltaUsd, baseLeg.Gamma, p.OnChainHedgeRatio, p.Mode, p.MaxRatioChange));
        }

        var assets = NetExposure.ByAsset(legs);
        var names = assets.Select(a => a.Asset).ToArray();
        if (rows.Count == 0)
        {
            return new PortfolioView(now, assets, names, new double[0, 0], rows, excluded, null, null, "no protected open position with a USD price");
        }

        var covariance = HourlyCovariance([.. names.Select(a => (IReadOnlyDictionary<DateTimeOffset, double>)usd[a])]);
        if (covariance is null)
        {
            return new PortfolioView(now, assets, names, new double[names.Length, names.Length], rows, excluded, null, null,
                $"fewer than 2 hourly returns common to {string.Join(", ", names)} in the last {_o.HistoryDays} days");
        }

        var index = names.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
        var problem = new PortfolioProblem(
            names,
            Matrix.Scale(covariance, _o.HorizonHours),
            [.. rows.Select(r => new HedgePosition(r.PositionId, index[r.Asset], r.ExposureUsd, (double)r.OnChainRatio, (double)r.MaxRatioChange))],
            _o.RiskAversion,
            _o.FeeBps,
            _o.GasUsd);
        return new PortfolioView(now, assets, names, Matrix.Correlation(covariance), rows, excluded, PortfolioOptimizer.Optimize(problem), PortfolioOptimizer.OptimizeEachAlone(problem), null);
    }

    /// <summary>EWMA covariance of hourly log returns over hours present in every series; null with fewer than 2 returns.</summary>
    private static double[,]? HourlyCovariance(IReadOnlyList<IReadOnlyDictionary<DateTimeOffset, double>> series)
    {
        var hours = series.Skip(1).Aggregate(new HashSet<DateTimeOffset>(series[0].Keys), (set, s) => { set.IntersectWith(s.Keys); return set; }).Order().ToArray();
        if (hours.Length < 3)
        {
            return null;
        }

        var ewma = new EwmaCovariance(series.Count, EwmaCovariance.HourlyRiskMetricsLambda);
        var r = new double[series.Count];
        for (var i = 1; i < hours.Length; i++)
        {
            for (var a = 0; a < series.Count; a++)
            {
                // A missing hour is one longer step: its return is spread over the hours it spans.
                r[a] = Math.Log(series[a][hours[i]] / series[a][hours[i - 1]]) / Math.Sqrt(Math.Max(1, (hours[i] - hours[i - 1]).TotalHours));
            }

            ewma.Add(r);
        }

        return ewma.Current();
    }

    internal sealed record HourClose(string Pair, DateTimeOffset Hour, decimal Close);
}
