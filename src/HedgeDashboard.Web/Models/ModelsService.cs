using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Models;

/// <summary>The Models page's read: the newest stored versions with their metrics, read through the trainer's record.</summary>
public sealed class ModelsService(IDbContextFactory<HedgeDbContext> dbFactory)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<VersionRow>> RowsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every column but the model bytes (up to megabytes a row): the page shows numbers, never the model file.
        return ModelsView.Rows(await db.ModelVersions.AsNoTracking().OrderByDescending(m => m.TrainedAt).Take(Limit)
            .Select(m => new ModelVersion
            {
                Id = m.Id,
                Name = m.Name,
                Kind = m.Kind,
                Version = m.Version,
                Parameters = m.Parameters,
                FeatureSchema = m.FeatureSchema,
                Metrics = m.Metrics,
                TrainedAt = m.TrainedAt,
                Status = m.Status,
                ActivatedAt = m.ActivatedAt,
            })
            .ToListAsync(ct));
    }
}
