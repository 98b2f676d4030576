using System.Globalization;
using HedgeDashboard.Web.Charts;
using HedgeDashboard.Web.Models;
using HedgeDashboard.Workers.Scoring;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;

using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace HedgeDashboard.Web.Components.Pages;

public partial class Models
{
    private const string Current = "#2e7d32", Baseline = "#90a4ae", Reference = "#546e7a", Refused = "#ef6c00";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Config _config = ChartStyle.Config();
    private IReadOnlyList<VersionRow>? _rows;
    private VersionRow? _current;
    private NewestWindow? _newest;
    private IReadOnlyList<AccuracyRow> _accuracy = [];
    private string _reference = "EWMA";
    private IList<ITrace>? _accuracyData, _calibrationData;
    private IList<ITrace> _historyData = [];
    private Plotly.Blazor.Layout? _accuracyLayout, _calibrationLayout, _historyLayout;

    [Inject] public required ModelsService Service { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _rows = await Service.RowsAsync();
        _current = ModelsView.Current(_rows);
        _newest = ModelsView.Newest(_rows);
        if (_current is null)
        {
            return;
        }

        _accuracy = ModelsView.Accuracy(_current);
        if (_current.Metrics is { } m)
        {
            _reference = m.Reference;
            var scored = _accuracy.Where(a => a.Qlike is not null).ToList();
            _accuracyData =
            [
                new Bar
                {
                    X = [.. scored.Select(a => (object)a.Label)],
                    Y = [.. scored.Select(a => (object)a.Qlike!.Value)],
                    TextArray = [.. scored.Select(a => a.RatioToReference is { } r ? $"{Fmt.Num(r, "0.000")}×" : "")],
                    TextPosition = Plotly.Blazor.Traces.BarLib.TextPositionEnum.Outside,
                    Marker = new Plotly.Blazor.Traces.BarLib.Marker { ColorArray = [.. scored.Select(a => (object)(a.IsCurrent ? Current : a.Label == m.Reference ? Reference : Baseline))] },
                },
            ];
            var y = ChartStyle.Y("QLIKE (lower is better)");
            y.RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero;
            _accuracyLayout = ChartStyle.Layout(ChartStyle.X(), y, legend: false);

            if (m.LiveCalibration is { Deciles.Count: > 0 } c)
            {
                // The scored P(IL) (through the version's map when it has one), and the Student-t's alone beside it.
                var raw = m.CalibrationMap is not null && m.Recalibrated is not null ? m.Calibration : null;
                var end = ModelsView.DiagonalEnd(c, raw);
                _calibrationData =
                [
                    Deciles(raw is null ? "deciles" : "isotonic map (as scored)", c, Current),
                    .. raw is { Deciles.Count: > 0 } ? [Deciles("Student-t alone", raw, Refused)] : Array.Empty<ITrace>(),
                    new Scatter
                    {
                        Name = "perfect calibration",
                        X = [0d, end],
                        Y = [0d, end],
                        Mode = ModeFlag.Lines,
                        Line = new Line { Dash = "dot", Color = Baseline },
                    },
                ];
                var cx = ChartStyle.X("predicted probability");
                cx.TickFormat = ".0%";
                cx.Range = [0d, end];
                _calibrationLayout = ChartStyle.Layout(cx, ChartStyle.Y("observed frequency", ".0%"));
                _calibrationLayout.YAxis[0].Range = [0d, end];
            }
        }

        // Oldest first; each round's own score and the reference baseline's at the same origins.
        var rounds = _rows.Where(r => r.Qlike is not null).Reverse().ToList();
        var times = rounds.Select(r => (object)r.Version.TrainedAt.UtcDateTime).ToList();
        _historyData =
        [
            new Scatter
            {
                Name = "trained version",
                X = times,
                Y = [.. rounds.Select(r => (object)r.Qlike!.Value)],
                TextArray = [.. rounds.Select(r => $"{r.Label}: {(r.Metrics!.Promoted ? "promoted" : "not promoted")}")],
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                Marker = new Marker { Size = 8, ColorArray = [.. rounds.Select(r => (object)(r.Metrics!.Promoted ? Current : Refused))] },
                Line = new Line { Color = Current },
            },
            new Scatter
            {
                Name = "EWMA baseline",
                X = times,
                // A round whose baseline was not scored leaves a gap (null), not NaN (which JSON cannot carry).
                Y = [.. rounds.Select(r => (object)r.Metrics!.ReferenceQlike!)],
                Mode = ModeFlag.Lines,
                Line = new Line { Dash = "dot", Color = Reference },
            },
        ];
        _historyLayout = ChartStyle.Layout(ChartStyle.X(), ChartStyle.Y("QLIKE"));
    }

    private static Scatter Deciles(string name, IlCalibrationResult c, string color) => new()
    {
        Name = name,
        X = [.. c.Deciles.Select(d => (object)d.Predicted)],
        Y = [.. c.Deciles.Select(d => (object)d.Observed)],
        TextArray = [.. c.Deciles.Select(d => $"decile {d.Decile}: {Fmt.Count(d.N, "forecast")}")],
        Mode = ModeFlag.Markers,
        Marker = new Marker { Size = 10, Color = color },
    };
}
