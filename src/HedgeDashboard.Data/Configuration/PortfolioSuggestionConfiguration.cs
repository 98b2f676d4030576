using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class PortfolioSuggestionConfiguration : IEntityTypeConfiguration<PortfolioSuggestion>
{
    public void Configure(EntityTypeBuilder<PortfolioSuggestion> b)
    {
        b.ToTable("portfolio_suggestions", t =>
        {
            t.HasCheckConstraint("ck_portfolio_suggestions_states", "status IN ('pending', 'approved', 'rejected', 'expired', 'superseded')");
            t.HasCheckConstraint("ck_portfolio_suggestions_expiry", "expires_at > created_at");
            t.HasCheckConstraint("ck_portfolio_suggestions_idempotency_key", "length(idempotency_key) > 0");
            t.HasCheckConstraint("ck_portfolio_suggestions_amounts", "risk_before_usd >= 0 AND risk_after_usd >= 0 AND expected_cost_usd >= 0");
            t.HasCheckConstraint(
                "ck_portfolio_suggestions_decision",
                "(status IN ('approved', 'rejected') AND decided_by IS NOT NULL AND decided_at IS NOT NULL) OR status NOT IN ('approved', 'rejected')");
        });
        b.HasEnumText(x => x.Status, "portfolio_suggestions", "status");
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.Plan).HasColumnType("jsonb");
        b.Property(x => x.RiskBeforeUsd).HasColumnType("numeric(20,2)");
        b.Property(x => x.RiskAfterUsd).HasColumnType("numeric(20,2)");
        b.Property(x => x.ExpectedCostUsd).HasColumnType("numeric(20,2)");
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.DecidedBy).HasMaxLength(256);
        b.Property(x => x.DecisionComment).HasMaxLength(2000);
        b.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        b.Property(x => x.Version).IsRowVersion();
        b.HasIndex(x => x.IdempotencyKey).IsUnique();

        // One pending portfolio suggestion at a time: a newer one supersedes it first.
        b.HasIndex(x => x.Status)
            .IsUnique()
            .HasFilter("status = 'pending'")
            .HasDatabaseName("ux_portfolio_suggestions_one_pending");
        b.HasIndex(x => x.CreatedAt);
    }
}
