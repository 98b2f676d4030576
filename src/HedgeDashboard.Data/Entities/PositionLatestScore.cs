namespace HedgeDashboard.Data.Entities;

/// <summary>
/// The newest risk score of each position, kept by a trigger on risk_scores (statement-level, so
/// bulk inserts and COPY pay once per statement). Read-only for the application: insert risk
/// scores, never this. It makes the positions grid one merge join instead of one index probe per position.
/// </summary>
public sealed class PositionLatestScore
{
    public long PositionId { get; set; }

    public long RiskScoreId { get; set; }

    public DateTimeOffset ScoredAt { get; set; }

    public double Score { get; set; }

    public double ForecastVolatility { get; set; }

    public double ExpectedIl { get; set; }

    public double ProbIlBeyondThreshold { get; set; }

    public decimal RecommendedRatio { get; set; }
}
