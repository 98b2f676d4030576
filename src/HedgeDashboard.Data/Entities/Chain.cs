namespace HedgeDashboard.Data.Entities;

/// <summary>An EVM chain; the key is the chain id itself (1 mainnet, 31337 anvil).</summary>
public sealed class Chain
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Transaction link for the UI, e.g. <c>https://etherscan.io/tx/{hash}</c>; null uses the global template.</summary>
    public string? ExplorerTxUrlTemplate { get; set; }

    /// <summary>
    /// True when our HedgeController is deployed on this chain; without it, its positions' suggestions are advisory
    /// (never executed).
    /// </summary>
    public bool HasHedgeController { get; set; }

    /// <summary>False while the chain's nodes do not answer: its positions are stale (the workers follow each chain on its own).</summary>
    public bool IsHealthy { get; set; } = true;

    /// <summary>When the current outage began (null while healthy).</summary>
    public DateTimeOffset? UnhealthySince { get; set; }

    /// <summary>Why the chain is unhealthy (the last error), null while healthy.</summary>
    public string? HealthReason { get; set; }

    /// <summary>The latest block the workers saw on this chain.</summary>
    public long? HeadBlock { get; set; }

    /// <summary>When the workers last reached the chain (or tried to).</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    /// <summary>
    /// Why valuation and automatic execution are paused on this chain (its L2 sequencer is down, or up for less than the
    /// grace period); null while they run. Its positions are stale meanwhile.
    /// </summary>
    public string? PausedReason { get; set; }

    /// <summary>Since when the pause holds (kept while it lasts, not moved each tick).</summary>
    public DateTimeOffset? PausedSince { get; set; }
}
