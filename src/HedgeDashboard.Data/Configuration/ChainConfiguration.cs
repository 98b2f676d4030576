using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class ChainConfiguration : IEntityTypeConfiguration<Chain>
{
    public void Configure(EntityTypeBuilder<Chain> b)
    {
        b.ToTable("chains", t => t.HasCheckConstraint("ck_chains_id_positive", "id > 0"));
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.HealthReason).HasMaxLength(500);
        b.Property(x => x.PausedReason).HasMaxLength(500);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class TokenConfiguration : IEntityTypeConfiguration<Token>
{
    public void Configure(EntityTypeBuilder<Token> b)
    {
        b.ToTable("tokens", t =>
        {
            t.HasCheckConstraint("ck_tokens_address", Sql.AddressCheck("address"));
            t.HasCheckConstraint("ck_tokens_decimals", "decimals BETWEEN 0 AND 36");
            t.HasCheckConstraint("ck_tokens_usd_price_positive", "usd_price IS NULL OR usd_price > 0");
        });
        b.Property(x => x.Address).HasMaxLength(42);
        b.Property(x => x.Symbol).HasMaxLength(32);
        b.Property(x => x.UsdSource).HasMaxLength(200);
        b.Property(x => x.UsdStaleReason).HasMaxLength(500);
        b.HasIndex(x => new { x.ChainId, x.Address }).IsUnique();
        b.HasOne(x => x.Chain).WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PoolConfiguration : IEntityTypeConfiguration<Pool>
{
    public void Configure(EntityTypeBuilder<Pool> b)
    {
        b.ToTable("pools", t =>
        {
            t.HasCheckConstraint("ck_pools_address", Sql.AddressCheck("address"));
            t.HasCheckConstraint("ck_pools_distinct_tokens", "token0_id <> token1_id");
            t.HasCheckConstraint("ck_pools_fee_tier", "fee_tier > 0 AND fee_tier < 1000000");
            t.HasCheckConstraint("ck_pools_tick_spacing", "(kind = 'v3' AND tick_spacing > 0) OR (kind = 'v2' AND tick_spacing = 0)");
            t.HasCheckConstraint("ck_pools_v2_state",
                "(kind = 'v3' AND reserve0 IS NULL AND reserve1 IS NULL AND total_supply IS NULL) OR " +
                "(kind = 'v2' AND sqrt_price_x96 IS NULL AND (reserve0 IS NULL) = (total_supply IS NULL) AND (reserve1 IS NULL) = (total_supply IS NULL) AND (total_supply IS NULL OR (reserve0 >= 0 AND reserve1 >= 0 AND total_supply >= 0)))");
        });
        b.HasEnumText(x => x.Kind, "pools", "kind");
        b.Property(x => x.Reserve0).HasColumnType(Sql.WeiType);
        b.Property(x => x.Reserve1).HasColumnType(Sql.WeiType);
        b.Property(x => x.TotalSupply).HasColumnType(Sql.WeiType);
        b.Property(x => x.Address).HasMaxLength(42);
        b.Property(x => x.Pair).HasMaxLength(32);
        b.Property(x => x.SqrtPriceX96).HasColumnType(Sql.WeiType);
        b.HasIndex(x => new { x.ChainId, x.Address }).IsUnique();
        b.HasIndex(x => x.Pair);
        b.HasOne(x => x.Chain).WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Token0).WithMany().HasForeignKey(x => x.Token0Id).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Token1).WithMany().HasForeignKey(x => x.Token1Id).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrackedWalletConfiguration : IEntityTypeConfiguration<TrackedWallet>
{
    public void Configure(EntityTypeBuilder<TrackedWallet> b)
    {
        b.ToTable("tracked_wallets", t => t.HasCheckConstraint("ck_tracked_wallets_address", Sql.AddressCheck("address")));
        b.Property(x => x.Address).HasMaxLength(42);
        b.Property(x => x.Label).HasMaxLength(128);
        b.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        b.HasIndex(x => new { x.ChainId, x.Address }).IsUnique();
        b.HasOne(x => x.Chain).WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class V2TwapReadingConfiguration : IEntityTypeConfiguration<V2TwapReading>
{
    public void Configure(EntityTypeBuilder<V2TwapReading> b)
    {
        b.ToTable("v2_twap_readings", t =>
        {
            t.HasCheckConstraint("ck_v2_twap_readings_pair", Sql.AddressCheck("pair"));
            t.HasCheckConstraint("ck_v2_twap_readings_block", "block_number >= 0 AND block_timestamp >= 0");
            t.HasCheckConstraint("ck_v2_twap_readings_cumulatives", "cumulative0 >= 0 AND cumulative1 >= 0");
        });
        b.HasKey(x => new { x.ChainId, x.Pair, x.BlockTimestamp });
        b.Property(x => x.Pair).HasMaxLength(42);
        b.Property(x => x.Cumulative0).HasColumnType(Sql.WeiType);
        b.Property(x => x.Cumulative1).HasColumnType(Sql.WeiType);
        b.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Cascade);
    }
}
