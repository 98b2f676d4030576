using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Web.Suggestions;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.History;

/// <summary>The hedge history page's reads: its filter choices and the filtered executions (newest first).</summary>
public sealed class HedgeHistoryService(IDbContextFactory<HedgeDbContext> dbFactory)
{
    public const int PageLimit = 5000;

    public sealed record View(IReadOnlyList<ExecutionRow> Rows, IReadOnlyList<string> Pairs, ExplorerLinks Links);

    public async Task<View> LoadAsync(HistoryFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pairs = await db.Pools.AsNoTracking().Select(p => p.Pair).Distinct().OrderBy(p => p).ToListAsync(ct);
        var facts = await ExecutionHistory.Query(db, filter).Take(PageLimit).ToListAsync(ct);
        return new View([.. facts.Select(ExecutionHistory.Row)], pairs, await ExplorerLinks.LoadAsync(db, ct));
    }

    /// <summary>The status as the pages word it, and its colour.</summary>
    public static string StatusText(ExecutionStatus s) => s switch
    {
        ExecutionStatus.Pending => "execution requested",
        ExecutionStatus.NeedsReview => "needs review",
        _ => s.ToString().ToLowerInvariant(),
    };

    public static MudBlazor.Color StatusColor(ExecutionStatus s) => s switch
    {
        ExecutionStatus.Confirmed => MudBlazor.Color.Success,
        ExecutionStatus.Failed or ExecutionStatus.NeedsReview => MudBlazor.Color.Error,
        ExecutionStatus.Mined => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Warning,
    };
}
