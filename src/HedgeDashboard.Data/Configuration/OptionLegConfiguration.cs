using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class OptionLegConfiguration : IEntityTypeConfiguration<OptionLeg>
{
    public void Configure(EntityTypeBuilder<OptionLeg> b)
    {
        b.ToTable("option_legs", t =>
        {
            t.HasCheckConstraint("ck_option_legs_strike", "strike > 0");
            t.HasCheckConstraint("ck_option_legs_notional", "notional > 0");
            t.HasCheckConstraint("ck_option_legs_max_premium", "max_premium >= 0");
            t.HasCheckConstraint("ck_option_legs_premium_paid", "premium_paid IS NULL OR premium_paid >= 0");
            t.HasCheckConstraint("ck_option_legs_settlement_payout", "settlement_payout IS NULL OR settlement_payout >= 0");
            t.HasCheckConstraint("ck_option_legs_bought_tx_hash", Sql.HashCheck("bought_tx_hash"));
            t.HasCheckConstraint("ck_option_legs_settled_tx_hash", Sql.HashCheck("settled_tx_hash"));
            t.HasCheckConstraint("ck_option_legs_open_has_option", "status NOT IN ('open', 'settled') OR on_chain_option_id IS NOT NULL");
            t.HasCheckConstraint("ck_option_legs_settled_has_payout", "status <> 'settled' OR settlement_payout IS NOT NULL");
            t.HasCheckConstraint("ck_option_legs_bought_block_hash", Sql.HashCheck("bought_block_hash"));
            t.HasCheckConstraint("ck_option_legs_settled_block_hash", Sql.HashCheck("settled_block_hash"));
            t.HasCheckConstraint("ck_option_legs_settle_round", "settle_execution_id IS NULL OR settle_round_id > 0");
        });
        b.HasEnumText(x => x.Kind, "option_legs", "kind");
        b.HasEnumText(x => x.Status, "option_legs", "status");
        b.Property(x => x.Strike).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.Notional).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.MaxPremium).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.PremiumPaid).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.SettlementPrice).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.SettlementPayout).HasColumnType(Sql.QuoteAmountType);
        b.Property(x => x.BoughtTxHash).HasMaxLength(66);
        b.Property(x => x.SettledTxHash).HasMaxLength(66);
        b.Property(x => x.BoughtBlockHash).HasMaxLength(66);
        b.Property(x => x.SettledBlockHash).HasMaxLength(66);

        b.HasIndex(x => x.SuggestionId).IsUnique();
        b.HasIndex(x => x.ExecutionId).IsUnique();
        // Exactly one settle transaction per leg.
        b.HasIndex(x => x.SettleExecutionId).IsUnique();
        // One leg per on-chain option; the indexer finds legs by it at settlement.
        b.HasIndex(x => new { x.ChainId, x.OnChainOptionId }).IsUnique();
        b.HasIndex(x => new { x.PositionId, x.Status });
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Suggestion).WithOne(s => s.OptionLeg).HasForeignKey<OptionLeg>(x => x.SuggestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Execution).WithMany().HasForeignKey(x => x.ExecutionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(x => x.SettleExecution).WithMany().HasForeignKey(x => x.SettleExecutionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);
    }
}
