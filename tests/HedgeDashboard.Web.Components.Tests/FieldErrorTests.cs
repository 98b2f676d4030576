using HedgeDashboard.Web.Settings;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HedgeDashboard.Web.Components.Tests;

public sealed class FieldErrorTests
{
    private static async Task<string> RenderAsync(FieldErrors errors, string field)
    {
        await using var html = new HtmlRenderer(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        return await html.Dispatcher.InvokeAsync(async () =>
        {
            var output = await html.RenderComponentAsync<FieldError>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Errors"] = errors, ["Field"] = field }));
            return output.ToHtmlString();
        });
    }

    [Fact]
    public async Task Render_WithErrorForField_ShowsMessageNextToIt()
    {
        var markup = await RenderAsync(new FieldErrors { ["Address"] = "bad address" }, "Address");
        Assert.Contains("data-testid=\"error-Address\"", markup, StringComparison.Ordinal);
        Assert.Contains("bad address", markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoErrorForField_RendersNothing() =>
        Assert.Equal("", (await RenderAsync(new FieldErrors { ["Label"] = "x" }, "Address")).Trim());
}
