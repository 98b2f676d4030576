using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>The positions table's own sorting and filtering, as a person uses them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PositionsTableTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Positions_SortAndFilter_ShowTheMatchingRowsInOrder()
    {
        var page = await fixture.SignInAsync("viewer");
        var links = page.GetByTestId("position-link");
        await Assertions.Expect(links).ToHaveCountAsync(3);

        // Value ascending puts the smallest position (#102) first; again for descending, #103 first.
        await page.GetByTestId("sort-value").ClickAsync();
        await Assertions.Expect(links.First).ToHaveTextAsync("ETH/USD #102");
        await Assertions.Expect(page.Locator("th[aria-sort=ascending]")).ToHaveCountAsync(1);
        await page.GetByTestId("sort-value").ClickAsync();
        await Assertions.Expect(links.First).ToHaveTextAsync("ETH/USD #103");

        await page.GetByTestId("filter-range").SelectOptionAsync("out");
        await Assertions.Expect(links).ToHaveTextAsync(["ETH/USD #102"]);
        await page.GetByTestId("filter-range").SelectOptionAsync("");
        await Assertions.Expect(links).ToHaveCountAsync(3);

        await page.GetByTestId("filter-value").FillAsync(">= 5,000");
        await page.GetByTestId("filter-value").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveTextAsync(["ETH/USD #103", "ETH/USD #101"]);

        await page.GetByTestId("filter-pair").FillAsync("#101");
        await page.GetByTestId("filter-pair").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveTextAsync(["ETH/USD #101"]);

        // A click anywhere on a row opens its position (the row's first cell, not the link).
        await page.Locator("tbody tr", new() { Has = links.First }).Locator("td").Nth(2).ClickAsync();
        await Assertions.Expect(page.GetByTestId("position-title")).ToHaveTextAsync("ETH/USD #101");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Positions_UnreadableFilter_SaysWhichFilterAndThatNoRowsMatch()
    {
        var page = await fixture.SignInAsync("viewer");
        var links = page.GetByTestId("position-link");
        await Assertions.Expect(links).ToHaveCountAsync(3);

        await page.GetByTestId("filter-value").FillAsync("lots");
        await page.GetByTestId("filter-value").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("filter-error")).ToContainTextAsync("Value filter “lots” is not understood");
        await Assertions.Expect(page.GetByTestId("filter-value")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByTestId("no-rows")).ToHaveTextAsync("No rows match the filters.");
        await Assertions.Expect(links).ToHaveCountAsync(0);

        await page.GetByTestId("filter-value").FillAsync("");
        await page.GetByTestId("filter-value").PressAsync("Enter");
        await Assertions.Expect(links).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("filter-error")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("value", "e.g. >= 1000")]
    [InlineData("il", "e.g. < -100")]
    [InlineData("ilPct", "e.g. < -1%")]
    [InlineData("ratio", "e.g. >= 50%")]
    [InlineData("risk", "e.g. >= 0.66")]
    [InlineData("delta", "e.g. > 0")]
    public async Task Positions_FilterHint_FitsTheColumnKind(string column, string hint)
    {
        var page = await fixture.SignInAsync("viewer");
        await Assertions.Expect(page.GetByTestId($"filter-{column}")).ToHaveAttributeAsync("placeholder", hint);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1366, 768)] // the secondary columns (policy, updated) are hidden below 1440 px
    [InlineData(1440, 900)]
    [InlineData(1920, 1080)]
    public async Task Positions_Table_FitsTheContentArea(int width, int height)
    {
        var page = await fixture.SignInAsync("viewer", "/", width, height);
        var grid = page.GetByTestId("positions-grid");
        await Assertions.Expect(page.GetByTestId("position-link")).ToHaveCountAsync(3);
        var size = await grid.EvaluateAsync<double[]>("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right, document.documentElement.scrollWidth]");
        Assert.True(size[0] <= size[1], $"table {size[0]} px wider than its {size[1]} px box");
        Assert.True(size[2] <= width && size[3] <= width, $"grid ends at {size[2]} px, page {size[3]} px wide, window {width} px");

        // Each cell sits under its own header (the merge that added Chain and Pool once put the range badges under "Chain").
        var pairs = await page.EvaluateAsync<string[]>("""
            () => {
              const heads = [...document.querySelectorAll('thead tr:first-child th')].map(t => t.textContent.trim());
              const cells = [...document.querySelector('tbody tr[data-row-link]').children].map(t => t.dataset.testid || '');
              return heads.map((h, i) => h + '=' + cells[i]);
            }
            """);
        foreach (var expected in new[] { "Chain=position-chain", "Pool=position-pool", "Range=position-range", "Value=position-value" })
        {
            Assert.Contains(expected, pairs);
        }
        // The pair names the row: whole, not cut to "ETH/USD #…" (it was at 1366 and 1440 px).
        Assert.Empty(await CutPairsAsync(page));
        // Any other cell the column cuts shows its whole text on hover (a book's "$113,585.12" was "$113,58…" at 1440 px).
        var untitled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('tbody tr[data-row-link] td:not(.hd-frozen)')]
              .filter(td => td.offsetParent !== null && td.scrollWidth > td.clientWidth && !td.title)
              .map(td => td.textContent)
            """);
        Assert.Empty(untitled);
        var secondary = page.Locator("thead tr:first-child th", new() { Has = page.GetByTestId("sort-updated") });
        if (width < 1440)
        {
            await Assertions.Expect(secondary).ToBeHiddenAsync();
        }
        else
        {
            await Assertions.Expect(secondary).ToBeVisibleAsync();
        }

        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Two open pages, as in production (and as in the suite, where closed tests' circuits linger): both refresh on the
    /// same announcement, and the second used to get the old snapshot while the first one's load ran (PositionBoard).
    /// </summary>
    [Fact]
    public async Task Positions_RatioChangesOnChain_RowUpdatesWithoutReload()
    {
        var pages = new[] { await fixture.SignInAsync("viewer"), await fixture.SignInAsync("viewer") };
        var rows = pages.Select(p => p.Locator("tbody tr", new() { Has = p.GetByTestId("position-link").Filter(new() { HasText = "#103" }) }).GetByTestId("ratio")).ToList();

        // On chain → recommended (the pending suggestion's proposal when there is one): the on-chain part is under test.
        foreach (var ratio in rows)
        {
            await Assertions.Expect(ratio).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^50% → "));
        }

        try
        {
            await SetRatioAsync(fixture.Seed.HedgedPositionId, 0.25m);
            foreach (var ratio in rows)
            {
                await Assertions.Expect(ratio).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^25% → "), new() { Timeout = 60_000 });
            }
        }
        finally
        {
            await SetRatioAsync(fixture.Seed.HedgedPositionId, 0.5m);
        }

        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The pair cells whose text the column cuts (an ellipsis): their full width exceeds the cell's.</summary>
    public static Task<string[]> CutPairsAsync(IPage page) =>
        page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('tbody td.hd-frozen')].filter(td => td.scrollWidth > td.clientWidth).map(td => td.textContent)");

    /// <summary>What the indexer does when a hedge-ratio update lands: the stored ratio changes and the change is announced.</summary>
    private async Task SetRatioAsync(long positionId, decimal ratio)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString);
        await db.Database.ExecuteSqlAsync($"UPDATE lp_positions SET on_chain_hedge_ratio = {ratio} WHERE id = {positionId}");
        await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('hedge_updates', 'positions:0:updated')");
    }
}
