namespace HedgeDashboard.Data.Entities;

/// <summary>A model's IL-risk assessment of one position at one time.</summary>
public sealed class RiskScore
{
    public long Id { get; set; }

    public long PositionId { get; set; }

    public LpPosition? Position { get; set; }

    public DateTimeOffset ScoredAt { get; set; }

    public long? ModelVersionId { get; set; }

    public ModelVersion? ModelVersion { get; set; }

    /// <summary>Risk score in [0, 1] (the UI colours it).</summary>
    public double Score { get; set; }

    /// <summary>Forecast volatility (annualised, &gt;= 0) over the horizon.</summary>
    public double ForecastVolatility { get; set; }

    public double HorizonHours { get; set; }

    /// <summary>Expected IL over the horizon as a fraction of value (&lt;= 0 is a loss), in [-1, 1].</summary>
    public double ExpectedIl { get; set; }

    /// <summary>P(IL worse than <see cref="IlThreshold"/>), in [0, 1].</summary>
    public double ProbIlBeyondThreshold { get; set; }

    /// <summary>IL threshold as a positive fraction, in [0, 1].</summary>
    public double IlThreshold { get; set; }

    public decimal RecommendedRatio { get; set; }

    /// <summary>The features used, as JSON (jsonb).</summary>
    public string Features { get; set; } = "{}";
}
