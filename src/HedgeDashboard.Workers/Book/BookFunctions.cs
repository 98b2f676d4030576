using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Workers.Book;

// The calls of position discovery that are the book's alone, as Nethereum function messages (replies checked by
// StrictAbi through EthCallApi): the factory's getPool, ERC-20 symbol and the pool's tick spacing. ERC-721 enumeration,
// positions() and decimals() are the shared messages in HedgeDashboard.Ethereum.Rpc.Contracts.Dtos.

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


// Uniswap v2 pair views (token0/token1 and ERC-20 balanceOf are the shared messages).

[Function("getReserves", typeof(GetReservesOutputDto))]
public sealed class GetReservesFunction : FunctionMessage
{
}

[FunctionOutput]
public sealed class GetReservesOutputDto : IFunctionOutputDTO
{
    [Parameter("uint112", "reserve0", 1)]
    public System.Numerics.BigInteger Reserve0 { get; set; }

    [Parameter("uint112", "reserve1", 2)]
    public System.Numerics.BigInteger Reserve1 { get; set; }

    [Parameter("uint32", "blockTimestampLast", 3)]
    public long BlockTimestampLast { get; set; }
}

[Function("totalSupply", "uint256")]
public sealed class TotalSupplyFunction : FunctionMessage
{
}

[Function("price0CumulativeLast", "uint256")]
public sealed class Price0CumulativeLastFunction : FunctionMessage
{
}

[Function("price1CumulativeLast", "uint256")]
public sealed class Price1CumulativeLastFunction : FunctionMessage
{
}

// Uniswap v2 pair events of a wallet's deposits: the liquidity tokens minted to it (Transfer from the zero address) and
// the amounts deposited in the same transaction (Mint).

[Event("Transfer")]
public sealed class PairTransferEventDto : IEventDTO
{
    [Parameter("address", "from", 1, true)]
    public string From { get; set; } = "";

    [Parameter("address", "to", 2, true)]
    public string To { get; set; } = "";

    [Parameter("uint256", "value", 3, false)]
    public System.Numerics.BigInteger Value { get; set; }
}

[Event("Mint")]
public sealed class PairMintEventDto : IEventDTO
{
    [Parameter("address", "sender", 1, true)]
    public string Sender { get; set; } = "";

    [Parameter("uint256", "amount0", 2, false)]
    public System.Numerics.BigInteger Amount0 { get; set; }

    [Parameter("uint256", "amount1", 3, false)]
    public System.Numerics.BigInteger Amount1 { get; set; }
}

// Demo-chain messages shared by the book simulator and the tests: the test tokens' open mint, an ERC-20 transfer and a
// Uniswap v2 pair's low-level swap.

[Function("mint")]
public sealed class TestTokenMintFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public System.Numerics.BigInteger Amount { get; set; }
}

[Function("transfer", "bool")]
public sealed class Erc20TransferFunction : FunctionMessage
{
    [Parameter("address", "to", 1)]
    public string To { get; set; } = "";

    [Parameter("uint256", "value", 2)]
    public System.Numerics.BigInteger Value { get; set; }
}

[Function("swap")]
public sealed class V2SwapFunction : FunctionMessage
{
    [Parameter("uint256", "amount0Out", 1)]
    public System.Numerics.BigInteger Amount0Out { get; set; }

    [Parameter("uint256", "amount1Out", 2)]
    public System.Numerics.BigInteger Amount1Out { get; set; }

    [Parameter("address", "to", 3)]
    public string To { get; set; } = "";

    [Parameter("bytes", "data", 4)]
    public byte[] Data { get; set; } = [];
}
