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

        /// <summary>No hedge, the perpetual and puts, summed over the positions (<see cref="InstrumentComparison.Sum"/>).</summary>
        public IReadOnlyList<InstrumentResult> Instruments { get; init; } = [];
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
        var instruments = new List<IReadOnlyList<InstrumentResult>>();
        foreach (var c in choices.Take(PortfolioLimit))
        {
            if (await SeriesAsync(db, c.Id, ct) is { } s)
            {
                instruments.Add(await InstrumentsAsync(db, c.Id, s, ct));
                names.Add(c.Text);
                unhedged.Add(s.LossUnhedged);
                hedged.Add(s.LossHedged);
                costs = new CostBreakdown(costs.Fees + s.CostsByKind.Fees, 0, costs.Gas + s.CostsByKind.Gas, costs.Funding + s.CostsByKind.Funding);
                fees += s.FeesEarned ?? 0;
            }
        }

        return names.Count == 0 ? null : new Portfolio(names, unhedged, hedged, costs, fees) { Instruments = InstrumentComparison.Sum(instruments) };
    }

    /// <summary>The position's instruments compared (<see cref="InstrumentComparison.Realized"/>) for its series.</summary>
    public async Task<IReadOnlyList<InstrumentResult>> InstrumentsAsync(long positionId, ProtectionSeries series, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await InstrumentsAsync(db, positionId, series, ct);
    }

    /// <summary>Its bought option legs valued as the position page does: payouts once settled, open ones at the latest price and forecast volatility.</summary>
    private async Task<IReadOnlyList<InstrumentResult>> InstrumentsAsync(HedgeDbContext db, long id, ProtectionSeries series, CancellationToken ct)
    {
        var legs = await db.OptionLegs.AsNoTracking().Where(l => l.PositionId == id && l.PremiumPaid != null).ToListAsync(ct);
        double? price = null, volatility = null;
        if (legs.Count > 0)
        {
            var pair = await db.Positions.Where(p => p.Id == id).Select(p => p.Pool!.Pair).SingleAsync(ct);
            price = (double?)await db.PriceObservations.Where(o => o.Pair == pair).OrderByDescending(o => o.ObservedAt).Select(o => (decimal?)o.Price).FirstOrDefaultAsync(ct);
            volatility = await db.RiskScores.Where(r => r.PositionId == id).OrderByDescending(r => r.ScoredAt).Select(r => (double?)r.ForecastVolatility).FirstOrDefaultAsync(ct);
        }

        var now = time.GetUtcNow();
        return InstrumentComparison.Realized(series, [.. legs.Select(l => Positions.OptionLegRow.Of(l, price, volatility, now))]);
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
