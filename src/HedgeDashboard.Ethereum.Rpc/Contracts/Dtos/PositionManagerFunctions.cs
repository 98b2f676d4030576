using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Uniswap v3 NonfungiblePositionManager: reads, and the mint / decrease / collect calls of the simulator and tests.

[Function("positions", typeof(PositionsOutputDto))]
public sealed class PositionsFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)]
    public BigInteger TokenId { get; set; }
}

[FunctionOutput]
public sealed class PositionsOutputDto : IFunctionOutputDTO
{
    [Parameter("uint96", "nonce", 1)]
    public BigInteger Nonce { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = "";

    [Parameter("address", "token0", 3)]
    public string Token0 { get; set; } = "";

    [Parameter("address", "token1", 4)]
    public string Token1 { get; set; } = "";

    [Parameter("uint24", "fee", 5)]
    public int Fee { get; set; }

    [Parameter("int24", "tickLower", 6)]
    public int TickLower { get; set; }

    [Parameter("int24", "tickUpper", 7)]
    public int TickUpper { get; set; }

    [Parameter("uint128", "liquidity", 8)]
    public BigInteger Liquidity { get; set; }

    [Parameter("uint256", "feeGrowthInside0LastX128", 9)]
    public BigInteger FeeGrowthInside0LastX128 { get; set; }

    [Parameter("uint256", "feeGrowthInside1LastX128", 10)]
    public BigInteger FeeGrowthInside1LastX128 { get; set; }

    [Parameter("uint128", "tokensOwed0", 11)]
    public BigInteger TokensOwed0 { get; set; }

    [Parameter("uint128", "tokensOwed1", 12)]
    public BigInteger TokensOwed1 { get; set; }
}

[Function("balanceOf", "uint256")]
public sealed class BalanceOfFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = "";
}

[Function("tokenOfOwnerByIndex", "uint256")]
public sealed class TokenOfOwnerByIndexFunction : FunctionMessage
{
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = "";

    [Parameter("uint256", "index", 2)]
    public BigInteger Index { get; set; }
}

[Function("ownerOf", "address")]
public sealed class OwnerOfFunction : FunctionMessage
{
    [Parameter("uint256", "tokenId", 1)]
    public BigInteger TokenId { get; set; }
}

[Struct("MintParams")]
public sealed class MintParams
{
    [Parameter("address", "token0", 1)]
    public string Token0 { get; set; } = "";

    [Parameter("address", "token1", 2)]
    public string Token1 { get; set; } = "";

    [Parameter("uint24", "fee", 3)]
    public int Fee { get; set; }

    [Parameter("int24", "tickLower", 4)]
    public int TickLower { get; set; }

    [Parameter("int24", "tickUpper", 5)]
    public int TickUpper { get; set; }

    [Parameter("uint256", "amount0Desired", 6)]
    public BigInteger Amount0Desired { get; set; }

    [Parameter("uint256", "amount1Desired", 7)]
    public BigInteger Amount1Desired { get; set; }

    [Parameter("uint256", "amount0Min", 8)]
    public BigInteger Amount0Min { get; set; }

    [Parameter("uint256", "amount1Min", 9)]
    public BigInteger Amount1Min { get; set; }

    [Parameter("address", "recipient", 10)]
    public string Recipient { get; set; } = "";

    [Parameter("uint256", "deadline", 11)]
    public BigInteger Deadline { get; set; }
}

[Function("mint", typeof(MintOutputDto))]
public sealed class MintFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)]
    public MintParams Params { get; set; } = new();
}

[FunctionOutput]
public sealed class MintOutputDto : IFunctionOutputDTO
{
    [Parameter("uint256", "tokenId", 1)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint128", "liquidity", 2)]
    public BigInteger Liquidity { get; set; }

    [Parameter("uint256", "amount0", 3)]
    public BigInteger Amount0 { get; set; }

    [Parameter("uint256", "amount1", 4)]
    public BigInteger Amount1 { get; set; }
}

[Struct("DecreaseLiquidityParams")]
public sealed class DecreaseLiquidityParams
{
    [Parameter("uint256", "tokenId", 1)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint128", "liquidity", 2)]
    public BigInteger Liquidity { get; set; }

    [Parameter("uint256", "amount0Min", 3)]
    public BigInteger Amount0Min { get; set; }

    [Parameter("uint256", "amount1Min", 4)]
    public BigInteger Amount1Min { get; set; }

    [Parameter("uint256", "deadline", 5)]
    public BigInteger Deadline { get; set; }
}

[Function("decreaseLiquidity", typeof(AmountsOutputDto))]
public sealed class DecreaseLiquidityFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)]
    public DecreaseLiquidityParams Params { get; set; } = new();
}

[Struct("CollectParams")]
public sealed class CollectParams
{
    [Parameter("uint256", "tokenId", 1)]
    public BigInteger TokenId { get; set; }

    [Parameter("address", "recipient", 2)]
    public string Recipient { get; set; } = "";

    [Parameter("uint128", "amount0Max", 3)]
    public BigInteger Amount0Max { get; set; }

    [Parameter("uint128", "amount1Max", 4)]
    public BigInteger Amount1Max { get; set; }
}

[Function("collect", typeof(AmountsOutputDto))]
public sealed class CollectFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)]
    public CollectParams Params { get; set; } = new();
}

/// <summary>The (amount0, amount1) pair that decreaseLiquidity and collect return.</summary>
[FunctionOutput]
public sealed class AmountsOutputDto : IFunctionOutputDTO
{
    [Parameter("uint256", "amount0", 1)]
    public BigInteger Amount0 { get; set; }

    [Parameter("uint256", "amount1", 2)]
    public BigInteger Amount1 { get; set; }
}
