using HedgeDashboard.Quant.Options;

namespace HedgeDashboard.Quant.Hedging.Options;

/// <summary>
/// How the backtest's option market quotes and charges (Black-76 on the price, which stands for the perpetual's
/// price, i.e. the forward). Defaults are Deribit-like: 5 vol points above the forecast, a 5 % bid/ask
/// spread on the premium, 3 bp of the underlying's notional in fees capped at 12.5 % of the premium.
/// </summary>
/// <param name="VolatilityPremium">Added to the policy's forecast volatility (absolute, e.g. 0.05 = 5 points).</param>
/// <param name="SpreadPct">Full bid/ask spread in % of the mid premium; a buyer pays half above mid, a seller gets half below.</param>
/// <param name="FeeBps">Trading fee in basis points of the underlying's notional per option.</param>
/// <param name="FeeCapPct">Fee cap in % of the premium.</param>
/// <param name="Rate">Discount rate per year (continuous).</param>
public sealed record OptionMarket(double VolatilityPremium = 0.05, double SpreadPct = 5, double FeeBps = 3, double FeeCapPct = 12.5, double Rate = 0)
{
    public static OptionMarket Default { get; } = new();

    /// <summary>Quoted volatility for a forecast.</summary>
    public double QuotedVolatility(double forecast) => forecast + VolatilityPremium;

    /// <summary>The signed mid value of <paramref name="leg"/> and what trading it costs above mid (half spread, fee).</summary>
    public (double Mid, double Spread, double Fee) Trade(OptionLeg leg, double price, double years, double quotedVolatility)
    {
        var unitMid = Black76.Price(leg.Right, price, leg.Strike, years, Rate, quotedVolatility);
        var size = Math.Abs(leg.Quantity);
        var fee = Math.Min(FeeBps / 10_000 * price, FeeCapPct / 100 * unitMid) * size;
        return (unitMid * leg.Quantity, unitMid * size * SpreadPct / 200, fee);
    }

    public void Validate()
    {
        if (!(double.IsFinite(VolatilityPremium) && VolatilityPremium >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(VolatilityPremium), VolatilityPremium, "The volatility premium must be finite and non-negative.");
        }

        if (!(SpreadPct >= 0 && SpreadPct < 200 && FeeBps >= 0 && double.IsFinite(FeeBps) && FeeCapPct >= 0 && double.IsFinite(FeeCapPct) && double.IsFinite(Rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(SpreadPct), "Option spread must be in [0, 200) %, fees non-negative, the rate finite.");
        }
    }
}
