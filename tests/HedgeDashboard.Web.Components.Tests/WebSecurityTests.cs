using System.Net;
using HedgeDashboard.Web.Auth;
using HedgeDashboard.Web.Health;
using HedgeDashboard.Web.Hosting;
using HedgeDashboard.Web.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Components.Tests;

/// <summary>The security pieces of the web host, in process (the app itself is tested in HedgeDashboard.Web.Tests).</summary>
public sealed class WebSecurityTests
{
    [Theory]
    [InlineData("Production", "https", true)]
    [InlineData("Production", "http", false)]
    [InlineData("Development", "https", false)]
    public async Task Headers_ProductionOverHttpsProxy_AddHstsAndThePolicy(string environment, string forwardedProto, bool hsts)
    {
        await using var app = await StartAsync(environment);
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://dashboard.example/missing");
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(hsts, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void ContentSecurityPolicy_NoEvalNoInlineScriptNoFraming()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);
        Assert.Equal(["'self'"], directives["script-src"]);
        Assert.Equal(["'self'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.DoesNotContain("'unsafe-eval'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void SignInRateLimit_ClientKey_IsTheAddressOrItsIpv6Slash64(string? address, string key) =>
        Assert.Equal(key, SignInRateLimit.ClientKey(address is null ? null : IPAddress.Parse(address)));

    [Fact]
    public void AuthSettings_BadSignInLimit_NamesTheKey()
    {
        Assert.Contains("Auth:SignInPermitLimit", new AuthSettingsValidator().Validate(null, new AuthSettings { SignInPermitLimit = 0 }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Auth:SignInWindow", new AuthSettingsValidator().Validate(null, new AuthSettings { SignInWindow = TimeSpan.Zero }).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthToken_ComparedWhole()
    {
        Assert.True(HealthJsonWriter.SameSecret("token-of-twenty-four-chars", "token-of-twenty-four-chars"));
        Assert.False(HealthJsonWriter.SameSecret("token-of-twenty-four-char", "token-of-twenty-four-chars"));
        Assert.False(HealthJsonWriter.SameSecret("", "token-of-twenty-four-chars"));
        Assert.Contains("Health:DetailsToken", new HealthOptionsValidator().Validate(null, new HealthOptions { DetailsToken = "short" }).FailureMessage, StringComparison.Ordinal);
        Assert.True(new HealthOptionsValidator().Validate(null, new HealthOptions()).Succeeded);
    }

    [Fact]
    public void CircuitsPerUser_AtTheCap_RefusesUntilOneCloses()
    {
        var registry = new CircuitsPerUser(Options.Create(new CircuitOptions { MaxPerUser = 2 }));
        Assert.True(registry.TryAdd("u1", "a"));
        Assert.True(registry.TryAdd("u1", "b"));
        Assert.False(registry.TryAdd("u1", "c"));
        Assert.True(registry.TryAdd("u2", "d")); // per user
        registry.Remove("u1", "a");
        Assert.True(registry.TryAdd("u1", "c"));
        Assert.Equal(2, registry.Count("u1"));
        Assert.Contains("Circuits:MaxPerUser", new CircuitOptionsValidator().Validate(null, new CircuitOptions { MaxPerUser = 0 }).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5432/", false, true)]
    [InlineData("http://localhost/hook", false, true)]
    [InlineData("http://127.0.0.1:5432/", true, false)]
    [InlineData("https://203.0.113.7/hook", false, false)]
    public async Task GlobalForm_WebhookToPrivateHost_Refused(string url, bool allowPrivate, bool refused)
    {
        var form = new GlobalForm { WebhookUrl = url, ExplorerTxUrlTemplate = "https://etherscan.io/tx/{hash}" };
        Assert.Equal(refused, (await form.ValidateAsync(allowPrivate)).ContainsKey(nameof(GlobalForm.WebhookUrl)));
    }

    private static async Task<WebApplication> StartAsync(string environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Services.AddHedgeSecurityHeaders();
        var app = builder.Build();
        app.UseHedgeSecurityHeaders(app.Environment);
        app.MapGet("/", () => "ok");
        await app.StartAsync();
        return app;
    }
}
