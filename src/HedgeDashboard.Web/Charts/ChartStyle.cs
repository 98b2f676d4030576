using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace HedgeDashboard.Web.Charts;

/// <summary>
/// What every chart of the pages shares: the basic plotly.js bundle (scatter and bar only, 1.1 MB instead of 4.85 MB),
/// no mode bar or logo, transparent backgrounds and a mid-grey font that read in the light and the dark theme, and
/// margins that let axis titles and labels fit (automargin).
/// </summary>
public static class ChartStyle
{
    public const bool UseBasicBundle = true;

    public const string Font = "#8a8f98";

    public const string Grid = "rgba(138,143,152,0.25)";

    /// <summary>
    /// The chart element's attributes: its test id, and the layout's height set on the element itself, so the page
    /// reserves the chart's space before plotly.js draws it (cards below or beside it keep their place).
    /// </summary>
    public static Dictionary<string, object> Attributes(string testId, int height = 300) =>
        new() { ["data-testid"] = testId, ["style"] = $"height: {height}px; width: 100%" };

    public static Config Config() => new() { Responsive = true, DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };

    public static Layout Layout(XAxis x, YAxis y, bool legend = true, int height = 300, int marginRight = 16) =>
        Layout(x, [y], legend, height, marginRight);

    /// <summary>A layout with several y axes (a second one overlaying the first, on the right).</summary>
    public static Layout Layout(XAxis x, IList<YAxis> y, bool legend = true, int height = 300, int marginRight = 16) => new()
    {
        Height = height,
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = Font },
        Margin = new Margin { L = 56, R = marginRight, T = 16, B = 48 },
        ShowLegend = legend,
        Legend = legend ? [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.15m, X = 0 }] : null,
        XAxis = [x],
        YAxis = y,
    };

    public static XAxis X(string? title = null, string? tickFormat = null, string? tickPrefix = null) => new()
    {
        Title = title is null ? null : new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = title },
        AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
        GridColor = Grid,
        TickFormat = tickFormat,
        TickPrefix = tickPrefix,
    };

    public static YAxis Y(string? title = null, string? tickFormat = null, string? tickPrefix = null) => new()
    {
        Title = title is null ? null : new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = title },
        AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
        GridColor = Grid,
        TickFormat = tickFormat,
        TickPrefix = tickPrefix,
    };
}
