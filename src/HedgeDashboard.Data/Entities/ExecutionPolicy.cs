namespace HedgeDashboard.Data.Entities;

/// <summary>A position's execution policy (stored as columns of the position).</summary>
public sealed class ExecutionPolicy
{
    public ExecutionMode Mode { get; set; } = ExecutionMode.Manual;

    /// <summary>How the recommended ratio is derived from the risk score: cost-aware model (default) or the seed heuristic.</summary>
    public HedgeRatioPolicy RatioPolicy { get; set; } = HedgeRatioPolicy.Model;

    /// <summary>Suggest when |recommended - on-chain ratio| exceeds this, in [0, 1].</summary>
    public decimal SuggestionThreshold { get; set; } = 0.05m;

    /// <summary>Auto only: largest ratio change approved by policy in one step, in [0, 1].</summary>
    public decimal MaxRatioChange { get; set; } = 0.25m;

    /// <summary>Auto only: largest hedge notional (USD) approved by policy per rolling day, &gt;= 0.</summary>
    public decimal MaxNotionalPerDayUsd { get; set; }

    /// <summary>
    /// The option hedge the suggestion stage proposes beside the ratio (issue 20): <c>put:TENOR</c> (e.g. <c>put:30d</c>),
    /// or null for none. Validated by <c>OptionPolicyChoice</c>.
    /// </summary>
    public string? OptionPolicy { get; set; }

    /// <summary>Auto only: minimum time between two policy approvals.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(1);
}
