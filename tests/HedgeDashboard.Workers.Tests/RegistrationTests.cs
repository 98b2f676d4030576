using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Alerts;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace HedgeDashboard.Workers.Tests;

public sealed class RegistrationTests(ITestOutputHelper output)
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHedgeData("Host=127.0.0.1;Port=1;Database=x");
        services.AddHedgeWorkers(config);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void WebRoleOnly_RegistersNoStages_ButTheAlertSink()
    {
        using var sp = Build(new() { ["Hosting:Roles"] = "web", ["ConnectionStrings:Hedge"] = "Host=127.0.0.1;Port=1;Database=x" });
        Assert.Empty(sp.GetServices<IHostedService>().OfType<PipelineStage>());
        Assert.NotNull(sp.GetService<IAlertSink>());
    }

    [Theory]
    [InlineData("web", "NoKeysNotice")]
    [InlineData("signer", "ModelSignerService")]
    [InlineData("relayer", "RelayerService")]
    [InlineData("stages,relayer", "IndexerStage,IngestionStage,OptionSettlementKeeper,PortfolioStage,RelayerService,RetentionStage,ScoringStage,SuggestionStage")]
    [InlineData("stages,signer", "IndexerStage,IngestionStage,ModelSignerService,OptionSettlementKeeper,PortfolioStage,RetentionStage,ScoringStage,SuggestionStage")]
    [InlineData("web,workers", "IndexerStage,IngestionStage,OptionSettlementKeeper,PortfolioStage,RelayerService,RetentionStage,ScoringStage,SuggestionStage")]
    public void SplitRoles_RegisterOnlyTheirServices(string roles, string expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hosting:Roles"] = roles,
            ["ConnectionStrings:Hedge"] = "Host=127.0.0.1;Port=1;Database=x",
            ["Chain:RpcUrl"] = "http://127.0.0.1:9",
            ["Chain:DeploymentFile"] = "/nonexistent/deployment.json",
            ["Workers:Scoring:RetrainIntervalMinutes"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddHedgeData("Host=127.0.0.1;Port=1;Database=x").AddHedgeWorkers(config);

        // The registrations, not instances: the stages would read the (absent) deployment file.
        var names = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType is not null)
            .Select(d => d.ImplementationType!)
            .Where(t => t.Namespace!.StartsWith("HedgeDashboard.", StringComparison.Ordinal) && t != typeof(PipelineListener))
            .Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(',', names));
    }

    [Fact]
    public void WorkersRole_WithoutDeploymentFile_RegistersNoStages_AndSaysWhy()
    {
        using var sp = Build(new() { ["ConnectionStrings:Hedge"] = "Host=127.0.0.1;Port=1;Database=x", ["Chain:RpcUrl"] = "http://127.0.0.1:9" });
        var hosted = sp.GetServices<IHostedService>().ToList();
        Assert.Empty(hosted.OfType<PipelineStage>());
        Assert.Contains(hosted, h => h is WorkersNotConfiguredNotice);
    }

    [Fact]
    public void ChainsWithoutOurContracts_FollowScoreAndSuggest_ButSignAndSendNothing()
    {
        // Resolved, not only registered: a stage needing the deployment or the signer would fail to build here.
        using var sp = Build(new()
        {
            ["ConnectionStrings:Hedge"] = "Host=127.0.0.1;Port=1;Database=x",
            ["Chains:0:Id"] = "1",
            ["Chains:0:Name"] = "mainnet",
            ["Chains:0:RpcUrls:0"] = "http://127.0.0.1:9",
            ["Chains:0:PositionManager"] = "0xC36442b4a4522E871399CD717aBDD847Ab11FE88",
            ["Chains:0:Factory"] = "0x1F98431c8aD98523631AE4a59f267346ea31F984",
            ["Workers:Scoring:RetrainIntervalMinutes"] = "0",
        });
        var stages = sp.GetServices<IHostedService>().OfType<PipelineStage>().Select(s => s.Name).Order(StringComparer.Ordinal);
        Assert.Equal("chain:1,scoring,suggestions", string.Join(',', stages));
    }

    [Fact]
    public async Task SuggestionTimeToLive_PendingSuggestionExpires_AndIsNotRecreatedFromTheSameScore()
    {
        await using var m = await TestMarket.StartAsync("expiry");
        await m.StartWorkersAsync(new Dictionary<string, string?> { ["Workers:Suggestions:TimeToLiveMinutes"] = "0.05" }, output: output);
        var positions = await m.WaitForPositionsAsync();
        var first = await TestMarket.EventuallyAsync(() => PipelineTests.PendingAsync(m, positions[0].Id), "a pending suggestion");
        await TestMarket.EventuallyAsync(async () =>
        {
            await using var db = m.Db();
            return await db.Suggestions.AnyAsync(s => s.Id == first.Id && s.Status == SuggestionStatus.Expired);
        }, "the suggestion expired");
        await Task.Delay(1500);
        await using var check = m.Db();
        Assert.True(await check.AuditLog.AnyAsync(a => a.Action == "suggestion.expired" && a.EntityId == first.Id.ToString()));
        Assert.False(await check.Suggestions.AnyAsync(s => s.PositionId == positions[0].Id && s.Status == SuggestionStatus.Pending && s.RiskScoreId == first.RiskScoreId));
    }
}
