using HedgeDashboard.Data.Entities;

namespace HedgeDashboard.Web.Positions;

/// <summary>
/// What an LP reads first on a position page (as Revert or Uniswap show it): the tokens held now and their dollar
/// value, the fee tier, the age, the fee APR, and the PnL against the deposit and against simply holding; with the
/// hedge in tokens and notional. Dollar figures are the pair's quote amounts times the quote token's USD price (the
/// chain's valuation); unknown (null) where the current price or that USD price is.
/// </summary>
public sealed record PositionFigures(
    double? Amount0,
    double? Amount1,
    double? Value0Usd,
    double? Value1Usd,
    double? ValueUsd,
    double? DepositUsd,
    double? HoldUsd,
    double? PnlVsDeposit,
    double? PnlVsHolding,
    double? FeeApr,
    TimeSpan Age,
    double FeeTier,
    double? HedgeTokens,
    double? HedgeNotionalUsd)
{
    public static PositionFigures Of(LpPosition p, PositionRow? row, double? feesUsd, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(p);
        var entry = (double)p.EntryPrice;
        var (a0, a1) = ((double)p.EntryAmount0, (double)p.EntryAmount1);
        var q = (double?)row?.QuoteUsd;
        var deposit = ((a0 * entry) + a1) * q;
        var age = ((p.ClosedAt ?? now) - p.OpenedAt) is { Ticks: > 0 } d ? d : TimeSpan.Zero;
        var feeTier = (p.Pool?.FeeTier ?? 0) / 1_000_000.0; // Uniswap fee tiers are in hundredths of a basis point
        if (row?.Price is not { } price || q is not { } usd)
        {
            return new(null, null, null, null, null, deposit, null, null, null, null, age, feeTier, null, null);
        }

        var now0 = PositionMath.Liquidity(entry, a0, a1, LpPosition.Range(p.PriceLower, p.PriceUpper).Lower, LpPosition.Range(p.PriceLower, p.PriceUpper).Upper)?.AmountsAt(price);
        var value = row.Value;
        var hold = ((a0 * price) + a1) * usd;
        var withFees = value + (feesUsd ?? 0);
        var years = age.TotalDays / 365.25;
        var hedge = row.Delta is { } delta ? delta * row.OnChainRatio : (double?)null;
        return new(
            now0?.Amount0,
            now0?.Amount1,
            now0 is { } n ? n.Amount0 * price * usd : null,
            now0?.Amount1 * usd,
            value,
            deposit,
            hold,
            withFees - deposit,
            withFees - hold,
            feesUsd is { } f && deposit is > 0 and var dep && years > 0 ? f / dep / years : null,
            age,
            feeTier,
            hedge,
            hedge * price * usd);
    }
}
