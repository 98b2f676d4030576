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
/// Scheduled retraining: fits the EWMA decay on the older feed rounds, scores it, the active version and the
/// forecasting library's baselines walk-forward on the newest rounds (<see cref="TrainingEvaluator"/>), stores the
/// result as a new model version with <see cref="ModelVersionMetrics"/>, and promotes it only when its QLIKE is no
/// worse than the active version's at the same origins. Every promotion or refusal is audited.
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
        var rounds = (await db.PriceObservations.AsNoTracking()
                .Where(p => p.Pair == _pair && p.Source == ScoringStage.FeedSource)
                .OrderByDescending(p => p.ObservedAt).Take(_o.TrainingRounds)
                .Select(p => new { p.ObservedAt, p.Price }).ToListAsync(ct))
            .AsEnumerable().Reverse().ToList();
        if (rounds.Count < _o.MinTrainingRounds)
        {
            Logger.LogDebug("Model training skipped: {Count} feed rounds, need {Min}", rounds.Count, _o.MinTrainingRounds);
            return null;
        }

        var active = await db.ModelVersions.Where(m => m.Name == ModelName && m.Status == ModelStatus.Active).SingleOrDefaultAsync(ct);
        var version = (await db.ModelVersions.Where(m => m.Name == ModelName).MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1;
        var e = TrainingEvaluator.Run(rounds.Select(r => (double)r.Price).ToList(), active is null ? null : LambdaOf(active.Parameters), _o);
        var candidate = e.Candidate with { Name = Label(version) };
        var activeScore = active is null ? null : e.Active! with { Name = Label(active.Version) };
        var promote = activeScore?.Qlike is not { } aq || candidate.Qlike <= aq;
        var reason = active is null ? "first version: no active model to beat"
            : activeScore!.Qlike is not { } q ? $"active v{active.Version} could not be scored: {activeScore.Skipped}"
            : promote ? Fmt($"QLIKE {candidate.Qlike:0.0000} is no worse than active v{active.Version}'s {q:0.0000} at the same origins")
            : Fmt($"QLIKE {candidate.Qlike:0.0000} is worse than active v{active.Version}'s {q:0.0000} at the same origins: v{active.Version} stays");
        var now = Time.GetUtcNow();
        var metrics = new ModelVersionMetrics(
            ModelVersionMetrics.CurrentSchema,
            _pair,
            _o.HorizonHours,
            new TrainingWindow(rounds[0].ObservedAt, rounds[^1].ObservedAt, rounds.Count, e.TrainRounds, rounds[e.TrainRounds].ObservedAt),
            candidate,
            activeScore,
            e.Baselines,
            e.Baselines[0].Name,
            e.Calibration,
            promote,
            reason,
            e.Seconds);
        var row = new ModelVersion
        {
            Name = ModelName,
            Kind = "ewma",
            Version = version,
            Parameters = JsonSerializer.Serialize(new { lambda = e.Lambda, barHours = _o.BarHours }),
            Metrics = metrics.ToJson(),
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
            Details = JsonSerializer.Serialize(new { reason, lambda = e.Lambda, qlike = candidate.Qlike, activeQlike = activeScore?.Qlike }),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Logger.LogInformation("Model {Name} v{Version} (lambda {Lambda}) on {Rounds} rounds in {Seconds:0.00} s: {Decision}, {Reason}",
            ModelName, version, e.Lambda, rounds.Count, e.Seconds, promote ? "promoted" : "kept current", reason);
        return row;
    }

    private static string Label(int version) => $"{ModelName} v{version.ToString(CultureInfo.InvariantCulture)}";

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
