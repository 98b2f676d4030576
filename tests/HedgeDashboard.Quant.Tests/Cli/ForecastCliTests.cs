using HedgeDashboard.Cli;
using HedgeDashboard.Forecasting.Risk;

namespace HedgeDashboard.Quant.Tests.Cli;

/// <summary>Forecast commands on series no model can fit: one line naming the file and the cause, exit 2.</summary>
public class ForecastCliTests
{
    private static string Flat(int hours) => TestData.TempCsv([TestData.Header, .. TestData.Rows([.. Enumerable.Repeat(2000.0, hours)])]);

    [Fact]
    public void ForecastEval_ConstantPrice_NamesFileAndCause()
    {
        var file = Flat(3_000);

        var (code, error) = Run("forecast-eval", "--data", file, "--models", "ewma", "har");

        AssertOneLine(code, error, file, "constant");
    }

    [Fact]
    public void ForecastEval_TooShort_NamesFileAndCause()
    {
        var file = TestData.TempCsv([TestData.Header, .. TestData.Rows([.. Enumerable.Range(0, 300).Select(i => 2000.0 + (i % 5))])]);

        var (code, error) = Run("forecast-eval", "--data", file, "--models", "ewma");

        AssertOneLine(code, error, file, "too short");
    }

    [Fact]
    public void Calibration_ConstantPrice_NamesFileAndCause()
    {
        var file = Flat(3_000);

        var (code, error) = Run("calibration", "--data", file, "--model", "har");

        AssertOneLine(code, error, file, "constant");
    }

    [Fact]
    public void Backtest_SeedPolicyOnConstantPrice_NamesFileAndCause()
    {
        var file = Flat(100);

        var (code, error) = Run("backtest", "--data", file, "--policy", "seed");

        AssertOneLine(code, error, file, "constant");
    }

    [Fact]
    public void CalibrationCompare_OnlyTheMappedMethodWithin2pp_ChosenDespiteAHigherLogLoss_OnCommonOrigins()
    {
        // 100 origins; the parametric one is sharp but 8 pp under in its one bin, the mapped one starts later (its warm-up).
        static CalibrationPoint Point(int i, double p) => new(i, p, i % 10 == 0);
        var parametric = Report("parametric", Enumerable.Range(0, 100).Select(i => Point(i, i % 10 == 0 ? 0.2 : 0.0)));
        var mapped = Report("parametric + isotonic", Enumerable.Range(20, 80).Select(i => Point(i, 0.1)));

        var (reports, chosen) = HedgeDashboard.Cli.Commands.CalibrationCommand.Compare([parametric, null, mapped], 1);

        Assert.Equal(["parametric", null, "parametric + isotonic"], reports.Select(r => r?.Model));
        Assert.All(reports.OfType<CalibrationReport>(), r => Assert.Equal(80, r.N)); // on the origins both scored
        Assert.Equal("parametric + isotonic", chosen.Model);
        Assert.True(reports[0]!.LogLoss < chosen.LogLoss); // chosen for its calibration (0 pp against 8 pp), not its log loss
    }

    private static CalibrationReport Report(string model, IEnumerable<CalibrationPoint> points) =>
        new(model, 0, 4, 1, 0, [], []) { Points = [.. points] };

    private static void AssertOneLine(int code, string error, string file, string cause)
    {
        Assert.Equal(HedgeCli.ExitBadInput, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {error}");
        Assert.Contains(file, lines[0], StringComparison.Ordinal);
        Assert.Contains(cause, lines[0], StringComparison.Ordinal);
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        return (HedgeCli.Run(args, output, error), error.ToString());
    }
}
