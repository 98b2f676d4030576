using System.Text.Json;
using HedgeDashboard.Cli;

namespace HedgeDashboard.Quant.Tests.Cli;

public class PortfolioBacktestCliTests
{
    [Fact]
    public void Portfolio_RealEthAndBtc_ComparesAtEqualCost()
    {
        var (code, output, error) = Run(
            "backtest", "--portfolio", TestData.SharedFile("ETHUSDT_1h_binance_spot.csv.gz") + "," + TestData.SharedFile("BTCUSDT_1h_binance_spot.csv.gz"),
            "--from", "2022-01-01", "--to", "2022-03-31", "--json");

        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("portfolio", json.GetProperty("mode").GetString());
        Assert.Equal(["ETH", "BTC"], json.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("asset").GetString()));
        Assert.InRange(json.GetProperty("correlation")[0][1].GetDouble(), 0.5, 1); // ETH and BTC move together
        var strategies = json.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["none", "per-position", "portfolio", "portfolio (equal cost)"], strategies.Keys);
        var perPosition = strategies["per-position"].GetProperty("costs").GetDouble();
        Assert.Equal(perPosition, strategies["portfolio (equal cost)"].GetProperty("costs").GetDouble(), Math.Max(perPosition * 0.005, 2)); // or two updates' gas
        Assert.InRange(strategies["per-position"].GetProperty("varianceReduction").GetDouble(), 0.5, 1);
        Assert.True(json.GetProperty("covariance").GetProperty("origins").GetInt32() > 0);
    }

    [Fact]
    public void Portfolio_OneFile_SaysItNeedsTwo()
    {
        var (code, _, error) = Run("backtest", "--portfolio", TestData.SharedFile("ETHUSDT_1h_binance_spot.csv.gz"));

        Assert.Equal(2, code);
        Assert.Contains("--portfolio needs at least two files", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_NeitherDataNorPortfolio_NamesBoth()
    {
        var (code, _, error) = Run("backtest");

        Assert.Equal(2, code);
        Assert.Contains("--data is required (or --portfolio", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/data/ETHUSDT_1h_binance_spot.csv.gz", "ETH")]
    [InlineData("BTCUSD_1h_bitstamp.csv.gz", "BTC")]
    [InlineData("link.csv", "LINK")]
    public void Asset_FromFileName(string path, string asset) => Assert.Equal(asset, HedgeDashboard.Cli.Commands.PortfolioBacktest.Asset(path));

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HedgeCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
