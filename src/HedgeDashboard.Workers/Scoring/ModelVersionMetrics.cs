using System.Text.Json;
using System.Text.Json.Serialization;

namespace HedgeDashboard.Workers.Scoring;

/// <summary>
/// The shape of a model version's metrics JSON (model_versions.metrics): written by <see cref="ModelTrainer"/>
/// for every training round, read by the dashboard's Models page. Every QLIKE here is the walk-forward
/// mean(RV/F - ln(RV/F) - 1) of horizon variance forecasts made at the same origins of the same recent window,
/// so the numbers compare across models (lower is better, 0 is perfect).
/// </summary>
/// <param name="Schema">Bumped when the meaning of a field changes; readers ignore other schemas.</param>
/// <param name="Pair">The feed pair the model was trained on.</param>
/// <param name="HorizonHours">Forecast horizon of the evaluated variance (and of the risk score).</param>
/// <param name="Window">The feed rounds used and how they were split.</param>
/// <param name="Candidate">The version itself, evaluated on the window.</param>
/// <param name="Active">The version that was active when this one was trained, evaluated on the same origins.</param>
/// <param name="Baselines">The forecasting library's models on the same origins; the first is <see cref="Reference"/>.</param>
/// <param name="Reference">Name of the baseline that QLIKE ratios are taken against (RiskMetrics EWMA).</param>
/// <param name="Calibration">Calibration of the candidate's P(IL beyond threshold), null when no point was scored.</param>
/// <param name="Promoted">Whether this version became the active one.</param>
/// <param name="Reason">Why it was or was not promoted, for a person.</param>
/// <param name="EvaluationSeconds">Wall time of the whole evaluation (every model and the calibration).</param>
public sealed record ModelVersionMetrics(
    int Schema,
    string Pair,
    double HorizonHours,
    TrainingWindow Window,
    ModelScore Candidate,
    ModelScore? Active,
    IReadOnlyList<ModelScore> Baselines,
    string Reference,
    IlCalibrationResult? Calibration,
    bool Promoted,
    string Reason,
    double EvaluationSeconds)
{
    public const int CurrentSchema = 1;

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

    /// <summary>QLIKE of <paramref name="qlike"/> relative to the reference baseline's; null when either is unknown.</summary>
    public double? RatioToReference(double? qlike) =>
        qlike is { } q && Baselines.FirstOrDefault(b => b.Name == Reference)?.Qlike is { } r && r > 0 ? q / r : null;
}

/// <summary>
/// The feed rounds of a training round (oldest to newest): parameters are fitted on the first
/// <paramref name="TrainRounds"/>; forecasts are scored at the origins after them (each origin sees only
/// the rounds up to itself).
/// </summary>
public sealed record TrainingWindow(DateTimeOffset From, DateTimeOffset To, int Rounds, int TrainRounds, DateTimeOffset EvaluationFrom);

/// <summary>One model's walk-forward score; <paramref name="Skipped"/> says why there is none (e.g. too little data).</summary>
public sealed record ModelScore(string Name, double? Qlike, double? Mse, int N, double Seconds, string? Skipped = null);

/// <summary>
/// Out-of-sample calibration of P(IL beyond <paramref name="IlThreshold"/> over the horizon) for a position opened at
/// each origin with a +/-<paramref name="RangePct"/> % range, as the scoring stage computes it (Student-t with
/// <paramref name="DegreesOfFreedom"/>). Deciles of predicted probability; their N sum to <paramref name="N"/>.
/// </summary>
public sealed record IlCalibrationResult(double RangePct, double IlThreshold, double DegreesOfFreedom, int N, double Brier, IReadOnlyList<CalibrationDecile> Deciles);

/// <summary>One bin: mean predicted probability against the observed frequency of IL beyond the threshold.</summary>
public sealed record CalibrationDecile(int Decile, int N, double Predicted, double Observed);
