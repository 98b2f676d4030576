using System.Globalization;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Quant.Hedging;
using HedgeDashboard.Quant.Hedging.Options;

namespace HedgeDashboard.Workers.OptionLegs;

/// <summary>
/// A position's option policy as chosen in its settings: <c>put:TENOR</c> (<c>put:30d</c>, <c>put:7d</c>, <c>put:12h</c>).
/// Only protective puts run live: the option controller buys one option per order, so the backtest's put spread (a
/// sold leg) and strangle (two legs) stay backtest-only.
/// </summary>
public sealed record OptionPolicyChoice(string Kind, TimeSpan Tenor)
{
    public string Text => Kind + ":" + (Tenor.TotalDays == Math.Floor(Tenor.TotalDays)
        ? string.Create(CultureInfo.InvariantCulture, $"{Tenor.TotalDays:0}d")
        : string.Create(CultureInfo.InvariantCulture, $"{Tenor.TotalHours:0}h"));

    /// <summary>Null for none (empty); the error names what is wrong.</summary>
    public static OptionPolicyChoice? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split(':', 2);
        if (parts[0] != "put")
        {
            throw new FormatException($"Option policy '{text}': only 'put:TENOR' runs live (e.g. put:30d); put-spread, strangle and delta-gamma are backtest-only.");
        }

        var tenor = parts.Length == 1 ? OptionPolicies.DefaultTenor : TryTenor(parts[1]) ?? throw new FormatException($"Option policy '{text}': the tenor must be like 7d, 30d or 12h (at most 99999).");
        return new OptionPolicyChoice("put", tenor);
    }

    private static TimeSpan? TryTenor(string arg)
    {
        try
        {
            var tenor = OptionPolicies.ParseTenor(arg, "put");
            return arg.Length <= 6 ? tenor : null; // the column's check allows 5 digits
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>What the suggestion stage proposes for a position's option policy.</summary>
public sealed record OptionProposal(OptionTerms Terms, decimal ExpectedPremium, string Reason);

/// <summary>
/// Sizes the put of a position's option policy from its own Greeks (the backtest's <see cref="ProtectivePutPolicy"/>:
/// struck at the range's lower bound, or the price below it, on the exposure's delta there against holding), and
/// prices it with Black-76 at the forecast volatility plus the configured volatility premium, half the bid/ask spread
/// and the fee (<see cref="OptionMarket"/>). The order's limit is that premium plus a margin: a venue asking more
/// than the model's price by more than the margin is refused by the contract (PremiumAboveLimit).
/// </summary>
public static class OptionSuggestionPlanner
{
    /// <summary>Notionals are rounded down to this many ETH decimals (the order carries wei; the display stays readable).</summary>
    public const int NotionalDecimals = 4;

    public static OptionProposal? Plan(
        OptionPolicyChoice choice, decimal lower, decimal upper, decimal entryPrice, decimal entryAmount0, double price, double lpValue, double forecastVolatility,
        OptionMarket market, double maxPremiumMarginPct, DateTimeOffset chainNow, decimal? notionalCap = null, decimal? premiumCap = null)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(market);
        if (!(price > 0 && lpValue > 0 && forecastVolatility > 0 && double.IsFinite(forecastVolatility)))
        {
            return null;
        }

        var snapshot = new PositionSnapshot((double)lower, (double)upper, (double)entryPrice, price, (double)entryAmount0, 0, lpValue);
        if (ProtectivePutPolicy.LegFor(snapshot, (double)entryAmount0) is not { } leg)
        {
            return null;
        }

        // The owner's caps on the option controller bind every order: the size stops at what is left of them.
        var sized = Math.Round((decimal)leg.Quantity, NotionalDecimals, MidpointRounding.ToZero);
        var notional = notionalCap is { } cap ? Math.Min(sized, Math.Round(cap, NotionalDecimals, MidpointRounding.ToZero)) : sized;
        var strike = Math.Round((decimal)leg.Strike, 2, MidpointRounding.ToZero);
        if (notional <= 0 || strike <= 0)
        {
            return null;
        }

        var years = choice.Tenor.TotalDays / 365;
        var quoted = market.QuotedVolatility(forecastVolatility);
        var (mid, spread, fee) = market.Trade(leg with { Strike = (double)strike, Quantity = (double)notional }, price, years, quoted);
        var premium = (decimal)(mid + spread + fee);
        var limit = Math.Round(premium * (decimal)(1 + (maxPremiumMarginPct / 100)), 2, MidpointRounding.AwayFromZero);
        if (premiumCap is { } room)
        {
            if (room < premium)
            {
                return null; // the owner's premium cap leaves less than the model's price: nothing that could fill
            }

            limit = Math.Min(limit, Math.Round(room, 2, MidpointRounding.ToZero));
        }

        var terms = new OptionTerms(OptionKind.Put, strike, chainNow + choice.Tenor, notional, limit);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Option policy {choice.Text}: put {notional:0.####} @ {strike:0.##} (the exposure's delta at the lower bound against holding{(notional < sized ? $", {sized:0.####}, capped by the owner's open-notional cap" : "")}) expiring {terms.Expiry:u}; Black-76 at forecast volatility {forecastVolatility:P0} + {market.VolatilityPremium:P0} premium, spread and fee: {premium:0.##} USD, limit {limit:0.##} (+{maxPremiumMarginPct:0.#} %)");
        return new OptionProposal(terms, Math.Round(premium, 2), reason);
    }
}
