namespace HedgeDashboard.Web.Positions;

/// <summary>One row of the positions grid: the stored position plus what the current price implies.</summary>
public sealed class PositionRow
{
    public long Id { get; init; }

    public required string Pair { get; init; }

    public long NftTokenId { get; init; }

    public required string Owner { get; init; }

    public double PriceLower { get; init; }

    public double PriceUpper { get; init; }

    public double EntryPrice { get; init; }

    public double? Price { get; init; }

    public bool? InRange { get; init; }

    /// <summary>Value in token1 (USD for ETH/USD).</summary>
    public double? Value { get; init; }

    /// <summary>Value minus the value of holding the entry amounts, in token1.</summary>
    public double? IlValue { get; init; }

    /// <summary>V/H - 1.</summary>
    public double? IlPct { get; init; }

    /// <summary>Unclaimed fees, when the sync stage knows them (not yet stored).</summary>
    public double? Fees { get; init; }

    /// <summary>dV/dP: the token0 exposure to hedge.</summary>
    public double? Delta { get; init; }

    public double OnChainRatio { get; init; }

    public double? RecommendedRatio { get; init; }

    public double? RiskScore { get; init; }

    public double? ForecastVolatility { get; init; }

    public long? PendingSuggestionId { get; init; }

    public required string Mode { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string RangeText => $"{PriceLower:N2} – {PriceUpper:N2}";
}
