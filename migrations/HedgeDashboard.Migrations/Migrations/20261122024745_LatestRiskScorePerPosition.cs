using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HedgeDashboard.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LatestRiskScorePerPosition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "position_latest_scores",
                columns: table => new
                {
                    position_id = table.Column<long>(type: "bigint", nullable: false),
                    risk_score_id = table.Column<long>(type: "bigint", nullable: false),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    forecast_volatility = table.Column<double>(type: "double precision", nullable: false),
                    expected_il = table.Column<double>(type: "double precision", nullable: false),
                    prob_il_beyond_threshold = table.Column<double>(type: "double precision", nullable: false),
                    recommended_ratio = table.Column<decimal>(type: "numeric(7,6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_position_latest_scores", x => x.position_id);
                    table.ForeignKey(
                        name: "fk_position_latest_scores_position_id",
                        column: x => x.position_id,
                        principalTable: "lp_positions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_position_latest_scores_risk_score_id",
                        column: x => x.risk_score_id,
                        principalTable: "risk_scores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_position_latest_scores_risk_score_id",
                table: "position_latest_scores",
                column: "risk_score_id",
                unique: true);

            // Kept by a statement-level trigger (one upsert per INSERT statement or COPY, newest per
            // position wins), then backfilled from the scores already stored.
            migrationBuilder.Sql("""
                CREATE FUNCTION risk_scores_track_latest() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO position_latest_scores AS l (position_id, risk_score_id, scored_at, score, forecast_volatility,
                        expected_il, prob_il_beyond_threshold, recommended_ratio)
                    SELECT DISTINCT ON (position_id) position_id, id, scored_at, score, forecast_volatility,
                        expected_il, prob_il_beyond_threshold, recommended_ratio
                    FROM new_scores
                    ORDER BY position_id, scored_at DESC, id DESC
                    ON CONFLICT (position_id) DO UPDATE SET
                        risk_score_id = EXCLUDED.risk_score_id, scored_at = EXCLUDED.scored_at, score = EXCLUDED.score,
                        forecast_volatility = EXCLUDED.forecast_volatility, expected_il = EXCLUDED.expected_il,
                        prob_il_beyond_threshold = EXCLUDED.prob_il_beyond_threshold, recommended_ratio = EXCLUDED.recommended_ratio
                    WHERE (l.scored_at, l.risk_score_id) < (EXCLUDED.scored_at, EXCLUDED.risk_score_id);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER tr_risk_scores_track_latest AFTER INSERT ON risk_scores
                    REFERENCING NEW TABLE AS new_scores
                    FOR EACH STATEMENT EXECUTE FUNCTION risk_scores_track_latest();
                INSERT INTO position_latest_scores (position_id, risk_score_id, scored_at, score, forecast_volatility,
                    expected_il, prob_il_beyond_threshold, recommended_ratio)
                SELECT DISTINCT ON (position_id) position_id, id, scored_at, score, forecast_volatility,
                    expected_il, prob_il_beyond_threshold, recommended_ratio
                FROM risk_scores
                ORDER BY position_id, scored_at DESC, id DESC;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS tr_risk_scores_track_latest ON risk_scores;
                DROP FUNCTION IF EXISTS risk_scores_track_latest();
                """);

            migrationBuilder.DropTable(
                name: "position_latest_scores");
        }
    }
}
