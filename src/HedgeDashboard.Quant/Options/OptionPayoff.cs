namespace HedgeDashboard.Quant.Options;

/// <summary>What a cash-settled European option pays at expiry, per unit of the underlying.</summary>
public static class OptionPayoff
{
    public static double AtExpiry(OptionRight right, double strike, double settlementPrice)
    {
        if (!double.IsFinite(settlementPrice) || settlementPrice < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settlementPrice), settlementPrice, "The settlement price must be finite and non-negative.");
        }

        return Math.Max(right == OptionRight.Call ? settlementPrice - strike : strike - settlementPrice, 0);
    }
}
