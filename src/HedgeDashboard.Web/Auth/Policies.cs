using HedgeDashboard.Workers.Approvals;
using Microsoft.AspNetCore.Authorization;

namespace HedgeDashboard.Web.Auth;

/// <summary>Authorization policies by what a person may do; roles are in <see cref="Roles"/>.</summary>
public static class Policies
{
    /// <summary>See positions, suggestions, history, charts: any role.</summary>
    public const string View = "view";

    /// <summary>Approve or reject suggestions: Approver or Admin.</summary>
    public const string Approve = "approve";

    /// <summary>Settings, policies, audit log: Admin.</summary>
    public const string Admin = "admin";

    public static AuthorizationBuilder AddHedgePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(View, p => p.RequireAuthenticatedUser().RequireRole(Roles.Viewer, Roles.Approver, Roles.Admin))
        .AddPolicy(Approve, p => p.RequireAuthenticatedUser().RequireRole(Roles.Approver, Roles.Admin))
        .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
}
