using HedgeDashboard.Quant.Hedging;

namespace HedgeDashboard.Cli;

/// <summary>What every command gets: where to write and the policy registry.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, HedgePolicyRegistry Policies);
