using System.Globalization;

namespace HedgeDashboard.Cli;

/// <summary>Checks on option values that the parser cannot express, each naming the option.</summary>
internal static class CliArgs
{
    public static double Positive(double value, string option) => double.IsFinite(value) && value > 0
        ? value
        : throw new CliInputException($"{option} must be a positive number (got {value.ToString(CultureInfo.InvariantCulture)})");

    public static double NonNegative(double value, string option) => double.IsFinite(value) && value >= 0
        ? value
        : throw new CliInputException($"{option} must be zero or positive (got {value.ToString(CultureInfo.InvariantCulture)})");
}
