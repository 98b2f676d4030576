using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class LpPositionEventConfiguration : IEntityTypeConfiguration<LpPositionEvent>
{
    public void Configure(EntityTypeBuilder<LpPositionEvent> b)
    {
        b.ToTable("lp_position_events", t =>
        {
            t.HasCheckConstraint("ck_lp_position_events_block_hash", Sql.HashCheck("block_hash"));
            t.HasCheckConstraint("ck_lp_position_events_tx_hash", Sql.HashCheck("tx_hash"));
            t.HasCheckConstraint("ck_lp_position_events_contract_address", Sql.AddressCheck("contract_address"));
            t.HasCheckConstraint("ck_lp_position_events_block_number", "block_number >= 0");
            t.HasCheckConstraint("ck_lp_position_events_log_index", "log_index >= 0");
            t.HasCheckConstraint("ck_lp_position_events_nft_token_id", "nft_token_id >= 0");
            t.HasCheckConstraint("ck_lp_position_events_amounts", "amount0 >= 0 AND amount1 >= 0");
            t.HasCheckConstraint("ck_lp_position_events_liquidity", "(kind = 'decrease_liquidity') = (liquidity IS NOT NULL) AND (liquidity IS NULL OR liquidity >= 0)");
            t.HasCheckConstraint("ck_lp_position_events_recipient", $"(kind = 'collect') = (recipient IS NOT NULL) AND (recipient IS NULL OR {Sql.AddressCheck("recipient")})");
        });
        b.HasEnumText(x => x.Kind, "lp_position_events", "kind");
        b.Property(x => x.ContractAddress).HasMaxLength(42);
        b.Property(x => x.BlockHash).HasMaxLength(66);
        b.Property(x => x.TxHash).HasMaxLength(66);
        b.Property(x => x.Recipient).HasMaxLength(42);
        b.Property(x => x.Liquidity).HasColumnType(Sql.WeiType);
        b.Property(x => x.Amount0).HasColumnType(Sql.WeiType);
        b.Property(x => x.Amount1).HasColumnType(Sql.WeiType);
        b.Property(x => x.IndexedAt).HasDefaultValueSql("now()");

        // Re-indexing the same log is harmless: INSERT ... ON CONFLICT on this key.
        b.HasIndex(x => new { x.BlockHash, x.TxHash, x.LogIndex }).IsUnique().HasDatabaseName("ux_lp_position_events_log");
        b.HasIndex(x => new { x.ChainId, x.BlockNumber });
        b.HasIndex(x => new { x.PositionId, x.BlockNumber });
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
