using HedgeDashboard.Data.Entities;

namespace HedgeDashboard.Workers.Suggestions;

/// <summary>What the auto-execute policy knows when it looks at one pending suggestion.</summary>
public sealed record AutoPolicyInput(
    ExecutionPolicy Policy,
    decimal CurrentRatio,
    decimal ProposedRatio,
    decimal NotionalUsd,
    decimal NotionalUsedTodayUsd,
    DateTimeOffset? LastPolicyApprovalAt,
    bool OracleHealthy,
    string? OracleReason,
    bool CircuitBreakerOn,
    string? CircuitBreakerReason,
    DateTimeOffset Now)
{
    /// <summary>Why the position's chain is paused (its L2 sequencer is down or just back), null while it is not.</summary>
    public string? ChainPausedReason { get; init; }
}

public sealed record AutoPolicyDecision(bool Approve, string Reason);

/// <summary>
/// The auto-execute rules, in the order they are checked: the position is in auto mode; the global circuit
/// breaker is off; the position's chain is not paused by its sequencer gate; the pair's oracle is healthy; the ratio change is within the position's maximum; the
/// cooldown since the last policy approval has passed; today's notional plus this one is within the daily limit.
/// </summary>
public static class AutoPolicy
{
    public static AutoPolicyDecision Evaluate(AutoPolicyInput i)
    {
        if (i.Policy.Mode != ExecutionMode.Auto)
        {
            return new(false, "manual mode: a person decides");
        }

        if (i.CircuitBreakerOn)
        {
            return new(false, $"circuit breaker on{(i.CircuitBreakerReason is null ? "" : $": {i.CircuitBreakerReason}")}");
        }

        if (i.ChainPausedReason is { } paused)
        {
            return new(false, $"chain paused: {paused}");
        }

        if (!i.OracleHealthy)
        {
            return new(false, $"oracle unhealthy: {i.OracleReason ?? "no check yet"}");
        }

        var change = Math.Abs(i.ProposedRatio - i.CurrentRatio);
        if (change > i.Policy.MaxRatioChange)
        {
            return new(false, $"ratio change {change:0.####} above the maximum {i.Policy.MaxRatioChange:0.####}");
        }

        if (i.LastPolicyApprovalAt is { } last && i.Now - last < i.Policy.Cooldown)
        {
            return new(false, $"cooldown: last policy approval {(i.Now - last).TotalSeconds:0} s ago, cooldown {i.Policy.Cooldown.TotalSeconds:0} s");
        }

        if (i.NotionalUsedTodayUsd + i.NotionalUsd > i.Policy.MaxNotionalPerDayUsd)
        {
            return new(false, $"daily notional: {i.NotionalUsedTodayUsd:0.##} used + {i.NotionalUsd:0.##} above the limit {i.Policy.MaxNotionalPerDayUsd:0.##} USD");
        }

        return new(true, $"within limits: change {change:0.####} <= {i.Policy.MaxRatioChange:0.####}, notional {i.NotionalUsedTodayUsd + i.NotionalUsd:0.##} <= {i.Policy.MaxNotionalPerDayUsd:0.##} USD/day");
    }

    /// <summary>Hedge notional of a ratio change: |change| x |position delta (token0)| x price.</summary>
    public static decimal Notional(decimal currentRatio, decimal proposedRatio, double delta0, double price) =>
        Math.Round(Math.Abs(proposedRatio - currentRatio) * (decimal)Math.Abs(delta0) * (decimal)price, 2);
}
