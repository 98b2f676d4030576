using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Ingestion;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// When the pair has a new feed price: the active model's variance forecast, and for every open position on
/// the pair a risk score with the recommended ratio. Reads only the feed ("chainlink" observations), never
/// the pool's spot price, so a one-block spike in the pool scores nothing.
/// </summary>
public sealed class ScoringStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<ScoringStage> logger,
    IOptions<ScoringOptions> options,
    IOptions<ChainDeploymentOptions> chainOptions,
    MarketReader market,
    WorkerDatabase database,
    PipelineSignals signals) : PipelineStage(scopes, health, time, logger)
{
    public const string FeedSource = "chainlink";
    private readonly ScoringOptions _o = options.Value;
    private readonly string _pair = chainOptions.Value.PairName;
    private (DateTimeOffset At, long? Block, int Positions, DateTimeOffset? PositionsUpdated)? _lastScored;

    public override string Name => "scoring";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(_o.IntervalSeconds);

    protected override StageSignal WakeUp => signals.PricesIngested;

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.PriceObservations.AsNoTracking()
            .Where(p => p.Pair == _pair && p.Source == FeedSource)
            .OrderByDescending(p => p.ObservedAt)
            .Take(_o.LookbackRounds)
            .Select(p => new { p.ObservedAt, p.Price, p.BlockNumber })
            .ToListAsync(ct);
        if (recent.Count == 0)
        {
            return;
        }

        // Score again when the feed moved or the positions changed (new, closed, re-ranged).
        var positionState = await db.Positions.Where(p => p.Status == PositionStatus.Open && p.Pool!.Pair == _pair)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Updated = g.Max(p => p.UpdatedAt) }).SingleOrDefaultAsync(ct);
        var state = (recent[0].ObservedAt, recent[0].BlockNumber, positionState?.Count ?? 0, positionState?.Updated);
        if (_lastScored == state)
        {
            return;
        }

        var latest = recent[0];
        var prices = recent.Select(p => (double)p.Price).Reverse().ToList();
        var model = await db.ModelVersions.AsNoTracking().Where(m => m.Name == ModelTrainer.ModelName && m.Status == ModelStatus.Active).SingleOrDefaultAsync(ct);
        var lambda = model is null ? RiskModel.DefaultLambda : ModelTrainer.LambdaOf(model.Parameters);
        var prior = _o.PriorAnnualVolatility * _o.PriorAnnualVolatility * _o.BarHours / 8760;
        var variance = RiskModel.EwmaVariance(prices, lambda, prior);
        var price = (double)latest.Price;
        var now = Time.GetUtcNow();

        var positions = await db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open && p.Pool!.Pair == _pair)
            .Select(p => new { p.Id, p.PriceLower, p.PriceUpper, p.EntryPrice, p.Liquidity })
            .ToListAsync(ct);
        var scores = new List<RiskScore>();
        foreach (var p in positions)
        {
            var l = PositionSync.HumanLiquidity(p.Liquidity, market.Decimals0, market.Decimals1);
            var r = RiskModel.Score((double)p.PriceLower, (double)p.PriceUpper, (double)p.EntryPrice, l, price, variance, _o);
            scores.Add(new RiskScore
            {
                PositionId = p.Id,
                ScoredAt = now,
                ModelVersionId = model?.Id,
                Score = r.Score,
                ForecastVolatility = r.AnnualVolatility,
                HorizonHours = _o.HorizonHours,
                ExpectedIl = r.ExpectedIl,
                ProbIlBeyondThreshold = r.ProbabilityBeyond,
                IlThreshold = _o.IlThreshold,
                RecommendedRatio = r.RecommendedRatio,
                Features = JsonSerializer.Serialize(new
                {
                    price,
                    priceObservedAt = latest.ObservedAt,
                    rounds = prices.Count,
                    lambda,
                    variancePerBar = r.VariancePerBar,
                    currentIl = r.CurrentIl,
                    delta0 = r.Delta0,
                    valueUsd = r.ValueUsd,
                    policy = RiskModel.PolicyName,
                    model = model is null ? "ewma (default)" : $"{model.Name} v{model.Version}",
                }),
            });
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.RiskScores.AddRange(scores);
            await db.SaveChangesAsync(ct);
            foreach (var s in scores)
            {
                await LiveUpdates.NotifyAsync(db, "risk", s.PositionId, "scored", ct);
            }

            await tx.CommitAsync(ct);
        }

        _lastScored = state;
        if (scores.Count > 0)
        {
            signals.ScoresWritten.Set();
        }
    }
}
