using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ExecutionSignedUpdate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "update_deadline",
                table: "hedge_executions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "update_position_nonce",
                table: "hedge_executions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "update_signature",
                table: "hedge_executions",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "update_signer",
                table: "hedge_executions",
                type: "character varying(42)",
                maxLength: 42,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "update_target_hedge_size",
                table: "hedge_executions",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_hedge_executions_signed_update",
                table: "hedge_executions",
                sql: "(update_signature IS NULL AND update_signer IS NULL AND update_target_hedge_size IS NULL AND update_position_nonce IS NULL AND update_deadline IS NULL) OR (octet_length(update_signature) = 65 AND update_signer ~ '^0x[0-9a-f]{40}$' AND update_target_hedge_size >= 0 AND update_position_nonce >= 0 AND update_deadline > 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_hedge_executions_signed_update",
                table: "hedge_executions");

            migrationBuilder.DropColumn(
                name: "update_deadline",
                table: "hedge_executions");

            migrationBuilder.DropColumn(
                name: "update_position_nonce",
                table: "hedge_executions");

            migrationBuilder.DropColumn(
                name: "update_signature",
                table: "hedge_executions");

            migrationBuilder.DropColumn(
                name: "update_signer",
                table: "hedge_executions");

            migrationBuilder.DropColumn(
                name: "update_target_hedge_size",
                table: "hedge_executions");
        }
    }
}
