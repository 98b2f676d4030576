using System.Security.Claims;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Web.Auth;

/// <summary>
/// Server-side rights checks for event handlers (every handler is a public endpoint: a hidden button is not a check).
/// A refusal is written to the audit log.
/// </summary>
public sealed class Rights(
    AuthenticationStateProvider auth,
    IAuthorizationService authorization,
    IDbContextFactory<HedgeDbContext> dbFactory,
    IOptions<AuthSettings> settings,
    TimeProvider time,
    ILogger<Rights> log)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await auth.GetAuthenticationStateAsync()).User;

    public async Task<bool> HasAsync(string policy) => (await authorization.AuthorizeAsync(await UserAsync(), policy)).Succeeded;

    /// <summary>True when the user satisfies <paramref name="policy"/>; otherwise audits the refused action and returns false.</summary>
    public async Task<bool> DemandAsync(string policy, string action, string entityType, string? entityId)
    {
        var user = await UserAsync();
        if ((await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            return true;
        }

        await AuditDeniedAsync(user, action, entityType, entityId, $"policy '{policy}' not satisfied");
        return false;
    }

    /// <summary>Whether the password was typed within the re-authentication window.</summary>
    public bool IsRecentlyAuthenticated(ClaimsPrincipal user) =>
        AuthTimeClaimsPrincipalFactory.AuthTime(user) is { } at && time.GetUtcNow() - at <= settings.Value.ReauthenticateWindow;

    public static string Name(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } n ? n : "anonymous";

    public async Task AuditDeniedAsync(ClaimsPrincipal user, string action, string entityType, string? entityId, string reason)
    {
        log.LogWarning("Refused: {Actor} tried {Action} on {Entity} {Id} ({Reason})", Name(user), action, entityType, entityId, reason);
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AuditLog.Add(new AuditLogEntry
        {
            At = time.GetUtcNow(),
            Actor = Name(user),
            Action = $"{action}.denied",
            EntityType = entityType,
            EntityId = entityId,
            Details = JsonSerializer.Serialize(new { reason }),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Appends an audit entry for a change a person made.</summary>
    public void Audit(HedgeDbContext db, ClaimsPrincipal user, string action, string entityType, string? entityId, object details)
    {
        db.AuditLog.Add(new AuditLogEntry
        {
            At = time.GetUtcNow(),
            Actor = Name(user),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = JsonSerializer.Serialize(details),
        });
    }
}
