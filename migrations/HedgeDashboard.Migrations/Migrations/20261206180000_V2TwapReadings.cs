using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class V2TwapReadings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "v2_twap_readings",
                columns: table => new
                {
                    chain_id = table.Column<long>(type: "bigint", nullable: false),
                    pair = table.Column<string>(type: "character varying(42)", maxLength: 42, nullable: false),
                    block_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    block_number = table.Column<long>(type: "bigint", nullable: false),
                    cumulative0 = table.Column<BigInteger>(type: "numeric(78,0)", nullable: false),
                    cumulative1 = table.Column<BigInteger>(type: "numeric(78,0)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_v2_twap_readings", x => new { x.chain_id, x.pair, x.block_timestamp });
                    table.CheckConstraint("ck_v2_twap_readings_block", "block_number >= 0 AND block_timestamp >= 0");
                    table.CheckConstraint("ck_v2_twap_readings_cumulatives", "cumulative0 >= 0 AND cumulative1 >= 0");
                    table.CheckConstraint("ck_v2_twap_readings_pair", "pair ~ '^0x[0-9a-f]{40}$'");
                    table.ForeignKey(
                        name: "fk_v2_twap_readings_chain_id",
                        column: x => x.chain_id,
                        principalTable: "chains",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "v2_twap_readings");
        }
    }
}
