using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data;

/// <summary>
/// Applies pending migrations: called at start-up in Development, and by <c>hedge db migrate</c>
/// in production. Needs the HedgeDashboard.Migrations assembly beside the caller.
/// </summary>
public sealed class DatabaseMigrator(string connectionString)
{
    /// <summary>Applies every pending migration; returns the ones applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(connectionString);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        return pending;
    }

    /// <summary>Migrations in the assembly that the database has not applied yet.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = HedgeDataServiceCollectionExtensions.CreateContext(connectionString);
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }
}
