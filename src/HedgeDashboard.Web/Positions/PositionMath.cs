using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;
using HedgeDashboard.Workers.Suggestions;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Web.Positions;

/// <summary>Turns a stored position and the pair's current price into a grid row (Quant does the math).</summary>
public static class PositionMath
{
    public static LiquidityPosition? Liquidity(double entryPrice, double amount0, double amount1, double lower, double upper)
    {
        // lower 0 and upper +infinity is full range (Uniswap v2).
        if (entryPrice <= 0 || lower < 0 || upper <= lower || (amount0 <= 0 && amount1 <= 0))
        {
            return null;
        }

        var p = LiquidityPosition.FromAmounts(entryPrice, amount0, amount1, lower, upper);
        return double.IsFinite(p.Liquidity) && p.Liquidity > 0 ? p : null;
    }

    /// <summary>
    /// The row at <paramref name="price"/> (quote per base); money figures in USD at <paramref name="quoteUsd"/> per quote
    /// token, or not priced when it is null.
    /// </summary>
    public static PositionRow Row(PositionOverview o, double? price, decimal? quoteUsd)
    {
        var (lower, upper) = LpPosition.Range(o.PriceLower, o.PriceUpper);
        var entry = (double)o.EntryPrice;
        var a0 = (double)o.EntryAmount0;
        var a1 = (double)o.EntryAmount1;
        var lp = Liquidity(entry, a0, a1, lower, upper);
        double? value = null, il = null, ilPct = null, delta = null;
        bool? inRange = null;
        if (price is > 0 and var p)
        {
            inRange = p > lower && p < upper;
            if (lp is not null)
            {
                // Holding the amounts actually deposited (the position's own x0, y0 at entry).
                var held = lp.AmountsAt(entry);
                var hodl = (held.Amount0 * p) + held.Amount1;
                var usd = (double?)quoteUsd;
                value = lp.ValueAt(p) * usd;
                il = value - (hodl * usd);
                ilPct = hodl > 0 ? (lp.ValueAt(p) / hodl) - 1 : null;
                delta = lp.DeltaAt(p);
            }
        }

        return new PositionRow
        {
            Id = o.Id,
            Pair = o.Pair,
            NftTokenId = o.NftTokenId,
            Kind = o.Kind,
            Owner = o.OwnerAddress,
            PriceLower = lower,
            PriceUpper = upper,
            EntryPrice = entry,
            Price = price,
            InRange = inRange,
            Value = value,
            IlValue = il,
            QuoteUsd = quoteUsd,
            IlPct = ilPct,
            Delta = delta,
            OnChainRatio = (double)o.OnChainHedgeRatio,
            // What a suggestion proposes (the pending one, else one step toward the model's ratio): the grid and the
            // inbox must not disagree (the grid showed 50% -> 0% while the pending suggestion said 50% -> 30%).
            RecommendedRatio = o.Pending is { } pending ? (double)pending.ProposedRatio
                : o.LatestScore is { } s ? (double)SuggestionRules.Step(o.OnChainHedgeRatio, s.RecommendedRatio, new ExecutionPolicy { MaxRatioChange = o.MaxRatioChange })
                : null,
            RiskScore = o.LatestScore?.Score,
            ForecastVolatility = o.LatestScore?.ForecastVolatility,
            PendingSuggestionId = o.Pending?.Id,
            Mode = o.Mode.ToString(),
            UpdatedAt = o.LatestScore is { } ls && ls.ScoredAt > o.UpdatedAt ? ls.ScoredAt : o.UpdatedAt,
        };
    }
}
