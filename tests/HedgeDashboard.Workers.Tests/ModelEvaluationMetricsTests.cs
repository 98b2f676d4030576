using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Scoring;
using HedgeDashboard.Workers.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

public sealed class ModelEvaluationMetricsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TrainAll_RealEthHours_StoresCandidatesCalibrationAndWindowInMetrics()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("wk_model_metrics");
        await new DatabaseMigrator(database.ConnectionString).MigrateAsync();
        var services = new ServiceCollection().AddHedgeData(database.ConnectionString).BuildServiceProvider();
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        var hours = MarketSimulator.LoadSeries(Path.Combine(AppContext.BaseDirectory, MarketSimulator.ShippedFile));
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.PriceObservations.AddRange(hours.Select(b => new PriceObservation
            {
                Pair = "ETH/USD", Source = "binance", ObservedAt = DateTimeOffset.FromUnixTimeSeconds(b.Time), Price = b.Close,
            }));
            await db.SaveChangesAsync();
        }

        var options = new ScoringOptions { Candidates = ["ewma", "garch", "har"] };
        var trainer = new ModelTrainer(
            services.GetRequiredService<IServiceScopeFactory>(), new StageHealth(), TimeProvider.System, NullLogger<ModelTrainer>.Instance,
            Options.Create(options), new WorkerDatabase(database.ConnectionString));

        var round = Assert.Single(await trainer.TrainAllAsync(dbFactory, CancellationToken.None));

        var m = ModelVersionMetrics.Parse(round.Version.Metrics);
        Assert.NotNull(m);
        output.WriteLine($"{hours.Count} hours: best {m.Candidate.Name}, round {m.EvaluationSeconds:0.000} s");
        foreach (var s in new[] { m.Candidate }.Concat(m.Baselines))
        {
            output.WriteLine($"{s.Name}: QLIKE {s.Qlike:0.0000} ratio {m.RatioToReference(s.Qlike):0.000} n {s.N}");
        }

        Assert.Equal((ModelVersionMetrics.CurrentSchema, "ETH/USD", "binance", 24), (m.Schema, m.Pair, m.Source, m.HorizonHours));
        Assert.Equal(ModelStatus.Active, round.Version.Status);
        Assert.True(m.Promoted);
        Assert.Equal("no active model to beat", m.Reason);
        Assert.Null(m.Active);
        Assert.Equal("ewma-riskmetrics", m.Reference);
        Assert.Equal(2, m.Baselines.Count);
        Assert.All(m.Baselines, b => Assert.True(b.Qlike >= m.Candidate.Qlike));
        Assert.Equal(round.Version.Kind, round.Result.BestParameters.Model);

        // Window: candidates fitted on all but the newest 721 hours; origins are those hours but the last 24, whose horizons have not ended.
        Assert.Equal(hours.Count, m.Window.Bars);
        Assert.Equal(hours.Count - 721, m.Window.FitBars);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(hours[hours.Count - 721].Time), m.Window.EvaluationFrom);
        Assert.Equal(hours[^1].Time, m.TrainedThrough);
        Assert.Equal(721 - 24, m.Candidate.N);
        Assert.All(m.Baselines, b => Assert.Equal(m.Candidate.N, b.N));
        // P(IL) calibration: the best walked forward from the first bar a fit allows (721 warm-up + 2,000 rows) to the last
        // origin whose horizon ended; six months give fewer than the 2,000 predictions a map needs, so it scores unmapped.
        Assert.Equal(hours.Count - 2_744, m.Calibration!.N);
        Assert.Equal(m.Calibration.N, m.Calibration.Deciles.Sum(d => d.N));
        Assert.Null(m.CalibrationMap);
        Assert.Null(m.Recalibrated);
        Assert.Same(m.Calibration, m.LiveCalibration);
        Assert.Equal((10, 0.02, 4), (m.Calibration.RangePct, m.Calibration.IlThreshold, m.Calibration.DegreesOfFreedom));
        Assert.Equal(1.0, m.RatioToReference(m.ReferenceQlike));

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "model.promoted");
            Assert.Contains("no active model to beat", audit.Details, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Candidates", "Workers:Scoring:Candidates must be among ewma, garch, har, fasttree, forest, lightgbm, got randomwalk.")]
    [InlineData("HistoryBars", "Workers:Scoring:HistoryBars must be above 721 (the features' warm-up), got 700.")]
    [InlineData("HorizonHours", "Workers:Scoring:HorizonHours must be a whole number of hours (the models forecast hourly bars), got 1.5.")]
    [InlineData("CalibrationHours", "Workers:Scoring:CalibrationHours cannot be negative, got -1.")]
    public void Validate_BadTrainingOrForecastSetting_NamesTheKey(string key, string message)
    {
        var o = key switch
        {
            "Candidates" => new ScoringOptions { Candidates = ["ewma", "randomwalk"] },
            "HistoryBars" => new ScoringOptions { HistoryBars = 700 },
            "CalibrationHours" => new ScoringOptions { CalibrationHours = -1 },
            _ => new ScoringOptions { HorizonHours = 1.5 },
        };

        var result = new ScoringOptionsValidator().Validate(null, o);

        Assert.False(result.Succeeded);
        Assert.Equal(message, result.FailureMessage);
        Assert.True(new ScoringOptionsValidator().Validate(null, new ScoringOptions()).Succeeded);
    }

    [Fact]
    public void Parse_OlderShapeOrBadJson_IsNull()
    {
        Assert.Null(ModelVersionMetrics.Parse("""{"qlikeRecent": 1.2, "trainRounds": 140}"""));
        Assert.Null(ModelVersionMetrics.Parse("{not json"));
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 99}"""));
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 1.5}"""));
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 1, "pair": "ETH/USD"}""")); // the feed-round EWMA trainer's shape
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 2}"""));
        Assert.Null(ModelVersionMetrics.Parse(""));
    }
}
