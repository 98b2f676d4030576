using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class OptionLegs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "option_legs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    suggestion_id = table.Column<long>(type: "bigint", nullable: false),
                    execution_id = table.Column<long>(type: "bigint", nullable: true),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    strike = table.Column<decimal>(type: "numeric(48,18)", nullable: false),
                    expiry = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    notional = table.Column<decimal>(type: "numeric(48,18)", nullable: false),
                    max_premium = table.Column<decimal>(type: "numeric(48,18)", nullable: false),
                    order_nonce = table.Column<long>(type: "bigint", nullable: true),
                    order_calldata = table.Column<byte[]>(type: "bytea", nullable: true),
                    on_chain_option_id = table.Column<long>(type: "bigint", nullable: true),
                    premium_paid = table.Column<decimal>(type: "numeric(48,18)", nullable: true),
                    bought_tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    bought_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    settlement_price = table.Column<decimal>(type: "numeric(48,18)", nullable: true),
                    settlement_payout = table.Column<decimal>(type: "numeric(48,18)", nullable: true),
                    settled_tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: true),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_option_legs", x => x.id);
                    table.CheckConstraint("ck_option_legs_bought_tx_hash", "bought_tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_option_legs_kind", "kind IN ('put', 'call')");
                    table.CheckConstraint("ck_option_legs_max_premium", "max_premium >= 0");
                    table.CheckConstraint("ck_option_legs_notional", "notional > 0");
                    table.CheckConstraint("ck_option_legs_open_has_option", "status NOT IN ('open', 'settled') OR on_chain_option_id IS NOT NULL");
                    table.CheckConstraint("ck_option_legs_premium_paid", "premium_paid IS NULL OR premium_paid >= 0");
                    table.CheckConstraint("ck_option_legs_settled_has_payout", "status <> 'settled' OR settlement_payout IS NOT NULL");
                    table.CheckConstraint("ck_option_legs_settled_tx_hash", "settled_tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_option_legs_settlement_payout", "settlement_payout IS NULL OR settlement_payout >= 0");
                    table.CheckConstraint("ck_option_legs_status", "status IN ('proposed', 'approved', 'open', 'settled', 'rejected', 'failed')");
                    table.CheckConstraint("ck_option_legs_strike", "strike > 0");
                    table.ForeignKey(
                        name: "fk_option_legs_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_option_legs_execution_id",
                        column: x => x.execution_id,
                        principalTable: "hedge_executions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_option_legs_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_option_legs_suggestion_id",
                        column: x => x.suggestion_id,
                        principalTable: "hedge_suggestions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_option_legs_position_id_status",
                table: "option_legs",
                columns: new[] { "position_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_option_legs_chain_id_on_chain_option_id",
                table: "option_legs",
                columns: new[] { "chain_id", "on_chain_option_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_option_legs_execution_id",
                table: "option_legs",
                column: "execution_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_option_legs_suggestion_id",
                table: "option_legs",
                column: "suggestion_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "option_legs");
        }
    }
}
