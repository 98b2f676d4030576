using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HedgeDashboard.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HedgeDashboard.Web.Health;

/// <summary>
/// /healthz body: the overall status for anyone (the HTTP code says it too); per check its status, the reason and data
/// (chain id, block, RPC host and port in errors) only for a signed-in admin or a caller with Health:DetailsToken.
/// </summary>
public static class HealthJsonWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        object body = await MaySeeDetailsAsync(context)
            ? new
            {
                status = report.Status.ToString(),
                healthy = report.Status == HealthStatus.Healthy,
                checks = report.Entries.Select(e => new
                {
                    name = e.Key,
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.Message,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                    data = e.Value.Data,
                }),
            }
            : new { status = report.Status.ToString(), healthy = report.Status == HealthStatus.Healthy };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private static async Task<bool> MaySeeDetailsAsync(HttpContext context)
    {
        var token = context.RequestServices.GetRequiredService<IOptions<HealthOptions>>().Value.DetailsToken;
        if (token.Length > 0 && BearerToken(context.Request) is { } presented && SameSecret(presented, token))
        {
            return true;
        }

        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(context.User, Policies.Admin)).Succeeded;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>Constant time, also in the length: both sides are hashed first.</summary>
    public static bool SameSecret(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
