using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Web.Charts;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace HedgeDashboard.Web.Protection;

/// <summary>The Protection page's charts, built from its series (Plotly.Blazor objects; the page only places them).</summary>
public static class ProtectionCharts
{
    private const string Hedged = "#2e7d32", Unhedged = "#c62828", Cost = "#ef6c00", Band = "rgba(76,175,80,0.18)";

    /// <summary>Price ratios labelled on the IL chart's log axis: every label readable ("0.5×"), no bare minor digits.</summary>
    public static readonly double[] RatioTicks = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4];

    /// <summary>Hedged and unhedged LP minus holding, in USD: the gap to the benchmark, which a value path hides at this scale.</summary>
    public static (IList<ITrace> Data, Layout Layout) Comparison(ProtectionSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var x = s.Times.Select(t => (object)t).ToList();
        IList<ITrace> data =
        [
            new Scatter { Name = "unhedged LP − holding", X = x, Y = [.. s.Unhedged.Zip(s.Holding, (v, h) => (object)(v - h))], Mode = ModeFlag.Lines, Line = new Line { Color = Unhedged } },
            new Scatter { Name = "hedged LP − holding", X = x, Y = [.. s.Hedged.Zip(s.Holding, (v, h) => (object)(v - h))], Mode = ModeFlag.Lines, Line = new Line { Color = Hedged } },
        ];
        return (data, ChartStyle.Layout(ChartStyle.X(), ChartStyle.Y("vs holding (USD)", ",.2f", "$")));
    }

    public static (IList<ITrace> Data, Layout Layout) Prevented(ProtectionSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var x = s.Times.Select(t => (object)t).ToList();
        IList<ITrace> data =
        [
            new Scatter { Name = "hedge gain (IL prevented)", X = x, Y = [.. s.IlPrevented.Select(v => (object)v)], Mode = ModeFlag.Lines, Fill = FillEnum.ToZeroY, Line = new Line { Color = Hedged } },
            new Scatter { Name = "costs", X = x, Y = [.. s.Costs.Select(v => (object)v)], Mode = ModeFlag.Lines, Line = new Line { Color = Cost } },
        ];
        return (data, ChartStyle.Layout(ChartStyle.X(), ChartStyle.Y("USD", ",.2f", "$")));
    }

    /// <summary>
    /// Dollar offset per period with the 80-125% band. Bars are a period wide and the axis spans the data, so a short
    /// history still reads as time (not one bar on a millisecond axis).
    /// </summary>
    public static (IList<ITrace> Data, Layout Layout) Offsets(ProtectionSeries s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var starts = s.PeriodOffsets.Select(p => p.Start).ToList();
        IList<ITrace> data =
        [
            new Bar
            {
                Name = "dollar offset",
                X = [.. starts.Select(t => (object)(t + (s.Period / 2)))],
                Y = [.. s.PeriodOffsets.Select(p => (object)Math.Clamp(p.Offset, -1, 3))],
                Width = (decimal)(s.Period.TotalMilliseconds * 0.8),
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Hedged },
            },
        ];
        var x = ChartStyle.X();
        x.Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date;
        if (s.Times.Length > 0)
        {
            x.Range = [s.Times[0], s.Times[^1] > s.Times[0] + s.Period ? s.Times[^1] : s.Times[0] + s.Period];
        }

        var y = ChartStyle.Y("dollar offset", ".0%");
        y.Range = [-0.2, 2];
        var layout = ChartStyle.Layout(x, y, legend: false);
        layout.Shapes =
        [
            new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect, XRef = "paper", X0 = 0, X1 = 1, Y0 = ProtectionSeries.BandLow, Y1 = ProtectionSeries.BandHigh,
                FillColor = Band, Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0 }, Layer = Plotly.Blazor.LayoutLib.ShapeLib.LayerEnum.Below,
            },
        ];
        return (data, layout);
    }

    public static (IList<ITrace> Data, Layout Layout) Portfolio(ProtectionService.Portfolio p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var names = p.Names.Select(n => (object)n).ToList();
        IList<ITrace> data =
        [
            new Bar { Name = "loss unhedged", X = names, Y = [.. p.Unhedged.Select(v => (object)v)], Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Unhedged } },
            new Bar { Name = "loss hedged", X = names, Y = [.. p.Hedged.Select(v => (object)v)], Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = Hedged } },
        ];
        var layout = ChartStyle.Layout(ChartStyle.X(), ChartStyle.Y("loss vs holding (USD)", ",.2f", "$"));
        layout.BarMode = BarModeEnum.Group;
        return (data, layout);
    }

    /// <summary>Value against holding by price move, full range and a ±<paramref name="rangePct"/>% range, on a log axis with labelled ratios.</summary>
    public static (IList<ITrace> Data, Layout Layout) ImpermanentLossCurves(int rangePct)
    {
        var ratios = Enumerable.Range(-60, 121).Select(i => Math.Exp(i / 60.0 * Math.Log(4))).ToArray();
        var band = rangePct / 100.0;
        var range = LiquidityPosition.FromAmount0(1, 1, 1 - band, 1 + band);
        var x = ratios.Select(r => (object)r).ToList();
        IList<ITrace> data =
        [
            new Scatter { Name = "full range (v2)", X = x, Y = [.. ratios.Select(r => (object)ImpermanentLoss.V2(r))], Mode = ModeFlag.Lines },
            new Scatter { Name = $"±{rangePct}% range (v3)", X = x, Y = [.. ratios.Select(r => (object)range.ImpermanentLossAt(1, r))], Mode = ModeFlag.Lines },
        ];
        var axis = ChartStyle.X("price / entry price");
        axis.Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log;
        axis.TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array;
        axis.TickVals = [.. RatioTicks.Select(t => (object)t)];
        axis.TickText = [.. RatioTicks.Select(t => (object)$"{t:0.##}×")];
        return (data, ChartStyle.Layout(axis, ChartStyle.Y("value vs holding", ".1%")));
    }
}
