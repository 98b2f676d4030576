using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// ERC-20 (balanceOf is shared with ERC-721: BalanceOfFunction), WETH9's deposit, TestUSDC's faucet, and the
// SwapRouter's single-pool swap.

[Function("approve", "bool")]
public sealed class ApproveFunction : FunctionMessage
{
    [Parameter("address", "spender", 1)]
    public string Spender { get; set; } = "";

    [Parameter("uint256", "amount", 2)]
    public BigInteger Amount { get; set; }
}

[Function("deposit")]
public sealed class DepositFunction : FunctionMessage
{
}

[Function("faucet")]
public sealed class FaucetFunction : FunctionMessage
{
    [Parameter("uint256", "amount", 1)]
    public BigInteger Amount { get; set; }
}

[Struct("ExactInputSingleParams")]
public sealed class ExactInputSingleParams
{
    [Parameter("address", "tokenIn", 1)]
    public string TokenIn { get; set; } = "";

    [Parameter("address", "tokenOut", 2)]
    public string TokenOut { get; set; } = "";

    [Parameter("uint24", "fee", 3)]
    public int Fee { get; set; }

    [Parameter("address", "recipient", 4)]
    public string Recipient { get; set; } = "";

    [Parameter("uint256", "deadline", 5)]
    public BigInteger Deadline { get; set; }

    [Parameter("uint256", "amountIn", 6)]
    public BigInteger AmountIn { get; set; }

    [Parameter("uint256", "amountOutMinimum", 7)]
    public BigInteger AmountOutMinimum { get; set; }

    [Parameter("uint160", "sqrtPriceLimitX96", 8)]
    public BigInteger SqrtPriceLimitX96 { get; set; }
}

[Function("exactInputSingle", "uint256")]
public sealed class ExactInputSingleFunction : FunctionMessage
{
    [Parameter("tuple", "params", 1)]
    public ExactInputSingleParams Params { get; set; } = new();
}
