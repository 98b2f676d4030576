using System.Globalization;
using System.Net;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Web.Positions;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace HedgeDashboard.Web.Components.Pages;

public partial class Positions
{
    private Summary _summary = Summary.Empty;
    private bool _loaded;
    private IDisposable? _subscription;
    private Throttle? _refresh;
    private RadzenDataGrid<PositionRow>? _grid;
    private List<PositionRow>? _page; // null until the grid asks: Radzen calls LoadData first when Data is null
    private int _count;

    [Inject] public required PositionBoard Board { get; init; }

    [Inject] public required DashboardUpdates Updates { get; init; }

    [Inject] public required NavigationManager Nav { get; init; }

    /// <summary>The figures above the grid; a circuit keeps these, not the board's snapshot (which a newer one replaces).</summary>
    private sealed record Summary(int Count, double Value, double Il, int InRange, int Pending, string Prices, DateTimeOffset LoadedAt)
    {
        public static readonly Summary Empty = new(0, 0, 0, 0, 0, "", default);

        public static Summary Of(PositionBoard.Snapshot snapshot)
        {
            double value = 0, il = 0;
            int inRange = 0, pending = 0;
            foreach (var r in snapshot.Rows)
            {
                value += r.Value ?? 0;
                il += r.IlValue ?? 0;
                inRange += r.InRange == true ? 1 : 0;
                pending += r.PendingSuggestionId is null ? 0 : 1;
            }

            var prices = string.Join(", ", snapshot.Prices.Select(p => $"{p.Key} {p.Value:N2}"));
            return new(snapshot.Rows.Count, value, il, inRange, pending, prices, snapshot.LoadedAt);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _summary = Summary.Of(await Board.GetAsync());
        _loaded = true;
        if (RendererInfo.IsInteractive)
        {
            _refresh = new Throttle(TimeSpan.FromSeconds(1), () => InvokeAsync(RefreshAsync));
            _subscription = Updates.Subscribe(u =>
            {
                if (u.AffectsPositions)
                {
                    _refresh.Trigger();
                }

                return Task.CompletedTask;
            });
        }
    }

    private async Task RefreshAsync()
    {
        _summary = Summary.Of(await Board.GetAsync());
        if (_grid is not null)
        {
            await _grid.Reload(); // asks LoadData again for the rows on screen, with the current sort and filters
        }

        StateHasChanged();
    }

    // The grid asks for the rows it shows (virtualization): filter, sort and slice the board's current snapshot,
    // so a circuit holds one window of rows, not a copy of all of them nor an old snapshot.
    private async Task LoadPageAsync(LoadDataArgs args)
    {
        var rows = (await Board.GetAsync()).Rows.AsQueryable();
        if (args.Filters?.Any() == true)
        {
            rows = rows.Where(args.Filters, LogicalFilterOperator.And, FilterCaseSensitivity.CaseInsensitive);
        }

        if (!string.IsNullOrEmpty(args.OrderBy))
        {
            rows = rows.OrderBy(args.OrderBy);
        }

        _count = rows.Count();
        _page = [.. rows.Skip(args.Skip ?? 0).Take(args.Top ?? 50)];
    }

    private void Open(PositionRow row) => Nav.NavigateTo($"positions/{row.Id}");

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }

    /// <summary>
    /// The positions grid's cells as one markup string each. Every open page keeps two render trees per visible row,
    /// so a cell that is one frame instead of a handful (or a component per badge) is what keeps a circuit small.
    /// Everything that comes from data is HTML-encoded.
    /// </summary>
    private static class Cells
    {
        public static MarkupString Range(PositionRow r) => new(
            $"""<span class="{Badge(r.InRange switch { true => BadgeStyle.Success, false => BadgeStyle.Warning, null => BadgeStyle.Light }, pill: true)}">{(r.InRange switch { true => "in", false => "out", null => "?" })}</span><span class="hd-range">{Encode(r.RangeText)}</span>""");

        public static MarkupString Signed(double? value, string text) =>
            new(value < 0 ? $"""<span class="hd-neg">{Encode(text)}</span>""" : Encode(text));

        public static MarkupString Ratio(PositionRow r) => new(
            $"""<span data-testid="ratio">{Encode($"{Fmt.Pct(r.OnChainRatio, "P0")} → {Fmt.Pct(r.RecommendedRatio, "P0")}")}</span>"""
            + (r.PendingSuggestionId is null ? "" : $"""<span class="{Badge(BadgeStyle.Info, pill: true)} hd-ml">pending</span>"""));

        public static MarkupString Risk(double? score) => new(
            $"""<span class="{Badge(RiskLevel.Badge(score), pill: false)} {RiskLevel.CssClass(score)}">{(score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : Fmt.Unknown)}</span>""");

        // The classes RadzenBadge renders, without a component instance per cell.
        private static string Badge(BadgeStyle style, bool pill) =>
            $"rz-badge rz-badge-{style.ToString().ToLowerInvariant()} rz-variant-filled rz-shade-default{(pill ? " rz-badge-pill" : "")}";

        private static string Encode(string text) => WebUtility.HtmlEncode(text);
    }
}
