using HedgeDashboard.Data.Entities;

namespace HedgeDashboard.Workers.Suggestions;

/// <summary>What the suggestion stage does with one position's latest recommendation.</summary>
public enum SuggestionAction
{
    /// <summary>Nothing to do: within the threshold with nothing pending, or the pending suggestion still stands.</summary>
    Keep,

    /// <summary>Propose <see cref="SuggestionDecision.Proposed"/> (superseding the pending one, if any).</summary>
    Suggest,

    /// <summary>The recommendation fell back within the threshold: withdraw the pending suggestion.</summary>
    Withdraw,
}

public sealed record SuggestionDecision(SuggestionAction Action, decimal Proposed);

/// <summary>
/// The one definition of "recommended" that the stage and the dashboard share: the model's ratio, one step of at most
/// the position's maximum change from the on-chain ratio, within [0, 1]; and when a pending suggestion gives way.
/// </summary>
public static class SuggestionRules
{
    /// <summary>The ratio a suggestion proposes for the model's <paramref name="modelRatio"/>.</summary>
    public static decimal Step(decimal onChain, decimal modelRatio, ExecutionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var step = Math.Clamp(modelRatio, onChain - policy.MaxRatioChange, onChain + policy.MaxRatioChange);
        return Math.Clamp(step, 0, 1);
    }

    /// <summary>
    /// Hysteresis: a pending suggestion made from the same on-chain ratio is replaced only when the step moved more
    /// than the drift threshold away from what it proposes, so a recommendation wobbling by a point or two does not
    /// churn the inbox (each replacement is a new card, notice and audit row).
    /// </summary>
    public static SuggestionDecision Decide(decimal onChain, decimal modelRatio, ExecutionPolicy policy, HedgeSuggestion? pending)
    {
        var proposed = Step(onChain, modelRatio, policy);
        if (Math.Abs(proposed - onChain) <= policy.SuggestionThreshold)
        {
            return new(pending is null ? SuggestionAction.Keep : SuggestionAction.Withdraw, proposed);
        }

        if (pending is not null && pending.CurrentRatio == onChain && Math.Abs(pending.ProposedRatio - proposed) <= policy.SuggestionThreshold)
        {
            return new(SuggestionAction.Keep, pending.ProposedRatio);
        }

        return new(SuggestionAction.Suggest, proposed);
    }
}
