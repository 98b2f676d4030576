using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Uniswap v3 pool events.

[Event("Swap")]
public sealed class SwapEventDto : IEventDTO
{
    [Parameter("address", "sender", 1, true)]
    public string Sender { get; set; } = "";

    [Parameter("address", "recipient", 2, true)]
    public string Recipient { get; set; } = "";

    [Parameter("int256", "amount0", 3, false)]
    public BigInteger Amount0 { get; set; }

    [Parameter("int256", "amount1", 4, false)]
    public BigInteger Amount1 { get; set; }

    [Parameter("uint160", "sqrtPriceX96", 5, false)]
    public BigInteger SqrtPriceX96 { get; set; }

    [Parameter("uint128", "liquidity", 6, false)]
    public BigInteger Liquidity { get; set; }

    [Parameter("int24", "tick", 7, false)]
    public int Tick { get; set; }
}
