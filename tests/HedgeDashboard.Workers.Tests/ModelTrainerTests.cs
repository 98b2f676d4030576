using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Tests;

public sealed class ModelTrainerTests
{
    [Fact]
    public async Task TrainOnce_PromotesOnlyWhenNoWorseOnRecentData_AndAuditsEachDecision()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("wk_models");
        await new DatabaseMigrator(database.ConnectionString).MigrateAsync();
        var services = new ServiceCollection().AddHedgeData(database.ConnectionString).BuildServiceProvider();
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();

        // Real ETH hourly closes (the simulator's file) as feed rounds.
        var series = Simulator.MarketSimulator.LoadSeries(Path.Combine(AppContext.BaseDirectory, Simulator.MarketSimulator.ShippedFile)).Take(600).ToList();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.PriceObservations.AddRange(series.Select((b, i) => new PriceObservation
            {
                Pair = "ETH/USD", Source = "chainlink", ObservedAt = DateTimeOffset.FromUnixTimeSeconds(b.Time), Price = b.Close, BlockNumber = i,
            }));
            await db.SaveChangesAsync();
        }

        var trainer = new ModelTrainer(
            services.GetRequiredService<IServiceScopeFactory>(), new StageHealth(), TimeProvider.System, NullLogger<ModelTrainer>.Instance,
            Options.Create(new ScoringOptions { MinTrainingRounds = 200 }), Options.Create(new ChainDeploymentOptions()), new WorkerDatabase(database.ConnectionString));

        var first = await trainer.TrainOnceAsync(dbFactory, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal(ModelStatus.Active, first.Status); // nothing to beat

        // A deliberately bad active model (lambda 0.5): the next candidate beats it and is promoted.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var active = await db.ModelVersions.SingleAsync(m => m.Status == ModelStatus.Active);
            active.Status = ModelStatus.Retired;
            await db.SaveChangesAsync();
            db.ModelVersions.Add(new ModelVersion { Name = ModelTrainer.ModelName, Kind = "ewma", Version = 50, Parameters = "{\"lambda\":0.5}", Status = ModelStatus.Active, ActivatedAt = DateTimeOffset.UtcNow, TrainedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var second = await trainer.TrainOnceAsync(dbFactory, CancellationToken.None);
        Assert.Equal(ModelStatus.Active, second!.Status);

        // An active model tuned on the scored rounds themselves (in-sample, finer grid): a candidate fitted on older
        // rounds scores worse at the same origins and is not promoted.
        var options = new ScoringOptions { MinTrainingRounds = 200 };
        var bars = TrainingEvaluator.ToBars([.. series.Select(b => (double)b.Close)]);
        var scored = new WalkForwardOptions { HorizonHours = 24, MinFitBars = TrainingEvaluator.TrainRounds(bars.Length, options) + 1, RefitEveryHours = options.EvaluationRefitRounds };
        var best = Enumerable.Range(800, 193).Select(i => i / 1000.0).MinBy(l => WalkForward.Run(bars, new EwmaModel(l), scored).Qlike);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var active = await db.ModelVersions.SingleAsync(m => m.Status == ModelStatus.Active);
            active.Status = ModelStatus.Retired;
            await db.SaveChangesAsync();
            db.ModelVersions.Add(new ModelVersion { Name = ModelTrainer.ModelName, Kind = "ewma", Version = 60, Parameters = $"{{\"lambda\":{best.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}", Status = ModelStatus.Active, ActivatedAt = DateTimeOffset.UtcNow, TrainedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var third = await trainer.TrainOnceAsync(dbFactory, CancellationToken.None);
        var metrics = ModelVersionMetrics.Parse(third!.Metrics)!;
        Assert.True(metrics.Candidate.Qlike > metrics.Active!.Qlike);
        Assert.Equal(ModelStatus.Candidate, third.Status);
        Assert.False(metrics.Promoted);
        Assert.Contains("v60 stays", metrics.Reason, StringComparison.Ordinal);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.ModelVersions.CountAsync(m => m.Status == ModelStatus.Active));
            Assert.Equal(3, await db.AuditLog.CountAsync(a => a.Action == "model.promoted" || a.Action == "model.kept_current"));
        }
    }
}
