using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class HedgeSuggestionConfiguration : IEntityTypeConfiguration<HedgeSuggestion>
{
    public void Configure(EntityTypeBuilder<HedgeSuggestion> b)
    {
        b.ToTable("hedge_suggestions", t =>
        {
            t.HasCheckConstraint("ck_hedge_suggestions_current_ratio", Sql.Ratio("current_ratio"));
            t.HasCheckConstraint("ck_hedge_suggestions_proposed_ratio", Sql.Ratio("proposed_ratio"));
            t.HasCheckConstraint("ck_hedge_suggestions_expiry", "expires_at > created_at");
            t.HasCheckConstraint("ck_hedge_suggestions_idempotency_key", "length(idempotency_key) > 0");
            t.HasCheckConstraint("ck_hedge_suggestions_expected_cost", "expected_cost_usd IS NULL OR expected_cost_usd >= 0");
            t.HasCheckConstraint("ck_hedge_suggestions_policy", "policy IS NULL OR " + EnumText<HedgeRatioPolicy>.CheckSql("policy"));
            t.HasCheckConstraint(
                "ck_hedge_suggestions_decision",
                "(status IN ('approved', 'rejected', 'executing', 'executed') AND decided_by IS NOT NULL AND decided_at IS NOT NULL) " +
                "OR status NOT IN ('approved', 'rejected', 'executing', 'executed')");
        });
        b.HasEnumText(x => x.Status, "hedge_suggestions", "status");
        b.Property(x => x.CurrentRatio).HasColumnType(Sql.RatioType);
        b.Property(x => x.ProposedRatio).HasColumnType(Sql.RatioType);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.DecisionComment).HasMaxLength(2000);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.Advisory).HasMaxLength(200);
        b.ToTable(t => t.HasCheckConstraint("ck_hedge_suggestions_advisory_not_executed", "advisory IS NULL OR status NOT IN ('approved', 'executing', 'executed')"));
        b.Property(x => x.Policy).HasConversion(EnumText<HedgeRatioPolicy>.Converter).HasColumnName("policy").HasMaxLength(32);
        b.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.IdempotencyKey).IsUnique();

        // At most one pending suggestion per position: a newer one must supersede the old one first.
        b.HasIndex(x => x.PositionId)
            .IsUnique()
            .HasFilter("status = 'pending'")
            .HasDatabaseName("ux_hedge_suggestions_one_pending_per_position");
        b.HasIndex(x => new { x.PositionId, x.CreatedAt });
        b.HasIndex(x => new { x.Status, x.ExpiresAt });
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.RiskScore).WithMany().HasForeignKey(x => x.RiskScoreId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<HedgeSuggestion>().WithMany().HasForeignKey(x => x.SupersededById).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Portfolio).WithMany(x => x.Members).HasForeignKey(x => x.PortfolioSuggestionId).OnDelete(DeleteBehavior.Restrict);
    }
}
