namespace HedgeDashboard.Quant.Positions;

/// <summary>Amounts of token0 (e.g. ETH) and token1 (e.g. USDC).</summary>
public readonly record struct TokenAmounts(double Amount0, double Amount1)
{
    /// <summary>Value in token1 at <paramref name="price"/> (token1 per token0).</summary>
    public double ValueAt(double price) => (Amount0 * price) + Amount1;
}
