using System.Text.Json;

namespace HedgeDashboard.Web.Tests;

[Collection(DashboardCollection.Name)]
public sealed class HealthEndpointTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Healthz_DatabaseAndChainUp_ReportsHealthyWithReasons()
    {
        using var resp = await fixture.App.GetHealthDetailsAsync();
        using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("healthy").GetBoolean());
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Healthy", checks["database"].GetProperty("status").GetString());
        Assert.Contains("schema up to date", checks["database"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("chain 31337 at block", checks["chain"].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlazorClientScript_ExtractedAtBuild_IsServed()
    {
        var script = await fixture.App.GetStringAsync("/_framework/blazor.web.js");
        Assert.True(script.Length > 100_000, $"blazor.web.js is only {script.Length} bytes");
    }
}
