using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Workers.Book;

// The calls of position discovery as Nethereum function messages (encoded by Nethereum, replies checked by our strict
// codec through FunctionCalls.AbiOf): ERC-721 enumeration and positions() of the NonfungiblePositionManager, the
// factory's getPool, ERC-20 metadata and the pool's tick spacing.

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

[Function("getPool", "address")]
public sealed class GetPoolFunction : FunctionMessage
{
    [Parameter("address", "tokenA", 1)]
    public string TokenA { get; set; } = "";

    [Parameter("address", "tokenB", 2)]
    public string TokenB { get; set; } = "";

    [Parameter("uint24", "fee", 3)]
    public int Fee { get; set; }
}

[Function("tickSpacing", "int24")]
public sealed class TickSpacingFunction : FunctionMessage
{
}

[Function("symbol", "string")]
public sealed class SymbolFunction : FunctionMessage
{
}

[Function("decimals", "uint8")]
public sealed class DecimalsFunction : FunctionMessage
{
}
