using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class V2PositionsAndAdvisory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_pools_tick_spacing",
                table: "pools");

            migrationBuilder.DropIndex(
                name: "ux_lp_positions_pool_id_nft_token_id",
                table: "lp_positions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_price_range",
                table: "lp_positions");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "pools",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "v3"); // every row before this migration is a Uniswap v3 pool or position

            migrationBuilder.AddColumn<BigInteger>(
                name: "reserve0",
                table: "pools",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.AddColumn<BigInteger>(
                name: "reserve1",
                table: "pools",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.AddColumn<BigInteger>(
                name: "total_supply",
                table: "pools",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "price_upper",
                table: "lp_positions",
                type: "numeric",
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric");

            migrationBuilder.AlterColumn<decimal>(
                name: "price_lower",
                table: "lp_positions",
                type: "numeric",
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "lp_positions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "v3"); // every row before this migration is a Uniswap v3 pool or position

            migrationBuilder.AddColumn<string>(
                name: "advisory",
                table: "hedge_suggestions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "has_hedge_controller",
                table: "chains",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_pools_kind",
                table: "pools",
                sql: "kind IN ('v3', 'v2')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pools_tick_spacing",
                table: "pools",
                sql: "(kind = 'v3' AND tick_spacing > 0) OR (kind = 'v2' AND tick_spacing = 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pools_v2_state",
                table: "pools",
                sql: "(kind = 'v3' AND reserve0 IS NULL AND reserve1 IS NULL AND total_supply IS NULL) OR (kind = 'v2' AND sqrt_price_x96 IS NULL AND (reserve0 IS NULL) = (total_supply IS NULL) AND (reserve1 IS NULL) = (total_supply IS NULL) AND (total_supply IS NULL OR (reserve0 >= 0 AND reserve1 >= 0 AND total_supply >= 0)))");

            migrationBuilder.CreateIndex(
                name: "ux_lp_positions_pool_id_owner_address_v2",
                table: "lp_positions",
                columns: new[] { "pool_id", "owner_address" },
                unique: true,
                filter: "kind = 'v2'");

            migrationBuilder.CreateIndex(
                name: "ux_lp_positions_pool_id_nft_token_id",
                table: "lp_positions",
                columns: new[] { "pool_id", "nft_token_id" },
                unique: true,
                filter: "kind = 'v3'");

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_kind",
                table: "lp_positions",
                sql: "kind IN ('v3', 'v2')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_price_range",
                table: "lp_positions",
                sql: "(kind = 'v3' AND price_lower > 0 AND price_lower < price_upper) OR (kind = 'v2' AND price_lower IS NULL AND price_upper IS NULL AND nft_token_id = 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_hedge_suggestions_advisory_not_executed",
                table: "hedge_suggestions",
                sql: "advisory IS NULL OR status NOT IN ('approved', 'executing', 'executed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_pools_kind",
                table: "pools");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pools_tick_spacing",
                table: "pools");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pools_v2_state",
                table: "pools");

            migrationBuilder.DropIndex(
                name: "ux_lp_positions_pool_id_owner_address_v2",
                table: "lp_positions");

            migrationBuilder.DropIndex(
                name: "ux_lp_positions_pool_id_nft_token_id",
                table: "lp_positions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_kind",
                table: "lp_positions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_price_range",
                table: "lp_positions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_hedge_suggestions_advisory_not_executed",
                table: "hedge_suggestions");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "reserve0",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "reserve1",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "total_supply",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "advisory",
                table: "hedge_suggestions");

            migrationBuilder.DropColumn(
                name: "has_hedge_controller",
                table: "chains");

            migrationBuilder.AlterColumn<decimal>(
                name: "price_upper",
                table: "lp_positions",
                type: "numeric",
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "numeric",
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "price_lower",
                table: "lp_positions",
                type: "numeric",
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "numeric",
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_pools_tick_spacing",
                table: "pools",
                sql: "tick_spacing > 0");

            migrationBuilder.CreateIndex(
                name: "ux_lp_positions_pool_id_nft_token_id",
                table: "lp_positions",
                columns: new[] { "pool_id", "nft_token_id" },
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_price_range",
                table: "lp_positions",
                sql: "price_lower > 0 AND price_lower < price_upper");
        }
    }
}
