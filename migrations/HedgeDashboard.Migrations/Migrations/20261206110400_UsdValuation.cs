using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class UsdValuation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "usd_block",
                table: "tokens",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "usd_checked_at",
                table: "tokens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "usd_price",
                table: "tokens",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "usd_source",
                table: "tokens",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "usd_stale_reason",
                table: "tokens",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "paused_reason",
                table: "chains",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "paused_since",
                table: "chains",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_tokens_usd_price_positive",
                table: "tokens",
                sql: "usd_price IS NULL OR usd_price > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tokens_usd_price_positive",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "usd_block",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "usd_checked_at",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "usd_price",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "usd_source",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "usd_stale_reason",
                table: "tokens");

            migrationBuilder.DropColumn(
                name: "paused_reason",
                table: "chains");

            migrationBuilder.DropColumn(
                name: "paused_since",
                table: "chains");
        }
    }
}
