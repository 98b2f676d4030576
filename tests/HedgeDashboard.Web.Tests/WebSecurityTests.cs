using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HedgeDashboard.Web.Tests;

/// <summary>Issue 21, web items: headers, sign-out, cookies over HTTPS, /healthz details, CSP in the browser.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class WebSecurityTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/", HttpStatusCode.Redirect)]
    [InlineData("/css/app.css", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/export/history.csv", HttpStatusCode.Redirect)]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(fixture.App.BaseUrl, path));

        Assert.Equal(status, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy")); // one policy, frame-ancestors inside it
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'self'", "object-src 'none'" })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // Development, plain HTTP
    }

    [Fact]
    public async Task Pages_InChromium_NoContentSecurityPolicyViolations()
    {
        var context = await fixture.Browser.NewContextAsync();
        var problems = new List<string>();
        context.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                lock (problems)
                {
                    problems.Add($"console: {m.Text}");
                }
            }
        };
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");

        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/account/login").ToString());
        await page.GetByTestId("login-user").FillAsync("admin");
        await page.GetByTestId("login-password").FillAsync(DashboardFixture.DemoPassword("admin"));
        await page.GetByTestId("login-submit").ClickAsync();
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("position-link").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/positions/\\d+"));

        // Each page loaded fresh (a document of its own, prerendered then interactive), the charts drawn.
        foreach (var path in new[] { "/", "/protection", "/suggestions", "/history", "/models", "/settings", "/audit" })
        {
            await page.GotoAsync(new Uri(fixture.App.BaseUrl, path).ToString());
            await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/protection").ToString());
        await page.Locator("[data-testid=il-chart] .main-svg").First.WaitForAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await context.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_Refused_SignOutFormStillWorks()
    {
        var page = await fixture.SignInAsync("viewer");
        var forged = await page.Context.APIRequest.PostAsync(new Uri(fixture.App.BaseUrl, "/account/logout").ToString(), new() { MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);

        // Still signed in: a page load shows the dashboard, not the sign-in form.
        await page.ReloadAsync();
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login$"));
        await page.GotoAsync(new Uri(fixture.App.BaseUrl, "/suggestions").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl="));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Cookies_RequestCameOverHttps_AreSecure()
    {
        // A TLS-terminating proxy on this machine says so with X-Forwarded-Proto.
        var https = await SignInOverHttpAsync("https");
        Assert.Contains(https, c => c.StartsWith("hd.auth=", StringComparison.Ordinal));
        Assert.All(https, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));

        var plain = await SignInOverHttpAsync(null);
        Assert.Contains(plain, c => c.StartsWith("hd.auth=", StringComparison.Ordinal));
        Assert.All(plain, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Healthz_Anonymous_StatusOnly()
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri(fixture.App.BaseUrl, "/healthz"));
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        Assert.True(doc.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("status").GetString());
        Assert.False(doc.RootElement.TryGetProperty("checks", out _), body);
        Assert.DoesNotContain("31337", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer test-health-token-0123456789", true)]
    [InlineData("Bearer test-health-token-012345678", false)]
    [InlineData("Basic test-health-token-0123456789", false)]
    public async Task Healthz_DetailsToken_ShowsChecksOnlyWhenRight(string authorization, bool details)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.App.BaseUrl, "/healthz"));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(details, doc.RootElement.TryGetProperty("checks", out _));
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("viewer", false)]
    public async Task Healthz_SignedIn_DetailsForAdminsOnly(string user, bool details)
    {
        var page = await fixture.SignInAsync(user);
        var response = await page.Context.APIRequest.GetAsync(new Uri(fixture.App.BaseUrl, "/healthz").ToString());
        using var doc = JsonDocument.Parse(await response.TextAsync());
        Assert.Equal(details, doc.RootElement.TryGetProperty("checks", out var checks));
        if (details)
        {
            Assert.Contains("chain 31337", checks.ToString(), StringComparison.Ordinal);
        }

        await page.Context.CloseAsync();
    }

    /// <summary>Signs in as the viewer with plain HTTP requests; returns the Set-Cookie headers of the form and of the sign-in.</summary>
    private async Task<List<string>> SignInOverHttpAsync(string? forwardedProto)
    {
        using var http = Client();
        var login = new Uri(fixture.App.BaseUrl, "/account/login");
        using var get = new HttpRequestMessage(HttpMethod.Get, login);
        using var post = new HttpRequestMessage(HttpMethod.Post, login);
        if (forwardedProto is not null)
        {
            get.Headers.Add("X-Forwarded-Proto", forwardedProto);
            post.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        using var form = await http.SendAsync(get);
        var cookies = form.Headers.TryGetValues("Set-Cookie", out var c1) ? c1.ToList() : [];
        post.Content = LoginForm(await form.Content.ReadAsStringAsync(), "viewer", DashboardFixture.DemoPassword("viewer"));

        post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        using var signedIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        cookies.AddRange(signedIn.Headers.GetValues("Set-Cookie"));
        return cookies;
    }

    /// <summary>The sign-in form's fields as the browser posts them (hidden handler name and antiforgery token included).</summary>
    public static FormUrlEncodedContent LoginForm(string html, string user, string password)
    {
        var fields = HiddenInput().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.UserName"] = user;
        fields["Input.Password"] = password;
        return new FormUrlEncodedContent(fields);
    }

    /// <summary>No redirects followed, no cookie jar: the tests read and send cookies themselves.</summary>
    public static HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
