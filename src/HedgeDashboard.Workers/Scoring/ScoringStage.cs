using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Ingestion;
using HedgeDashboard.Workers.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// When a pair has a new feed price or its positions changed: the pair's variance forecast (its promoted
/// <c>variance:PAIR</c> model of any kind, <see cref="VarianceForecasts"/>; the feed-round EWMA until one is promoted,
/// logged once and named in the stage's health), and for every open position on the pair a risk score with the
/// recommended ratio. The price is the feed's ("chainlink" observations), or for a pair without a feed the book chain's
/// checked USD cross ("book:CHAIN"), never a pool's spot price, so a one-block spike in the pool scores nothing.
/// </summary>
public sealed class ScoringStage(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<ScoringStage> logger,
    IOptions<ScoringOptions> options,
    WorkerDatabase database,
    PipelineSignals signals) : PipelineStage(scopes, health, time, logger)
{
    public const string FeedSource = "chainlink";
    private readonly ScoringOptions _o = options.Value;
    private readonly VarianceForecasts _forecasts = new(options.Value);
    private readonly Dictionary<string, (DateTimeOffset At, long? Block, int Positions, DateTimeOffset Updated)> _lastScored = [];
    private readonly Dictionary<string, string> _fallbacks = [];

    public override string Name => "scoring";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(_o.IntervalSeconds);

    protected override StageSignal WakeUp => signals.PricesIngested;

    protected override string ConnectionString => database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        var written = await ScoreAsync(services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), ct);
        if (written > 0)
        {
            signals.ScoresWritten.Set();
        }
    }

    /// <summary>Scores every pair that has open positions and something new; returns the scores written.</summary>
    public async Task<int> ScoreAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var positions = await db.Positions.AsNoTracking()
            .Where(p => p.Status == PositionStatus.Open)
            .Select(p => new
            {
                p.Id, p.Pool!.Pair, p.PriceLower, p.PriceUpper, p.EntryPrice, p.Liquidity, D0 = p.Pool.Token0!.Decimals, D1 = p.Pool.Token1!.Decimals,
                p.Kind, p.Pool.Reserve0, p.Pool.Reserve1, p.Pool.TotalSupply,
                p.UpdatedAt, p.Policy.RatioPolicy, p.OnChainHedgeRatio,
            })
            .ToListAsync(ct);
        var written = 0;
        foreach (var pair in positions.GroupBy(p => p.Pair))
        {
            var source = await SeriesOfAsync(db, pair.Key, ct);
            var recent = await db.PriceObservations.AsNoTracking()
                .Where(p => p.Pair == pair.Key && p.Source == source)
                .OrderByDescending(p => p.ObservedAt)
                .Take(_o.LookbackRounds)
                .Select(p => new { p.ObservedAt, p.Price, p.BlockNumber })
                .ToListAsync(ct);
            if (recent.Count == 0)
            {
                Fallback(pair.Key, "no feed price yet: not scored");
                continue;
            }

            // Score again when the feed moved or the positions changed (new, closed, re-ranged).
            var state = (recent[0].ObservedAt, recent[0].BlockNumber, pair.Count(), pair.Max(p => p.UpdatedAt));
            if (_lastScored.TryGetValue(pair.Key, out var last) && last == state)
            {
                continue;
            }

            var latest = recent[0];
            var feed = recent.Select(p => (p.ObservedAt, (double)p.Price)).Reverse().ToList();
            var variance = await _forecasts.ForecastAsync(db, pair.Key, feed, ct);
            Fallback(pair.Key, variance.Fallback is { } why ? $"scored with the {RiskModel.FallbackName}: {why}" : null);
            var price = (double)latest.Price;
            var now = Time.GetUtcNow();
            var scores = new List<RiskScore>();
            var forecast = RiskModel.Forecast(variance.VariancePerBar, _o, variance.Calibration);
            foreach (var p in pair)
            {
                var l = p.Kind == PositionKind.V2
                    ? Book.V2Math.Human(p.Liquidity, p.Reserve0, p.Reserve1, p.TotalSupply, p.D0, p.D1)
                    : PositionSync.HumanLiquidity(p.Liquidity, p.D0, p.D1);
                var (lower, upper) = LpPosition.Range(p.PriceLower, p.PriceUpper);
                var r = RiskModel.Score(lower, upper, (double)p.EntryPrice, l, price, forecast, _o, p.RatioPolicy, p.OnChainHedgeRatio);
                scores.Add(new RiskScore
                {
                    PositionId = p.Id,
                    ScoredAt = now,
                    ModelVersionId = variance.ModelVersionId,
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
                        priceSource = source,
                        priceObservedAt = latest.ObservedAt,
                        rounds = feed.Count,
                        model = variance.Model,
                        fallback = variance.Fallback,
                        hourlyBars = variance.Bars,
                        barsTo = variance.BarsTo,
                        feedJoined = variance.FeedJoined,
                        variancePerBar = r.VariancePerBar,
                        currentIl = r.CurrentIl,
                        delta0 = r.Delta0,
                        valueUsd = r.ValueUsd,
                        policy = EnumText<HedgeRatioPolicy>.ToText(r.Policy),
                        rawProbability = r.RawProbabilityBeyond,
                        calibration = variance.Calibration is { } map ? $"isotonic map of {map.N} predictions" : null,
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

            db.ChangeTracker.Clear();
            _lastScored[pair.Key] = state;
            written += scores.Count;
        }

        return written;
    }

    /// <summary>
    /// The series a pair is scored on: its Chainlink feed's where it has one, otherwise the checked USD cross of the book
    /// chain that priced it last (<see cref="Book.BookPairPrices"/>); one series, so two chains' prices never make noise.
    /// </summary>
    private static async Task<string> SeriesOfAsync(HedgeDbContext db, string pair, CancellationToken ct)
    {
        if (await db.PriceObservations.AnyAsync(p => p.Pair == pair && p.Source == FeedSource, ct))
        {
            return FeedSource;
        }

        return await db.PriceObservations.AsNoTracking()
            .Where(p => p.Pair == pair && p.Source.StartsWith(Book.BookPairPrices.SourcePrefix))
            .OrderByDescending(p => p.ObservedAt)
            .Select(p => p.Source)
            .FirstOrDefaultAsync(ct) ?? FeedSource;
    }

    /// <summary>Logs a pair's fallback once per reason and names every current one in the stage's health.</summary>
    private void Fallback(string pair, string? why)
    {
        if (why is null ? !_fallbacks.Remove(pair) : _fallbacks.TryGetValue(pair, out var known) && known == why)
        {
            return;
        }

        if (why is not null)
        {
            _fallbacks[pair] = why;
            Logger.LogWarning("Scoring {Pair}: {Why}", pair, why);
        }
        else
        {
            Logger.LogInformation("Scoring {Pair}: with its promoted model again", pair);
        }

        Health.Noted(Name, _fallbacks.Count == 0 ? null : string.Join("; ", _fallbacks.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}")));
    }
}
