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
    public async Task Positions_RatioChangesOnChain_RowUpdatesWithoutReload()
    {
        var page = await fixture.SignInAsync("viewer");
        var row = page.Locator("tbody tr", new() { Has = page.GetByTestId("position-link").Filter(new() { HasText = "#103" }) });
        await Assertions.Expect(row.GetByTestId("ratio")).ToHaveTextAsync("50% → 50%");
        try
        {
            await SetRatioAsync(fixture.Seed.HedgedPositionId, 0.25m);
            await Assertions.Expect(row.GetByTestId("ratio")).ToHaveTextAsync("25% → 50%", new() { Timeout = 15_000 });
        }
        finally
        {
            await SetRatioAsync(fixture.Seed.HedgedPositionId, 0.5m);
        }

        await page.Context.CloseAsync();
    }

    /// <summary>What the indexer does when a hedge-ratio update lands: the stored ratio changes and the change is announced.</summary>
    private async Task SetRatioAsync(long positionId, decimal ratio)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString);
        await db.Database.ExecuteSqlAsync($"UPDATE lp_positions SET on_chain_hedge_ratio = {ratio} WHERE id = {positionId}");
        await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('hedge_updates', 'positions:0:updated')");
    }
}
