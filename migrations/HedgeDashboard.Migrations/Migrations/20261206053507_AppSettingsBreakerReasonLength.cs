using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AppSettingsBreakerReasonLength : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A reason saved before the limit (one of 5,000 characters was) is cut so the column can shrink.
            migrationBuilder.Sql("UPDATE app_settings SET circuit_breaker_reason = left(circuit_breaker_reason, 500) WHERE length(circuit_breaker_reason) > 500;");
            migrationBuilder.AlterColumn<string>(
                name: "circuit_breaker_reason",
                table: "app_settings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "circuit_breaker_reason",
                table: "app_settings",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true);
        }
    }
}
