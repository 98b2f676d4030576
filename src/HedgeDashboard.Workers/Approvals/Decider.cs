using System.Security.Claims;

namespace HedgeDashboard.Workers.Approvals;

/// <summary>Who decides a suggestion: a signed-in person (rights from their roles) or the auto-execute policy.</summary>
public sealed record Decider(string Name, bool MayDecide)
{
    /// <summary>The actor name the auto-execute policy stage writes (suggestion DecidedBy and audit log).</summary>
    public const string PolicyName = "policy:auto";

    public static Decider Policy { get; } = new(PolicyName, true);

    /// <summary>A person: only Approvers and Admins may decide.</summary>
    public static Decider FromPrincipal(ClaimsPrincipal user)
    {
        var name = user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } n } ? n : "anonymous";
        return new Decider(name, user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Approver) || user.IsInRole(Roles.Admin)));
    }
}
