using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> b)
    {
        b.ToTable("model_versions", t =>
        {
            t.HasCheckConstraint("ck_model_versions_version", "version >= 1");
            t.HasCheckConstraint("ck_model_versions_activated_at", "status <> 'active' OR activated_at IS NOT NULL");
        });
        b.HasEnumText(x => x.Status, "model_versions", "status");
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Kind).HasMaxLength(64);
        b.Property(x => x.Parameters).HasColumnType("jsonb");
        b.Property(x => x.Metrics).HasColumnType("jsonb");
        b.Property(x => x.ModelBytes).HasColumnType("bytea");
        b.HasIndex(x => new { x.Name, x.Version }).IsUnique();
        b.HasIndex(x => x.Name).IsUnique().HasFilter("status = 'active'").HasDatabaseName("ux_model_versions_one_active_per_name");
    }
}

internal sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> b)
    {
        b.ToTable("audit_log", t =>
        {
            t.HasCheckConstraint("ck_audit_log_actor", "length(actor) > 0");
            t.HasCheckConstraint("ck_audit_log_action", "length(action) > 0");
        });
        b.Property(x => x.At).HasDefaultValueSql("now()");
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.Property(x => x.EntityId).HasMaxLength(128);
        b.Property(x => x.Details).HasColumnType("jsonb");
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.EntityType, x.EntityId, x.At });
    }
}

internal sealed class OracleHealthConfiguration : IEntityTypeConfiguration<OracleHealth>
{
    public void Configure(EntityTypeBuilder<OracleHealth> b)
    {
        b.ToTable("oracle_health", t =>
        {
            t.HasCheckConstraint("ck_oracle_health_reason", "is_healthy OR reason IS NOT NULL");
            t.HasCheckConstraint("ck_oracle_health_prices", "(feed_price IS NULL OR feed_price > 0) AND (pool_twap_price IS NULL OR pool_twap_price > 0)");
        });
        b.HasKey(x => x.Pair);
        b.Property(x => x.Pair).HasMaxLength(32);
        b.Property(x => x.Reason).HasMaxLength(500);
    }
}

internal sealed class AppSettingsConfiguration : IEntityTypeConfiguration<AppSettings>
{
    public void Configure(EntityTypeBuilder<AppSettings> b)
    {
        b.ToTable("app_settings", t =>
        {
            t.HasCheckConstraint("ck_app_settings_singleton", "id = 1");
            t.HasCheckConstraint("ck_app_settings_webhook_url", "webhook_url IS NULL OR webhook_url ~ '^https?://'");
            t.HasCheckConstraint("ck_app_settings_explorer_template", "position('{hash}' in explorer_tx_url_template) > 0");
        });
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.CircuitBreakerReason).HasMaxLength(500);
        b.Property(x => x.WebhookUrl).HasMaxLength(2000);
        b.Property(x => x.ExplorerTxUrlTemplate).HasMaxLength(500);
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsRowVersion();
        b.HasData(new AppSettings
        {
            Id = AppSettings.SingletonId,
            ExplorerTxUrlTemplate = "https://etherscan.io/tx/{hash}",
            UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            UpdatedBy = "migration",
        });
    }
}
