using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LpPositionEventCursors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lp_position_event_cursors",
                columns: table => new
                {
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    through_block = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lp_position_event_cursors", x => x.position_id);
                    table.CheckConstraint("ck_lp_position_event_cursors_through_block", "through_block >= 0");
                    table.ForeignKey(
                        name: "fk_lp_position_event_cursors_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lp_position_event_cursors");
        }
    }
}
