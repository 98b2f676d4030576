using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Dashboard_NavigateAndClick_ShowsPagesChartAndHealth()
    {
        var page = await fixture.SignInAsync("admin");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Positions");
        await Assertions.Expect(page.GetByTestId("positions-grid")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Protection" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/protection$"));
        var chart = page.Locator("[data-testid=il-chart] .main-svg").First;
        await chart.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(2, await page.Locator("[data-testid=il-chart] .scatterlayer .trace").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("health-database")).ToContainTextAsync("Healthy");
        await Assertions.Expect(page.GetByTestId("health-chain")).ToContainTextAsync("chain 31337");
        var checkedAt = await page.GetByTestId("health-checked-at").InnerTextAsync();
        await Task.Delay(1100);
        await page.GetByTestId("check-health").ClickAsync();
        await Assertions.Expect(page.GetByTestId("health-checked-at")).Not.ToHaveTextAsync(checkedAt);

        await page.GetByTestId("theme-toggle").ClickAsync(); // saves the choice and reloads the page
        await Assertions.Expect(page.Locator(".hd-shell")).ToHaveAttributeAsync("data-theme", "dark");
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        await Shot(page, "settings-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(page.Locator(".hd-shell")).ToHaveAttributeAsync("data-theme", "light");
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });

        foreach (var (link, title) in new[] { ("Suggestions", "Suggestions"), ("Hedge history", "Hedge history"), ("Models", "Models") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        }
    }

    private static async Task Shot(IPage page, string name)
    {
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardFixture.ScreenshotDir, $"{name}.png"), FullPage = true });
    }
}
