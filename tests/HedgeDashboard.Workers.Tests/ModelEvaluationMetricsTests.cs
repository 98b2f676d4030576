using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Chain;
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
    private static readonly IReadOnlyList<(long Time, decimal Close)> Series =
        MarketSimulator.LoadSeries(Path.Combine(AppContext.BaseDirectory, MarketSimulator.ShippedFile));

    [Fact]
    public async Task TrainOnce_RealEthRounds_StoresBaselinesCalibrationAndWindowInMetrics()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync("wk_model_metrics");
        await new DatabaseMigrator(database.ConnectionString).MigrateAsync();
        var services = new ServiceCollection().AddHedgeData(database.ConnectionString).BuildServiceProvider();
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        var rounds = Series.Take(2000).ToList();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.PriceObservations.AddRange(rounds.Select((b, i) => new PriceObservation
            {
                Pair = "ETH/USD", Source = ScoringStage.FeedSource, ObservedAt = DateTimeOffset.FromUnixTimeSeconds(b.Time), Price = b.Close, BlockNumber = i,
            }));
            await db.SaveChangesAsync();
        }

        var options = new ScoringOptions();
        var trainer = new ModelTrainer(
            services.GetRequiredService<IServiceScopeFactory>(), new StageHealth(), TimeProvider.System, NullLogger<ModelTrainer>.Instance,
            Options.Create(options), Options.Create(new ChainDeploymentOptions()), new WorkerDatabase(database.ConnectionString));

        var first = await trainer.TrainOnceAsync(dbFactory, CancellationToken.None);

        var m = ModelVersionMetrics.Parse(first!.Metrics);
        Assert.NotNull(m);
        output.WriteLine($"2000 rounds: lambda {ModelTrainer.LambdaOf(first.Parameters)}, evaluation {m.EvaluationSeconds:0.000} s");
        foreach (var s in new[] { m.Candidate }.Concat(m.Baselines))
        {
            output.WriteLine($"{s.Name}: QLIKE {s.Qlike:0.0000} ratio {m.RatioToReference(s.Qlike):0.000} n {s.N}");
        }

        Assert.Equal(ModelVersionMetrics.CurrentSchema, m.Schema);
        Assert.Equal(ModelStatus.Active, first.Status);
        Assert.True(m.Promoted);
        Assert.Equal("first version: no active model to beat", m.Reason);
        Assert.Null(m.Active);

        // Window: the older 1280 rounds fit the decay; origins are the newest 720 rounds but the last 24, whose horizons have not ended.
        Assert.Equal(2000, m.Window.Rounds);
        Assert.Equal(1280, m.Window.TrainRounds);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(rounds[0].Time), m.Window.From);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(rounds[^1].Time), m.Window.To);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(rounds[1280].Time), m.Window.EvaluationFrom);
        Assert.Equal(720 - 24, m.Candidate.N);
        Assert.True(double.IsFinite(m.Candidate.Qlike!.Value) && m.Candidate.Qlike > 0);
        Assert.Contains(ModelTrainer.LambdaOf(first.Parameters), TrainingEvaluator.Decays(options));

        // Every baseline of the forecasting library is scored at the same origins; the reference is RiskMetrics' EWMA.
        Assert.Equal(["ewma-riskmetrics", "garch11", "har-rv-log"], m.Baselines.Select(b => b.Name));
        Assert.Equal("ewma-riskmetrics", m.Reference);
        Assert.All(m.Baselines, b =>
        {
            Assert.Null(b.Skipped);
            Assert.Equal(m.Candidate.N, b.N);
            Assert.True(b.Qlike is { } q && double.IsFinite(q) && q > 0, b.Name);
        });
        Assert.Equal(1.0, m.RatioToReference(m.Baselines[0].Qlike));

        // Calibration: ten deciles of the candidate's P(IL beyond 2 %) at those origins, counts summing to the sample.
        var c = m.Calibration!;
        Assert.Equal((10.0, 0.02, 4.0), (c.RangePct, c.IlThreshold, c.DegreesOfFreedom));
        Assert.Equal(m.Candidate.N, c.N);
        Assert.Equal(10, c.Deciles.Count);
        Assert.Equal(c.N, c.Deciles.Sum(d => d.N));
        Assert.All(c.Deciles, d =>
        {
            Assert.InRange(d.Predicted, 0, 1);
            Assert.InRange(d.Observed, 0, 1);
        });
        Assert.True(c.Deciles.Zip(c.Deciles.Skip(1)).All(p => p.First.Predicted <= p.Second.Predicted));
        Assert.InRange(c.Brier, 0, 1);

        // The audit entry carries the decision.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "model.promoted");
            Assert.Contains("no active model to beat", audit.Details, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_TooFewRoundsForHar_ReportsItSkippedWithTheReason()
    {
        var prices = Series.Take(300).Select(b => (double)b.Close).ToList();

        var e = TrainingEvaluator.Run(prices, activeLambda: 0.97, new ScoringOptions());

        var har = e.Baselines.Single(b => b.Name == "har-rv-log");
        Assert.Null(har.Qlike);
        Assert.Contains("HAR needs", har.Skipped, StringComparison.Ordinal);
        Assert.All(e.Baselines.Where(b => b.Name != "har-rv-log"), b => Assert.Equal(e.Candidate.N, b.N));
        Assert.Equal(e.Candidate.N, e.Active!.N);
        Assert.Equal(e.Candidate.N, e.Calibration!.Deciles.Sum(d => d.N));
    }

    [Fact]
    public void Run_ScoredRoundsChanged_DecayUnchanged()
    {
        // The decay is fitted on the older rounds alone: whatever the scored rounds hold, it stays.
        var options = new ScoringOptions();
        var prices = Series.Take(1500).Select(b => (double)b.Close).ToList();
        var train = TrainingEvaluator.TrainRounds(prices.Count, options);
        var shocked = prices.Select((p, i) => i >= train ? p * (i % 2 == 0 ? 1.2 : 0.8) : p).ToList();

        var plain = TrainingEvaluator.Run(prices, null, options);
        var other = TrainingEvaluator.Run(shocked, null, options);

        Assert.Equal(plain.Lambda, other.Lambda);
        Assert.NotEqual(plain.Candidate.Qlike, other.Candidate.Qlike);
    }

    [Theory]
    [InlineData(67, "MinTrainingRounds")]
    [InlineData(68, null)]
    public void Validate_MinTrainingRoundsBelowTwoHorizonsPlus20_NamesTheKey(int rounds, string? key)
    {
        var result = new ScoringOptionsValidator().Validate(null, new ScoringOptions { MinTrainingRounds = rounds });
        Assert.Equal(key is null, result.Succeeded);
        if (key is not null)
        {
            Assert.Contains($"Workers:Scoring:{key} must be at least 2 x the horizon in rounds + 20 = 68", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_OlderShapeOrBadJson_IsNull()
    {
        Assert.Null(ModelVersionMetrics.Parse("""{"qlikeRecent": 1.2, "trainRounds": 140}"""));
        Assert.Null(ModelVersionMetrics.Parse("{not json"));
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 99}"""));
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 1.5}"""));
        Assert.Null(ModelVersionMetrics.Parse("""{"schema": 1}"""));
        Assert.Null(ModelVersionMetrics.Parse(""));
    }
}
