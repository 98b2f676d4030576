using HedgeDashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HedgeDashboard.Data.Configuration;

internal sealed class HedgeExecutionConfiguration : IEntityTypeConfiguration<HedgeExecution>
{
    public void Configure(EntityTypeBuilder<HedgeExecution> b)
    {
        b.ToTable("hedge_executions", t =>
        {
            t.HasCheckConstraint("ck_hedge_executions_target_ratio", Sql.Ratio("target_ratio"));
            t.HasCheckConstraint("ck_hedge_executions_from_address", "from_address IS NULL OR " + Sql.AddressCheck("from_address"));
            t.HasCheckConstraint("ck_hedge_executions_tx_hash", "tx_hash IS NULL OR " + Sql.HashCheck("tx_hash"));
            t.HasCheckConstraint("ck_hedge_executions_block_hash", "block_hash IS NULL OR " + Sql.HashCheck("block_hash"));
            t.HasCheckConstraint("ck_hedge_executions_nonce", "nonce IS NULL OR nonce >= 0");
            t.HasCheckConstraint("ck_hedge_executions_attempts", "attempts >= 0");
            t.HasCheckConstraint("ck_hedge_executions_fees", "(max_fee_per_gas IS NULL OR max_fee_per_gas >= 0) AND (max_priority_fee_per_gas IS NULL OR (max_priority_fee_per_gas >= 0 AND max_priority_fee_per_gas <= max_fee_per_gas))");
            t.HasCheckConstraint("ck_hedge_executions_gas_used", "gas_used IS NULL OR gas_used >= 0");
            t.HasCheckConstraint("ck_hedge_executions_signed_state", "status IN ('pending', 'failed', 'needs_review') OR (signed_raw IS NOT NULL AND tx_hash IS NOT NULL AND nonce IS NOT NULL AND from_address IS NOT NULL)");
            t.HasCheckConstraint("ck_hedge_executions_signed_update", "(update_signature IS NULL AND update_signer IS NULL AND update_target_hedge_size IS NULL AND update_position_nonce IS NULL AND update_deadline IS NULL) OR (octet_length(update_signature) = 65 AND " + Sql.AddressCheck("update_signer") + " AND update_target_hedge_size >= 0 AND update_position_nonce >= 0 AND update_deadline > 0)");
            t.HasCheckConstraint("ck_hedge_executions_batch", "batch_id IS NULL OR (batch_id <= id AND nonce IS NOT NULL)");
            t.HasCheckConstraint("ck_hedge_executions_mined_state", "status NOT IN ('mined', 'confirmed') OR (block_number IS NOT NULL AND block_hash IS NOT NULL)");
        });
        b.HasEnumText(x => x.Status, "hedge_executions", "status");
        b.Property(x => x.TargetRatio).HasColumnType(Sql.RatioType);
        b.Property(x => x.FromAddress).HasMaxLength(42);
        b.Property(x => x.UpdateSigner).HasMaxLength(42);
        b.Property(x => x.UpdateTargetHedgeSize).HasColumnType(Sql.WeiType);
        b.Property(x => x.TxHash).HasMaxLength(66);
        b.Property(x => x.BlockHash).HasMaxLength(66);
        b.Property(x => x.MaxFeePerGas).HasColumnType(Sql.WeiType);
        b.Property(x => x.MaxPriorityFeePerGas).HasColumnType(Sql.WeiType);
        b.Property(x => x.EffectiveGasPrice).HasColumnType(Sql.WeiType);
        b.Property(x => x.LeaseOwner).HasMaxLength(128);
        b.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        b.Property(x => x.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(x => x.Version).IsRowVersion();

        // The outbox key: one execution per suggestion.
        b.HasIndex(x => x.SuggestionId).IsUnique();
        b.HasOne(x => x.Suggestion).WithOne(s => s.Execution).HasForeignKey<HedgeExecution>(x => x.SuggestionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Chain>().WithMany().HasForeignKey(x => x.ChainId).OnDelete(DeleteBehavior.Restrict);

        // A live nonce belongs to one transaction per address (failed ones may give theirs back): a lone update, or
        // a batch's lead (its other members share the lead's nonce).
        b.HasIndex(x => new { x.ChainId, x.FromAddress, x.Nonce })
            .IsUnique()
            .HasFilter("nonce IS NOT NULL AND status NOT IN ('failed', 'needs_review') AND (batch_id IS NULL OR batch_id = id)")
            .HasDatabaseName("ux_hedge_executions_live_nonce");
        b.HasIndex(x => x.TxHash);
        b.HasIndex(x => x.BatchId).HasFilter("batch_id IS NOT NULL");
        b.HasOne<HedgeExecution>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasIndex(x => new { x.PositionId, x.CreatedAt });
    }
}

internal sealed class ExecutionAttemptConfiguration : IEntityTypeConfiguration<ExecutionAttempt>
{
    public void Configure(EntityTypeBuilder<ExecutionAttempt> b)
    {
        b.ToTable("execution_attempts", t =>
        {
            t.HasCheckConstraint("ck_execution_attempts_attempt_number", "attempt_number >= 1");
            t.HasCheckConstraint("ck_execution_attempts_tx_hash", Sql.HashCheck("tx_hash"));
            t.HasCheckConstraint("ck_execution_attempts_fees", "max_priority_fee_per_gas >= 0 AND max_priority_fee_per_gas <= max_fee_per_gas");
        });
        b.Property(x => x.TxHash).HasMaxLength(66);
        b.Property(x => x.MaxFeePerGas).HasColumnType(Sql.WeiType);
        b.Property(x => x.MaxPriorityFeePerGas).HasColumnType(Sql.WeiType);
        b.Property(x => x.Outcome).HasMaxLength(500);
        b.HasIndex(x => new { x.ExecutionId, x.AttemptNumber }).IsUnique();
        // A batch's transaction is one attempt of each of its members.
        b.HasIndex(x => new { x.TxHash, x.ExecutionId }).IsUnique();
        b.HasOne(x => x.Execution).WithMany(e => e.AttemptLog).HasForeignKey(x => x.ExecutionId).OnDelete(DeleteBehavior.Cascade);
    }
}
