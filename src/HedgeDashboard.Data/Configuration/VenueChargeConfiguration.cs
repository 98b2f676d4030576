using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class VenueChargeConfiguration : IEntityTypeConfiguration<VenueCharge>
{
    public void Configure(EntityTypeBuilder<VenueCharge> b)
    {
        b.ToTable("venue_charges", t =>
        {
            t.HasCheckConstraint("ck_venue_charges_block_hash", Sql.HashCheck("block_hash"));
            t.HasCheckConstraint("ck_venue_charges_tx_hash", Sql.HashCheck("tx_hash"));
            t.HasCheckConstraint("ck_venue_charges_venue_address", Sql.AddressCheck("venue_address"));
            t.HasCheckConstraint("ck_venue_charges_block_number", "block_number >= 0");
            t.HasCheckConstraint("ck_venue_charges_log_index", "log_index >= 0");
            t.HasCheckConstraint("ck_venue_charges_amount", "amount >= 0");
            t.HasCheckConstraint("ck_venue_charges_notional", "notional >= 0");
            t.HasCheckConstraint("ck_venue_charges_elapsed_seconds", "(kind = 'funding') = (elapsed_seconds IS NOT NULL) AND (elapsed_seconds IS NULL OR elapsed_seconds >= 0)");
        });
        b.HasEnumText(x => x.Kind, "venue_charges", "kind");
        b.Property(x => x.VenueAddress).HasMaxLength(42);
        b.Property(x => x.BlockHash).HasMaxLength(66);
        b.Property(x => x.TxHash).HasMaxLength(66);
        b.Property(x => x.Amount).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.Notional).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.IndexedAt).HasDefaultValueSql("now()");

        // Re-indexing the same log is harmless: INSERT ... ON CONFLICT on this key.
        b.HasIndex(x => new { x.BlockHash, x.TxHash, x.LogIndex }).IsUnique().HasDatabaseName("ux_venue_charges_log");
        b.HasIndex(x => new { x.ChainId, x.BlockNumber });
        b.HasIndex(x => new { x.PositionId, x.BlockTime });
        b.HasIndex(x => x.ExecutionId);
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.Execution).WithMany().HasForeignKey(x => x.ExecutionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
