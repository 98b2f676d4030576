using System.Net;
using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>An app with small abuse limits: 3 sign-in attempts per address, 3 circuits per user.</summary>
public sealed class AbuseLimitFixture() : DashboardFixture("webabuse", new Dictionary<string, string?>
{
    ["Auth__SignInPermitLimit"] = "3",
    ["Auth__SignInWindow"] = "00:15:00",
    ["Circuits__MaxPerUser"] = "3",
});

public sealed class AbuseLimitTests(AbuseLimitFixture fixture) : IClassFixture<AbuseLimitFixture>
{
    [Fact]
    public async Task SignIn_OverTheLimitFromOneAddress_429BeforeTheLockoutCounter()
    {
        // The attacker's address arrives through the local proxy (X-Forwarded-For); the admin's own is 127.0.0.1.
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await PostSignInAsync("203.0.113.7", "admin", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var limited = await PostSignInAsync("203.0.113.7", "admin", "wrong-password-3");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter is not null);

        // Even the right password waits: the limit is on attempts, checked before the password.
        using var right = await PostSignInAsync("203.0.113.7", "admin", DashboardFixture.DemoPassword("admin"));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        await using (var db = HedgeDataServiceCollectionExtensions.CreateContext(fixture.ConnectionString))
        {
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "admin");
            Assert.Equal(3, admin.AccessFailedCount); // the refused attempts never reached Identity
            Assert.Null(admin.LockoutEnd);
        }

        // Another address, and the admin at theirs, still sign in.
        using var other = await PostSignInAsync("198.51.100.9", "admin", DashboardFixture.DemoPassword("admin"));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Circuits_MoreTabsThanTheCap_ExtraTabRefusedWithAMessage()
    {
        var first = await fixture.SignInAsync("viewer", "/positions");
        var context = first.Context;
        var tabs = new List<IPage> { first };
        for (var i = 1; i < 3; i++)
        {
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(new Uri(fixture.App.BaseUrl, "/positions").ToString());
            await tab.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
            tabs.Add(tab);
        }

        // The fourth and fifth: refused, sent to the page that says why.
        for (var i = 0; i < 2; i++)
        {
            var extra = await context.NewPageAsync();
            await extra.GotoAsync(new Uri(fixture.App.BaseUrl, "/suggestions").ToString());
            await Assertions.Expect(extra.GetByTestId("too-many-tabs")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await extra.CloseAsync();
        }

        // The open tabs still work.
        await tabs[0].GetByTestId("theme-toggle").ClickAsync();

        // Leaving a tab (the browser tells the server) frees its place.
        await tabs[2].GotoAsync("about:blank");
        var again = await context.NewPageAsync();
        await again.GotoAsync(new Uri(fixture.App.BaseUrl, "/suggestions").ToString());
        await again.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("Refused a circuit of viewer", fixture.App.Output, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Circuit_MessageOver32KB_ClosesTheConnection()
    {
        var page = await fixture.SignInAsync("approver");
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Connection disconnected", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("closed with an error", StringComparison.OrdinalIgnoreCase))
            {
                closed.TrySetResult(m.Text);
            }
        };

        // 20 KB: within the limit, the server answers (no such method) and the connection stays.
        var answer = await page.EvaluateAsync<string>("() => DotNet.invokeMethodAsync('HedgeDashboard.Web', 'NoSuchMethod', 'x'.repeat(20000)).then(() => 'ok', e => 'error: ' + e.message)");
        Assert.StartsWith("error:", answer, StringComparison.Ordinal);
        Assert.False(closed.Task.IsCompleted);

        // 40 KB: over MaximumReceiveMessageSize, the server drops the connection.
        await page.EvaluateAsync("() => { DotNet.invokeMethodAsync('HedgeDashboard.Web', 'NoSuchMethod', 'x'.repeat(40000)).catch(() => {}); }");
        var message = await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("closed", message, StringComparison.OrdinalIgnoreCase);
        await page.Context.CloseAsync();
    }

    private async Task<HttpResponseMessage> PostSignInAsync(string clientAddress, string user, string password)
    {
        using var http = WebSecurityTests.Client();
        var login = new Uri(fixture.App.BaseUrl, "/account/login");
        using var form = await http.GetAsync(login);
        using var post = new HttpRequestMessage(HttpMethod.Post, login)
        {
            Content = WebSecurityTests.LoginForm(await form.Content.ReadAsStringAsync(), user, password),
        };
        post.Headers.Add("X-Forwarded-For", clientAddress);
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        return await http.SendAsync(post);
    }
}
