using System.Security.Claims;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Workers.Approvals;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace HedgeDashboard.Web.Components.Layout;

public partial class MainLayout
{
    private bool _sidebarExpanded = true;
    private bool _dark;
    private IDisposable? _subscription;

    [Inject] public required ThemeService ThemeService { get; init; }

    [Inject] public required DashboardUpdates Updates { get; init; }

    [Inject] public required NotificationService Notifications { get; init; }

    private static IEnumerable<string> RoleNames(ClaimsPrincipal user) => Roles.All.Where(user.IsInRole);

    // Toasts for what a person should notice wherever they are: new suggestions, executions, failures.
    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _subscription = Updates.Subscribe(u => Toast.For(u) is { } t
                ? InvokeAsync(() => Notifications.Notify(new NotificationMessage { Severity = t.Severity, Summary = t.Summary, Detail = t.Detail, Duration = 6000 }))
                : Task.CompletedTask);
        }
    }

    private void ToggleTheme()
    {
        _dark = !_dark;
        ThemeService.SetTheme(_dark ? "material-dark" : "material");
    }

    public void Dispose() => _subscription?.Dispose();
}
