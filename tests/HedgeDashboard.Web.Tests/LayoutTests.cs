using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>The MudBlazor shell: theme choice, fonts, notices.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LayoutTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Theme_DarkChosen_SurvivesReloadWithDarkHeaderAndReadableLinks()
    {
        var page = await fixture.SignInAsync("viewer");
        var shell = page.Locator(".hd-shell");
        await Assertions.Expect(shell).ToHaveAttributeAsync("data-theme", "light");
        await page.GetByTestId("theme-toggle").ClickAsync(); // saves the choice and reloads the page
        await Assertions.Expect(shell).ToHaveAttributeAsync("data-theme", "dark");
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });

        await page.ReloadAsync();
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(shell).ToHaveAttributeAsync("data-theme", "dark");

        // The header is dark (not MudBlazor's default light grey) and a link's colour stands out from the page.
        var header = await Luminance(page, ".mud-appbar", "backgroundColor");
        var background = await Luminance(page, ".mud-main-content", "backgroundColor");
        var link = await Luminance(page, "a[data-testid=position-link]", "color");
        Assert.True(header < 0.1, $"header luminance {header}");
        Assert.True(Contrast(link, background) >= 4.5, $"link contrast {Contrast(link, background):0.0}");
        await page.Context.CloseAsync();
    }

    /// <summary>The drawer keeps MudBlazor's responsive behaviour without its component (no viewport listener per circuit).</summary>
    [Theory]
    [InlineData(1366, 860, true)]
    [InlineData(390, 844, false)]
    public async Task Navigation_BesideTheContentWhenWide_ClosedOnPhones_TheButtonFlipsIt(int width, int height, bool openFirst)
    {
        var page = await fixture.SignInAsync("viewer", "/", width, height);
        var link = page.GetByTestId("nav-drawer").GetByRole(AriaRole.Link, new() { Name = "Suggestions" });
        await Assertions.Expect(page.GetByTestId("position-link")).ToHaveCountAsync(3);
        foreach (var open in new[] { openFirst, !openFirst, openFirst })
        {
            if (open)
            {
                await Assertions.Expect(link).ToBeInViewportAsync(new() { Ratio = 1 }); // whole: the slide has ended
            }
            else
            {
                await Assertions.Expect(link).Not.ToBeInViewportAsync();
            }

            if (width >= 960)
            {
                // Beside the content: the page starts right of an open drawer, at the window's edge with a closed one.
                await page.WaitForFunctionAsync($"() => document.querySelector('main.hd-main').getBoundingClientRect().left {(open ? ">= 220" : "< 220")}");
            }

            await page.GetByTestId("nav-toggle").ClickAsync();
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/access-denied")]
    public async Task StaticPages_UseTheSystemFontStack_NotSerif(string path)
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, path).ToString());
        var font = await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
        Assert.StartsWith("system-ui", font, StringComparison.Ordinal);
        Assert.DoesNotContain("Roboto\", Helvetica", font, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task App_UsesNoGoogleFontsNorRadzen()
    {
        var page = await fixture.SignInAsync("viewer");
        var html = await page.ContentAsync();
        Assert.DoesNotContain("fonts.googleapis", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Radzen", html, StringComparison.Ordinal);
        var font = await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
        Assert.StartsWith("system-ui", font, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/positions/abc")]
    [InlineData("/positions/99999999999999999999")]
    [InlineData("/positions/987654321")]
    public async Task UnknownUrl_ShowsTheAppsNotFoundPageWith404(string path)
    {
        var page = await fixture.SignInAsync("viewer");
        var response = await page.GotoAsync(new Uri(fixture.App.BaseUrl, path).ToString());
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByTestId("not-found")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static Task<double> Luminance(IPage page, string selector, string property) =>
        page.Locator(selector).First.EvaluateAsync<double>(
            """
            (e, p) => {
              const [r, g, b] = getComputedStyle(e)[p].match(/\d+(\.\d+)?/g).slice(0, 3).map(Number)
                .map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            }
            """, property);

    private static double Contrast(double a, double b) => (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
}
