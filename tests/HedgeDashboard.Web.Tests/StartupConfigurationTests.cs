using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Web.Tests;

/// <summary>Bad configuration gives one clear line naming the setting, never a stack trace.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Start_MissingConnectionString_ExitsWithOneLineNamingTheSetting()
    {
        await using var app = DashboardProcess.Launch(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Hedge"] = "",
            ["Chain__RpcUrl"] = "http://127.0.0.1:9",
        });
        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        AssertOneErrorLine(app.Output, "ConnectionStrings:Hedge");
    }

    [Fact]
    public async Task Start_MalformedRpcUrl_ExitsWithOneLineNamingTheSetting()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("webcfg");
        await using var app = DashboardProcess.Launch(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Hedge"] = db.ConnectionString,
            ["Chain__RpcUrl"] = "not a url",
        });
        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        AssertOneErrorLine(app.Output, "Chain:RpcUrl");
    }

    [Fact]
    public async Task Start_PortInUse_ExitsWithOneLineNamingTheAddress()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("webcfg");
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        await using var app = DashboardProcess.Launch(
            new Dictionary<string, string?> { ["ConnectionStrings__Hedge"] = db.ConnectionString, ["Chain__RpcUrl"] = "http://127.0.0.1:9" },
            port);
        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        AssertOneErrorLine(app.Output, "ASPNETCORE_URLS");
    }

    [Fact]
    public async Task Healthz_RpcUnreachable_ReportsChainUnhealthyAndWhy()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("webcfg");
        await using var app = await DashboardProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Hedge"] = db.ConnectionString,
            ["Chain__RpcUrl"] = $"http://127.0.0.1:{DashboardProcess.FreePort()}",
            ["Health__DetailsToken"] = DashboardFixture.HealthToken,
        });
        using var resp = await app.GetHealthDetailsAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, resp.StatusCode);
        using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
        Assert.False(doc.RootElement.GetProperty("healthy").GetBoolean());
        var chain = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "chain");
        Assert.Contains("Chain:RpcUrl", chain.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("unreachable", chain.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static void AssertOneErrorLine(string output, string setting)
    {
        var errors = output.Split('\n').Where(l => l.StartsWith("hedgedashboard: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected one error line, got:\n{output}");
        Assert.Contains(setting, errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
