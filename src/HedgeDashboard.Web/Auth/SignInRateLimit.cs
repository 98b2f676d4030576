using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Auth;

/// <summary>
/// Per client address, at most Auth:SignInPermitLimit password POSTs (sign-in and re-authentication) per
/// Auth:SignInWindow; more get 429 before the password is checked, so they never count towards Identity's lockout.
/// </summary>
public static class SignInRateLimit
{
    public const string RejectedMessage = "Too many sign-in attempts from your address. Try again in a few minutes.";

    private static readonly string[] PasswordPaths = ["/account/login", "/account/reauthenticate"];

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (rejected, ct) =>
        {
            var response = rejected.HttpContext.Response;

            // A sliding window does not say when the next permit frees up; a whole window from now, it has.
            var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                ? after
                : rejected.HttpContext.RequestServices.GetRequiredService<IOptions<AuthSettings>>().Value.SignInWindow;
            response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(RejectedMessage, ct);
        };
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (!HttpMethods.IsPost(http.Request.Method) || !PasswordPaths.Contains(http.Request.Path.Value, StringComparer.OrdinalIgnoreCase))
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var settings = http.RequestServices.GetRequiredService<IOptions<AuthSettings>>().Value;
            return RateLimitPartition.GetSlidingWindowLimiter(ClientKey(http.Connection.RemoteIpAddress), _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = settings.SignInPermitLimit,
                Window = settings.SignInWindow,
                SegmentsPerWindow = 5,
                QueueLimit = 0,
            });
        });
    });

    /// <summary>The partition of a client: its IPv4 address, or its IPv6 /64 (one host usually holds a whole /64).</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
