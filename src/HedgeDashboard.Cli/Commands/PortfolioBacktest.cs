using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Quant.MarketData;
using HedgeDashboard.Quant.Portfolio;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary>
/// <c>hedge backtest --portfolio A.csv.gz,B.csv.gz</c>: one LP per series, per-position hedging against the
/// portfolio optimizer at equal cost (<see cref="PortfolioBacktester"/>). Its options live here; the backtest command
/// adds them and hands over when --portfolio is given.
/// </summary>
internal sealed class PortfolioBacktest
{
    public Option<string?> Files { get; } = new("--portfolio") { Description = "Portfolio mode: comma-separated hourly price files, one LP per file (asset named from the file: ETHUSDT_... -> ETH), hedged per position and by the portfolio optimizer at equal cost" };

    public Option<double> RiskAversion { get; } = new("--risk-aversion") { Description = "Portfolio mode: risk aversion of the per-position hedger (1/USD); the portfolio's is matched for equal cost", DefaultValueFactory = _ => 1e-3 };

    public Option<double> MaxRatioChange { get; } = new("--max-ratio-change") { Description = "Portfolio mode: on-chain limit on a ratio change per update", DefaultValueFactory = _ => 0.25 };

    public Option<int> HorizonHours { get; } = new("--horizon-hours") { Description = "Portfolio mode: horizon of the covariance forecast, hours", DefaultValueFactory = _ => 24 };

    public Option<double> RecenterDays { get; } = new("--recenter-days") { Description = "Portfolio mode: each LP re-centres its range every this many days (0: never)", DefaultValueFactory = _ => 30 };

    public IEnumerable<Option> All => [Files, RiskAversion, MaxRatioChange, HorizonHours, RecenterDays];

    /// <summary>The backtest options this mode shares with the single-series mode.</summary>
    internal sealed record Shared(DateTimeOffset? From, DateTimeOffset? To, double LowerPct, double UpperPct, double FeeBps, double GasUsd, double Capital, bool Json);

    public int Run(CliContext context, ParseResult parsed, string files, Shared shared)
    {
        var options = new PortfolioBacktestOptions
        {
            LowerPct = shared.LowerPct,
            UpperPct = shared.UpperPct,
            Capital = shared.Capital,
            FeeBps = shared.FeeBps,
            GasUsd = shared.GasUsd,
            RiskAversion = CliArgs.Positive(parsed.GetValue(RiskAversion), "--risk-aversion"),
            MaxRatioChange = InRange(parsed.GetValue(MaxRatioChange), "--max-ratio-change"),
            RecenterDays = CliArgs.NonNegative(parsed.GetValue(RecenterDays), "--recenter-days"),
            HorizonHours = parsed.GetValue(HorizonHours) > 0 ? parsed.GetValue(HorizonHours) : throw new CliInputException($"--horizon-hours must be positive (got {parsed.GetValue(HorizonHours)})"),
        };
        var paths = files.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length < 2)
        {
            throw new CliInputException("--portfolio needs at least two files, comma-separated");
        }

        var series = paths.Select(p => (Asset(p), (IReadOnlyList<Bar>)PriceSeriesFile.LoadBars(p, shared.From, shared.To))).ToList();
        var duplicate = series.GroupBy(s => s.Item1).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CliInputException($"--portfolio: asset {duplicate.Key} appears twice; give one file per asset");
        }

        PortfolioBacktestResult result;
        try
        {
            result = PortfolioBacktester.Run(series, options);
        }
        catch (ArgumentException e)
        {
            throw new CliInputException($"--portfolio: {e.Message}");
        }

        if (shared.Json)
        {
            CliJson.Write(context.Output, Report.From(result));
        }
        else
        {
            Print(context.Output, result);
        }

        return HedgeCli.ExitOk;
    }

    private static double InRange(double value, string option) => value is > 0 and <= 1
        ? value
        : throw new CliInputException($"{option} must be in (0, 1] (got {value.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>ETHUSDT_1h_binance_spot.csv.gz -> ETH, BTCUSD_1h_bitstamp.csv.gz -> BTC.</summary>
    internal static string Asset(string path)
    {
        var name = Path.GetFileName(path).Split('_', '.')[0].ToUpperInvariant();
        foreach (var quote in new[] { "USDT", "USDC", "USD" })
        {
            if (name.Length > quote.Length && name.EndsWith(quote, StringComparison.Ordinal))
            {
                return name[..^quote.Length];
            }
        }

        return name;
    }

    private static void Print(TextWriter output, PortfolioBacktestResult r)
    {
        var console = CliConsole.For(output);
        var c = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(c, $"{r.Start:yyyy-MM-dd HH:mm} -> {r.End:yyyy-MM-dd HH:mm} UTC, {r.Bars:N0} hours common to all series; one LP per asset against HODL, re-centred every {r.RecenterDays:0.##} days"));
        foreach (var a in r.Assets)
        {
            console.WriteLine(string.Create(c, $"  {a.Asset}: first entry {a.EntryPrice:N2} on [{a.Lower:N2}, {a.Upper:N2}], final {a.FinalPrice:N2}, in range {a.TimeInRange:P1}"));
        }

        console.WriteLine(string.Create(c, $"Correlation of hourly returns {string.Join(", ", Pairs(r))}"));
        var cv = r.Covariance;
        console.WriteLine(string.Create(c, $"Covariance forecast, walk-forward ({cv.Origins:N0} origins, next {cv.HorizonSteps} h; QLIKE = log det F + tr(F^-1 RC), lower is better):"));
        console.WriteLine(string.Create(c, $"  EWMA lambda^24 = 0.94: QLIKE {cv.Ewma.Qlike:N4}, Frobenius {cv.Ewma.Frobenius:E3}"));
        console.WriteLine(string.Create(c, $"  Ledoit-Wolf, {cv.Window} h window: QLIKE {cv.LedoitWolf.Qlike:N4}, Frobenius {cv.LedoitWolf.Frobenius:E3}"));
        console.WriteLine($"Equal cost: {r.EqualCostMethod}");

        var table = new Table().AddColumn("metric");
        foreach (var s in r.Strategies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(s.Name)).RightAligned());
        }

        void Row(string name, Func<PortfolioStrategyResult, string> cell) => table.AddRow([Markup.Escape(name), .. r.Strategies.Select(s => Markup.Escape(cell(s)))]);
        Row("Variance reduction", s => double.IsFinite(s.VarianceReduction) ? s.VarianceReduction.ToString("P2", c) : "n/a");
        Row("Protection rate", s => Pct(s.ProtectionRate));
        Row("Loss unhedged / hedged", s => $"{s.LossUnhedged.ToString("N2", c)} / {s.LossHedged.ToString("N2", c)}");
        Row("Costs: fees", s => s.Fees.ToString("N2", c));
        Row("Costs: gas", s => s.Gas.ToString("N2", c));
        Row("Costs: total", s => s.Costs.ToString("N2", c));
        Row("Updates (avg ratio)", s => $"{s.Updates:N0} ({s.AverageRatio.ToString("N2", c)})");
        Row("Risk aversion (1/USD)", s => s.RiskAversion.ToString("G3", c));
        console.Write(table);
    }

    private static IEnumerable<string> Pairs(PortfolioBacktestResult r)
    {
        for (var i = 0; i < r.Assets.Count; i++)
        {
            for (var j = i + 1; j < r.Assets.Count; j++)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{r.Assets[i].Asset}-{r.Assets[j].Asset} {r.Correlation[i, j]:N3}");
            }
        }
    }

    private static string Pct(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The JSON of portfolio mode (a jagged correlation matrix: JSON has no 2-D arrays).</summary>
    internal sealed record Report(
        string Mode,
        double RecenterDays,
        DateTimeOffset Start,
        DateTimeOffset End,
        int Bars,
        IReadOnlyList<PortfolioAssetSetup> Assets,
        double[][] Correlation,
        CovarianceComparison Covariance,
        string EqualCost,
        IReadOnlyList<StrategyEntry> Strategies)
    {
        public static Report From(PortfolioBacktestResult r) => new(
            "portfolio",
            r.RecenterDays,
            r.Start,
            r.End,
            r.Bars,
            r.Assets,
            [.. Enumerable.Range(0, r.Assets.Count).Select(i => Enumerable.Range(0, r.Assets.Count).Select(j => r.Correlation[i, j]).ToArray())],
            r.Covariance,
            r.EqualCostMethod,
            [.. r.Strategies.Select(s => new StrategyEntry(s.Name, s.RiskAversion, s.VarianceReduction, s.ProtectionRate, s.LossUnhedged, s.LossHedged, s.Fees, s.Gas, s.Costs, s.Updates, s.AverageRatio))]);
    }

    internal sealed record StrategyEntry(string Name, double RiskAversion, double VarianceReduction, double ProtectionRate, double LossUnhedged, double LossHedged, double Fees, double Gas, double Costs, int Updates, double AverageRatio);
}
