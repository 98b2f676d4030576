using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LiquidityEventsCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "liquidity_events_through_block",
                table: "lp_positions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_liquidity_events_through_block",
                table: "lp_positions",
                sql: "liquidity_events_through_block >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_liquidity_events_through_block",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "liquidity_events_through_block",
                table: "lp_positions");
        }
    }
}
