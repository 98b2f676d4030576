using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Forecasting.Data;
using HedgeDashboard.Forecasting.Evaluation;
using HedgeDashboard.Forecasting.Models;
using HedgeDashboard.Forecasting.Risk;
using HedgeDashboard.Quant.MarketData;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge calibration</c>: predicted P(IL beyond threshold) by decile against what happened.</summary>
internal static class CalibrationCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Price file: CSV or CSV.gz with timestamp,open,high,low,close,volume", Required = true };
        var from = new Option<string?>("--from") { Description = "First forecast day, YYYY-MM-DD (UTC); earlier bars only train" };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD (UTC, inclusive) that a scored horizon may reach" };
        var horizon = new Option<int>("--horizon") { Description = "Horizon in hours", DefaultValueFactory = _ => 24 };
        var model = new Option<string>("--model") { Description = "Variance model: " + string.Join(", ", ForecastModels.Names), DefaultValueFactory = _ => "fasttree" };
        var rangePct = new Option<double>("--range-pct") { Description = "Position range: entry price +/- this percent", DefaultValueFactory = _ => 10 };
        var threshold = new Option<double>("--threshold") { Description = "IL threshold as a fraction (0.02: IL below -2%)", DefaultValueFactory = _ => 0.02 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var noClassifier = new Option<bool>("--no-classifier") { Description = "Only the parametric Student-t over the variance forecast, not the FastTree classifier beside it" };
        var command = new Command("calibration", "Out-of-sample calibration of P(IL beyond threshold) for a fresh range position at every hour")
        {
            data, from, to, horizon, model, rangePct, threshold, json, noClassifier,
        };
        command.SetAction(parsed =>
        {
            int hours = parsed.GetValue(horizon);
            if (hours <= 0)
                throw new CliInputException($"--horizon must be a positive number of hours (got {hours})");
            var options = new WalkForwardOptions
            {
                HorizonHours = hours,
                FromUnix = ForecastEvalCommand.Day(parsed.GetValue(from), "--from")?.ToUnixTimeSeconds() ?? long.MinValue,
                ToUnix = ForecastEvalCommand.Day(parsed.GetValue(to), "--to")?.AddDays(1).ToUnixTimeSeconds() ?? long.MaxValue,
            };
            double range = parsed.GetValue(rangePct);
            if (!(range > 0 && range < 100))
                throw new CliInputException($"--range-pct must be in (0, 100) (got {range.ToString(CultureInfo.InvariantCulture)})");
            var calibration = new CalibrationOptions { RangePct = range, Threshold = CliArgs.Positive(parsed.GetValue(threshold), "--threshold") };
            var variance = ForecastModels.Create(parsed.GetValue(model)!);
            var path = parsed.GetValue(data)!;
            var bars = ForecastEvalCommand.Forecastable(path, PriceSeriesFile.LoadBars(path).ToOhlcv(), options);
            var evaluation = WalkForward.Run(bars, variance, options);
            var raw = IlCalibration.Run(bars, evaluation, hours, calibration);
            var methods = Compare(
                [raw, parsed.GetValue(noClassifier) ? null : IlClassifier.Run(bars, evaluation, hours, calibration), IsotonicRecalibration.Run(raw, bars, hours, calibration.Bins)],
                calibration.Bins);
            if (parsed.GetValue(json))
            {
                CliJson.Write(context.Output, new { chosen = methods.Chosen.Model, parametric = methods.Reports[0], classifier = methods.Reports[1], isotonic = methods.Reports[2] });
            }
            else
            {
                foreach (var r in methods.Reports.OfType<CalibrationReport>())
                    Print(context.Output, r, calibration, r == methods.Chosen);
            }

            return HedgeCli.ExitOk;
        });
        return command;
    }

    /// <summary>
    /// The methods that scored (the parametric Student-t, the classifier, the Student-t through a walk-forward isotonic
    /// map; null or empty ones stay null, the map's warm-up drops its first origins) on the origins all of them scored,
    /// in that order; the chosen one has the lower log loss among those within 2 pp in every decile (the lower log loss
    /// overall when none is).
    /// </summary>
    internal static (IReadOnlyList<CalibrationReport?> Reports, CalibrationReport Chosen) Compare(IReadOnlyList<CalibrationReport?> methods, int bins)
    {
        var scored = methods.Select(r => r is { Points.Count: > 0 } ? r : null).ToList();
        var common = scored.OfType<CalibrationReport>().First().Points.Select(p => p.Origin).ToHashSet();
        foreach (var r in scored.OfType<CalibrationReport>())
            common.IntersectWith(r.Points.Select(p => p.Origin));
        var reports = scored.Count(r => r is not null) == 1 ? scored : [.. scored.Select(r => r?.On(common, bins))];
        var present = reports.OfType<CalibrationReport>().ToList();
        var calibrated = present.Where(r => r.MaxAbsGapPp <= 2).ToList();
        return (reports, (calibrated.Count > 0 ? calibrated : present).MinBy(r => r.LogLoss)!);
    }

    private static void Print(TextWriter output, CalibrationReport r, CalibrationOptions o, bool chosen)
    {
        var console = CliConsole.For(output);
        var shape = double.IsNaN(r.DegreesOfFreedom)
            ? "FastTree binary, Platt-calibrated on the newest quarter of its past"
            : string.Create(CultureInfo.InvariantCulture, $"Student-t nu = {r.DegreesOfFreedom}, variance factor {r.VarianceFactor:F3} (last fit)");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Model}{(chosen ? " (chosen)" : "")}: P(IL < -{o.Threshold:P1}) for +/-{o.RangePct}% ranges, n = {r.N:N0}; {shape}; log loss {r.LogLoss:F4}; Brier {r.Brier:F4}; max |gap| {r.MaxAbsGapPp:F2} pp"));
        var bins = new Table().AddColumns("decile", "n", "mean predicted", "observed", "gap (pp)");
        foreach (var b in r.Bins)
        {
            bins.AddRawRow(
                b.Bin.ToString(CultureInfo.InvariantCulture),
                b.N.ToString("N0", CultureInfo.InvariantCulture),
                b.MeanPredicted.ToString("P2", CultureInfo.InvariantCulture),
                b.Observed.ToString("P2", CultureInfo.InvariantCulture),
                b.GapPp.ToString("+0.00;-0.00", CultureInfo.InvariantCulture));
        }

        console.Write(bins);
        if (r.Tails.Count == 0)
            return;
        var tails = new Table().AddColumns("probability", "data z", "Student-t", "normal");
        foreach (var t in r.Tails)
        {
            tails.AddRawRow(
                t.Probability.ToString("0.###", CultureInfo.InvariantCulture),
                t.Empirical.ToString("F3", CultureInfo.InvariantCulture),
                t.StudentT.ToString("F3", CultureInfo.InvariantCulture),
                t.Normal.ToString("F3", CultureInfo.InvariantCulture));
        }

        console.Write(tails);
    }
}
