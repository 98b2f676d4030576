namespace HedgeDashboard.Data.Entities;

/// <summary>An EVM chain; the key is the chain id itself (1 mainnet, 31337 anvil).</summary>
public sealed class Chain
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Transaction link for the UI, e.g. <c>https://etherscan.io/tx/{hash}</c>; null uses the global template.</summary>
    public string? ExplorerTxUrlTemplate { get; set; }
}
