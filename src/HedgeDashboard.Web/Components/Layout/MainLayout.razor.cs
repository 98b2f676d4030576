using System.Security.Claims;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Workers.Approvals;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace HedgeDashboard.Web.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen = true;
    private bool _dark;
    private IDisposable? _subscription;

    [CascadingParameter] public ThemeChoice? Theme { get; set; }

    [Inject] public required DashboardUpdates Updates { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IJSRuntime Js { get; init; }

    private static IEnumerable<string> RoleNames(ClaimsPrincipal user) => Roles.All.Where(user.IsInRole);

    // Notices for what a person should notice wherever they are: new suggestions, executions, failures.
    protected override void OnInitialized()
    {
        _dark = Theme?.Dark ?? false;
        if (RendererInfo.IsInteractive)
        {
            _subscription = Updates.Subscribe(u => Toast.For(u) is { } t
                ? InvokeAsync(() => Snackbar.Add($"{t.Summary}: {t.Detail}", t.Severity))
                : Task.CompletedTask);
        }
    }

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        await Js.InvokeVoidAsync("hdTheme.save", _dark);
    }

    public void Dispose() => _subscription?.Dispose();
}
