using System;
using System.Numerics;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ChainHealthAndPoolState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<BigInteger>(
                name: "sqrt_price_x96",
                table: "pools",
                type: "numeric(78,0)",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "state_at",
                table: "pools",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "state_block",
                table: "pools",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "state_tick",
                table: "pools",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "checked_at",
                table: "chains",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "head_block",
                table: "chains",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "health_reason",
                table: "chains",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_healthy",
                table: "chains",
                type: "boolean",
                nullable: false,
                defaultValue: true); // chains known before the workers first checked them are not reported down

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "unhealthy_since",
                table: "chains",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sqrt_price_x96",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "state_at",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "state_block",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "state_tick",
                table: "pools");

            migrationBuilder.DropColumn(
                name: "checked_at",
                table: "chains");

            migrationBuilder.DropColumn(
                name: "head_block",
                table: "chains");

            migrationBuilder.DropColumn(
                name: "health_reason",
                table: "chains");

            migrationBuilder.DropColumn(
                name: "is_healthy",
                table: "chains");

            migrationBuilder.DropColumn(
                name: "unhealthy_since",
                table: "chains");
        }
    }
}
