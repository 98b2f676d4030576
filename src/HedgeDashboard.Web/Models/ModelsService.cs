using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Models;

/// <summary>The Models page's read: the newest stored versions with their metrics, read through the trainer's record.</summary>
public sealed class ModelsService(IDbContextFactory<HedgeDbContext> dbFactory)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<VersionRow>> RowsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return ModelsView.Rows(await db.ModelVersions.AsNoTracking().OrderByDescending(m => m.TrainedAt).Take(Limit).ToListAsync(ct));
    }
}
