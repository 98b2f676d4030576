using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Quant.Backtesting;
using HedgeDashboard.Quant.Metrics;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Protection;

/// <summary>The Protection page's reads: the positions to pick from, one position's series, and the portfolio's sums.</summary>
public sealed class ProtectionService(IDbContextFactory<HedgeDbContext> dbFactory, TimeProvider time)
{
    public const int PortfolioLimit = 50;

    /// <summary>The metrics the page shows as cards; its definitions list names exactly these.</summary>
    public static IReadOnlyList<MetricDefinition> ShownMetrics { get; } =
        [MetricDefinitions.ProtectionRate, MetricDefinitions.VarianceReduction, MetricDefinitions.DollarOffset];

    public sealed record Choice(long Id, string Text);

    public sealed record Portfolio(
        IReadOnlyList<string> Names, IReadOnlyList<double> Unhedged, IReadOnlyList<double> Hedged, CostBreakdown Costs, double FeesEarned)
    {
        public double LossUnhedged => Unhedged.Sum();

        public double LossHedged => Hedged.Sum();

        public double ProtectionRate => ProtectionMath.ProtectionRate(LossUnhedged, LossHedged);
    }

    /// <summary>Open positions (at most 1,000), with <paramref name="wanted"/> first when a link names a closed or later one.</summary>
    public async Task<IReadOnlyList<Choice>> ChoicesAsync(long? wanted, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var choices = await db.Positions.AsNoTracking().Where(p => p.Status == PositionStatus.Open).OrderBy(p => p.Id).Take(1000)
            .Select(p => new Choice(p.Id, p.Pool!.Pair + " #" + p.NftTokenId)).ToListAsync(ct);
        if (wanted is { } id && choices.All(c => c.Id != id))
        {
            choices.InsertRange(0, await db.Positions.AsNoTracking().Where(p => p.Id == id)
                .Select(p => new Choice(p.Id, p.Pool!.Pair + " #" + p.NftTokenId)).ToListAsync(ct));
        }

        return choices;
    }

    /// <summary>A position's value paths and metrics from its pair's pool prices (else Chainlink's, else any); null without enough prices.</summary>
    public async Task<ProtectionSeries?> SeriesAsync(long positionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await SeriesAsync(db, positionId, ct);
    }

    public async Task<Portfolio?> PortfolioAsync(IReadOnlyList<Choice> choices, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(choices);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = new List<string>();
        var unhedged = new List<double>();
        var hedged = new List<double>();
        var costs = new CostBreakdown(0, 0, 0, 0);
        double fees = 0;
        foreach (var c in choices.Take(PortfolioLimit))
        {
            if (await SeriesAsync(db, c.Id, ct) is { } s)
            {
                names.Add(c.Text);
                unhedged.Add(s.LossUnhedged);
                hedged.Add(s.LossHedged);
                costs = new CostBreakdown(costs.Fees + s.CostsByKind.Fees, 0, costs.Gas + s.CostsByKind.Gas, costs.Funding + s.CostsByKind.Funding);
                fees += s.FeesEarned ?? 0;
            }
        }

        return names.Count == 0 ? null : new Portfolio(names, unhedged, hedged, costs, fees);
    }

    private async Task<ProtectionSeries?> SeriesAsync(HedgeDbContext db, long id, CancellationToken ct)
    {
        var pair = await db.Positions.Where(p => p.Id == id).Select(p => p.Pool!.Pair).SingleOrDefaultAsync(ct);
        if (pair is null)
        {
            return null;
        }

        var sources = await db.SourcesOfPairAsync(pair, ct);
        var source = new[] { "pool", "chainlink" }.FirstOrDefault(sources.Contains) ?? sources.FirstOrDefault();
        if (source is null)
        {
            return null;
        }

        var inputs = await db.ProtectionInputsAsync(id, source, time.GetUtcNow(), 1000, ct);
        return inputs is null ? null : ProtectionSeries.From(inputs);
    }
}
