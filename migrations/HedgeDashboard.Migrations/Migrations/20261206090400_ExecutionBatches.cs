using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ExecutionBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_hedge_executions_live_nonce",
                table: "hedge_executions");

            migrationBuilder.DropIndex(
                name: "ux_execution_attempts_tx_hash",
                table: "execution_attempts");

            migrationBuilder.AddColumn<long>(
                name: "batch_id",
                table: "hedge_executions",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_hedge_executions_batch_id",
                table: "hedge_executions",
                column: "batch_id",
                filter: "batch_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_hedge_executions_live_nonce",
                table: "hedge_executions",
                columns: new[] { "chain_id", "from_address", "nonce" },
                unique: true,
                filter: "nonce IS NOT NULL AND status NOT IN ('failed', 'needs_review') AND (batch_id IS NULL OR batch_id = id)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_hedge_executions_batch",
                table: "hedge_executions",
                sql: "batch_id IS NULL OR (batch_id <= id AND nonce IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "ux_execution_attempts_tx_hash_execution_id",
                table: "execution_attempts",
                columns: new[] { "tx_hash", "execution_id" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_hedge_executions_batch_id",
                table: "hedge_executions",
                column: "batch_id",
                principalTable: "hedge_executions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_hedge_executions_batch_id",
                table: "hedge_executions");

            migrationBuilder.DropIndex(
                name: "ix_hedge_executions_batch_id",
                table: "hedge_executions");

            migrationBuilder.DropIndex(
                name: "ux_hedge_executions_live_nonce",
                table: "hedge_executions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_hedge_executions_batch",
                table: "hedge_executions");

            migrationBuilder.DropIndex(
                name: "ux_execution_attempts_tx_hash_execution_id",
                table: "execution_attempts");

            migrationBuilder.DropColumn(
                name: "batch_id",
                table: "hedge_executions");

            migrationBuilder.CreateIndex(
                name: "ux_hedge_executions_live_nonce",
                table: "hedge_executions",
                columns: new[] { "chain_id", "from_address", "nonce" },
                unique: true,
                filter: "nonce IS NOT NULL AND status NOT IN ('failed', 'needs_review')");

            migrationBuilder.CreateIndex(
                name: "ux_execution_attempts_tx_hash",
                table: "execution_attempts",
                column: "tx_hash",
                unique: true);
        }
    }
}
