using HedgeDashboard.Data.Queries;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace HedgeDashboard.Web.Positions;

/// <summary>
/// The position page's charts as Plotly.Blazor objects. Scatter traces and layout shapes only, so the page loads
/// plotly.js's basic bundle (<see cref="UseBasicBundle"/>: 1.1 MB instead of 4.85 MB).
/// </summary>
public static class PositionCharts
{
    public const bool UseBasicBundle = true;

    private const string FontColor = "#8a8f98", Grid = "rgba(138,143,152,0.25)", Band = "rgba(76,175,80,0.16)", Now = "#ef6c00";

    public static Config Config() => new() { Responsive = true, DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };

    /// <summary>The price (bucket closes) with the position's range as a band and the current price as a dashed line.</summary>
    public static (IList<ITrace> Data, Layout Layout) PriceAndRange(IReadOnlyList<PriceBucket> prices, double lower, double upper, double? current, string pair)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (double.IsPositiveInfinity(upper))
        {
            // Full range (Uniswap v2) has no edges to draw (and JSON has no infinity): the band spans the data.
            var seen = prices.SelectMany(p => new[] { (double)p.Low, (double)p.High }).Concat(current is { } now ? [now] : []).ToList();
            (lower, upper) = seen.Count == 0 ? (0, 1) : (seen.Min(), seen.Max());
        }

        IList<ITrace> data =
        [
            new Scatter
            {
                Name = pair,
                X = [.. prices.Select(p => (object)p.BucketStart.UtcDateTime)],
                Y = [.. prices.Select(p => (object)(double)p.Close)],
                Mode = prices.Count <= 120 ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
                Line = new Line { Width = 1.5m },
            },
        ];
        var lo = prices.Count == 0 ? lower : Math.Min(lower, prices.Min(p => (double)p.Low));
        var hi = prices.Count == 0 ? upper : Math.Max(upper, prices.Max(p => (double)p.High));
        var pad = (hi - lo) * 0.08;
        var y = YAt("USD", ",.0f", "$");
        y.Range = [lo - pad, hi + pad]; // band and data both in view
        var layout = Frame(XAt(), [y], legend: false);
        layout.Shapes =
        [
            new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect, XRef = "paper", X0 = 0, X1 = 1, Y0 = lower, Y1 = upper,
                FillColor = Band, Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0 }, Layer = Plotly.Blazor.LayoutLib.ShapeLib.LayerEnum.Below,
                Name = "range",
            },
        ];
        if (current is { } c)
        {
            layout.Shapes.Add(new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line, XRef = "paper", X0 = 0, X1 = 1, Y0 = c, Y1 = c,
                Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = Now, Width = 1.5m, Dash = "dash" }, Name = "current price",
            });
        }

        return (data, layout);
    }

    /// <summary>Value against holding across prices, the range as a band and the current price marked.</summary>
    public static (IList<ITrace> Data, Layout Layout)? ImpermanentLoss(double entry, double a0, double a1, double lower, double upper, double? current)
    {
        var lp = PositionMath.Liquidity(entry, a0, a1, lower, upper);
        if (lp is null)
        {
            return null;
        }

        var full = double.IsPositiveInfinity(upper);
        // Full range (Uniswap v2): a quarter to four times the entry price, where the closed form's curve shows.
        var lo = full ? Math.Min(entry, current ?? entry) * 0.25 : Math.Min(lower, current ?? lower) * 0.7;
        var hi = full ? Math.Max(entry, current ?? entry) * 4 : Math.Max(upper, current ?? upper) * 1.3;
        (lower, upper) = full ? (lo, hi) : (lower, upper);
        var xs = Enumerable.Range(0, 121).Select(i => lo * Math.Pow(hi / lo, i / 120.0)).ToArray();
        IList<ITrace> data =
        [
            new Scatter { Name = "value vs holding", X = [.. xs.Select(x => (object)x)], Y = [.. xs.Select(p => (object)lp.ImpermanentLossAt(entry, p))], Mode = ModeFlag.Lines },
        ];
        if (current is { } now)
        {
            data.Add(new Scatter { Name = "now", X = [now], Y = [lp.ImpermanentLossAt(entry, now)], Mode = ModeFlag.Markers, Marker = new Marker { Size = 11, Color = Now } });
        }

        var layout = Frame(XAt("price (USD)", ",.0f", "$"), [YAt("value vs holding", ".1%")], legend: false);
        layout.Shapes =
        [
            new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect, YRef = "paper", Y0 = 0, Y1 = 1, X0 = lower, X1 = upper,
                FillColor = Band, Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0 }, Layer = Plotly.Blazor.LayoutLib.ShapeLib.LayerEnum.Below,
            },
        ];
        return (data, layout);
    }

    /// <summary>Risk score (left axis) and forecast volatility (right axis, its labels and title inside the margin).</summary>
    public static (IList<ITrace> Data, Layout Layout) Risk(IReadOnlyList<(DateTimeOffset At, double Score, double Volatility)> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var x = scores.Select(s => (object)s.At.UtcDateTime).ToList();
        IList<ITrace> data =
        [
            new Scatter { Name = "risk score", X = x, Y = [.. scores.Select(s => (object)s.Score)], Mode = ModeFlag.Lines | ModeFlag.Markers },
            new Scatter { Name = "forecast volatility", X = x, Y = [.. scores.Select(s => (object)s.Volatility)], Mode = ModeFlag.Lines, YAxis = "y2" },
        ];
        var left = YAt("risk", "0.00");
        left.Range = [0, 1];
        var right = YAt("volatility", ".0%");
        right.Overlaying = "y";
        right.Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right;
        right.ShowGrid = false;
        var layout = Frame(XAt(), [left, right], legend: true);
        layout.Margin = new Margin { L = 56, R = 64, T = 16, B = 48 };
        return (data, layout);
    }

    private static Layout Frame(XAxis x, IList<YAxis> y, bool legend) => new()
    {
        Height = 300,
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = FontColor },
        Margin = new Margin { L = 56, R = 24, T = 16, B = 48 },
        ShowLegend = legend,
        Legend = legend ? [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.15m, X = 0 }] : null,
        XAxis = [x],
        YAxis = y,
    };

    private static XAxis XAt(string? title = null, string? tickFormat = null, string? tickPrefix = null) => new()
    {
        Title = title is null ? null : new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = title },
        AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
        GridColor = Grid,
        TickFormat = tickFormat,
        TickPrefix = tickPrefix,
    };

    private static YAxis YAt(string title, string? tickFormat = null, string? tickPrefix = null) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = title },
        AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
        GridColor = Grid,
        TickFormat = tickFormat,
        TickPrefix = tickPrefix,
    };
}
