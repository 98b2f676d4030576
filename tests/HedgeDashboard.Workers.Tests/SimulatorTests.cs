using System.Numerics;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Workers.Hosting;
using HedgeDashboard.Workers.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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

    /// <summary>
    /// Restarts must not re-anchor the replay to wherever the pool is (the scale drifted from x1.18 to x0.92 over
    /// many restarts): here the pool and feed were moved 20% down, as earlier runs would leave them; the simulator
    /// resumes at the bar after the feed's latest round, scaled to the feed's first round.
    /// </summary>
    [Fact]
    public async Task Simulator_Restarted_KeepsTheScaleAndResumesAfterTheFeedsLatestRound()
    {
        await using var m = await TestMarket.StartAsync("simscale");
        var series = MarketSimulator.LoadSeries(Path.Combine(AppContext.BaseDirectory, MarketSimulator.ShippedFile));
        var first = (await m.Rpc.Calls.QueryOutputAsync<GetRoundDataFunction, RoundDataOutputDto>(m.Deployment.PriceFeed, new() { RoundId = BigInteger.One })).Answer;
        var scale = (decimal)first / (decimal)Math.Pow(10, m.Deployment.FeedDecimals) / series[0].Close;
        await m.MoveAsync((decimal)first / (decimal)Math.Pow(10, m.Deployment.FeedDecimals) * 0.8m);
        var before = await LatestRoundAsync(m);

        var host = await m.StartWorkersAsync(SimulatorOn(), output: output);
        await TestMarket.EventuallyAsync(async () => await LatestRoundAsync(m) > before, "the simulator's first bar", timeoutSeconds: 180);
        await m.StopAsync(host);

        var resumed = (int)((before - 1) % series.Count);
        var expected = m.Driver.FeedAnswer(Math.Round(series[resumed].Close * scale, 2));
        var pushed = (await m.Rpc.Calls.QueryOutputAsync<GetRoundDataFunction, RoundDataOutputDto>(m.Deployment.PriceFeed, new() { RoundId = before + 1 })).Answer;
        Assert.Equal(expected, pushed);
    }

    /// <summary>
    /// A swap that reverts (here: the trader's router approvals revoked; on the dev chain: a price outside every
    /// range) must not stop the feed, and the stall shows in the workers' health with its cause.
    /// </summary>
    [Fact]
    public async Task Simulator_SwapReverts_FeedKeepsMovingAndHealthReportsTheStall()
    {
        await using var m = await TestMarket.StartAsync("simstall");
        foreach (var token in new[] { m.Deployment.Weth, m.Deployment.Usdc })
        {
            await m.Driver.SendAsync(m.Trader, token, MarketDriver.Approve(m.Deployment.SwapRouter, BigInteger.Zero));
        }

        var before = await LatestRoundAsync(m);
        var host = await m.StartWorkersAsync(SimulatorOn(), output: output);
        var stages = host.Services.GetRequiredService<StageHealth>();
        await TestMarket.EventuallyAsync(
            async () => await LatestRoundAsync(m) >= before + 3 && stages.Get("simulator") is { ConsecutiveFailures: >= 3 },
            "three bars pushed to the feed while every swap fails",
            timeoutSeconds: 180);

        var report = await new WorkersHealthCheck(stages).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("simulator: the pool is stuck at ", report.Description, StringComparison.Ordinal);
        Assert.Contains("the feed moved on", report.Description, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> SimulatorOn() => new()
    {
        ["Workers:Simulator:Enabled"] = "true",
        ["Workers:Simulator:SecondsPerBar"] = "0.3",
        ["Workers:Ingestion:TwapWindowSeconds"] = "10",
    };

    private static async Task<BigInteger> LatestRoundAsync(TestMarket m) =>
        await m.Rpc.Calls.QueryAsync<LatestRoundFunction, BigInteger>(m.Deployment.PriceFeed, new());
}
