using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Auth;

/// <summary>Adds the time the person typed their password, so sensitive actions can ask for it again after a while.</summary>
public sealed class AuthTimeClaimsPrincipalFactory(
    UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, TimeProvider time)
    : UserClaimsPrincipalFactory<IdentityUser, IdentityRole>(users, roles, options)
{
    public const string AuthTimeClaim = "hd:auth_time";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(IdentityUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AuthTimeClaim, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        return identity;
    }

    /// <summary>When the cookie's principal is refreshed (security stamp check), keep the original sign-in time.</summary>
    public static Task KeepAuthTime(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(AuthTimeClaim) is { } original && context.NewPrincipal?.Identity is ClaimsIdentity fresh)
        {
            if (fresh.FindFirst(AuthTimeClaim) is { } generated)
            {
                fresh.RemoveClaim(generated);
            }

            fresh.AddClaim(new Claim(AuthTimeClaim, original.Value, ClaimValueTypes.Integer64));
        }

        return Task.CompletedTask;
    }

    public static DateTimeOffset? AuthTime(ClaimsPrincipal user) =>
        user.FindFirst(AuthTimeClaim)?.Value is { } v && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}
