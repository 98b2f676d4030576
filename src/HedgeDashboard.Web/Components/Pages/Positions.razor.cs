using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using HedgeDashboard.Web.Live;
using HedgeDashboard.Web.Positions;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Microsoft.AspNetCore.Components.Web.Virtualization;

namespace HedgeDashboard.Web.Components.Pages;

public partial class Positions
{
    private Summary _summary = Summary.Empty;
    private bool _loaded;
    private IDisposable? _subscription;
    private Throttle? _refresh;
    private readonly Dictionary<string, Func<PositionRow, bool>> _filters = [];
    private readonly Dictionary<string, string> _invalid = []; // column key -> the text its filter could not read
    private Virtualize<PositionRow>? _rows;
    private Column? _sortBy;
    private bool _descending;

    [Inject] public required PositionBoard Board { get; init; }

    [Inject] public required DashboardUpdates Updates { get; init; }

    /// <summary>The figures above the grid; a circuit keeps these, not the board's snapshot (which a newer one replaces).</summary>
    private sealed record Summary(int Count, double Value, double Il, int InRange, int Pending, string Prices, DateTimeOffset LoadedAt)
    {
        public static readonly Summary Empty = new(0, 0, 0, 0, 0, "", default);

        /// <summary>The followed chains: the silent or paused ones get a banner (<see cref="Layout.ChainAlerts"/>).</summary>
        public IReadOnlyList<Data.Queries.ChainStatus> Chains { get; init; } = [];

        /// <summary>Positions whose quote token has no USD price (left out of the totals).</summary>
        public int NotPriced { get; init; }

        public static Summary Of(PositionBoard.Snapshot snapshot)
        {
            double value = 0, il = 0;
            int inRange = 0, pending = 0, notPriced = 0;
            foreach (var r in snapshot.Rows)
            {
                notPriced += r.Priced ? 0 : 1;
                value += r.Value ?? 0;
                il += r.IlValue ?? 0;
                inRange += r.InRange == true ? 1 : 0;
                pending += r.PendingSuggestionId is null ? 0 : 1;
            }

            var prices = string.Join(", ", snapshot.Prices.Select(p => $"{p.Key} {(p.Key.EndsWith("/USD", StringComparison.Ordinal) ? Fmt.Usd(p.Value) : Fmt.Num(p.Value, "#,##0.00####"))}"));
            return new(snapshot.Rows.Count, value, il, inRange, pending, prices, snapshot.LoadedAt)
            {
                Chains = snapshot.Chains,
                NotPriced = notPriced,
            };
        }
    }

    protected override async Task OnInitializedAsync()
    {
        // Subscribe before the first load: a change committed between the load and the subscription would never
        // reach this page (a ratio changed on chain just as the page opened stayed stale on screen).
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

        _summary = Summary.Of(await Board.GetAsync());
        _loaded = true;
    }

    private async Task RefreshAsync()
    {
        _summary = Summary.Of(await Board.GetAsync());
        if (_rows is not null)
        {
            await _rows.RefreshDataAsync(); // the rows on screen again, with the current sort and filters
        }

        StateHasChanged();
    }

    // The table asks for the rows it shows (virtualization): filter, sort and slice the board's current snapshot,
    // so a circuit holds one window of rows, not a copy of all of them nor an old snapshot.
    private async ValueTask<ItemsProviderResult<PositionRow>> ProvideRowsAsync(ItemsProviderRequest request)
    {
        IEnumerable<PositionRow> rows = (await Board.GetAsync(request.CancellationToken)).Rows;
        foreach (var filter in _filters.Values)
        {
            rows = rows.Where(filter);
        }

        if (_sortBy is { } c)
        {
            rows = _descending ? rows.OrderByDescending(c.Value, NullsLast.Descending) : rows.OrderBy(c.Value, NullsLast.Ascending);
        }

        var all = rows as IReadOnlyCollection<PositionRow> ?? [.. rows];
        return new([.. all.Skip(request.StartIndex).Take(request.Count)], all.Count);
    }

    /// <summary>Ascending, then descending, then unsorted.</summary>
    private async Task SortAsync(Column column)
    {
        (_sortBy, _descending) = _sortBy != column ? (column, false) : _descending ? (null, false) : (column, true);
        await RefreshRowsAsync();
    }

    private async Task FilterAsync(Column column, ChangeEventArgs e)
    {
        var text = e.Value?.ToString()?.Trim() ?? "";
        if (text.Length == 0)
        {
            _filters.Remove(column.Key);
        }
        else if (column.Filter(text) is { } filter)
        {
            _filters[column.Key] = filter;
        }
        else
        {
            _filters[column.Key] = _ => false; // an unreadable filter matches nothing rather than everything
        }

        if (text.Length > 0 && column.Filter(text) is null)
        {
            _invalid[column.Key] = text;
        }
        else
        {
            _invalid.Remove(column.Key);
        }

        await RefreshRowsAsync();
    }

    private async Task RefreshRowsAsync()
    {
        if (_rows is not null)
        {
            await _rows.RefreshDataAsync();
        }
    }

    private string AriaSort(Column c) => _sortBy != c ? "none" : _descending ? "descending" : "ascending";

    private string SortIcon(Column c) => _sortBy != c ? Icons.Material.Filled.UnfoldMore : _descending ? Icons.Material.Filled.ArrowDownward : Icons.Material.Filled.ArrowUpward;

    public void Dispose()
    {
        _subscription?.Dispose();
        _refresh?.Dispose();
    }

    /// <summary>
    /// The positions grid's rows, one markup string each. Every open page keeps two render trees of the visible rows,
    /// and their frame arrays were the largest thing a circuit held: one frame a row instead of forty (badges are
    /// classes, not a component each; a click on the row follows its link through wwwroot/js/row-links.js, not an
    /// event handler per row). The rows are the shared board's objects, so each row's markup is built once and shared
    /// by every open page. Everything that comes from data is HTML-encoded.
    /// </summary>
    private static class Cells
    {
        private static readonly ConditionalWeakTable<PositionRow, string> Markup = [];

        public static MarkupString Row(PositionRow r) => new(Markup.GetValue(r, Build));

        // Every cell that can be cut at its column's width carries its whole text as a title (shown on hover); money from
        // 1,000 up and amounts from 100 up drop their decimals there, so a large book's figures fit.
        private static string Build(PositionRow r) => string.Concat(
            """<tr data-row-link>""",
            $"""<td class="hd-frozen"><a href="positions/{r.Id.ToString(CultureInfo.InvariantCulture)}" data-testid="position-link">{Encode(r.Label)}</a></td>""",
            $"""<td data-testid="position-chain" title="{Encode(r.Chain)}">{Encode(r.Chain)}{(r.StaleSince is null ? "" : $"""<span class="{Badge(Color.Warning, pill: true)} hd-ml" data-testid="stale" title="{Encode(r.StaleReason ?? "")}">stale</span>""")}</td>""",
            $"""<td data-testid="position-pool" title="{Encode(r.Pool)}">{Encode(r.Pool)}</td>""",
            $"""<td data-testid="position-range" title="{Encode(r.RangeText)}">{Range(r)}</td>""",
            $"""<td class="hd-end" data-testid="position-value" title="{Encode(r.Money(r.Value))}">{Encode(r.MoneyShort(r.Value))}</td>""",
            $"""<td class="hd-end" title="{Encode(r.Money(r.IlValue))}">{Signed(r.IlValue, r.MoneyShort(r.IlValue))}</td>""",
            $"""<td class="hd-end" title="{Encode(Fmt.Pct(r.IlPct))}">{Signed(r.IlPct, Fmt.Pct(r.IlPct))}</td>""",
            $"""<td class="hd-end" title="{Encode(r.Money(r.Fees))}">{Encode(r.MoneyShort(r.Fees))}</td>""",
            $"""<td class="hd-end" title="{Encode(Fmt.Num(r.Delta, "N3"))}">{Encode(Fmt.AmountShort(r.Delta))}</td>""",
            $"""<td title="{Encode(RatioText(r) + (r.PendingSuggestionId is null ? "" : " (a suggestion is pending)"))}">{Ratio(r)}</td>""",
            $"""<td>{Risk(r.RiskScore)}</td>""",
            $"""<td class="{Secondary}" title="{Encode(r.Mode)}">{Encode(r.Mode)}</td>""",
            $"""<td class="{Secondary}" title="{Encode(Updated(r))}">{Encode(Updated(r))}</td>""",
            "</tr>");

        private static string Range(PositionRow r) =>
            $"""<span class="{Badge(r.InRange switch { true => Color.Success, false => Color.Warning, null => Color.Default }, pill: true)}">{(r.InRange switch { true => "in", false => "out", null => "?" })}</span><span class="hd-range">{Encode(r.RangeText)}</span>""";

        private static string Signed(double? value, string text) =>
            value < 0 ? $"""<span class="hd-neg">{Encode(text)}</span>""" : Encode(text);

        private static string Updated(PositionRow r) => r.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        private static string RatioText(PositionRow r) => $"{Fmt.Pct(r.OnChainRatio, "P0")} → {Fmt.Pct(r.RecommendedRatio, "P0")}";

        private static string Ratio(PositionRow r) =>
            $"""<span data-testid="ratio">{Encode(RatioText(r))}</span>"""
            + (r.PendingSuggestionId is null ? "" : $"""<span class="{Badge(Color.Info, pill: true)} hd-ml">pending</span>""");

        private static string Risk(double? score) =>
            $"""<span class="{Badge(RiskLevel.Color(score), pill: false)} {RiskLevel.CssClass(score)}">{(score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : Fmt.Unknown)}</span>""";

        // A badge coloured from the MudBlazor palette (app.css), without a component instance per cell.
        private static string Badge(Color color, bool pill) =>
            $"hd-badge hd-badge-{color.ToString().ToLowerInvariant()}{(pill ? " hd-badge-pill" : "")}";

        private static string Encode(string text) => WebUtility.HtmlEncode(text);
    }

    private enum ColumnKind
    {
        Text,
        Number,
        Flag,
        Time,
    }

    // Widths are proportions of a table as wide as the content area, and at least their sum (1,170 px; the content
    // area beside the navigation at a 1440 px window is 1,178 px). Below that window the secondary columns (policy,
    // updated; both on the position page) are hidden, as Revert's list does, and the rest (1,010 px) fit the content area
    // at 1366 px. The pair names the row, so it is the one column wide enough for its text ("USDC/DAI #201") at both.
    private static readonly IReadOnlyList<Column> Columns =
    [
        Column.Text("pair", "Pair", 140, r => r.Label) with { CssClass = "hd-frozen" },
        Column.Text("chain", "Chain", 60, r => r.Chain),
        Column.Text("pool", "Pool", 110, r => r.Pool),
        Column.Flag("range", "Range", 120, r => r.InRange),
        Column.Number("value", "Value", 95, r => r.Value, NumberKind.Money),
        Column.Number("il", "IL", 85, r => r.IlValue, NumberKind.SignedMoney),
        Column.Number("ilPct", "IL %", 72, r => r.IlPct, NumberKind.SignedPercent),
        Column.Number("fees", "Fees", 75, r => r.Fees, NumberKind.Money),
        Column.Number("delta", "Delta", 75, r => r.Delta, NumberKind.Signed),
        Column.Number("ratio", "Hedge now → rec.", 118, r => r.OnChainRatio, NumberKind.Percent) with { CssClass = "", Tooltip = "Hedge ratio on chain → the one recommended (filter: on chain)" },
        Column.Number("risk", "Risk", 60, r => r.RiskScore, NumberKind.Score) with { CssClass = "" },
        Column.Text("mode", "Policy", 65, r => r.Mode) with { CssClass = Secondary },
        Column.Time("updated", "Updated", 95, r => r.UpdatedAt) with { CssClass = Secondary },
    ];

    /// <summary>The class of the columns hidden below a 1440 px window (app.css); their cells carry it too.</summary>
    private const string Secondary = "hd-secondary";

    private static readonly int TableMinWidth = Columns.Sum(c => c.Width);

    private static readonly int NarrowTableMinWidth = Columns.Where(c => c.CssClass == Secondary).Aggregate(TableMinWidth, (w, c) => w - c.Width);

    /// <summary>What a number column holds, which decides the example its filter box shows.</summary>
    private enum NumberKind
    {
        Money,
        SignedMoney,
        Percent,
        SignedPercent,
        Score,
        Signed,
    }

    private static string HintFor(NumberKind kind) => kind switch
    {
        NumberKind.Money => "e.g. >= 1000",
        NumberKind.SignedMoney => "e.g. < -100",
        NumberKind.Percent => "e.g. >= 50%",
        NumberKind.SignedPercent => "e.g. < -1%",
        NumberKind.Score => "e.g. >= 0.66",
        _ => "e.g. > 0",
    };

    /// <summary>A column: how it sorts (nulls last) and how the text typed in its filter box selects rows.</summary>
    private sealed record Column(string Key, string Title, int Width, ColumnKind Kind, Func<PositionRow, IComparable?> Value,
        Func<string, Func<PositionRow, bool>?> Filter, string Hint)
    {
        public string CssClass { get; init; } = Kind == ColumnKind.Number ? "hd-end" : "";

        public string? Tooltip { get; init; }

        public static Column Text(string key, string title, int width, Func<PositionRow, string> value) =>
            new(key, title, width, ColumnKind.Text, value, text => r => value(r).Contains(text, StringComparison.OrdinalIgnoreCase), "contains");

        /// <summary>Filter text such as "&gt;= 1000", "&lt; 0" or "-1%" (a bare number means at least that much).</summary>
        public static Column Number(string key, string title, int width, Func<PositionRow, double?> value, NumberKind kind)
        {
            var percent = kind is NumberKind.Percent or NumberKind.SignedPercent;
            return new(key, title, width, ColumnKind.Number, r => value(r), text => Compare(text, percent) is { } test ? r => value(r) is { } v && test(v) : null, HintFor(kind));
        }

        public static Column Flag(string key, string title, int width, Func<PositionRow, bool?> value) =>
            new(key, title, width, ColumnKind.Flag, r => value(r), text => text switch
            {
                "in" => r => value(r) == true,
                "out" => r => value(r) == false,
                "?" => r => value(r) is null,
                _ => null,
            }, "");

        /// <summary>A date from the browser's date input: rows updated on that day or later (local time).</summary>
        public static Column Time(string key, string title, int width, Func<PositionRow, DateTimeOffset> value) =>
            new(key, title, width, ColumnKind.Time, r => value(r), text => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? r => DateOnly.FromDateTime(value(r).ToLocalTime().DateTime) >= day
                : null, "updated on or after");

        private static Func<double, bool>? Compare(string text, bool percent)
        {
            var op = new[] { ">=", "<=", ">", "<", "=" }.FirstOrDefault(o => text.StartsWith(o, StringComparison.Ordinal)) ?? ">=";
            var number = text.TrimStart('>', '<', '=').Trim();
            var scale = 1.0;
            if (number.EndsWith('%'))
            {
                (number, scale) = (number[..^1], percent ? 0.01 : 1.0);
            }

            if (!double.TryParse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
            {
                return null;
            }

            x *= scale;
            return op switch
            {
                ">=" => v => v >= x,
                "<=" => v => v <= x,
                ">" => v => v > x,
                "<" => v => v < x,
                _ => v => Math.Abs(v - x) < 1e-9 * Math.Max(1, Math.Abs(x)),
            };
        }
    }

    /// <summary>Sorts unknown values (nulls) after known ones in either direction.</summary>
    private sealed class NullsLast(bool descending) : IComparer<IComparable?>
    {
        public static readonly NullsLast Ascending = new(false);
        public static readonly NullsLast Descending = new(true);

        public int Compare(IComparable? x, IComparable? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => descending ? -1 : 1,
            (_, null) => descending ? 1 : -1,
            _ => x.CompareTo(y),
        };
    }
}
