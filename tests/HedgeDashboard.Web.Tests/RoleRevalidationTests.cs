using System.Text.RegularExpressions;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>A dashboard whose circuits are checked against Identity every two seconds (Auth:RevalidationInterval).</summary>
public sealed class RevalidationFixture() : DashboardFixture("reval", new Dictionary<string, string?> { ["Auth__RevalidationInterval"] = Interval })
{
    public const string Interval = "00:00:02";
}

/// <summary>An Approver keeps a page open while an admin takes the role away: the open circuit must not keep it.</summary>
public sealed class RoleRevalidationTests(RevalidationFixture fixture) : IClassFixture<RevalidationFixture>
{
    private const string Password = "Revalidate-test-2026!";

    private HedgeDbContext Db() => HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString);

    [Fact]
    public async Task Approver_RoleRemovedWhilePageOpen_CircuitSignedOutWithoutReloadAndNextLoadIsViewer()
    {
        var id = fixture.Seed.ViewerSuggestionId;
        var userId = await CreateUserAsync("reval-roles", "Approver");
        var page = await SignInAsync("reval-roles", "/suggestions");
        await Assertions.Expect(page.GetByTestId($"approve-{id}")).ToBeVisibleAsync();

        // The admin's change, made in Identity's tables: Approver becomes Viewer (the security stamp is left alone).
        await using (var db = Db())
        {
            db.UserRoles.Remove(await db.UserRoles.SingleAsync(r => r.UserId == userId));
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = await RoleIdAsync(db, "Viewer") });
            await db.SaveChangesAsync();
        }

        // No reload by the test: the circuit notices at its next check and sends the person to sign in.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId($"approve-{id}")).ToHaveCountAsync(0);

        // The sign-in cookie is rechecked too: the next page load carries the current role, Viewer.
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/suggestions").ToString());
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Viewer");
        await Assertions.Expect(page.GetByTestId($"suggestion-{id}")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId($"approve-{id}").CountAsync());

        await using (var db = Db())
        {
            Assert.Equal(SuggestionStatus.Pending, (await db.Suggestions.SingleAsync(x => x.Id == id)).Status);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Approver_SecurityStampChangedWhilePageOpen_CircuitAndCookieSignedOut()
    {
        var id = fixture.Seed.ViewerSuggestionId;
        var userId = await CreateUserAsync("reval-stamp", "Approver");
        var page = await SignInAsync("reval-stamp", "/suggestions");
        await Assertions.Expect(page.GetByTestId($"approve-{id}")).ToBeVisibleAsync();

        // What Identity does on a role change made through the app's user manager, a password change or a reset.
        await using (var db = Db())
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.SecurityStamp = Guid.NewGuid().ToString();
            await db.SaveChangesAsync();
        }

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 20_000 });

        // The cookie no longer signs in either.
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/suggestions").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Assertions.Expect(page.GetByTestId("login-user")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private async Task<string> CreateUserAsync(string name, string role)
    {
        await using var db = Db();
        var user = new IdentityUser(name)
        {
            NormalizedUserName = name.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        user.PasswordHash = new PasswordHasher<IdentityUser>().HashPassword(user, Password);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await RoleIdAsync(db, role) });
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static async Task<string> RoleIdAsync(HedgeDbContext db, string role) =>
        (await db.Roles.SingleAsync(r => r.Name == role)).Id;

    private async Task<IPage> SignInAsync(string user, string path)
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, path).ToString());
        await page.GetByTestId("login-user").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        return page;
    }
}
