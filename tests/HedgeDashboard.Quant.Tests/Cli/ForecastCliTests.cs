using HedgeDashboard.Cli;

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
