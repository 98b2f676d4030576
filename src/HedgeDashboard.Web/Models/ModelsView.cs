using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Scoring;

namespace HedgeDashboard.Web.Models;

/// <summary>A stored version with its metrics read through the trainer's own record (null: trained before they were stored).</summary>
public sealed record VersionRow(ModelVersion Version, ModelVersionMetrics? Metrics)
{
    public string Label => $"{Version.Name} v{Version.Version}";

    public double? Qlike => Metrics?.Candidate.Qlike;

    public double? RatioToReference => Metrics?.RatioToReference(Qlike);

    /// <summary>
    /// Largest gap between predicted and observed frequency over the calibration deciles of the P(IL) the version scores
    /// with (through its map when it has one), in percentage points.
    /// </summary>
    public double? CalibrationMaxGapPp => Metrics?.LiveCalibration?.MaxGapPp;
}

/// <summary>One bar of the accuracy comparison: a model's QLIKE at the same origins as the others.</summary>
public sealed record AccuracyRow(string Label, double? Qlike, double? RatioToReference, int N, bool IsCurrent, string? Skipped);

/// <summary>What the Models page computes from the stored versions; the page only draws it.</summary>
public static class ModelsView
{
    public static IReadOnlyList<VersionRow> Rows(IEnumerable<ModelVersion> versions) =>
        [.. versions.OrderByDescending(v => v.TrainedAt).ThenByDescending(v => v.Version).Select(v => new VersionRow(v, ModelVersionMetrics.Parse(v.Metrics)))];

    /// <summary>The version the page reports on: the active one, else the newest.</summary>
    public static VersionRow? Current(IReadOnlyList<VersionRow> rows) =>
        rows.FirstOrDefault(r => r.Version.Status == ModelStatus.Active) ?? rows.FirstOrDefault();

    /// <summary>The current model first, then the baselines by QLIKE (lower is better); those that could not be scored last.</summary>
    public static IReadOnlyList<AccuracyRow> Accuracy(VersionRow current)
    {
        if (current.Metrics is not { } m)
        {
            return [];
        }

        var baselines = m.Baselines
            .OrderBy(b => b.Qlike is null)
            .ThenBy(b => b.Qlike)
            .Select(b => new AccuracyRow(b.Name, b.Qlike, m.RatioToReference(b.Qlike), b.N, false, b.Skipped));
        return [new AccuracyRow(current.Label, m.Candidate.Qlike, m.RatioToReference(m.Candidate.Qlike), m.Candidate.N, true, m.Candidate.Skipped), .. baselines];
    }

    /// <summary>The newest round with metrics, and the versions it scored on its window.</summary>
    public static NewestWindow? Newest(IReadOnlyList<VersionRow> rows)
    {
        if (rows.FirstOrDefault(r => r.Metrics is not null) is not { Metrics: { } m } round)
        {
            return null;
        }

        var scores = new Dictionary<string, double?> { [round.Label] = m.Candidate.Qlike };
        if (m.Active is { } a)
        {
            scores[a.Name] = a.Qlike;
        }

        return new NewestWindow(round.Label, m.Window, scores);
    }

    /// <summary>
    /// Why a round was or was not promoted, from its stored scores: both QLIKEs are of that round's window (the
    /// active version's own training QLIKE in the versions table is of its older window, so it differs).
    /// </summary>
    public static string Decision(VersionRow row)
    {
        if (row.Metrics is not { } m)
        {
            return Fmt.Unknown;
        }

        if (m.Active is not { } a)
        {
            return m.Reason;
        }

        if (a.Qlike is not { } aq || m.Candidate.Qlike is not { } cq)
        {
            return $"active {a.Name} could not be scored: {a.Skipped ?? m.Candidate.Skipped}";
        }

        var verdict = m.Promoted ? "promoted" : $"{a.Name} stays";
        return string.Create(CultureInfo.InvariantCulture,
            $"QLIKE {cq:0.0000} vs active {a.Name}'s {aq:0.0000}, both on {row.Label}'s window ({Fmt.Time(m.Window.EvaluationFrom)} to {Fmt.Time(m.Window.To)}): {verdict}");
    }

    /// <summary>Upper end of the calibration plot's diagonal: the largest probability shown, with a margin, at most 1.</summary>
    public static double DiagonalEnd(params IlCalibrationResult?[] calibrations)
    {
        var deciles = calibrations.OfType<IlCalibrationResult>().SelectMany(c => c.Deciles).ToList();
        return deciles.Count == 0 ? 1 : Math.Min(1, Math.Max(0.05, 1.1 * deciles.Max(d => Math.Max(d.Predicted, d.Observed))));
    }

    /// <summary>The stored parameters as "name = value" pairs (numbers only), for the versions table.</summary>
    public static string Parameters(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return json;
            }

            var pairs = doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).Select(p => $"{p.Name} = {p.Value.GetRawText()}");
            return string.Join(", ", pairs);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}

/// <summary>
/// The newest training round's evaluation window and the QLIKE of every version scored on it (the new candidate and
/// the version active then): the one window on which they compare.
/// </summary>
public sealed record NewestWindow(string RoundLabel, TrainingWindow Window, IReadOnlyDictionary<string, double?> Qlike);
