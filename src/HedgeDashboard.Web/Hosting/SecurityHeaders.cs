using Microsoft.AspNetCore.HttpOverrides;

namespace HedgeDashboard.Web.Hosting;

/// <summary>
/// Response headers every answer carries (pages, static files, /healthz, errors, 404s), HSTS outside Development,
/// and the proxy headers that tell the app a request came in over HTTPS. Why each CSP source is there:
/// docs/decisions/0007-web-security-headers.md.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from this origin (blazor.web.js, MudBlazor, Plotly.Blazor's plotly.js, our own js/*.js) and never
    /// eval; styles from this origin plus inline ones, which MudBlazor's theme provider (a &lt;style&gt; element), its
    /// style attributes and plotly.js's injected rules need; 'self' in connect-src also covers the circuit's ws(s) URL.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static IServiceCollection AddHedgeSecurityHeaders(this IServiceCollection services)
    {
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(180));

        // A TLS-terminating proxy on this machine (the only one trusted: KnownProxies defaults to loopback) tells us the
        // request was HTTPS, so the cookies get Secure and HSTS is sent; X-Forwarded-For gives the rate limiter the client.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        // The antiforgery cookie is not Secure by default even over HTTPS.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline, so that every response, including the exception handler's and 404s, has them.</summary>
    public static IApplicationBuilder UseHedgeSecurityHeaders(this IApplicationBuilder app, IHostEnvironment env)
    {
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            // OnStarting: the exception handler clears headers before it re-executes; these are set after it.
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

        if (!env.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }
}
