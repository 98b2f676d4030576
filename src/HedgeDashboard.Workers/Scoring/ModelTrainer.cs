using HedgeDashboard.Data;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// Scheduled retraining: for every pair with hourly exchange history, the training round that <c>hedge train</c> runs
/// (<see cref="PairModelTraining"/>), skipped while the active version has too few unseen hours to be judged on.
/// </summary>
public sealed class ModelTrainer(
    IServiceScopeFactory scopes,
    StageHealth health,
    TimeProvider time,
    ILogger<ModelTrainer> logger,
    IOptions<ScoringOptions> options,
    WorkerDatabase database) : PipelineStage(scopes, health, time, logger)
{
    private readonly ScoringOptions _o = options.Value;

    public override string Name => "model-training";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, _o.RetrainIntervalMinutes));

    protected override string ConnectionString => database.ConnectionString;

    protected override Task RunTickAsync(IServiceProvider services, CancellationToken ct) =>
        TrainAllAsync(services.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), ct);

    /// <summary>One round per pair that has history and something new; returns the stored versions.</summary>
    public async Task<IReadOnlyList<PairTrainingOutcome>> TrainAllAsync(IDbContextFactory<HedgeDbContext> dbFactory, CancellationToken ct)
    {
        IReadOnlyList<string> pairs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pairs = await PairModelTraining.PairsAsync(db, ct);
        }

        var round = _o.TrainingRound();
        var outcomes = new List<PairTrainingOutcome>();
        foreach (var pair in pairs)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await PairModelTraining.NothingNewAsync(db, pair, round, ct) is { } why)
            {
                Logger.LogDebug("Model training of {Pair} skipped: {Why}", pair, why);
                continue;
            }

            try
            {
                var o = await PairModelTraining.RunAsync(db, pair, round, _o, WorkerActors.Scoring, Time.GetUtcNow(), null, ct);
                outcomes.Add(o);
                Logger.LogInformation("Model {Name} v{Version} ({Kind}) on {Bars} hourly bars of {Source} in {Seconds:0.00} s: {Decision}, {Reason}",
                    o.Version.Name, o.Version.Version, o.Version.Kind, o.Bars, o.Source, o.Metrics.EvaluationSeconds, o.Metrics.Promoted ? "promoted" : "kept current", o.Metrics.Reason);
            }
            catch (TrainingDataException e)
            {
                Logger.LogDebug("Model training of {Pair} skipped: {Why}", pair, e.Message);
            }
        }

        return outcomes;
    }
}
