namespace HedgeDashboard.Cli;

/// <summary>Bad user input: reported as one line on stderr with exit code 2.</summary>
public sealed class CliInputException(string message) : Exception(message);
