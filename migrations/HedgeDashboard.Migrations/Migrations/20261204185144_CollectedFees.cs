using System;
using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class CollectedFees : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lp_position_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    contract_address = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    block_number = table.Column<long>(type: "bigint", nullable: false),
                    block_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    block_time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tx_hash = table.Column<string>(type: "character varying(66)", maxLength: 66, nullable: false),
                    log_index = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    nft_token_id = table.Column<long>(type: "bigint", nullable: false),
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    liquidity = table.Column<BigInteger>(type: "numeric(78,0)", nullable: true),
                    amount0 = table.Column<BigInteger>(type: "numeric(78,0)", nullable: false),
                    amount1 = table.Column<BigInteger>(type: "numeric(78,0)", nullable: false),
                    recipient = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: true),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    indexed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lp_position_events", x => x.id);
                    table.CheckConstraint("ck_lp_position_events_amounts", "amount0 >= 0 AND amount1 >= 0");
                    table.CheckConstraint("ck_lp_position_events_block_hash", "block_hash ~ '^0x[0-9a-f]{64}$'");
                    table.CheckConstraint("ck_lp_position_events_block_number", "block_number >= 0");
                    table.CheckConstraint("ck_lp_position_events_contract_address", "contract_address ~ '^0x[0-9a-f]{40}$'");
                    table.CheckConstraint("ck_lp_position_events_kind", "kind IN ('decrease_liquidity', 'collect')");
                    table.CheckConstraint("ck_lp_position_events_liquidity", "(kind = 'decrease_liquidity') = (liquidity IS NOT NULL) AND (liquidity IS NULL OR liquidity >= 0)");
                    table.CheckConstraint("ck_lp_position_events_log_index", "log_index >= 0");
                    table.CheckConstraint("ck_lp_position_events_nft_token_id", "nft_token_id >= 0");
                    table.CheckConstraint("ck_lp_position_events_recipient", "(kind = 'collect') = (recipient IS NOT NULL) AND (recipient IS NULL OR recipient ~ '^0x[0-9a-f]{40}$')");
                    table.CheckConstraint("ck_lp_position_events_tx_hash", "tx_hash ~ '^0x[0-9a-f]{64}$'");
                    table.ForeignKey(
                        name: "fk_lp_position_events_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lp_position_events_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lp_position_events_chain_id_block_number",
                table: "lp_position_events",
                columns: new[] { "chain_id", "block_number" });

            migrationBuilder.CreateIndex(
                name: "ix_lp_position_events_position_id_block_number",
                table: "lp_position_events",
                columns: new[] { "position_id", "block_number" });

            migrationBuilder.CreateIndex(
                name: "ux_lp_position_events_log",
                table: "lp_position_events",
                columns: new[] { "block_hash", "tx_hash", "log_index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lp_position_events");
        }
    }
}
