using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HedgeDashboard.Web.Health;

/// <summary>Healthy when PostgreSQL answers and the schema has no pending migrations.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<HedgeDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("cannot connect to the database named by ConnectionStrings:Hedge");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("connected; schema up to date")
                : HealthCheckResult.Unhealthy($"connected; {pending.Count} migration(s) pending: run 'hedge db migrate'");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"database error: {ex.GetBaseException().Message}");
        }
    }
}
