namespace HedgeDashboard.Data.Entities;

/// <summary>
/// One price of a pair from one source at one instant. Source: "chainlink", "pool", or the
/// exchange file's name. The key (pair, source, observed_at) makes re-ingest harmless.
/// </summary>
public sealed class PriceObservation
{
    public required string Pair { get; set; }

    public required string Source { get; set; }

    public DateTimeOffset ObservedAt { get; set; }

    /// <summary>Quote per base, &gt; 0.</summary>
    public decimal Price { get; set; }

    /// <summary>Block of an on-chain observation; null for exchange data.</summary>
    public long? BlockNumber { get; set; }

    /// <summary>Base-asset volume of the bar, when the source has one.</summary>
    public decimal? Volume { get; set; }
}
