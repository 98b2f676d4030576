using HedgeDashboard.Workers.Simulator;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

public sealed class SimulatorTests(ITestOutputHelper output)
{
    [Fact]
    public void ShippedSeries_EndsAtTheLastMitRow_AndHasHourlyBars()
    {
        var series = MarketSimulator.LoadSeries(Path.Combine(AppContext.BaseDirectory, MarketSimulator.ShippedFile));
        Assert.True(series.Count > 4000);
        Assert.Equal(DateTimeOffset.Parse("2025-12-02T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), series[^1].Time);
        Assert.All(series.Zip(series.Skip(1)), p => Assert.True(p.Second.Time > p.First.Time));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Simulator", "Data", "README.md")));
    }

    [Fact]
    public async Task Simulator_MovesPoolAndFeedTogether_OracleStaysHealthy_PipelineScores()
    {
        await using var m = await TestMarket.StartAsync("sim");
        await m.StartWorkersAsync(new Dictionary<string, string?>
        {
            ["Workers:Simulator:Enabled"] = "true",
            ["Workers:Simulator:SecondsPerBar"] = "0.3",
            ["Workers:Ingestion:TwapWindowSeconds"] = "10",
        }, output: output);
        await m.WaitForPositionsAsync();
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.PriceObservations.CountAsync(p => p.Source == "chainlink") >= 10;
        }, "ten replayed bars in the feed");
        await using var check = m.Db();
        var feed = await check.PriceObservations.AsNoTracking().Where(p => p.Source == "chainlink").OrderBy(p => p.ObservedAt).Select(p => p.Price).ToListAsync();
        Assert.True(feed.Distinct().Count() > 5, "the feed moves");
        var lastPool = await check.PriceObservations.AsNoTracking().Where(p => p.Source == "pool").OrderByDescending(p => p.ObservedAt).FirstAsync();
        var lastFeed = await check.PriceObservations.AsNoTracking().Where(p => p.Source == "chainlink").OrderByDescending(p => p.ObservedAt).FirstAsync();
        output.WriteLine($"feed {lastFeed.Price}, pool {lastPool.Price}");
        Assert.InRange(lastPool.Price / lastFeed.Price, 0.97m, 1.03m);
        Assert.True(await check.RiskScores.AnyAsync());
    }
}
