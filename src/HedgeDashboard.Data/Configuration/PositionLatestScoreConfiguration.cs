using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class PositionLatestScoreConfiguration : IEntityTypeConfiguration<PositionLatestScore>
{
    public void Configure(EntityTypeBuilder<PositionLatestScore> b)
    {
        b.ToTable("position_latest_scores");
        b.HasKey(x => x.PositionId);
        b.Property(x => x.PositionId).ValueGeneratedNever();
        b.Property(x => x.RecommendedRatio).HasColumnType(Sql.RatioType);
        b.HasOne<LpPosition>().WithOne().HasForeignKey<PositionLatestScore>(x => x.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RiskScore>().WithOne().HasForeignKey<PositionLatestScore>(x => x.RiskScoreId).OnDelete(DeleteBehavior.Cascade);
    }
}
