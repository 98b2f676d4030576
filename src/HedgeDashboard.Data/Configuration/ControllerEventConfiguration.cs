using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class ControllerEventConfiguration : IEntityTypeConfiguration<ControllerEvent>
{
    public void Configure(EntityTypeBuilder<ControllerEvent> b)
    {
        b.ToTable("controller_events", t =>
        {
            t.HasCheckConstraint("ck_controller_events_block_hash", Sql.HashCheck("block_hash"));
            t.HasCheckConstraint("ck_controller_events_tx_hash", Sql.HashCheck("tx_hash"));
            t.HasCheckConstraint("ck_controller_events_contract_address", Sql.AddressCheck("contract_address"));
            t.HasCheckConstraint("ck_controller_events_block_number", "block_number >= 0");
            t.HasCheckConstraint("ck_controller_events_log_index", "log_index >= 0");
        });
        b.Property(x => x.ContractAddress).HasMaxLength(42);
        b.Property(x => x.BlockHash).HasMaxLength(66);
        b.Property(x => x.TxHash).HasMaxLength(66);
        b.Property(x => x.EventName).HasMaxLength(64);
        b.Property(x => x.Args).HasColumnType("jsonb");
        b.Property(x => x.IndexedAt).HasDefaultValueSql("now()");

        // Re-indexing the same log is harmless: INSERT ... ON CONFLICT DO NOTHING on this key.
        b.HasIndex(x => new { x.BlockHash, x.TxHash, x.LogIndex }).IsUnique().HasDatabaseName("ux_controller_events_log");
        b.HasIndex(x => new { x.ChainId, x.BlockNumber });
        b.HasIndex(x => new { x.PositionId, x.BlockNumber });
        b.HasIndex(x => x.ProtectedPositionId);
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
