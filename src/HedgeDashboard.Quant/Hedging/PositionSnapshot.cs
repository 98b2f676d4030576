namespace HedgeDashboard.Quant.Hedging;

/// <summary>The LP position as a policy sees it at one step. Prices in token1 per token0.</summary>
/// <param name="Lower">Range lower bound (0 for full range).</param>
/// <param name="Upper">Range upper bound (infinity for full range).</param>
/// <param name="EntryPrice">Price when the position was opened.</param>
/// <param name="Price">Current price.</param>
/// <param name="EntryAmount0">Token0 held at entry (the HODL benchmark's token0).</param>
/// <param name="LpDelta">Current LP delta dV/dP, equal to the token0 amount held.</param>
/// <param name="LpValue">Current LP value in token1.</param>
public readonly record struct PositionSnapshot(
    double Lower,
    double Upper,
    double EntryPrice,
    double Price,
    double EntryAmount0,
    double LpDelta,
    double LpValue)
{
    public bool InRange => Price > Lower && Price < Upper;
}
