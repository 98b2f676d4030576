namespace HedgeDashboard.Workers.Approvals;

/// <summary>The dashboard's roles. Admin includes Approver, Approver includes Viewer.</summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Approver, Admin];
}
