using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class OptionKeeperAndPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bought_block_hash",
                table: "option_legs",
                type: "character varying(66)",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "bought_block_number",
                table: "option_legs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "settle_execution_id",
                table: "option_legs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "settle_round_id",
                table: "option_legs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "settled_block_hash",
                table: "option_legs",
                type: "character varying(66)",
                maxLength: 66,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "settled_block_number",
                table: "option_legs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "option_policy",
                table: "lp_positions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_option_legs_settle_execution_id",
                table: "option_legs",
                column: "settle_execution_id",
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_option_legs_bought_block_hash",
                table: "option_legs",
                sql: "bought_block_hash ~ '^0x[0-9a-f]{64}$'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_option_legs_settle_round",
                table: "option_legs",
                sql: "settle_execution_id IS NULL OR settle_round_id > 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_option_legs_settled_block_hash",
                table: "option_legs",
                sql: "settled_block_hash ~ '^0x[0-9a-f]{64}$'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_option_policy",
                table: "lp_positions",
                sql: "option_policy IS NULL OR option_policy ~ '^put:[1-9][0-9]{0,4}[dh]$'");

            migrationBuilder.AddForeignKey(
                name: "fk_option_legs_settle_execution_id",
                table: "option_legs",
                column: "settle_execution_id",
                principalTable: "hedge_executions",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_option_legs_settle_execution_id",
                table: "option_legs");

            migrationBuilder.DropIndex(
                name: "ux_option_legs_settle_execution_id",
                table: "option_legs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_option_legs_bought_block_hash",
                table: "option_legs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_option_legs_settle_round",
                table: "option_legs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_option_legs_settled_block_hash",
                table: "option_legs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_option_policy",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "bought_block_hash",
                table: "option_legs");

            migrationBuilder.DropColumn(
                name: "bought_block_number",
                table: "option_legs");

            migrationBuilder.DropColumn(
                name: "settle_execution_id",
                table: "option_legs");

            migrationBuilder.DropColumn(
                name: "settle_round_id",
                table: "option_legs");

            migrationBuilder.DropColumn(
                name: "settled_block_hash",
                table: "option_legs");

            migrationBuilder.DropColumn(
                name: "settled_block_number",
                table: "option_legs");

            migrationBuilder.DropColumn(
                name: "option_policy",
                table: "lp_positions");
        }
    }
}
