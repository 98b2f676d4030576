namespace HedgeDashboard.Quant.Positions;

/// <summary>Closed-form impermanent loss.</summary>
public static class ImpermanentLoss
{
    /// <summary>Full-range constant product: IL(r) = 2*sqrt(r)/(1+r) - 1 with r = P1/P0.</summary>
    public static double V2(double priceRatio)
    {
        if (!double.IsFinite(priceRatio) || priceRatio <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(priceRatio), priceRatio, "The price ratio must be positive and finite.");
        }

        return (2 * Math.Sqrt(priceRatio) / (1 + priceRatio)) - 1;
    }
}
