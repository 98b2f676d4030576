using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Suggestions;

/// <summary>
/// The suggestions page's reads: pending suggestions, recent decisions, the explorer links and the chains that are silent
/// or paused (their banners, and the "auto paused" mark on their suggestions), in one short-lived context.
/// </summary>
public sealed class SuggestionInbox(IDbContextFactory<HedgeDbContext> dbFactory)
{
    public const int MaxPending = 200;
    public const int MaxRecent = 50;

    public sealed record View(IReadOnlyList<SuggestionRow> Pending, IReadOnlyList<SuggestionRow> Recent, ExplorerLinks Links)
    {
        /// <summary>The chains whose node does not answer or whose sequencer gate pauses them; healthy ones are left out.</summary>
        public IReadOnlyList<ChainStatus> Chains { get; init; } = [];

        /// <summary>Why automatic execution is paused on the chain, or null while it may run.</summary>
        public string? PausedReason(long chainId) => Chains.FirstOrDefault(c => c.Id == chainId)?.PausedReason;
    }

    public async Task<View> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Ordered by position, not by age: a suggestion that replaces another keeps its card where the reader saw it,
        // so the inbox does not reshuffle under a reader about to click.
        var pending = await SuggestionRow.Project(db.Suggestions
                .Where(s => s.Status == SuggestionStatus.Pending)
                .OrderBy(s => s.PositionId).ThenBy(s => s.Id)
                .Take(MaxPending))
            .ToListAsync(ct);
        var recent = await SuggestionRow.Project(db.Suggestions
                .Where(s => s.Status != SuggestionStatus.Pending && s.DecidedAt != null)
                .OrderByDescending(s => s.DecidedAt).ThenByDescending(s => s.Id)
                .Take(MaxRecent))
            .ToListAsync(ct);
        var chains = await db.ChainStatusesAsync(ct);
        return new View(pending, recent, await ExplorerLinks.LoadAsync(db, ct)) { Chains = [.. chains.Where(c => !c.IsHealthy || c.PausedReason != null)] };
    }
}
