using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HedgeDashboard.Data;

/// <summary>Registration of the store.</summary>
public static class HedgeDataServiceCollectionExtensions
{
    /// <summary>The assembly that holds the migrations (migrations/HedgeDashboard.Migrations).</summary>
    public const string MigrationsAssembly = "HedgeDashboard.Migrations";

    /// <summary>
    /// Registers <see cref="IDbContextFactory{HedgeDbContext}"/> (and a scoped <see cref="HedgeDbContext"/>
    /// for Identity's stores) on Npgsql, plus <see cref="DatabaseMigrator"/>.
    /// </summary>
    public static IServiceCollection AddHedgeData(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddDbContextFactory<HedgeDbContext>(o => Configure(o, connectionString));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<HedgeDbContext>>().CreateDbContext());
        services.AddSingleton(new DatabaseMigrator(connectionString));
        return services;
    }

    /// <summary>The options every context uses (also for tests and the CLI).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));

    /// <summary>Options for a context made without DI.</summary>
    public static DbContextOptions<HedgeDbContext> CreateOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<HedgeDbContext>();
        Configure(builder, connectionString);
        return builder.Options;
    }

    /// <summary>A context made without DI (CLI, tests, benchmarks). Dispose it.</summary>
    public static HedgeDbContext CreateContext(string connectionString) => new(CreateOptions(connectionString));

    /// <summary>The database name of a connection string, for messages.</summary>
    public static string DescribeTarget(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }
}
