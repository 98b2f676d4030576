using HedgeDashboard.Quant.Portfolio;
using HedgeDashboard.Web.Charts;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace HedgeDashboard.Web.Portfolio;

/// <summary>The Portfolio page's charts (Plotly.Blazor objects; the page only places them).</summary>
public static class PortfolioCharts
{
    private const string Delta = "#1565c0", Hedge = "#2e7d32";

    /// <summary>USD delta of (LP - HODL) per asset beside the hedge held against it.</summary>
    public static (IList<ITrace> Data, Layout Layout) Exposure(IReadOnlyList<AssetExposure> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var x = assets.Select(a => (object)a.Asset).ToList();
        IList<ITrace> data =
        [
            new Bar { Name = "delta (LP − holding)", X = x, Y = [.. assets.Select(a => (object)a.DeltaUsd)], Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Delta } },
            new Bar { Name = "hedge held", X = x, Y = [.. assets.Select(a => (object)a.HedgeUsd)], Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Hedge } },
        ];
        return (data, ChartStyle.Layout(ChartStyle.X(), ChartStyle.Y("USD", ",.0f", "$")));
    }

    /// <summary>
    /// The correlation matrix as a heatmap: the pages load the basic plotly.js bundle, which has no heatmap trace, so
    /// each cell is one square scatter marker coloured from red (-1) through white (0) to blue (+1) and labelled.
    /// </summary>
    public static (IList<ITrace> Data, Layout Layout) Correlation(IReadOnlyList<string> assets, double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(matrix);
        var n = assets.Count;
        var size = Math.Max(24, 200 / Math.Max(1, n));
        IList<ITrace> data = [];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = double.IsFinite(matrix[i, j]) ? Math.Clamp(matrix[i, j], -1, 1) : 0;
                data.Add(new Scatter
                {
                    Name = $"{assets[i]}-{assets[j]}",
                    X = [assets[j]],
                    Y = [assets[i]],
                    Mode = ModeFlag.Markers | ModeFlag.Text,
                    Text = v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                    TextPosition = TextPositionEnum.MiddleCenter,
                    Marker = new Marker { Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Square, Size = size, Color = Shade(v) },
                });
            }
        }

        var layout = ChartStyle.Layout(ChartStyle.X(), ChartStyle.Y(), legend: false);
        return (data, layout);
    }

    /// <summary>-1 red, 0 white, +1 blue.</summary>
    internal static string Shade(double v)
    {
        var t = Math.Abs(v);
        var fade = (int)Math.Round(255 * (1 - t));
        return v >= 0 ? $"rgb({fade},{fade},255)" : $"rgb(255,{fade},{fade})";
    }
}
