using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class LpPositionEventCursorConfiguration : IEntityTypeConfiguration<LpPositionEventCursor>
{
    public void Configure(EntityTypeBuilder<LpPositionEventCursor> b)
    {
        b.ToTable("lp_position_event_cursors", t => t.HasCheckConstraint("ck_lp_position_event_cursors_through_block", "through_block >= 0"));
        b.HasKey(x => x.PositionId);
        b.Property(x => x.PositionId).ValueGeneratedNever();
        b.HasOne<LpPosition>().WithOne().HasForeignKey<LpPositionEventCursor>(x => x.PositionId).OnDelete(DeleteBehavior.Cascade);
    }
}
