using System.Text.Json;
using HedgeDashboard.Cli;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Quant.Tests.Cli;

public class CliTests
{
    private static readonly string[] Header = [TestData.Header];

    [Fact]
    public void Il_FullRangeJson_HasIssueFieldsAndV2Value()
    {
        var (code, output, error) = Run("il", "--price0", "2000", "--price1", "2500", "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(ImpermanentLoss.V2(1.25), json.GetProperty("il").GetDouble(), 1e-12);
        Assert.Equal(2500 + 2000, json.GetProperty("hodlValue").GetDouble(), 1e-9);
        foreach (var field in new[] { "lpValue", "amount0", "amount1", "liquidity", "delta", "gamma" })
        {
            Assert.Equal(JsonValueKind.Number, json.GetProperty(field).ValueKind);
        }
    }

    [Fact]
    public void Il_RangeJson_MatchesPositionMath()
    {
        var (code, output, _) = Run("il", "--price0", "2000", "--price1", "2200", "--lower", "1500", "--upper", "2500", "--amount0", "2", "--json");

        var position = LiquidityPosition.FromAmount0(2000, 2, 1500, 2500);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, code);
        Assert.Equal(position.ImpermanentLossAt(2000, 2200), json.GetProperty("il").GetDouble(), 1e-12);
        Assert.Equal(position.AmountsAt(2200).Amount1, json.GetProperty("amount1").GetDouble(), 1e-9);
        Assert.Equal(1500, json.GetProperty("lower").GetDouble());
    }

    [Fact]
    public void Il_Table_PrintsRangeAsText()
    {
        var (code, output, _) = Run("il", "--price0", "100", "--price1", "125", "--lower", "80", "--upper", "120");

        Assert.Equal(0, code);
        Assert.Contains("[80, 120]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--price0", new[] { "il", "--price0", "0", "--price1", "2" })]
    [InlineData("--price0", new[] { "il", "--price0", "-3", "--price1", "2" })]
    [InlineData("--price0", new[] { "il", "--price0", "abc", "--price1", "2" })]
    [InlineData("--price1", new[] { "il", "--price0", "1" })]
    [InlineData("--lower", new[] { "il", "--price0", "100", "--price1", "2", "--lower", "120", "--upper", "80" })]
    [InlineData("--lower", new[] { "il", "--price0", "100", "--price1", "2", "--lower", "90", "--upper", "90" })]
    [InlineData("--upper", new[] { "il", "--price0", "100", "--price1", "2", "--lower", "90" })]
    [InlineData("--lower-pct", new[] { "backtest", "--data", "x.csv", "--lower-pct", "100" })]
    [InlineData("--from", new[] { "backtest", "--data", "x.csv", "--from", "2020-13-01" })]
    [InlineData("magic", new[] { "backtest", "--data", "x.csv", "--policy", "magic" })]
    [InlineData("--benchmark", new[] { "backtest", "--data", "x.csv", "--benchmark", "gold" })]
    [InlineData("put:30", new[] { "backtest", "--data", "x.csv", "--policy", "put:30" })]
    [InlineData("--option-spread-pct", new[] { "backtest", "--data", "x.csv", "--option-spread-pct", "-1" })]
    [InlineData("--option-vol-premium", new[] { "backtest", "--data", "x.csv", "--option-vol-premium", "-0.1" })]
    public void Run_BadOption_OneLineNamingItAndExit2(string named, string[] args)
    {
        var (code, _, error) = Run(args);

        AssertOneLineError(code, error, named);
    }

    [Fact]
    public void Backtest_RealPoolFees_ReportsFeesAgainstLvr()
    {
        var (code, output, error) = Run(
            "backtest", "--data", TestData.SharedFile("ETHUSDT_1h_binance_spot.csv.gz"), "--from", "2022-07-19", "--to", "2022-08-22",
            "--pool-fees", TestData.SharedFile("uniswapv3_polygon_usdc_weth_005_1h.csv.gz"), "--policy", "none", "--json");

        Assert.True(code == 0, error);
        var metrics = JsonDocument.Parse(output).RootElement.GetProperty("policies")[0].GetProperty("metrics");
        Assert.True(metrics.GetProperty("lpFees").GetDouble() > 0);
        Assert.True(metrics.GetProperty("feesOverLvr").GetDouble() > 0);
    }

    [Fact]
    public void Backtest_FeeAprAndPoolFees_AreRejectedTogether()
    {
        var (code, _, error) = Run("backtest", "--data", "x.csv", "--lp-fee-apr", "0.1", "--pool-fees", "y.csv");

        AssertOneLineError(code, error, "--pool-fees");
    }

    [Fact]
    public void Backtest_MissingFile_NamesFile()
    {
        var (code, _, error) = Run("backtest", "--data", "/nonexistent/eth.csv.gz");

        AssertOneLineError(code, error, "/nonexistent/eth.csv.gz");
    }

    [Fact]
    public void Backtest_MalformedFile_NamesLine()
    {
        var file = TestData.TempCsv(["this is not,a price file", "1,2"]);

        var (code, _, error) = Run("backtest", "--data", file);

        AssertOneLineError(code, error, "line 1");
    }

    [Fact]
    public void Backtest_UnsortedRows_NamesRowAndColumn()
    {
        var file = TestData.TempCsv([.. Header, TestData.Row(1_700_003_600, 100), TestData.Row(1_700_000_000, 100)], gzip: true);

        var (code, _, error) = Run("backtest", "--data", file);

        AssertOneLineError(code, error, "line 3, column 'timestamp'");
    }

    [Fact]
    public void Backtest_DuplicateRows_SaysDuplicate()
    {
        var file = TestData.TempCsv([.. Header, TestData.Row(1_700_000_000, 100), TestData.Row(1_700_000_000, 100)]);

        var (code, _, error) = Run("backtest", "--data", file);

        AssertOneLineError(code, error, "duplicate timestamp");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("0")]
    public void Backtest_BadPrice_NamesRowAndColumn(string close)
    {
        var file = TestData.TempCsv([.. Header, TestData.Row(1_700_000_000, 100), $"1700003600,x,1,1,1,{close},1"]);

        var (code, _, error) = Run("backtest", "--data", file);

        AssertOneLineError(code, error, "line 3, column 'close'");
    }

    [Fact]
    public void Backtest_Json_HasOneEntryPerPolicyWithMetricsCostsAndFinal()
    {
        var file = TestData.TempCsv([.. Header, .. TestData.Rows(100, 104, 110, 95, 90, 101)]);

        var (code, output, error) = Run("backtest", "--data", file, "--policy", "none", "static:0.5", "--policy", "delta", "--json");

        Assert.True(code == 0, error);
        var policies = JsonDocument.Parse(output).RootElement.GetProperty("policies");
        Assert.Equal(["none", "static:0.5", "delta"], policies.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        foreach (var policy in policies.EnumerateArray())
        {
            Assert.True(policy.GetProperty("metrics").TryGetProperty("protectionRate", out _));
            Assert.True(policy.GetProperty("totalCosts").TryGetProperty("gas", out _));
            Assert.True(policy.GetProperty("final").TryGetProperty("net", out _));
        }
    }

    [Fact]
    public void Backtest_OptionPolicies_JsonHasPremiumsInCostsOptionActivityAndCarryAgainstFees()
    {
        var closes = Enumerable.Range(0, 200).Select(i => 100 * Math.Exp((0.08 * Math.Sin(i / 20.0)) + (0.01 * Math.Sin(i * 1.9)))).ToArray();
        var file = TestData.TempCsv([.. Header, .. TestData.Rows(closes)]);

        var (code, output, error) = Run("backtest", "--data", file, "--policy", "put:1d", "put-spread:1d", "strangle:1d", "delta-gamma:1d", "delta", "--lp-fee-apr", "0.3", "--json");

        Assert.True(code == 0, error);
        var policies = JsonDocument.Parse(output).RootElement.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(["put:1d", "put-spread:1d", "strangle:1d", "delta-gamma:1d", "delta"], policies.Select(p => p.GetProperty("name").GetString()));
        foreach (var policy in policies[..4])
        {
            var costs = policy.GetProperty("totalCosts");
            Assert.True(costs.GetProperty("premiums").GetDouble() != 0, policy.ToString());
            Assert.True(costs.GetProperty("total").GetDouble() >= costs.GetProperty("premiums").GetDouble() + costs.GetProperty("optionFees").GetDouble() - 1e-9);
            Assert.True(policy.GetProperty("options").GetProperty("rolls").GetInt32() > 0);
            Assert.True(policy.GetProperty("carry").GetProperty("costsOverLpFees").GetDouble() > 0);
        }

        Assert.Equal(JsonValueKind.Null, policies[4].GetProperty("options").ValueKind);
    }

    [Fact]
    public void Backtest_SeriesOption_WritesOneRowPerBar()
    {
        var file = TestData.TempCsv([.. Header, .. TestData.Rows(100, 104, 110)]);
        var series = Path.Combine(Path.GetTempPath(), $"hedge-series-{Guid.NewGuid():N}.csv");

        var (code, _, _) = Run("backtest", "--data", file, "--policy", "delta", "--series", series, "--json");

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(series);
        Assert.Equal("timestamp,price,lp_value,hodl_value,net_delta", lines[0]);
        Assert.Equal(4, lines.Length);
    }

    [Theory]
    [InlineData("dir")]
    [InlineData("/proc/version")]
    [InlineData("/nonexistent-dir/series.csv")]
    public void Backtest_SeriesNotWritable_OneLineNamingTheOptionAndExit2(string target)
    {
        var file = TestData.TempCsv([.. Header, .. TestData.Rows(100, 104, 110)]);
        var series = target == "dir" ? Path.GetTempPath() : target;

        var (code, _, error) = Run("backtest", "--data", file, "--policy", "delta", "--series", series, "--json");

        AssertOneLineError(code, error, "--series");
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--funding")]
    [InlineData("--pool-fees")]
    public void Backtest_InputFileIsDirectoryOrProc_OneLineAndExit2(string option)
    {
        var data = TestData.TempCsv([.. Header, .. TestData.Rows(100, 104, 110)]);
        foreach (var target in new[] { Path.GetTempPath(), "/proc/version" })
        {
            string[] args = option == "--data" ? ["backtest", "--data", target] : ["backtest", "--data", data, option, target];

            var (code, _, error) = Run(args);

            AssertOneLineError(code, error, target);
        }
    }

    [Fact]
    public void Backtest_GarbageGz_NamesTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hedge-garbage-{Guid.NewGuid():N}.csv.gz");
        File.WriteAllBytes(file, [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var (code, _, error) = Run("backtest", "--data", file);

        AssertOneLineError(code, error, file + " line 1: not valid gzip data");
    }

    [Theory]
    [InlineData(45)]
    [InlineData(8)]
    public void Backtest_TruncatedGz_NamesTheFile(int cut)
    {
        var file = TestData.TempCsv([.. Header, .. TestData.Rows([.. Enumerable.Range(0, 20_000).Select(i => 3000 + (i * 0.00001))])], gzip: true);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^cut]);

        var (code, _, error) = Run("backtest", "--data", file);

        AssertOneLineError(code, error, file);
        Assert.Contains("truncated or corrupt", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e308", "1e-308", "1e308")]
    [InlineData("1e-308", "1e308", "1e308")]
    [InlineData("1e300", "1e-300", "1e300")]
    public void Il_ExtremeValues_OneLineNamingTheOptions(string price0, string price1, string amount0)
    {
        var (code, _, error) = Run("il", "--price0", price0, "--price1", price1, "--amount0", amount0);

        AssertOneLineError(code, error, "--amount0");
    }

    private static void AssertOneLineError(int code, string error, string named)
    {
        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {error}");
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", lines[0], StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HedgeCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
