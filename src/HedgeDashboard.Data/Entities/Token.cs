namespace HedgeDashboard.Data.Entities;

/// <summary>An ERC-20 token on one chain. Addresses are stored lower-case, 0x-prefixed.</summary>
public sealed class Token
{
    public long Id { get; set; }

    public long ChainId { get; set; }

    public Chain? Chain { get; set; }

    public required string Address { get; set; }

    public required string Symbol { get; set; }

    public int Decimals { get; set; }

    /// <summary>
    /// USD per whole token from the chain's valuation (a Chainlink feed, or a TWAP path through pools to a fed token);
    /// null while the token has no path to a USD feed ("not priced": never shown with a dollar sign).
    /// </summary>
    public decimal? UsdPrice { get; set; }

    /// <summary>How <see cref="UsdPrice"/> was found, e.g. "feed 0x..." or "TWAP WBTC/WETH 0.3 % x WETH".</summary>
    public string? UsdSource { get; set; }

    /// <summary>Why the price is not trusted now (stale feed, deviation, sequencer down); null while it is.</summary>
    public string? UsdStaleReason { get; set; }

    /// <summary>When the valuation last ran for this token (or first failed, while stale).</summary>
    public DateTimeOffset? UsdCheckedAt { get; set; }

    /// <summary>The block <see cref="UsdPrice"/> was read at.</summary>
    public long? UsdBlock { get; set; }
}
