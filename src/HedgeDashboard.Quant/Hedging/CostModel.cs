namespace HedgeDashboard.Quant.Hedging;

/// <summary>Costs of running a perpetual hedge.</summary>
/// <param name="TakerFeeBps">Exchange taker fee per rebalance, in basis points of the traded notional.</param>
/// <param name="SlippageBps">Slippage per rebalance, in basis points of the traded notional.</param>
/// <param name="GasUsd">Fixed cost per rebalance, in USD (token1).</param>
/// <param name="FundingRatePerHour">
/// Constant funding rate per hour (fraction), used where no funding series covers the time.
/// Positive means longs pay shorts.
/// </param>
public sealed record CostModel(double TakerFeeBps, double SlippageBps, double GasUsd, double FundingRatePerHour)
{
    public static CostModel Default { get; } = new(TakerFeeBps: 5, SlippageBps: 0, GasUsd: 1, FundingRatePerHour: 0);

    /// <summary>Trading cost of changing the hedge by <paramref name="quantityChange"/> token0 at <paramref name="price"/>.</summary>
    public (double Fee, double Slippage, double Gas) TradeCost(double quantityChange, double price)
    {
        var notional = Math.Abs(quantityChange) * price;
        return (notional * TakerFeeBps / 10_000, notional * SlippageBps / 10_000, GasUsd);
    }
}
