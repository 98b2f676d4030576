using HedgeDashboard.Web.Components.Charts;

namespace HedgeDashboard.Web.Components.Tests;

public sealed class PlotlyChartTests
{
    [Fact]
    public async Task Render_Interactive_ImportsModuleAndCallsRenderOnceWithTheData()
    {
        var js = new RecordingJsRuntime();
        using var renderer = new TestRenderer(TestRenderer.Services(js), interactive: true);
        var data = new object[] { new { x = new[] { 1, 2 }, y = new[] { 3, 4 } } };
        var layout = new { showlegend = false };
        var parameters = new Dictionary<string, object?> { ["Data"] = data, ["Layout"] = layout, ["TestId"] = "c1" };

        var chart = await renderer.RenderAsync<PlotlyChart>(parameters);

        var import = Assert.Single(js.Calls);
        Assert.Equal("import", import.Identifier);
        Assert.Equal("./js/plotly-interop.js", import.Args[0]);
        var render = Assert.Single(js.Module.Calls);
        Assert.Equal("render", render.Identifier);
        Assert.Same(data, render.Args[1]);
        Assert.Same(layout, render.Args[2]);

        // New parameters redraw through the same module (no second import).
        await renderer.RerenderAsync(chart, parameters);
        Assert.Single(js.Calls);
        Assert.Equal(2, js.Module.Calls.Count(c => c.Identifier == "render"));
    }

    [Fact]
    public async Task Render_Prerendering_DoesNotTouchJavaScript()
    {
        var js = new RecordingJsRuntime();
        using var renderer = new TestRenderer(TestRenderer.Services(js), interactive: false);
        await renderer.RenderAsync<PlotlyChart>(new Dictionary<string, object?> { ["Data"] = Array.Empty<object>() });
        Assert.Empty(js.Calls);
        Assert.Empty(js.Module.Calls);
    }
}
