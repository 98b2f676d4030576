using HedgeDashboard.Cli;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data.Tests;

/// <summary><c>hedge train</c> against a fresh database: promotion only when no worse, and models any instance can load.</summary>
public sealed class TrainCommandTests : IAsyncLifetime
{
    private const string Pair = "ETH/USD";
    private const int Hours = 4_000;
    private TestDatabase? _database;

    private string Cs => _database!.ConnectionString;

    private readonly Random _rng = new(17);
    private double _s2 = 5e-5, _price = 2000;
    private int _hours;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("htrain");
        Assert.Equal(0, Run("db", "migrate", "--connection", Cs).Code);
        await AddHoursAsync(Hours);
    }

    private async Task AddHoursAsync(int count)
    {
        // Volatility regimes that switch every ~100 hours between a calm and a wild level: the RiskMetrics EWMA
        // (11-day memory) lags every switch, the trees over HAR's daily window follow them.
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(Cs);
        for (int end = _hours + count; _hours < end; _hours++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
            _price *= Math.Exp(Math.Sqrt(_s2) * z);
            if (_rng.NextDouble() < 0.01)
                _s2 = _s2 < 1e-4 ? 1e-3 : 5e-5;
            db.PriceObservations.Add(new PriceObservation { Pair = Pair, Source = "test_hourly", ObservedAt = start.AddHours(_hours), Price = (decimal)Math.Round(_price, 6), Volume = 1 + (_hours % 5) });
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task Train_BetterCandidatePromoted_WorseKept_PromotedMlNetModelLoadsElsewhere()
    {
        var first = Run("train", "--pair", Pair, "--models", "ewma", "--connection", Cs);
        Assert.True(first.Code == 0, first.Error);
        Assert.True(first.Output.Contains("promoted: variance:ETH/USD v1 (ewma): no active model to beat", StringComparison.Ordinal), first.Output);

        // A month later: the newest 720 h are unseen by v1, so it and the candidates are scored on them.
        await AddHoursAsync(720);
        var better = Run("train", "--pair", Pair, "--models", "fasttree", "--connection", Cs);
        Assert.True(better.Code == 0, better.Error);
        Assert.True(better.Output.Contains("promoted: variance:ETH/USD v2 (mlnet-fasttree-gamma)", StringComparison.Ordinal), better.Output);

        var seen = Run("train", "--pair", Pair, "--models", "ewma", "--connection", Cs);
        Assert.True(seen.Output.Contains("kept the active model: variance:ETH/USD v3 (ewma): the active model stays: trained on nearly all", StringComparison.Ordinal), seen.Output);

        await AddHoursAsync(720);
        var worse = Run("train", "--pair", Pair, "--models", "ewma", "--connection", Cs);
        Assert.True(worse.Code == 0, worse.Error);
        Assert.True(worse.Output.Contains("kept the active model: variance:ETH/USD v4 (ewma)", StringComparison.Ordinal), worse.Output);

        // Another instance: its own context reads the active version and scores with the stored ML.NET model.
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(Cs);
        var active = await db.ModelVersions.SingleAsync(v => v.Name == "variance:ETH/USD" && v.Status == ModelStatus.Active);
        Assert.Equal((2, "mlnet-fasttree-gamma"), (active.Version, active.Kind));
        var prices = await db.PriceObservations.OrderBy(p => p.ObservedAt).Select(p => new { p.ObservedAt, p.Price, p.Volume }).ToListAsync();
        var bars = prices.Select(p => new OhlcvBar(p.ObservedAt.ToUnixTimeSeconds(), (double)p.Price, (double)p.Price, (double)p.Price, (double)p.Price, (double)p.Volume!)).ToList();
        var history = MarketStore.From(bars).View();
        Assert.NotNull(active.ModelBytes); // the ML.NET model file lives in its own bytea column
        var parameters = ModelParameters.FromJson(active.Parameters) with { Blob = active.ModelBytes };

        double forecast = ForecastModels.Load(parameters).Forecast(history);
        double again = ForecastModels.Load(ModelParameters.FromJson(active.Parameters) with { Blob = active.ModelBytes }).Forecast(history);

        Assert.InRange(forecast, 1e-6, 1);
        Assert.Equal(forecast, again);
        var versions = await db.ModelVersions.OrderBy(v => v.Version).Select(v => v.Status).ToListAsync();
        Assert.Equal([ModelStatus.Retired, ModelStatus.Active, ModelStatus.Candidate, ModelStatus.Candidate], versions);
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "model.promoted"));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "model.kept_current"));
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HedgeCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
