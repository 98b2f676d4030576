using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Uniswap v3 NonfungiblePositionManager events the indexer follows.

[Event("DecreaseLiquidity")]
public sealed class DecreaseLiquidityEventDto : IEventDTO
{
    [Parameter("uint256", "tokenId", 1, true)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint128", "liquidity", 2, false)]
    public BigInteger Liquidity { get; set; }

    [Parameter("uint256", "amount0", 3, false)]
    public BigInteger Amount0 { get; set; }

    [Parameter("uint256", "amount1", 4, false)]
    public BigInteger Amount1 { get; set; }
}

[Event("Collect")]
public sealed class CollectEventDto : IEventDTO
{
    [Parameter("uint256", "tokenId", 1, true)]
    public BigInteger TokenId { get; set; }

    [Parameter("address", "recipient", 2, false)]
    public string Recipient { get; set; } = "";

    [Parameter("uint256", "amount0", 3, false)]
    public BigInteger Amount0 { get; set; }

    [Parameter("uint256", "amount1", 4, false)]
    public BigInteger Amount1 { get; set; }
}

[Event("IncreaseLiquidity")]
public sealed class IncreaseLiquidityEventDto : IEventDTO
{
    [Parameter("uint256", "tokenId", 1, true)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint128", "liquidity", 2, false)]
    public BigInteger Liquidity { get; set; }

    [Parameter("uint256", "amount0", 3, false)]
    public BigInteger Amount0 { get; set; }

    [Parameter("uint256", "amount1", 4, false)]
    public BigInteger Amount1 { get; set; }
}
