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
}
