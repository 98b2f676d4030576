using HedgeDashboard.Data.Entities;
using HedgeDashboard.Workers.Suggestions;

namespace HedgeDashboard.Workers.Tests;

public sealed class SuggestionRulesTests
{
    private static readonly ExecutionPolicy Policy = new() { SuggestionThreshold = 0.05m, MaxRatioChange = 0.25m };

    private static HedgeSuggestion Pending(decimal current, decimal proposed) =>
        new() { CurrentRatio = current, ProposedRatio = proposed, IdempotencyKey = "k", Status = SuggestionStatus.Pending };

    [Theory]
    [InlineData(0.5, 0.0, 0.25)] // one step of at most MaxRatioChange: the grid and the suggestion say the same
    [InlineData(0.5, 0.3, 0.3)]
    [InlineData(0.9, 1.4, 1.0)]
    [InlineData(0.1, -0.5, 0.0)]
    public void Step_ClampsToOneStepWithinZeroAndOne(double onChain, double model, double step) =>
        Assert.Equal((decimal)step, SuggestionRules.Step((decimal)onChain, (decimal)model, Policy));

    [Fact]
    public void Decide_NoPendingAndDriftBeyondThreshold_Suggests() =>
        Assert.Equal(new SuggestionDecision(SuggestionAction.Suggest, 0.3m), SuggestionRules.Decide(0.5m, 0.3m, Policy, null));

    [Theory]
    [InlineData(0.31)]
    [InlineData(0.34)]
    [InlineData(0.26)]
    public void Decide_RecommendationWobblesWithinThresholdOfThePending_KeepsIt(double model)
    {
        var d = SuggestionRules.Decide(0.5m, (decimal)model, Policy, Pending(0.5m, 0.3m));
        Assert.Equal(SuggestionAction.Keep, d.Action);
        Assert.Equal(0.3m, d.Proposed);
    }

    [Fact]
    public void Decide_RecommendationMovesBeyondThresholdFromThePending_Replaces() =>
        Assert.Equal(new SuggestionDecision(SuggestionAction.Suggest, 0.25m), SuggestionRules.Decide(0.5m, 0.2m, Policy, Pending(0.5m, 0.31m)));

    [Fact]
    public void Decide_OnChainRatioChangedSinceThePending_Replaces() =>
        Assert.Equal(SuggestionAction.Suggest, SuggestionRules.Decide(0.4m, 0.3m, Policy, Pending(0.5m, 0.3m)).Action);

    [Fact]
    public void Decide_RecommendationBackWithinThresholdOfOnChain_Withdraws() =>
        Assert.Equal(SuggestionAction.Withdraw, SuggestionRules.Decide(0.5m, 0.48m, Policy, Pending(0.5m, 0.3m)).Action);
}
