using HedgeDashboard.Data;
using HedgeDashboard.Web.Models;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Components.Pages;

public partial class Models
{
    private const string Current = "#2e7d32", Baseline = "#90a4ae", Reference = "#546e7a";

    private IReadOnlyList<VersionRow>? _rows;
    private VersionRow? _current;
    private IReadOnlyList<AccuracyRow> _accuracy = [];
    private string _reference = "EWMA";
    private object? _accuracyChart, _accuracyLayout, _calibrationChart, _calibrationLayout, _historyChart, _historyLayout;

    [Inject] public required IDbContextFactory<HedgeDbContext> DbFactory { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        _rows = ModelsView.Rows(await db.ModelVersions.AsNoTracking().OrderByDescending(m => m.TrainedAt).Take(500).ToListAsync());
        _current = ModelsView.Current(_rows);
        if (_current is null)
        {
            return;
        }

        _accuracy = ModelsView.Accuracy(_current);
        if (_current.Metrics is { } m)
        {
            _reference = m.Reference;
            var scored = _accuracy.Where(a => a.Qlike is not null).ToList();
            _accuracyChart = new object[]
            {
                new
                {
                    type = "bar",
                    x = scored.Select(a => a.Label).ToArray(),
                    y = scored.Select(a => a.Qlike!.Value).ToArray(),
                    text = scored.Select(a => a.RatioToReference is { } r ? $"{Fmt.Num(r, "0.000")}×" : "").ToArray(),
                    textposition = "outside",
                    marker = new { color = scored.Select(a => a.IsCurrent ? Current : a.Label == m.Reference ? Reference : Baseline).ToArray() },
                },
            };
            _accuracyLayout = new { yaxis = new { title = new { text = "QLIKE (lower is better)" }, rangemode = "tozero" }, showlegend = false };

            if (m.Calibration is { Deciles.Count: > 0 } c)
            {
                var end = ModelsView.DiagonalEnd(c);
                _calibrationChart = new object[]
                {
                    new
                    {
                        name = "deciles",
                        x = c.Deciles.Select(d => d.Predicted).ToArray(),
                        y = c.Deciles.Select(d => d.Observed).ToArray(),
                        text = c.Deciles.Select(d => $"decile {d.Decile}: {d.N} forecasts").ToArray(),
                        mode = "markers",
                        marker = new { size = 10, color = Current },
                    },
                    new { name = "perfect calibration", x = new[] { 0, end }, y = new[] { 0, end }, mode = "lines", line = new { dash = "dot", color = Baseline } },
                };
                _calibrationLayout = new
                {
                    xaxis = new { title = new { text = "predicted probability" }, tickformat = ".0%", range = new[] { 0, end } },
                    yaxis = new { title = new { text = "observed frequency" }, tickformat = ".0%", range = new[] { 0, end } },
                    legend = new { orientation = "h", x = 0, y = 1.12 }, // above the plot: below it, it covers the axis title
                };
            }
        }

        // Oldest first; each round's own score and the reference baseline's at the same origins.
        var rounds = _rows.Where(r => r.Qlike is not null).Reverse().ToList();
        _historyChart = new object[]
        {
            new
            {
                name = "trained version",
                x = rounds.Select(r => r.Version.TrainedAt.UtcDateTime).ToArray(),
                y = rounds.Select(r => r.Qlike!.Value).ToArray(),
                text = rounds.Select(r => $"{r.Label}: {(r.Metrics!.Promoted ? "promoted" : "not promoted")}").ToArray(),
                mode = "lines+markers",
                marker = new { size = 8, color = rounds.Select(r => r.Metrics!.Promoted ? Current : "#ef6c00").ToArray() },
                line = new { color = Current },
            },
            new
            {
                name = "EWMA baseline",
                x = rounds.Select(r => r.Version.TrainedAt.UtcDateTime).ToArray(),
                y = rounds.Select(r => r.Metrics!.Baselines.FirstOrDefault(b => b.Name == r.Metrics.Reference)?.Qlike).ToArray(),
                mode = "lines",
                line = new { dash = "dot", color = Reference },
            },
        };
        _historyLayout = new { yaxis = new { title = new { text = "QLIKE" } }, legend = new { orientation = "h", x = 0, y = 1.12 } };
    }
}
