using HedgeDashboard.Data.Entities;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Web.Models;
using HedgeDashboard.Workers.Scoring;

namespace HedgeDashboard.Web.Components.Tests;

public sealed class ModelsViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static ModelVersionMetrics Metrics(double candidate, bool promoted = true, IlCalibrationResult? calibration = null) => new(
        ModelVersionMetrics.CurrentSchema,
        "ETH/USD",
        "binance",
        24,
        new TrainingWindow(T0, T0.AddHours(999), 1000, 500, T0.AddHours(500)),
        T0.AddHours(999).ToUnixTimeSeconds(),
        1,
        new CandidateScore("ewma v1", candidate, 477, 0.01),
        null,
        [
            new CandidateScore("ewma-riskmetrics", 0.40, 477, 0.01),
            new CandidateScore("har-rv-log", null, 0, 0, "HAR needs at least 50 complete training rows, got 3."),
            new CandidateScore("garch11", 0.30, 477, 0.05),
        ],
        "ewma-riskmetrics",
        calibration,
        promoted,
        promoted ? "first version: no active model to beat" : "worse",
        0.2);

    private static ModelVersion Version(int v, ModelStatus status, string metrics, string parameters = """{"lambda":0.99,"barHours":1}""") => new()
    {
        Name = "ewma", Kind = "ewma", Version = v, Status = status, Metrics = metrics, Parameters = parameters, TrainedAt = T0.AddHours(v),
    };

    [Fact]
    public void Accuracy_CurrentFirstThenBaselinesByQlike_RatiosToEwma_SkippedLast()
    {
        var row = new VersionRow(Version(1, ModelStatus.Active, ""), Metrics(0.36));

        var rows = ModelsView.Accuracy(row);

        Assert.Equal(["ewma v1", "garch11", "ewma-riskmetrics", "har-rv-log"], rows.Select(r => r.Label));
        Assert.True(rows[0].IsCurrent);
        Assert.Equal(0.9, rows[0].RatioToReference!.Value, 12);
        Assert.Equal(0.75, rows[1].RatioToReference!.Value, 12);
        Assert.Equal(1.0, rows[2].RatioToReference);
        Assert.Null(rows[3].RatioToReference);
        Assert.StartsWith("HAR needs", rows[3].Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_StoredJson_ReadThroughTheTrainersRecord_OlderShapesHaveNoMetrics()
    {
        var calibration = new IlCalibrationResult(10, 0.02, 4, 20, 0.1, [new CalibrationDecile(1, 10, 0.10, 0.05), new CalibrationDecile(2, 10, 0.30, 0.42)]);
        var versions = new[]
        {
            Version(1, ModelStatus.Retired, """{"qlikeRecent": -9.1, "trainRounds": 140}"""),
            Version(2, ModelStatus.Active, Metrics(0.36, calibration: calibration).ToJson()),
            Version(3, ModelStatus.Candidate, Metrics(0.5, promoted: false).ToJson()),
        };

        var rows = ModelsView.Rows(versions);

        Assert.Equal([3, 2, 1], rows.Select(r => r.Version.Version));
        Assert.Null(rows[2].Metrics);
        Assert.Null(rows[2].Qlike);
        Assert.Empty(ModelsView.Accuracy(rows[2]));
        var current = ModelsView.Current(rows)!;
        Assert.Equal(2, current.Version.Version);
        Assert.Equal(0.36, current.Qlike);
        Assert.Equal(12, current.CalibrationMaxGapPp!.Value, 9);
        Assert.False(rows[0].Metrics!.Promoted);
        Assert.Equal(500, current.Metrics!.Window.FitBars);
    }

    [Fact]
    public void CalibrationGap_WithAMap_IsTheMappedPs_WithoutOne_TheStudentTs()
    {
        var raw = new IlCalibrationResult(10, 0.02, 4, 20, 0.1, [new CalibrationDecile(1, 10, 0.10, 0.05), new CalibrationDecile(2, 10, 0.30, 0.42)]);
        var mapped = raw with { Deciles = [new CalibrationDecile(1, 10, 0.06, 0.05), new CalibrationDecile(2, 10, 0.40, 0.42)] };
        var withMap = Metrics(0.36, calibration: raw) with { CalibrationMap = new([0.1, 0.3], [0.05, 0.42], 20), Recalibrated = mapped };

        var json = Version(2, ModelStatus.Active, withMap.ToJson());
        var row = Assert.Single(ModelsView.Rows([json]));

        Assert.Equal(2, row.CalibrationMaxGapPp!.Value, 9); // the mapped deciles', as scored
        Assert.Equal(12, row.Metrics!.Calibration!.MaxGapPp!.Value, 9); // the Student-t's alone, kept beside it
        Assert.Equal([0.1, 0.3], row.Metrics.CalibrationMap!.X);
        Assert.Equal(12, new VersionRow(json, Metrics(0.36, calibration: raw)).CalibrationMaxGapPp!.Value, 9);
    }

    [Fact]
    public void Current_NoVersions_IsNull_NoActive_IsNewest()
    {
        Assert.Null(ModelsView.Current(ModelsView.Rows([])));
        var rows = ModelsView.Rows([Version(1, ModelStatus.Retired, "{}"), Version(2, ModelStatus.Candidate, "{}")]);
        Assert.Equal(2, ModelsView.Current(rows)!.Version.Version);
    }

    [Theory]
    [InlineData(0.2, 0.3, 0.33)]
    [InlineData(0.01, 0.02, 0.05)]
    [InlineData(0.95, 0.99, 1)]
    public void DiagonalEnd_CoversTheLargestProbability_WithinZeroToOne(double predicted, double observed, double end)
    {
        var c = new IlCalibrationResult(10, 0.02, 4, 1, 0, [new CalibrationDecile(1, 1, predicted, observed)]);
        Assert.Equal(end, ModelsView.DiagonalEnd(c), 12);
    }

    [Theory]
    [InlineData("""{"lambda":0.9975,"barHours":1}""", "lambda = 0.9975, barHours = 1")]
    [InlineData("""{"lambda":0.5,"note":"x"}""", "lambda = 0.5")]
    [InlineData("not json", "not json")]
    public void Parameters_NumbersAsPairs(string json, string shown) => Assert.Equal(shown, ModelsView.Parameters(json));

    [Fact]
    public void Decision_AndNewestWindow_NameTheWindowTheActiveScoreCameFrom()
    {
        // v3 scored 2.5497 on its own (older) window; v4's round scored the active v3 at 0.4900 on v4's window.
        var v3 = Metrics(2.5497) with { Candidate = new CandidateScore("ewma v3", 2.5497, 477, 0.01) };
        var v4 = Metrics(0.4800) with
        {
            Candidate = new CandidateScore("ewma v4", 0.4800, 477, 0.01),
            Active = new CandidateScore("ewma v3", 0.4900, 477, 0.01),
            Window = new TrainingWindow(T0.AddHours(100), T0.AddHours(1099), 1000, 500, T0.AddHours(600)),
        };
        var rows = ModelsView.Rows([Version(3, ModelStatus.Retired, v3.ToJson()), Version(4, ModelStatus.Active, v4.ToJson())]);

        var decision = ModelsView.Decision(rows.Single(r => r.Version.Version == 4));
        var newest = ModelsView.Newest(rows)!;

        Assert.StartsWith("QLIKE 0.4800 vs active ewma v3's 0.4900, both on ewma v4's window (", decision, StringComparison.Ordinal);
        Assert.EndsWith("): promoted", decision, StringComparison.Ordinal);
        Assert.Equal(2.5497, rows.Single(r => r.Version.Version == 3).Qlike);
        Assert.Equal("ewma v4", newest.RoundLabel);
        Assert.Equal(0.49, newest.Qlike["ewma v3"]);
        Assert.Equal(0.48, newest.Qlike["ewma v4"]);
    }
}
