using System.Security.Claims;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Portfolio;

namespace HedgeDashboard.Web.Portfolio;

/// <summary>
/// What the Portfolio page shows and does: the planner's view (exposure per asset, correlations, the optimizer's plan
/// against per-position hedging) and the latest portfolio suggestion; proposing and deciding go through
/// <see cref="PortfolioSuggestionService"/>, which checks the user's rights and audits.
/// </summary>
public sealed class PortfolioPageService(PortfolioPlanner planner, PortfolioSuggestionService suggestions)
{
    public sealed record Snapshot(PortfolioView View, PortfolioSuggestionView? Suggestion);

    public async Task<Snapshot> LoadAsync(CancellationToken ct = default) =>
        new(await planner.BuildAsync(ct), await suggestions.LatestAsync(ct));

    public Task<(long? Id, string Message)> ProposeAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        suggestions.ProposeAsync(Decider.FromPrincipal(user), ct);

    public Task<PortfolioDecisionResult> ApproveAsync(ClaimsPrincipal user, long id, uint version, string? comment, CancellationToken ct = default) =>
        suggestions.ApproveAsync(id, Decider.FromPrincipal(user), comment, version, ct);

    public Task<PortfolioDecisionResult> RejectAsync(ClaimsPrincipal user, long id, uint version, string? comment, CancellationToken ct = default) =>
        suggestions.RejectAsync(id, Decider.FromPrincipal(user), comment, version, ct);
}
