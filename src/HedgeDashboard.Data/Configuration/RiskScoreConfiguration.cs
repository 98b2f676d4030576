using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class RiskScoreConfiguration : IEntityTypeConfiguration<RiskScore>
{
    public void Configure(EntityTypeBuilder<RiskScore> b)
    {
        b.ToTable("risk_scores", t =>
        {
            t.HasCheckConstraint("ck_risk_scores_score", Sql.Ratio("score"));
            t.HasCheckConstraint("ck_risk_scores_forecast_volatility", "forecast_volatility >= 0");
            t.HasCheckConstraint("ck_risk_scores_horizon_hours", "horizon_hours > 0");
            t.HasCheckConstraint("ck_risk_scores_expected_il", "expected_il >= -1 AND expected_il <= 1");
            t.HasCheckConstraint("ck_risk_scores_prob_il_beyond_threshold", Sql.Ratio("prob_il_beyond_threshold"));
            t.HasCheckConstraint("ck_risk_scores_il_threshold", Sql.Ratio("il_threshold"));
            t.HasCheckConstraint("ck_risk_scores_recommended_ratio", Sql.Ratio("recommended_ratio"));
        });
        b.Property(x => x.RecommendedRatio).HasColumnType(Sql.RatioType);
        b.Property(x => x.Features).HasColumnType("jsonb");

        // Latest score per position: an index-only backward scan per position (LATERAL ... LIMIT 1).
        b.HasIndex(x => new { x.PositionId, x.ScoredAt })
            .IsDescending(false, true)
            .HasDatabaseName("ix_risk_scores_position_id_scored_at_desc");
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.ModelVersion).WithMany().HasForeignKey(x => x.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ModelVersionId);
    }
}
