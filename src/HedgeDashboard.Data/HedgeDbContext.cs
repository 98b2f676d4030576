using HedgeDashboard.Data.Configuration;
using HedgeDashboard.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Data;

/// <summary>
/// The one DbContext: the product's tables (snake_case) plus ASP.NET Core Identity's (AspNet*).
/// Use <see cref="IDbContextFactory{TContext}"/> and one short-lived context per operation.
/// </summary>
public class HedgeDbContext(DbContextOptions<HedgeDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<Chain> Chains => Set<Chain>();

    public DbSet<Token> Tokens => Set<Token>();

    public DbSet<Pool> Pools => Set<Pool>();

    public DbSet<V2TwapReading> V2TwapReadings => Set<V2TwapReading>();

    public DbSet<TrackedWallet> TrackedWallets => Set<TrackedWallet>();

    public DbSet<LpPosition> Positions => Set<LpPosition>();

    public DbSet<PriceObservation> PriceObservations => Set<PriceObservation>();

    public DbSet<RiskScore> RiskScores => Set<RiskScore>();

    /// <summary>Newest score per position, maintained by a trigger on risk_scores; read it, never write it.</summary>
    public DbSet<PositionLatestScore> PositionLatestScores => Set<PositionLatestScore>();

    public DbSet<HedgeSuggestion> Suggestions => Set<HedgeSuggestion>();

    public DbSet<PortfolioSuggestion> PortfolioSuggestions => Set<PortfolioSuggestion>();

    public DbSet<HedgeExecution> Executions => Set<HedgeExecution>();

    public DbSet<ExecutionAttempt> ExecutionAttempts => Set<ExecutionAttempt>();

    public DbSet<ControllerEvent> ControllerEvents => Set<ControllerEvent>();

    public DbSet<VenueCharge> VenueCharges => Set<VenueCharge>();

    /// <summary>Options bought (or proposed) for positions through the OptionHedgeController.</summary>
    public DbSet<OptionLeg> OptionLegs => Set<OptionLeg>();

    public DbSet<LpPositionEvent> LpPositionEvents => Set<LpPositionEvent>();

    public DbSet<LpPositionEventCursor> LpPositionEventCursors => Set<LpPositionEventCursor>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<OracleHealth> OracleHealth => Set<OracleHealth>();

    public DbSet<AppSettings> AppSettings => Set<AppSettings>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(HedgeDbContext).Assembly);
        ApplySnakeCaseNames(builder);
    }

    /// <summary>snake_case columns, keys and indexes for the product's tables; Identity keeps its names.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => e.ClrType.Namespace == typeof(Chain).Namespace))
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.IsConcurrencyToken && property.ClrType == typeof(uint))
                {
                    continue; // xmin, named by the provider
                }

                if (property.GetColumnName() == property.Name)
                {
                    property.SetColumnName(SnakeCase.From(property.Name));
                }
            }

            var table = entity.GetTableName()!;
            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{string.Join("_", key.Properties.Select(p => p.GetColumnName()))}");
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName($"fk_{table}_{string.Join("_", fk.Properties.Select(p => p.GetColumnName()))}");
            }

            foreach (var index in entity.GetIndexes())
            {
                if (index.GetDatabaseName() is { } n && (n.StartsWith("ix_", StringComparison.Ordinal) || n.StartsWith("ux_", StringComparison.Ordinal)))
                {
                    continue;
                }

                var prefix = index.IsUnique ? "ux" : "ix";
                index.SetDatabaseName($"{prefix}_{table}_{string.Join("_", index.Properties.Select(p => p.GetColumnName()))}");
            }
        }
    }
}
