using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>The suggestions inbox: notices by role and where they sit, texts in an LP's words.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SuggestionsPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task NewSuggestion_NoticeForApproversOnly_ClearOfApproveButtonsAndKpiCards()
    {
        var approver = await fixture.SignInAsync("approver", "/suggestions");
        var onPositions = await fixture.SignInAsync("approver", "/");
        var viewer = await fixture.SignInAsync("viewer", "/suggestions");
        await Assertions.Expect(approver.Locator("[data-testid^=approve-]").First).ToBeVisibleAsync();
        await Assertions.Expect(onPositions.Locator(".hd-kpi").First).ToBeVisibleAsync();

        await using (var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString))
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('hedge_updates', 'suggestion:987001:pending')");
        }

        var notice = approver.Locator(".mud-snackbar", new() { HasText = "New hedge suggestion" });
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(onPositions.Locator(".mud-snackbar", new() { HasText = "New hedge suggestion" })).ToBeVisibleAsync();
        Assert.Equal(0, await viewer.Locator(".mud-snackbar").CountAsync());

        var box = (await notice.BoundingBoxAsync())!;
        foreach (var button in await approver.Locator("[data-testid^=approve-], [data-testid=bulk-approve]").AllAsync())
        {
            Assert.False(Overlap(box, (await button.BoundingBoxAsync())!), "a notice covers an approve button");
        }

        var onKpis = (await onPositions.Locator(".mud-snackbar").First.BoundingBoxAsync())!;
        foreach (var card in await onPositions.Locator(".hd-kpi").AllAsync())
        {
            Assert.False(Overlap(onKpis, (await card.BoundingBoxAsync())!), "a notice covers a KPI card");
        }

        // One notice per suggestion, however often the update arrives.
        await using (var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString))
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('hedge_updates', 'suggestion:987001:pending')");
            await db.Database.ExecuteSqlRawAsync("SELECT pg_notify('hedge_updates', 'suggestion:987002:pending')");
        }

        await Assertions.Expect(approver.Locator(".mud-snackbar", new() { HasText = "Suggestion 987002" })).ToBeVisibleAsync();
        await Assertions.Expect(approver.Locator(".mud-snackbar", new() { HasText = "Suggestion 987001" })).ToHaveCountAsync(1);
        Assert.Equal(0, await viewer.Locator(".mud-snackbar").CountAsync());

        await approver.Context.CloseAsync();
        await onPositions.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task Suggestion_SaysWhatItAsksInPlainWords_QuantDetailFolded()
    {
        var id = fixture.Seed.ViewerSuggestionId;
        var page = await fixture.SignInAsync("viewer", "/suggestions");
        await Assertions.Expect(page.GetByTestId($"headline-{id}")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^Hedge (more|less): cover \\d+% of your ETH exposure"));
        await Assertions.Expect(page.GetByTestId($"plain-why-{id}")).ToContainTextAsync("$12.50");
        var quant = page.GetByTestId($"quant-{id}");
        Assert.Null(await quant.GetAttributeAsync("open"));
        await Assertions.Expect(quant.Locator("summary")).ToHaveTextAsync("Model detail");
        await page.Context.CloseAsync();
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
}
