using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ModelBytesAndRatioPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "feature_schema",
                table: "model_versions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "model_bytes",
                table: "model_versions",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ratio_policy",
                table: "lp_positions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "model"); // existing positions get the cost-aware default, as new ones do

            migrationBuilder.AddColumn<string>(
                name: "policy",
                table: "hedge_suggestions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_ratio_policy",
                table: "lp_positions",
                sql: "ratio_policy IN ('model', 'seed')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_hedge_suggestions_policy",
                table: "hedge_suggestions",
                sql: "policy IS NULL OR policy IN ('model', 'seed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_ratio_policy",
                table: "lp_positions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_hedge_suggestions_policy",
                table: "hedge_suggestions");

            migrationBuilder.DropColumn(
                name: "feature_schema",
                table: "model_versions");

            migrationBuilder.DropColumn(
                name: "model_bytes",
                table: "model_versions");

            migrationBuilder.DropColumn(
                name: "ratio_policy",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "policy",
                table: "hedge_suggestions");
        }
    }
}
