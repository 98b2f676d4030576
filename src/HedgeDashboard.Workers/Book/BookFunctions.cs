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

