using System.Globalization;
using System.Text.Json;
using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Features;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>The pair's history cannot feed a training round (none imported, too short, constant); the message says why.</summary>
public sealed class TrainingDataException(string message) : Exception(message);

/// <summary>One stored round: the version (active when promoted) and what it was judged on.</summary>
public sealed record PairTrainingOutcome(string Pair, string Source, int Bars, TrainingRoundResult Result, ModelVersion Version, ModelVersionMetrics Metrics);

/// <summary>
/// The one training round of the live pipeline, run by the workers' <see cref="ModelTrainer"/> per pair and by
/// <c>hedge train</c>: reads the pair's hourly exchange history from Postgres, runs <see cref="TrainingRound"/> (candidates
/// fitted on the older hours, walk-forward on the newest, the active version judged only on hours it has not seen),
/// and stores the best as version N of <c>variance:PAIR</c> with its model bytes, feature schema and
/// <see cref="ModelVersionMetrics"/>, active only when no worse than the active one. Every decision is audited.
/// </summary>
public static class PairModelTraining
{
    public const string NamePrefix = "variance:";

    public static string ModelName(string pair) => NamePrefix + pair;

    /// <summary>Pairs with exchange history (rows without a block number: imported hourly bars, not feed rounds).</summary>
    public static async Task<IReadOnlyList<string>> PairsAsync(HedgeDbContext db, CancellationToken ct) =>
        await db.PriceObservations.Where(p => p.BlockNumber == null).Select(p => p.Pair).Distinct().OrderBy(p => p).ToListAsync(ct);

    /// <summary>The pair's hourly source: of its exchange history, the source with the most rows (null when none).</summary>
    public static async Task<string?> SourceAsync(HedgeDbContext db, string pair, CancellationToken ct) =>
        await db.PriceObservations.Where(p => p.Pair == pair && p.BlockNumber == null)
            .GroupBy(p => p.Source).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefaultAsync(ct);

    /// <summary>The source's bars, oldest first: all of them, or the newest <paramref name="newest"/>.</summary>
    public static async Task<OhlcvBar[]> BarsAsync(HedgeDbContext db, string pair, string source, int? newest, CancellationToken ct)
    {
        var query = db.PriceObservations.AsNoTracking().Where(p => p.Pair == pair && p.Source == source);
        var rows = newest is { } n
            ? (await query.OrderByDescending(p => p.ObservedAt).Take(n).Select(p => new { p.ObservedAt, p.Price, p.Volume }).ToListAsync(ct)).AsEnumerable().Reverse()
            : await query.OrderBy(p => p.ObservedAt).Select(p => new { p.ObservedAt, p.Price, p.Volume }).ToListAsync(ct);
        // Imported rows keep the close only: the range features see a zero-width bar, as in training.
        return [.. rows.Select(r => new OhlcvBar(r.ObservedAt.ToUnixTimeSeconds(), (double)r.Price, (double)r.Price, (double)r.Price, (double)r.Price, (double)(r.Volume ?? 0)))];
    }

    /// <summary>
    /// Why a round now would be wasted (the active version has fewer unseen hours than the round needs to judge it), or
    /// null when it should run. The workers ask first, so an unchanged history stores no new version every interval.
    /// </summary>
    public static async Task<string?> NothingNewAsync(HedgeDbContext db, string pair, TrainingRoundOptions options, CancellationToken ct)
    {
        var name = ModelName(pair);
        var active = await db.ModelVersions.AsNoTracking().Where(v => v.Name == name && v.Status == ModelStatus.Active)
            .Select(v => new { v.Version, v.Metrics }).SingleOrDefaultAsync(ct);
        if (active is null || ModelVersionMetrics.Parse(active.Metrics) is not { } m)
        {
            return null;
        }

        var through = DateTimeOffset.FromUnixTimeSeconds(m.TrainedThrough);
        var unseen = await db.PriceObservations.CountAsync(p => p.Pair == pair && p.Source == m.Source && p.ObservedAt > through, ct);
        var needed = options.EvaluationHours / 4;
        return unseen >= needed ? null : $"{name} v{active.Version} has {unseen} unseen hourly bar(s) of '{m.Source}', a round needs {needed}";
    }

    /// <summary>Runs and stores one round; throws <see cref="TrainingDataException"/> when the history cannot feed it.</summary>
    public static async Task<PairTrainingOutcome> RunAsync(
        HedgeDbContext db, string pair, TrainingRoundOptions options, ScoringOptions scoring, string actor, DateTimeOffset now,
        Action<string, double>? progress, CancellationToken ct)
    {
        var source = await SourceAsync(db, pair, ct)
            ?? throw new TrainingDataException($"no imported hourly history for {pair} in the database (hedge import --data FILE --pair {pair})");
        var bars = await BarsAsync(db, pair, source, null, ct);
        if (SeriesCheck.Problem([.. bars.Select(b => b.Close)], TrainingRound.MinBars(options)) is { } problem)
        {
            throw new TrainingDataException($"{pair} ({source}): {problem}");
        }

        var name = ModelName(pair);
        var active = await db.ModelVersions.Where(v => v.Name == name && v.Status == ModelStatus.Active).SingleOrDefaultAsync(ct);
        var activeParameters = active is null ? null : ModelParameters.FromJson(active.Parameters) with { Blob = active.ModelBytes };
        var activeThrough = active is null ? null : (long?)ModelVersionMetrics.Parse(active.Metrics)?.TrainedThrough;
        // CPU-bound for seconds: off the caller's thread.
        var result = await Task.Run(() => TrainingRound.Run(bars, activeParameters, activeThrough, options, progress), ct);
        var version = (await db.ModelVersions.Where(v => v.Name == name).MaxAsync(v => (int?)v.Version, ct) ?? 0) + 1;
        var label = $"{name} v{version.ToString(CultureInfo.InvariantCulture)}";
        var metrics = Metrics(pair, source, bars, options, scoring, result, active is null ? null : $"{name} v{active.Version.ToString(CultureInfo.InvariantCulture)}");
        var row = new ModelVersion
        {
            Name = name,
            Kind = result.BestParameters.Model,
            Version = version,
            Parameters = result.BestParameters.ToJson(),
            ModelBytes = result.BestParameters.Blob,
            FeatureSchema = FeatureBuilder.SchemaVersion,
            Metrics = metrics.ToJson(),
            TrainedAt = now,
            Status = ModelStatus.Candidate,
        };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ModelVersions.Add(row);
        if (result.Promote && active is not null)
        {
            active.Status = ModelStatus.Retired;
            await db.SaveChangesAsync(ct); // retire first: one active version per name
        }

        if (result.Promote)
        {
            row.Status = ModelStatus.Active;
            row.ActivatedAt = now;
        }

        db.AuditLog.Add(new AuditLogEntry
        {
            At = now,
            Actor = actor,
            Action = result.Promote ? "model.promoted" : "model.kept_current",
            EntityType = "model_version",
            EntityId = $"{name}:{version.ToString(CultureInfo.InvariantCulture)}",
            Details = JsonSerializer.Serialize(new { reason = result.Reason, kind = row.Kind, qlike = result.Best.Qlike, activeQlike = result.Active?.Qlike, label }),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new PairTrainingOutcome(pair, source, bars.Length, result, row, metrics);
    }

    /// <summary>
    /// The P(IL) calibration of a round's best model as the scoring stage computes it (a fresh +/-CalibrationRangePct
    /// position at every origin of its calibration walk-forward, Student-t with the configured nu, factor 1), the
    /// isotonic map fitted on all of it (null below <see cref="IsotonicMap.MinPoints"/> points), and the map's
    /// out-of-sample calibration (each origin through a map fitted on outcomes known by then) with the raw one on the
    /// same origins.
    /// </summary>
    public static (CalibrationReport Raw, CalibrationReport? Recalibrated, IsotonicMap? Map) Calibrate(
        IReadOnlyList<OhlcvBar> bars, TrainingRoundResult result, int horizonHours, ScoringOptions scoring)
    {
        const int bins = 10;
        var raw = IlCalibration.Run(bars, result.CalibrationEvaluation ?? result.BestEvaluation, horizonHours, new CalibrationOptions
        {
            RangePct = scoring.CalibrationRangePct,
            Threshold = scoring.IlThreshold,
            Bins = bins,
            FixedShape = (scoring.DegreesOfFreedom, 1), // what the scoring stage computes
        });
        if (raw.N < IsotonicMap.MinPoints)
        {
            return (raw, null, null);
        }

        var recalibrated = IsotonicRecalibration.Run(raw, bars, horizonHours, bins);
        var origins = recalibrated.Points.Select(p => p.Origin).ToHashSet();
        return (recalibrated.N == 0 ? raw : raw.On(origins, bins), recalibrated.N == 0 ? null : recalibrated, IsotonicMap.Fit(raw.Points));
    }

    private static ModelVersionMetrics Metrics(
        string pair, string source, OhlcvBar[] bars, TrainingRoundOptions options, ScoringOptions scoring, TrainingRoundResult result, string? activeLabel)
    {
        var (raw, recalibrated, map) = Calibrate(bars, result, options.HorizonHours, scoring);
        IlCalibrationResult? Stored(CalibrationReport? r) => r is null || r.N == 0 ? null : new IlCalibrationResult(
            scoring.CalibrationRangePct, scoring.IlThreshold, scoring.DegreesOfFreedom, r.N, r.Brier,
            [.. r.Bins.Select(b => new CalibrationDecile(b.Bin, b.N, b.MeanPredicted, b.Observed))],
            DateTimeOffset.FromUnixTimeSeconds(bars[r.Points[0].Origin].UnixSeconds),
            DateTimeOffset.FromUnixTimeSeconds(bars[r.Points[^1].Origin].UnixSeconds));
        var others = result.Candidates.Where(c => c != result.Best).ToList();
        var reference = result.Candidates.FirstOrDefault(c => c.Name == new EwmaModel().Name)?.Name ?? result.Best.Name;
        return new ModelVersionMetrics(
            ModelVersionMetrics.CurrentSchema,
            pair,
            source,
            options.HorizonHours,
            new TrainingWindow(
                DateTimeOffset.FromUnixTimeSeconds(bars[0].UnixSeconds),
                DateTimeOffset.FromUnixTimeSeconds(bars[^1].UnixSeconds),
                bars.Length,
                result.FitBars,
                DateTimeOffset.FromUnixTimeSeconds(result.EvaluationFromUnix)),
            bars[^1].UnixSeconds,
            FeatureBuilder.SchemaVersion,
            result.Best,
            result.Active is { } a && activeLabel is not null ? a with { Name = activeLabel } : null,
            others,
            reference,
            Stored(raw),
            result.Promote,
            result.Reason,
            result.Seconds,
            map,
            Stored(recalibrated));
    }
}
