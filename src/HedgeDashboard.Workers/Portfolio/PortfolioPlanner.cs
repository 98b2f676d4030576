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
/// Builds the <see cref="PortfolioView"/> from the store: open protected positions of USD-quoted pools (the asset is
/// the pool's Pair base: WETH/USDC -> ETH), each valued at its pair's latest hourly close; an EWMA covariance
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
        var pairs = positions.Select(p => p.Pair).Distinct().ToArray();
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

        var rows = new List<PortfolioPositionRow>();
        var excluded = new List<string>();
        foreach (var p in positions)
        {
            var (asset, quote) = AssetNames.OfPair(p.Pair);
            if (!AssetNames.IsUsd(quote))
            {
                excluded.Add($"position {p.Id}: {p.Pair} is not quoted in USD (not priced yet)");
                continue;
            }

            if (!byPair.TryGetValue(p.Pair, out var series) || series.Count == 0)
            {
                excluded.Add($"position {p.Id}: no {p.Pair} price in the last {_o.HistoryDays} days");
                continue;
            }

            var price = series[series.Keys.Max()];
            var lp = LiquidityPosition.FromAmounts((double)p.EntryPrice, (double)p.EntryAmount0, (double)p.EntryAmount1, LpPosition.Range(p.PriceLower, p.PriceUpper).Lower, LpPosition.Range(p.PriceLower, p.PriceUpper).Upper);
            var delta = lp.DeltaAt(price) - (double)p.EntryAmount0;
            rows.Add(new PortfolioPositionRow(p.Id, p.Pair, asset, p.ChainId, price, delta, delta * price, lp.GammaAt(price), p.OnChainHedgeRatio, p.Mode, p.MaxRatioChange));
        }

        var legs = rows.Select(r => new PositionLeg(r.PositionId, r.Asset, r.Price, r.DeltaTokens, r.Gamma, -(double)r.OnChainRatio * r.DeltaTokens));
        var assets = NetExposure.ByAsset(legs);
        var names = assets.Select(a => a.Asset).ToArray();
        if (rows.Count == 0)
        {
            return new PortfolioView(now, assets, names, new double[0, 0], rows, excluded, null, null, "no protected open position with a USD price");
        }

        var pairOf = rows.GroupBy(r => r.Asset).ToDictionary(g => g.Key, g => g.First().Pair);
        var covariance = HourlyCovariance(names.Select(a => byPair[pairOf[a]]).ToArray());
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
    private static double[,]? HourlyCovariance(IReadOnlyList<Dictionary<DateTimeOffset, double>> series)
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
