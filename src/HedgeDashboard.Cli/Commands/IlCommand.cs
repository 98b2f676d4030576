using System.CommandLine;
using System.Globalization;
using HedgeDashboard.Quant.Positions;
using Spectre.Console;

namespace HedgeDashboard.Cli.Commands;

/// <summary><c>hedge il</c>: value a position opened at P0 at a later price P1.</summary>
internal static class IlCommand
{
    public static Command Create(CliContext context)
    {
        var price0 = new Option<double>("--price0") { Description = "Entry price P0 (token1 per token0)", Required = true };
        var price1 = new Option<double>("--price1") { Description = "Price P1 to value the position at", Required = true };
        var lower = new Option<double?>("--lower") { Description = "Range lower bound (with --upper; omit both for full range)" };
        var upper = new Option<double?>("--upper") { Description = "Range upper bound" };
        var amount0 = new Option<double>("--amount0") { Description = "Token0 deposited at P0 (default 1)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("il", "Impermanent loss, value, delta and gamma of a v2 or v3 position") { price0, price1, lower, upper, amount0, json };
        command.SetAction(parsed =>
        {
            var p0 = CliArgs.Positive(parsed.GetValue(price0), "--price0");
            var p1 = CliArgs.Positive(parsed.GetValue(price1), "--price1");
            var x0 = CliArgs.Positive(parsed.GetValue(amount0), "--amount0");
            var (a, b) = Range(parsed.GetValue(lower), parsed.GetValue(upper));
            if (p0 >= b)
            {
                throw new CliInputException($"--price0 {Format(p0)} must be below --upper {Format(b)}: above the range a position holds no token0");
            }

            IlReport report;
            try
            {
                report = Value(p0, p1, x0, a, b);
            }
            catch (ArgumentException)
            {
                // The position math names its own parameters (liquidity...), which the user never gave.
                throw TooExtreme();
            }

            if (!AllFinite(report))
            {
                throw TooExtreme();
            }

            if (parsed.GetValue(json))
            {
                CliJson.Write(context.Output, report);
            }
            else
            {
                Print(context.Output, report);
            }

            return HedgeCli.ExitOk;
        });
        return command;
    }

    private static IlReport Value(double p0, double p1, double x0, double a, double b)
    {
        var position = LiquidityPosition.FromAmount0(p0, x0, a, b);
        var held = position.AmountsAt(p1);
        return new IlReport(
            Il: position.ImpermanentLossAt(p0, p1),
            LpValue: held.ValueAt(p1),
            HodlValue: position.AmountsAt(p0).ValueAt(p1),
            Amount0: held.Amount0,
            Amount1: held.Amount1,
            Liquidity: position.Liquidity,
            Delta: position.DeltaAt(p1),
            Gamma: position.GammaAt(p1),
            Price0: p0,
            Price1: p1,
            Lower: position.IsFullRange ? null : a,
            Upper: position.IsFullRange ? null : b);
    }

    private static bool AllFinite(IlReport r) =>
        double.IsFinite(r.Il) && double.IsFinite(r.LpValue) && double.IsFinite(r.HodlValue) && double.IsFinite(r.Amount0)
        && double.IsFinite(r.Amount1) && double.IsFinite(r.Liquidity) && double.IsFinite(r.Delta) && double.IsFinite(r.Gamma);

    private static CliInputException TooExtreme() =>
        new("--price0, --price1 and --amount0 (with --lower/--upper) are too far apart to value the position in double precision: a quantity overflows");

    private static (double Lower, double Upper) Range(double? lower, double? upper)
    {
        if (lower is null && upper is null)
        {
            return (0, double.PositiveInfinity);
        }

        if (lower is null || upper is null)
        {
            throw new CliInputException("--lower and --upper go together (omit both for a full-range position)");
        }

        CliArgs.Positive(lower.Value, "--lower");
        CliArgs.Positive(upper.Value, "--upper");
        if (lower >= upper)
        {
            throw new CliInputException($"--lower {Format(lower.Value)} must be below --upper {Format(upper.Value)}");
        }

        return (lower.Value, upper.Value);
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static void Print(TextWriter output, IlReport r)
    {
        var table = new Table().AddColumns("quantity", "value");
        table.AddRawRow("range", r.Lower is null ? "full (v2)" : $"[{Format(r.Lower.Value)}, {Format(r.Upper!.Value)}]");
        table.AddRawRow("P0 -> P1", $"{Format(r.Price0)} -> {Format(r.Price1)}");
        table.AddRawRow("IL", r.Il.ToString("P4", CultureInfo.InvariantCulture));
        table.AddRawRow("LP value", Format(r.LpValue));
        table.AddRawRow("HODL value", Format(r.HodlValue));
        table.AddRawRow("amount0 / amount1", $"{Format(r.Amount0)} / {Format(r.Amount1)}");
        table.AddRawRow("liquidity", Format(r.Liquidity));
        table.AddRawRow("delta / gamma", $"{Format(r.Delta)} / {Format(r.Gamma)}");
        CliConsole.For(output).Write(table);
    }

    internal sealed record IlReport(
        double Il,
        double LpValue,
        double HodlValue,
        double Amount0,
        double Amount1,
        double Liquidity,
        double Delta,
        double Gamma,
        double Price0,
        double Price1,
        double? Lower,
        double? Upper);
}
