using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Options;

namespace HedgeDashboard.Web.Positions;

/// <summary>
/// An option leg as the position page shows it: its terms, what it cost, what it is worth now and its Greeks for the
/// whole notional (Black-Scholes at the current price and the latest forecast volatility, zero rate; Vega per vol point,
/// Theta per day). Settled legs show their payout as value and no Greeks.
/// </summary>
public sealed record OptionLegRow(
    long Id, OptionKind Kind, OptionLegStatus Status, decimal Strike, DateTimeOffset Expiry, decimal Notional, decimal? PremiumPaid,
    double? Value, double? Delta, double? Gamma, double? Vega, double? Theta, decimal? SettlementPrice, decimal? Payout, string? TxHash)
{
    public string Title => $"{Kind} {Notional:0.####} @ {Strike:0.##}";

    public static OptionLegRow Of(OptionLeg leg, double? spot, double? volatility, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leg);
        double? value = null;
        OptionGreeks? g = null;
        var n = (double)leg.Notional;
        if (leg.Status == OptionLegStatus.Settled)
        {
            value = (double?)leg.SettlementPayout;
        }
        else if (spot is > 0 and var s && leg.Status is OptionLegStatus.Open or OptionLegStatus.Approved or OptionLegStatus.Proposed)
        {
            var right = leg.Kind == OptionKind.Put ? OptionRight.Put : OptionRight.Call;
            var years = (leg.Expiry - now).TotalDays / 365.0;
            if (years <= 0)
            {
                value = Math.Max(right == OptionRight.Put ? (double)leg.Strike - s : s - (double)leg.Strike, 0) * n;
            }
            else if (volatility is > 0 and var v)
            {
                g = BlackScholes.Greeks(right, s, (double)leg.Strike, years, 0, v);
                value = g.Value.Price * n;
            }
        }

        return new OptionLegRow(
            leg.Id, leg.Kind, leg.Status, leg.Strike, leg.Expiry, leg.Notional, leg.PremiumPaid, value,
            g?.Delta * n, g?.Gamma * n, g?.Vega * n / 100, g?.Theta * n / 365, leg.SettlementPrice, leg.SettlementPayout, leg.SettledTxHash ?? leg.BoughtTxHash);
    }
}
