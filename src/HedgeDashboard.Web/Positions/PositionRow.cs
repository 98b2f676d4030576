using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Queries;

namespace HedgeDashboard.Web.Positions;

/// <summary>One row of the positions grid: the stored position plus what the current price implies.</summary>
public sealed class PositionRow
{
    public long Id { get; init; }

    public required string Pair { get; init; }

    public long NftTokenId { get; init; }

    public PositionKind Kind { get; init; } = PositionKind.V3;

    /// <summary>How the grid names the position: "ETH/USD #12" (v3 NFT) or "ETH/USD v2" (a pair's liquidity tokens).</summary>
    public string Label => Kind == PositionKind.V2 ? $"{Pair} v2" : $"{Pair} #{NftTokenId}";

    public required string Owner { get; init; }

    public double PriceLower { get; init; }

    public double PriceUpper { get; init; }

    public double EntryPrice { get; init; }

    public double? Price { get; init; }

    public bool? InRange { get; init; }

    /// <summary>Value in USD: the pair's quote amount times the quote token's USD price; null when not priced.</summary>
    public double? Value { get; init; }

    /// <summary>Value minus the value of holding the entry amounts, in USD.</summary>
    public double? IlValue { get; init; }

    /// <summary>USD per whole quote token from the chain's valuation; null: the position is not priced (no path to a USD feed).</summary>
    public decimal? QuoteUsd { get; init; }

    /// <summary>False when the pair's quote token has no USD price: its money figures are shown as "not priced", never with $.</summary>
    public bool Priced => QuoteUsd is not null;

    /// <summary>V/H - 1.</summary>
    public double? IlPct { get; init; }

    /// <summary>Uncollected LP fees valued in USD at <see cref="Price"/>; null when never read from the chain (or no price).</summary>
    public double? Fees { get; private set; }

    /// <summary>Uncollected LP fees in token units (token0, token1 of the pair), as last read from the chain.</summary>
    public LpFees? FeesOwed { get; private set; }

    /// <summary>dV/dP: the token0 exposure to hedge.</summary>
    public double? Delta { get; init; }

    public double OnChainRatio { get; init; }

    public double? RecommendedRatio { get; init; }

    public double? RiskScore { get; init; }

    public double? ForecastVolatility { get; init; }

    public long? PendingSuggestionId { get; init; }

    public required string Mode { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The range in the pair's quote: dollars for a USD pair, else the quote's units (BTC/ETH: "19.50 – 20.50 ETH").</summary>
    public string RangeText => Kind == PositionKind.V2 || double.IsPositiveInfinity(PriceUpper) ? "full range"
        : Pair.EndsWith("/USD", StringComparison.Ordinal)
        ? $"{Fmt.Usd(PriceLower)} – {Fmt.Usd(PriceUpper)}"
        : $"{Fmt.Num(PriceLower, "#,##0.00####")} – {Fmt.Num(PriceUpper, "#,##0.00####")} {Pair[(Pair.IndexOf('/', StringComparison.Ordinal) + 1)..]}";

    /// <summary>A money figure in USD, or "not priced" when the quote token has no USD price.</summary>
    public string Money(double? usd) => Priced ? Fmt.Usd(usd) : NotPriced;

    /// <summary>As <see cref="Money"/>, in whole dollars from 10,000 up (the positions grid).</summary>
    public string MoneyShort(double? usd) => Priced ? Fmt.UsdShort(usd) : NotPriced;

    public const string NotPriced = "not priced";

    /// <summary>The chain the position lives on ("" when its pool is unknown).</summary>
    public string Chain { get; private set; } = "";

    /// <summary>The pool: token symbols in pool order and fee tier, e.g. "WBTC/WETH 0.30 %".</summary>
    public string Pool { get; private set; } = "";

    /// <summary>Since when the position's figures are stale (chain silent, sequencer paused, a token's USD price failing a check); null while current.</summary>
    public DateTimeOffset? StaleSince { get; private set; }

    /// <summary>Why the figures are stale, for the badge's title.</summary>
    public string? StaleReason { get; private set; }

    /// <summary>Sets the chain, pool and staleness while the row is built (before it is shared).</summary>
    public PositionRow WithBook(string chain, string pool, DateTimeOffset? staleSince, string? staleReason = null)
    {
        (Chain, Pool, StaleSince, StaleReason) = (chain, pool, staleSince, staleReason);
        return this;
    }

    /// <summary>Sets the fees while the row is built (before it is shared), valued at the row's price in USD.</summary>
    public PositionRow WithFees(LpFees? fees)
    {
        FeesOwed = fees;
        Fees = fees is not null && Price is > 0 and var p && QuoteUsd is { } usd ? (double)(fees.ValueAt((decimal)p) * usd) : null;
        return this;
    }
}
