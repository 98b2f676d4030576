namespace HedgeDashboard.Forecasting.Evaluation;

/// <summary>Losses for variance forecasts (Patton 2011): both are robust to noise in the realized proxy.</summary>
public static class Scores
{
    /// <summary>QLIKE normalized to RV/F - ln(RV/F) - 1: zero for a perfect forecast, never negative.</summary>
    public static double Qlike(double realized, double forecast)
    {
        double ratio = realized / forecast;
        return ratio - Math.Log(ratio) - 1;
    }

    public static double SquaredError(double realized, double forecast) => (realized - forecast) * (realized - forecast);
}
