using Radzen;

namespace HedgeDashboard.Web.Live;

/// <summary>Which live updates deserve a toast, and what it says.</summary>
public sealed record Toast(NotificationSeverity Severity, string Summary, string Detail)
{
    public static Toast? For(DashboardUpdate u) => (u.Kind, u.Status) switch
    {
        ("suggestion", "pending") => new(NotificationSeverity.Info, "New hedge suggestion", $"Suggestion {u.Id} waits for a decision."),
        ("execution", "pending") => new(NotificationSeverity.Info, "Execution requested", $"Execution {u.Id} is queued for the relayer."),
        ("execution", "broadcast") => new(NotificationSeverity.Info, "Transaction sent", $"Execution {u.Id} was broadcast."),
        ("execution", "confirmed") => new(NotificationSeverity.Success, "Hedge confirmed", $"Execution {u.Id} is confirmed on chain."),
        ("execution", "failed") => new(NotificationSeverity.Error, "Hedge failed", $"Execution {u.Id} failed; see Hedge history."),
        ("execution", "needs_review") => new(NotificationSeverity.Warning, "Hedge needs review", $"Execution {u.Id} needs an operator."),
        ("oracle", "unhealthy") => new(NotificationSeverity.Warning, "Oracle unhealthy", "Automatic execution is blocked for the pair."),
        _ => null,
    };
}
