using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class PriceObservationConfiguration : IEntityTypeConfiguration<PriceObservation>
{
    public void Configure(EntityTypeBuilder<PriceObservation> b)
    {
        b.ToTable("price_observations", t =>
        {
            t.HasCheckConstraint("ck_price_observations_price_positive", "price > 0");
            t.HasCheckConstraint("ck_price_observations_volume", "volume IS NULL OR volume >= 0");
            t.HasCheckConstraint("ck_price_observations_block_number", "block_number IS NULL OR block_number >= 0");
            t.HasCheckConstraint("ck_price_observations_pair", "pair ~ '^[A-Za-z0-9.]+/[A-Za-z0-9.]+$'");
            t.HasCheckConstraint("ck_price_observations_source", "length(source) > 0");
        });

        // The primary key (pair, source, observed_at) is the unique key that makes imports
        // idempotent and, scanned backwards, the "latest per pair" and range-scan index.
        b.HasKey(x => new { x.Pair, x.Source, x.ObservedAt }).HasName("pk_price_observations");
        b.Property(x => x.Pair).HasMaxLength(32);
        b.Property(x => x.Source).HasMaxLength(128);

        // Cross-pair time scans (retention, "everything since") on an append-mostly table: BRIN is tiny.
        b.HasIndex(x => x.ObservedAt).HasMethod("brin").HasDatabaseName("ix_price_observations_observed_at_brin");
    }
}
