using System;
using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class FeesAndVenueCharges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fees_observed_at",
                table: "lp_positions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "fees_observed_block",
                table: "lp_positions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<BigInteger>(
                name: "fees_owed0",
                table: "lp_positions",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.AddColumn<BigInteger>(
                name: "fees_owed1",
                table: "lp_positions",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "venue_charges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    venue_address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    block_number = table.Column<long>(type: "bigint", nullable: false),
                    block_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    block_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    log_index = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    protected_position_id = table.Column<long>(type: "bigint", nullable: false),
                    position_id = table.Column<long>(type: "bigint", nullable: true),
                    execution_id = table.Column<long>(type: "bigint", nullable: true),
                    amount = table.Column<decimal>(type: "numeric(48,18)", nullable: false),
                    notional = table.Column<decimal>(type: "numeric(48,18)", nullable: false),
                    elapsed_seconds = table.Column<long>(type: "bigint", nullable: true),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    indexed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_venue_charges", x => x.id);
                    table.CheckConstraint("ck_venue_charges_amount", "amount >= 0");
                    table.CheckConstraint("ck_venue_charges_block_hash", "block_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_venue_charges_block_number", "block_number >= 0");
                    table.CheckConstraint("ck_venue_charges_elapsed_seconds", "(kind = 'funding') = (elapsed_seconds IS NOT NULL) AND (elapsed_seconds IS NULL OR elapsed_seconds >= 0)");
                    table.CheckConstraint("ck_venue_charges_kind", "kind IN ('trade_fee', 'funding')");
                    table.CheckConstraint("ck_venue_charges_log_index", "log_index >= 0");
                    table.CheckConstraint("ck_venue_charges_notional", "notional >= 0");
                    table.CheckConstraint("ck_venue_charges_tx_hash", "tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_venue_charges_venue_address", "venue_address ~ '^0x[0-9a-f]{40}$'");
                    table.ForeignKey(
                        name: "fk_venue_charges_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_venue_charges_execution_id",
                        column: x => x.execution_id,
                        principalTable: "hedge_executions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_venue_charges_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_lp_positions_fees_owed",
                table: "lp_positions",
                sql: "(fees_owed0 IS NULL AND fees_owed1 IS NULL AND fees_observed_at IS NULL AND fees_observed_block IS NULL) OR (fees_owed0 >= 0 AND fees_owed1 >= 0 AND fees_observed_at IS NOT NULL AND fees_observed_block >= 0)");

            migrationBuilder.CreateIndex(
                name: "ix_venue_charges_chain_id_block_number",
                table: "venue_charges",
                columns: new[] { "chain_id", "block_number" });

            migrationBuilder.CreateIndex(
                name: "ix_venue_charges_execution_id",
                table: "venue_charges",
                column: "execution_id");

            migrationBuilder.CreateIndex(
                name: "ix_venue_charges_position_id_block_time",
                table: "venue_charges",
                columns: new[] { "position_id", "block_time" });

            migrationBuilder.CreateIndex(
                name: "ux_venue_charges_log",
                table: "venue_charges",
                columns: new[] { "block_hash", "tx_hash", "log_index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "venue_charges");

            migrationBuilder.DropCheckConstraint(
                name: "ck_lp_positions_fees_owed",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "fees_observed_at",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "fees_observed_block",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "fees_owed0",
                table: "lp_positions");

            migrationBuilder.DropColumn(
                name: "fees_owed1",
                table: "lp_positions");
        }
    }
}
