using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Tests;

/// <summary>
/// The workers' training round and scoring on Postgres: the round `hedge train` runs, per pair, promoting only when no
/// worse; the scoring stage scores each pair with its promoted model of any kind, loaded from the database by any instance.
/// </summary>
public sealed class ModelTrainerTests : IAsyncLifetime
{
    private const string Pair = "ETH/USD";
    private readonly Random _rng = new(17);
    private readonly DateTimeOffset _start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TestDatabase? _database;
    private double _s2 = 5e-5, _price = 2000;
    private int _hours;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("wk_models");
        await new DatabaseMigrator(_database.ConnectionString).MigrateAsync();
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task TrainAll_BetterCandidatePromoted_WorseKept_SecondInstanceScoresWithThePromotedMlNetModel()
    {
        var first = Services();
        var dbFactory = first.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        await AddHoursAsync(dbFactory, 4_000);

        var v1 = Assert.Single(await Trainer(first, "ewma").TrainAllAsync(dbFactory, default));
        Assert.Equal((1, "ewma", ModelStatus.Active), (v1.Version.Version, v1.Version.Kind, v1.Version.Status));
        Assert.Null(v1.Version.ModelBytes);
        Assert.Empty(await Trainer(first, "ewma").TrainAllAsync(dbFactory, default)); // nothing unseen to judge v1 on: no round

        // A month later: the boosted tree over HAR follows the volatility regimes that the EWMA lags, and is promoted.
        await AddHoursAsync(dbFactory, 720);
        var v2 = Assert.Single(await Trainer(first, "fasttree").TrainAllAsync(dbFactory, default));
        Assert.Equal((2, "mlnet-fasttree-gamma", ModelStatus.Active), (v2.Version.Version, v2.Version.Kind, v2.Version.Status));
        Assert.True(v2.Metrics.Candidate.Qlike <= v2.Metrics.Active!.Qlike, v2.Metrics.Reason);

        // Another month: an EWMA candidate is worse than the active tree on the same unseen hours, and is not promoted.
        await AddHoursAsync(dbFactory, 720);
        var v3 = Assert.Single(await Trainer(first, "ewma").TrainAllAsync(dbFactory, default));
        Assert.Equal((3, ModelStatus.Candidate), (v3.Version.Version, v3.Version.Status));
        Assert.False(v3.Metrics.Promoted);
        Assert.True(v3.Metrics.Candidate.Qlike > v3.Metrics.Active!.Qlike, v3.Metrics.Reason);
        Assert.Equal("variance:ETH/USD v2", v3.Metrics.Active.Name);

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var stored = await db.ModelVersions.SingleAsync(v => v.Status == ModelStatus.Active);
            Assert.Equal(2, stored.Version);
            Assert.NotNull(stored.ModelBytes); // the ML.NET model file in its bytea column...
            Assert.DoesNotContain("blob", stored.Parameters, StringComparison.OrdinalIgnoreCase); // ...not in the JSON
            Assert.Equal(Forecasting.Features.FeatureBuilder.SchemaVersion, stored.FeatureSchema);
            Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "model.promoted"));
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "model.kept_current"));
        }

        // Positions on the trained pair and on a pair without a model; a feed price for each.
        var (eth, btc) = await AddPositionsAsync(dbFactory);

        var health = new StageHealth();
        Assert.Equal(2, await Stage(first, health).ScoreAsync(dbFactory, default));
        var second = Services(); // another instance: its own factory, its own stage and model cache
        Assert.Equal(2, await Stage(second, new StageHealth()).ScoreAsync(second.GetRequiredService<IDbContextFactory<HedgeDbContext>>(), default));

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var scores = await db.RiskScores.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
            var ethScores = scores.Where(s => s.PositionId == eth).ToList();
            Assert.Equal(2, ethScores.Count);
            Assert.All(ethScores, s => Assert.Equal(v2.Version.Id, s.ModelVersionId));
            Assert.Contains("mlnet-fasttree-gamma", ethScores[0].Features, StringComparison.Ordinal);
            Assert.Equal(ethScores[0].Score, ethScores[1].Score);
            Assert.Equal(ethScores[0].ForecastVolatility, ethScores[1].ForecastVolatility);

            // What the promoted model forecasts from the newest hourly bars, computed here from the stored row.
            var stored = await db.ModelVersions.SingleAsync(v => v.Id == v2.Version.Id);
            var model = ForecastModels.Load(ModelParameters.FromJson(stored.Parameters) with { Blob = stored.ModelBytes });
            var bars = await PairModelTraining.BarsAsync(db, Pair, "test_hourly", new ScoringOptions().HistoryBars, default);
            var perHour = model.Forecast(Forecasting.Data.MarketStore.From(bars).View()) / 24;
            Assert.Equal(Math.Sqrt(perHour * 8760), ethScores[0].ForecastVolatility, 12);
            // The feed-round EWMA (the path before) gives another volatility: this test tells them apart.
            var ewma = RiskModel.EwmaVariance([.. Enumerable.Repeat(3000.0, 3).Append(3010)], RiskModel.DefaultLambda, 0.36 / 8760);
            Assert.NotEqual(Math.Sqrt(ewma * 8760), ethScores[0].ForecastVolatility, 6);

            var btcScore = scores.First(s => s.PositionId == btc);
            Assert.Null(btcScore.ModelVersionId);
            using var features = JsonDocument.Parse(btcScore.Features!);
            Assert.Equal("no promoted variance:BTC/USD yet", features.RootElement.GetProperty("fallback").GetString());
        }

        Assert.Contains("BTC/USD: scored with the feed-round ewma (fallback): no promoted variance:BTC/USD yet", health.Get("scoring")!.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_PromotedVersionWithACalibrationMap_StoresTheMappedProbabilityAndRatio_WithoutOne_TheStudentTs()
    {
        var services = Services();
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        await AddHoursAsync(dbFactory, 4_000);
        var v1 = Assert.Single(await Trainer(services, "ewma").TrainAllAsync(dbFactory, default));
        Assert.Null(v1.Metrics.CalibrationMap); // 1,256 calibration forecasts: too few for a map
        var (eth, _) = await AddPositionsAsync(dbFactory);
        var stage = Stage(services, new StageHealth());

        await stage.ScoreAsync(dbFactory, default);
        var unmapped = await LatestScoreAsync(dbFactory, eth);
        var raw = StudentT(unmapped);
        Assert.Equal(raw.ProbabilityBeyond, unmapped.ProbIlBeyondThreshold, 12);
        Assert.Equal(raw.RecommendedRatio, unmapped.RecommendedRatio);

        // v2: the same EWMA with a known map, p -> p / 10, promoted; a new feed price makes the same stage score again.
        var map = new IsotonicMap([0.0, 1.0], [0.0, 0.1], 5_000);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var stored = await db.ModelVersions.SingleAsync(v => v.Id == v1.Version.Id);
            stored.Status = ModelStatus.Retired;
            await db.SaveChangesAsync();
            db.ModelVersions.Add(new ModelVersion
            {
                Name = stored.Name, Kind = stored.Kind, Version = 2, Parameters = stored.Parameters, FeatureSchema = stored.FeatureSchema,
                Metrics = (v1.Metrics with { CalibrationMap = map }).ToJson(), TrainedAt = DateTimeOffset.UtcNow, Status = ModelStatus.Active, ActivatedAt = DateTimeOffset.UtcNow,
            });
            db.PriceObservations.Add(new PriceObservation { Pair = Pair, Source = ScoringStage.FeedSource, ObservedAt = DateTimeOffset.UtcNow, Price = 3020, BlockNumber = 10 });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await stage.ScoreAsync(dbFactory, default));
        var mapped = await LatestScoreAsync(dbFactory, eth);
        var before = StudentT(mapped);
        var calibrated = before.ProbabilityBeyond / 10;
        Assert.Equal(calibrated, mapped.ProbIlBeyondThreshold, 12);
        Assert.Equal(calibrated, mapped.Score, 12);
        using var features = JsonDocument.Parse(mapped.Features!);
        Assert.Equal(before.ProbabilityBeyond, features.RootElement.GetProperty("rawProbability").GetDouble(), 12);
        Assert.Equal("isotonic map of 5000 predictions", features.RootElement.GetProperty("calibration").GetString());

        // The suggestion's ratio follows the calibrated probability: below the policy's 10 % on-threshold, where the
        // Student-t's alone (0.43 in this volatility regime) hedges fully.
        Assert.True(before.ProbabilityBeyond > 0.10, $"raw {before.ProbabilityBeyond}");
        Assert.Equal(1m, before.RecommendedRatio);
        var o = new ScoringOptions();
        var delta0 = features.RootElement.GetProperty("delta0").GetDouble();
        var horizonVariance = features.RootElement.GetProperty("variancePerBar").GetDouble() * o.HorizonHours;
        var expected = RiskModel.CostAwareRatio(calibrated, 0, delta0, 3020, horizonVariance, o.DegreesOfFreedom, o.RatioStep);
        Assert.Equal(expected, mapped.RecommendedRatio);
        Assert.Equal(0m, mapped.RecommendedRatio);
    }

    /// <summary>The score's position risk recomputed without any map, from the price and variance it stored.</summary>
    private static PositionRisk StudentT(RiskScore s)
    {
        using var f = JsonDocument.Parse(s.Features!);
        var o = new ScoringOptions();
        var l = Ingestion.PositionSync.HumanLiquidity(new BigInteger(1e15), 18, 6);
        return RiskModel.Score(2700, 3300, 3000, l, f.RootElement.GetProperty("price").GetDouble(), RiskModel.Forecast(f.RootElement.GetProperty("variancePerBar").GetDouble(), o), o, HedgeRatioPolicy.Model, 0);
    }

    private static async Task<RiskScore> LatestScoreAsync(IDbContextFactory<HedgeDbContext> dbFactory, long position)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.RiskScores.AsNoTracking().Where(s => s.PositionId == position).OrderByDescending(s => s.Id).FirstAsync();
    }

    private ServiceProvider Services() => new ServiceCollection().AddHedgeData(_database!.ConnectionString).BuildServiceProvider();

    private ModelTrainer Trainer(ServiceProvider services, string candidate) => new(
        services.GetRequiredService<IServiceScopeFactory>(), new StageHealth(), TimeProvider.System, NullLogger<ModelTrainer>.Instance,
        Options.Create(new ScoringOptions { Candidates = [candidate] }), new WorkerDatabase(_database!.ConnectionString));

    private ScoringStage Stage(ServiceProvider services, StageHealth health) => new(
        services.GetRequiredService<IServiceScopeFactory>(), health, TimeProvider.System, NullLogger<ScoringStage>.Instance,
        Options.Create(new ScoringOptions()), new WorkerDatabase(_database!.ConnectionString), new PipelineSignals());

    /// <summary>
    /// Hourly bars whose volatility switches between a calm and a wild level every ~100 hours: the RiskMetrics EWMA
    /// (11-day memory) lags every switch, the trees over HAR's daily window follow them.
    /// </summary>
    private async Task AddHoursAsync(IDbContextFactory<HedgeDbContext> dbFactory, int count)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        for (int end = _hours + count; _hours < end; _hours++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
            _price *= Math.Exp(Math.Sqrt(_s2) * z);
            if (_rng.NextDouble() < 0.01)
                _s2 = _s2 < 1e-4 ? 1e-3 : 5e-5;
            db.PriceObservations.Add(new PriceObservation { Pair = Pair, Source = "test_hourly", ObservedAt = _start.AddHours(_hours), Price = (decimal)Math.Round(_price, 6), Volume = 1 + (_hours % 5) });
        }

        await db.SaveChangesAsync();
    }

    private static async Task<(long Eth, long Btc)> AddPositionsAsync(IDbContextFactory<HedgeDbContext> dbFactory)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var chain = new Data.Entities.Chain { Id = 31337, Name = "anvil" };
        var usd = new Token { Chain = chain, Address = "0x" + new string('1', 40), Symbol = "USDC", Decimals = 6 };
        LpPosition Position(string pair, string token, int n) => new()
        {
            Pool = new Pool
            {
                Chain = chain, Address = "0x" + new string((char)('a' + n), 40), FeeTier = 500, TickSpacing = 10, Pair = pair,
                Token0 = new Token { Chain = chain, Address = "0x" + new string((char)('2' + n), 40), Symbol = token, Decimals = 18 }, Token1 = usd,
            },
            NftTokenId = n,
            OwnerAddress = "0x" + new string('7', 40),
            TickLower = 79_010, // 1.0001^tick = 2700
            TickUpper = 81_020,
            PriceLower = 2700,
            PriceUpper = 3300,
            EntryPrice = 3000,
            Liquidity = new BigInteger(1e15),
        };
        var eth = Position(Pair, "WETH", 1);
        var btc = Position("BTC/USD", "WBTC", 2);
        db.Positions.AddRange(eth, btc);
        var now = DateTimeOffset.UtcNow;
        foreach (var pair in new[] { Pair, "BTC/USD" })
        {
            double[] prices = [3000, 3000, 3000, 3010];
            db.PriceObservations.AddRange(prices.Select((p, i) => new PriceObservation
            {
                Pair = pair, Source = ScoringStage.FeedSource, ObservedAt = now.AddMinutes(i - 4), Price = (decimal)p, BlockNumber = i + 1,
            }));
        }

        await db.SaveChangesAsync();
        return (eth.Id, btc.Id);
    }
}
