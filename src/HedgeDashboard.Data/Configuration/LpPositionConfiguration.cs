using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class LpPositionConfiguration : IEntityTypeConfiguration<LpPosition>
{
    public void Configure(EntityTypeBuilder<LpPosition> b)
    {
        b.ToTable("lp_positions", t =>
        {
            t.HasCheckConstraint("ck_lp_positions_owner_address", Sql.AddressCheck("owner_address"));
            t.HasCheckConstraint("ck_lp_positions_tick_range", "tick_lower < tick_upper");
            t.HasCheckConstraint("ck_lp_positions_price_range",
                "(kind = 'v3' AND price_lower > 0 AND price_lower < price_upper) OR (kind = 'v2' AND price_lower IS NULL AND price_upper IS NULL AND nft_token_id = 0)");
            t.HasCheckConstraint("ck_lp_positions_liquidity", "liquidity >= 0");
            t.HasCheckConstraint("ck_lp_positions_entry_amounts", "entry_amount0 >= 0 AND entry_amount1 >= 0");
            t.HasCheckConstraint("ck_lp_positions_entry_price", "entry_price > 0");
            t.HasCheckConstraint("ck_lp_positions_on_chain_hedge_ratio", Sql.Ratio("on_chain_hedge_ratio"));
            t.HasCheckConstraint("ck_lp_positions_suggestion_threshold", Sql.Ratio("suggestion_threshold"));
            t.HasCheckConstraint("ck_lp_positions_max_ratio_change", Sql.Ratio("max_ratio_change"));
            t.HasCheckConstraint("ck_lp_positions_max_notional_per_day", "max_notional_per_day_usd >= 0");
            t.HasCheckConstraint("ck_lp_positions_cooldown", "cooldown >= interval '0'");
            t.HasCheckConstraint("ck_lp_positions_closed_at", "(status = 'closed') = (closed_at IS NOT NULL)");
            t.HasCheckConstraint("ck_lp_positions_fees_owed",
                "(fees_owed0 IS NULL AND fees_owed1 IS NULL AND fees_observed_at IS NULL AND fees_observed_block IS NULL) OR " +
                "(fees_owed0 >= 0 AND fees_owed1 >= 0 AND fees_observed_at IS NOT NULL AND fees_observed_block >= 0)");
        });
        b.Property(x => x.OwnerAddress).HasMaxLength(42);
        b.Property(x => x.EntrySource).HasMaxLength(300);
        b.Property(x => x.Liquidity).HasColumnType(Sql.WeiType);
        b.Property(x => x.FeesOwed0).HasColumnType(Sql.WeiType);
        b.Property(x => x.FeesOwed1).HasColumnType(Sql.WeiType);
        b.Property(x => x.OnChainHedgeRatio).HasColumnType(Sql.RatioType);
        b.HasEnumText(x => x.Status, "lp_positions", "status");
        b.HasEnumText(x => x.Kind, "lp_positions", "kind");
        b.Property(x => x.OpenedAt).HasDefaultValueSql("now()");
        b.Property(x => x.UpdatedAt).HasDefaultValueSql("now()");
        b.ComplexProperty(x => x.Policy, p =>
        {
            p.Property(x => x.Mode).HasConversion(EnumText<ExecutionMode>.Converter).HasColumnName("execution_mode").HasMaxLength(32);
            p.Property(x => x.RatioPolicy).HasConversion(EnumText<HedgeRatioPolicy>.Converter).HasColumnName("ratio_policy").HasMaxLength(32);
            p.Property(x => x.SuggestionThreshold).HasColumnName("suggestion_threshold").HasColumnType(Sql.RatioType);
            p.Property(x => x.MaxRatioChange).HasColumnName("max_ratio_change").HasColumnType(Sql.RatioType);
            p.Property(x => x.MaxNotionalPerDayUsd).HasColumnName("max_notional_per_day_usd");
            p.Property(x => x.Cooldown).HasColumnName("cooldown");
            p.Property(x => x.OptionPolicy).HasColumnName("option_policy").HasMaxLength(32);
        });
        b.ToTable(t => t.HasCheckConstraint("ck_lp_positions_option_policy", "option_policy IS NULL OR option_policy ~ '^put:[1-9][0-9]{0,4}[dh]$'"));
        b.ToTable(t => t.HasCheckConstraint("ck_lp_positions_execution_mode", EnumText<ExecutionMode>.CheckSql("execution_mode")));
        b.ToTable(t => t.HasCheckConstraint("ck_lp_positions_ratio_policy", EnumText<HedgeRatioPolicy>.CheckSql("ratio_policy")));
        b.Property(x => x.Version).IsRowVersion();
        // A v3 NFT is one row per pool and token id; v2 liquidity tokens are one row per pair and owner.
        b.HasIndex(x => new { x.PoolId, x.NftTokenId }).IsUnique().HasFilter("kind = 'v3'");
        b.HasIndex(x => new { x.PoolId, x.OwnerAddress }).IsUnique().HasFilter("kind = 'v2'").HasDatabaseName("ux_lp_positions_pool_id_owner_address_v2");
        b.HasIndex(x => x.ProtectedPositionId).IsUnique();
        b.HasIndex(x => x.OwnerAddress);
        b.HasOne(x => x.Pool).WithMany().HasForeignKey(x => x.PoolId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Wallet).WithMany().HasForeignKey(x => x.WalletId).OnDelete(DeleteBehavior.SetNull);
    }
}
