using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// Scheduled retraining: fits the EWMA decay on the older part of the feed history (QLIKE of one-step
/// forecasts), stores it as a new model version, and promotes it only when it scores no worse than the
/// active version on the recent part that neither was fitted on. Every promotion or refusal is audited.
/// </summary>
public sealed class ModelTrainer(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<ModelTrainer> logger,
    IOptions<ScoringOptions> options,
    IOptions<ChainDeploymentOptions> chainOptions,
    WorkerDatabase database) : PipelineStage(scopes, health, time, logger)
{
    public const string ModelName = "ewma";
    private static readonly double[] Grid = [0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];
    private readonly ScoringOptions _o = options.Value;
    private readonly string _pair = chainOptions.Value.PairName;

    public override string Name => "model-training";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, _o.RetrainIntervalMinutes));

    protected override string ConnectionString => database.ConnectionString;

    public static double LambdaOf(string parametersJson)
    {
        using var doc = JsonDocument.Parse(parametersJson);
        return doc.RootElement.TryGetProperty("lambda", out var l) ? l.GetDouble() : RiskModel.DefaultLambda;
    }

    protected override Task RunTickAsync(IServiceProvider services, CancellationToken ct) =>
        TrainOnceAsync(services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), ct);

    /// <summary>One retraining; returns the stored version, or null when there is too little data.</summary>
    public async Task<ModelVersion?> TrainOnceAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prices = (await db.PriceObservations.AsNoTracking()
                .Where(p => p.Pair == _pair && p.Source == ScoringStage.FeedSource)
                .OrderByDescending(p => p.ObservedAt).Take(Math.Max(_o.LookbackRounds, _o.MinTrainingRounds) * 4)
                .Select(p => (double)p.Price).ToListAsync(ct))
            .AsEnumerable().Reverse().ToList();
        if (prices.Count < _o.MinTrainingRounds)
        {
            Logger.LogDebug("Model training skipped: {Count} feed rounds, need {Min}", prices.Count, _o.MinTrainingRounds);
            return null;
        }

        var prior = _o.PriorAnnualVolatility * _o.PriorAnnualVolatility * _o.BarHours / 8760;
        var split = (int)(prices.Count * 0.7);
        var train = prices.Take(split).ToList();
        var warm = Math.Min(20, train.Count / 2);
        var candidate = Grid.MinBy(l => RiskModel.Qlike(train, l, prior, warm));
        var candidateRecent = RiskModel.Qlike(prices, candidate, prior, split);

        var active = await db.ModelVersions.Where(m => m.Name == ModelName && m.Status == ModelStatus.Active).SingleOrDefaultAsync(ct);
        var activeLambda = active is null ? (double?)null : LambdaOf(active.Parameters);
        var activeRecent = activeLambda is { } al ? RiskModel.Qlike(prices, al, prior, split) : (double?)null;
        var promote = activeRecent is null || candidateRecent <= activeRecent.Value;
        var now = Time.GetUtcNow();
        var version = (await db.ModelVersions.Where(m => m.Name == ModelName).MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1;
        var row = new ModelVersion
        {
            Name = ModelName,
            Kind = "ewma",
            Version = version,
            Parameters = JsonSerializer.Serialize(new { lambda = candidate, barHours = _o.BarHours }),
            Metrics = JsonSerializer.Serialize(new
            {
                qlikeRecent = candidateRecent,
                activeQlikeRecent = activeRecent,
                activeVersion = active?.Version,
                trainRounds = split,
                recentRounds = prices.Count - split,
                pair = _pair,
            }),
            TrainedAt = now,
            Status = ModelStatus.Candidate,
        };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ModelVersions.Add(row);
        if (promote && active is not null)
        {
            active.Status = ModelStatus.Retired;
            await db.SaveChangesAsync(ct); // retire first: one active version per name
        }

        if (promote)
        {
            row.Status = ModelStatus.Active;
            row.ActivatedAt = now;
        }

        db.AuditLog.Add(new AuditLogEntry
        {
            At = now,
            Actor = WorkerActors.Scoring,
            Action = promote ? "model.promoted" : "model.kept_current",
            EntityType = "model_version",
            EntityId = $"{ModelName}:{version.ToString(CultureInfo.InvariantCulture)}",
            Details = row.Metrics,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Logger.LogInformation("Model {Name} v{Version} (lambda {Lambda}) QLIKE {Q:0.####} vs active {A}: {Decision}",
            ModelName, version, candidate, candidateRecent, activeRecent?.ToString("0.####", CultureInfo.InvariantCulture) ?? "none", promote ? "promoted" : "kept current");
        return row;
    }
}
