using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PortfolioSuggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "portfolio_suggestion_id",
                table: "hedge_suggestions",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "portfolio_suggestions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    plan = table.Column<string>(type: "jsonb", nullable: false),
                    risk_before_usd = table.Column<decimal>(type: "numeric(20,2)", nullable: false),
                    risk_after_usd = table.Column<decimal>(type: "numeric(20,2)", nullable: false),
                    expected_cost_usd = table.Column<decimal>(type: "numeric(20,2)", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_portfolio_suggestions", x => x.id);
                    table.CheckConstraint("ck_portfolio_suggestions_amounts", "risk_before_usd >= 0 AND risk_after_usd >= 0 AND expected_cost_usd >= 0");
                    table.CheckConstraint("ck_portfolio_suggestions_decision", "(status IN ('approved', 'rejected') AND decided_by IS NOT NULL AND decided_at IS NOT NULL) OR status NOT IN ('approved', 'rejected')");
                    table.CheckConstraint("ck_portfolio_suggestions_expiry", "expires_at > created_at");
                    table.CheckConstraint("ck_portfolio_suggestions_idempotency_key", "length(idempotency_key) > 0");
                    table.CheckConstraint("ck_portfolio_suggestions_states", "status IN ('pending', 'approved', 'rejected', 'expired', 'superseded')");
                    table.CheckConstraint("ck_portfolio_suggestions_status", "status IN ('pending', 'approved', 'rejected', 'expired', 'superseded', 'executing', 'executed', 'failed')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_hedge_suggestions_portfolio_suggestion_id",
                table: "hedge_suggestions",
                column: "portfolio_suggestion_id");

            migrationBuilder.CreateIndex(
                name: "ix_portfolio_suggestions_created_at",
                table: "portfolio_suggestions",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ux_portfolio_suggestions_idempotency_key",
                table: "portfolio_suggestions",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_portfolio_suggestions_one_pending",
                table: "portfolio_suggestions",
                column: "status",
                unique: true,
                filter: "status = 'pending'");

            migrationBuilder.AddForeignKey(
                name: "fk_hedge_suggestions_portfolio_suggestion_id",
                table: "hedge_suggestions",
                column: "portfolio_suggestion_id",
                principalTable: "portfolio_suggestions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_hedge_suggestions_portfolio_suggestion_id",
                table: "hedge_suggestions");

            migrationBuilder.DropTable(
                name: "portfolio_suggestions");

            migrationBuilder.DropIndex(
                name: "ix_hedge_suggestions_portfolio_suggestion_id",
                table: "hedge_suggestions");

            migrationBuilder.DropColumn(
                name: "portfolio_suggestion_id",
                table: "hedge_suggestions");
        }
    }
}
