using System.Text.Json;
using System.Text.Json.Serialization;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Risk;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// The shape of a model version's metrics JSON (model_versions.metrics): written by <see cref="PairModelTraining"/>
/// for every training round (the worker's and <c>hedge train</c>'s), read by the dashboard's Models page. Every QLIKE
/// here is the walk-forward mean(RV/F - ln(RV/F) - 1) of horizon variance forecasts made at the same origins of the
/// same newest hours, so the numbers compare across models (lower is better, 0 is perfect).
/// </summary>
/// <param name="Schema">Bumped when the meaning of a field changes; readers ignore other schemas.</param>
/// <param name="Pair">The pair whose hourly history the model was trained on.</param>
/// <param name="Source">The price source of that history (e.g. "binance").</param>
/// <param name="HorizonHours">Forecast horizon of the evaluated variance (and of the risk score).</param>
/// <param name="Window">The hourly bars used and how they were split.</param>
/// <param name="TrainedThrough">Open time (unix seconds) of the newest bar the version was fitted on: it is judged only after it.</param>
/// <param name="FeatureSchema">FeatureBuilder.SchemaVersion of the features the ML.NET kinds read.</param>
/// <param name="Candidate">The version itself (the best candidate of its round), scored on the window.</param>
/// <param name="Active">The version that was active when this one was trained, scored at the same origins.</param>
/// <param name="Baselines">The round's other candidates at the same origins.</param>
/// <param name="Reference">Name of the baseline that QLIKE ratios are taken against (RiskMetrics EWMA when a candidate).</param>
/// <param name="Calibration">Calibration of the version's Student-t P(IL beyond threshold) before any map, null when no point was scored.</param>
/// <param name="Promoted">Whether this version became the active one.</param>
/// <param name="Reason">Why it was or was not promoted, for a person.</param>
/// <param name="EvaluationSeconds">Wall time of the whole round (every candidate, the refit and the calibration).</param>
/// <param name="CalibrationMap">
/// The isotonic map the scoring stage applies to this version's P(IL) (fitted on every calibration point); null when
/// there were fewer than <see cref="IsotonicMap.MinPoints"/> points: the version then scores with the Student-t alone.
/// </param>
/// <param name="Recalibrated">
/// Out-of-sample calibration of the mapped P(IL) on the same origins as <paramref name="Calibration"/>: at each origin a map
/// fitted only on outcomes known by then, as the live map is applied to hours after its fit.
/// </param>
public sealed record ModelVersionMetrics(
    int Schema,
    string Pair,
    string Source,
    int HorizonHours,
    TrainingWindow Window,
    long TrainedThrough,
    int FeatureSchema,
    CandidateScore Candidate,
    CandidateScore? Active,
    IReadOnlyList<CandidateScore> Baselines,
    string Reference,
    IlCalibrationResult? Calibration,
    bool Promoted,
    string Reason,
    double EvaluationSeconds,
    IsotonicMap? CalibrationMap = null,
    IlCalibrationResult? Recalibrated = null)
{
    /// <summary>2: hourly-history rounds of any model kind (1 was the feed-round EWMA trainer's shape).</summary>
    public const int CurrentSchema = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The metrics of a row, or null for older shapes, other schemas and unreadable JSON.</summary>
    public static ModelVersionMetrics? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("schema", out var schema)
                || schema.ValueKind != JsonValueKind.Number
                || !schema.TryGetInt32(out var version)
                || version != CurrentSchema)
            {
                return null;
            }

            var metrics = doc.RootElement.Deserialize<ModelVersionMetrics>(Json);
            return metrics is { Candidate: not null, Window: not null, Baselines: not null } ? metrics : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The calibration of the P(IL) the scoring stage stores: through the map when there is one.</summary>
    [JsonIgnore]
    public IlCalibrationResult? LiveCalibration => CalibrationMap is null ? Calibration : Recalibrated ?? Calibration;

    /// <summary>QLIKE of <paramref name="qlike"/> relative to the reference baseline's; null when either is unknown.</summary>
    public double? RatioToReference(double? qlike) =>
        qlike is { } q && ReferenceQlike is { } r && r > 0 ? q / r : null;

    /// <summary>The reference's QLIKE: a baseline, or the candidate itself when the reference won the round.</summary>
    [JsonIgnore]
    public double? ReferenceQlike => Candidate.Name == Reference ? Candidate.Qlike : Baselines.FirstOrDefault(b => b.Name == Reference)?.Qlike;
}

/// <summary>
/// The hourly bars of a training round (oldest to newest): candidates are fitted on the first <paramref name="FitBars"/>;
/// forecasts are scored at the origins from <paramref name="EvaluationFrom"/> (each sees only the bars up to itself).
/// </summary>
public sealed record TrainingWindow(DateTimeOffset From, DateTimeOffset To, int Bars, int FitBars, DateTimeOffset EvaluationFrom);

/// <summary>
/// Out-of-sample calibration of P(IL beyond <paramref name="IlThreshold"/> over the horizon) for a position opened at
/// each origin with a +/-<paramref name="RangePct"/> % range, as the scoring stage computes it (Student-t with
/// <paramref name="DegreesOfFreedom"/>, then the version's map when it has one). Deciles of predicted probability; their N
/// sum to <paramref name="N"/>; <paramref name="From"/> and <paramref name="To"/> are the first and last origins.
/// </summary>
public sealed record IlCalibrationResult(
    double RangePct, double IlThreshold, double DegreesOfFreedom, int N, double Brier, IReadOnlyList<CalibrationDecile> Deciles,
    DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>Largest gap between predicted and observed frequency over the deciles, in percentage points.</summary>
    public double? MaxGapPp => Deciles.Count == 0 ? null : Deciles.Max(d => Math.Abs(d.Predicted - d.Observed)) * 100;
}

/// <summary>One bin: mean predicted probability against the observed frequency of IL beyond the threshold.</summary>
public sealed record CalibrationDecile(int Decile, int N, double Predicted, double Observed);
