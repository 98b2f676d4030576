using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Auth;

/// <summary>
/// A circuit lives for hours and would otherwise keep the roles it was opened with. Every
/// <see cref="AuthSettings.RevalidationInterval"/> this checks the circuit's user against Identity: the user still
/// exists and is not locked out, the security stamp is unchanged (role changes update it, see
/// <see cref="HedgeUserManager"/>) and the roles held are the current ones (an edit made in the database directly).
/// On a mismatch the circuit is signed out, so <see cref="Rights"/> and every page see an anonymous user at once.
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<AuthSettings> settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger _log = loggerFactory.CreateLogger<RevalidatingIdentityAuthenticationStateProvider>();

    protected override TimeSpan RevalidationInterval => settings.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var reason = await MismatchAsync(users, authenticationState.User, identityOptions.Value.ClaimsIdentity);
        if (reason is not null)
        {
            _log.LogInformation("Signing out the circuit of {User}: {Reason}", Rights.Name(authenticationState.User), reason);
        }

        return reason is null;
    }

    /// <summary>Why the principal no longer matches Identity, or null when it still does.</summary>
    public static async Task<string?> MismatchAsync(UserManager<IdentityUser> users, ClaimsPrincipal principal, ClaimsIdentityOptions claims)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return "the user no longer exists";
        }

        if (users.SupportsUserLockout && await users.IsLockedOutAsync(user))
        {
            return "the user is locked out";
        }

        if (users.SupportsUserSecurityStamp && principal.FindFirstValue(claims.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
        {
            return "the security stamp changed";
        }

        if (users.SupportsUserRole)
        {
            var current = await users.GetRolesAsync(user);
            var held = principal.FindAll(claims.RoleClaimType).Select(c => c.Value);
            if (!current.ToHashSet(StringComparer.Ordinal).SetEquals(held))
            {
                return $"the roles changed to [{string.Join(", ", current.Order(StringComparer.Ordinal))}]";
            }
        }

        return null;
    }
}
