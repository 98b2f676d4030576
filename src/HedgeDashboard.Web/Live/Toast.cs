using MudBlazor;

namespace HedgeDashboard.Web.Live;

/// <summary>Which live updates deserve a notice, and what it says.</summary>
public sealed record Toast(Severity Severity, string Summary, string Detail)
{
    /// <summary>
    /// The notice for <paramref name="u"/>; a new suggestion only for whom can decide it (<paramref name="canDecide"/>):
    /// a viewer cannot act on it, and the stage only makes one when the recommendation moved by more than the drift
    /// threshold, so each is worth a notice.
    /// </summary>
    public static Toast? For(DashboardUpdate u, bool canDecide) => (u.Kind, u.Status) switch
    {
        ("suggestion", "pending") when canDecide => new(Severity.Info, "New hedge suggestion", $"Suggestion {u.Id} waits for your decision."),
        ("execution", "pending") => new(Severity.Info, "Execution requested", $"Execution {u.Id} is queued for the relayer."),
        ("execution", "broadcast") => new(Severity.Info, "Transaction sent", $"Execution {u.Id} was broadcast."),
        ("execution", "confirmed") => new(Severity.Success, "Hedge confirmed", $"Execution {u.Id} is confirmed on chain."),
        ("execution", "failed") => new(Severity.Error, "Hedge failed", $"Execution {u.Id} failed; see Hedge history."),
        ("execution", "needs_review") => new(Severity.Warning, "Hedge needs review", $"Execution {u.Id} needs an operator."),
        ("oracle", "unhealthy") => new(Severity.Warning, "Oracle unhealthy", "Automatic execution is blocked for the pair."),
        _ => null,
    };
}
