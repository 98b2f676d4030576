using System.Security.Claims;
using HedgeDashboard.Web.Auth;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Workers.Approvals;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace HedgeDashboard.Web.Components.Layout;

public partial class MainLayout
{
    private bool _navToggled; // the navigation's default flipped: closed from 960 px, open below (app.css)
    private bool _dark;
    private IDisposable? _subscription;

    [CascadingParameter] public ThemeChoice? Theme { get; set; }

    [Inject] public required DashboardUpdates Updates { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IJSRuntime Js { get; init; }

    [Inject] public required Rights Rights { get; init; }

    [Inject] public required NavigationManager Nav { get; init; }

    private static IEnumerable<string> RoleNames(ClaimsPrincipal user) => Roles.All.Where(user.IsInRole);

    // Notices for what a person should notice wherever they are: new suggestions (for who can decide them),
    // executions, failures; one per update (the listener may repeat one after a reconnect).
    protected override async Task OnInitializedAsync()
    {
        _dark = Theme?.Dark ?? false;
        if (RendererInfo.IsInteractive)
        {
            var canDecide = await Rights.HasAsync(Policies.Approve);
            var shown = new HashSet<(string, long, string)>();
            _subscription = Updates.Subscribe(u => Toast.For(u, canDecide) is { } t
                ? InvokeAsync(() =>
                {
                    if (shown.Add((u.Kind, u.Id, u.Status)))
                    {
                        Snackbar.Add($"{t.Summary}: {t.Detail}", t.Severity);
                    }
                })
                : Task.CompletedTask);
        }
    }

    // The theme's CSS is rendered statically by App (not kept per circuit): save the choice and load the page again.
    private async Task ToggleThemeAsync()
    {
        await Js.InvokeVoidAsync("hdTheme.save", !_dark);
        Nav.Refresh(forceReload: true);
    }

    public void Dispose() => _subscription?.Dispose();
}
