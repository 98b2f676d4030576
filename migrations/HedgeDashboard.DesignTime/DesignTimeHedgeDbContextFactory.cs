using HedgeDashboard.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace HedgeDashboard.DesignTime;

/// <summary>
/// Used by <c>dotnet ef</c> only. The connection string comes from ConnectionStrings__Hedge, else
/// the local development cluster (scripts/postgres.sh).
/// </summary>
public sealed class DesignTimeHedgeDbContextFactory : IDesignTimeDbContextFactory<HedgeDbContext>
{
    public const string LocalConnectionString = "Host=127.0.0.1;Port=25432;Username=postgres;Database=hedge";

    public HedgeDbContext CreateDbContext(string[] args)
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Hedge");
        return HedgeDataServiceCollectionExtensions.CreateContext(string.IsNullOrWhiteSpace(cs) ? LocalConnectionString : cs);
    }
}
