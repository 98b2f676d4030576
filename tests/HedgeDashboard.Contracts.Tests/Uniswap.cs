using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// The write side of the dev market the tests drive from C# (token set-up, NonfungiblePositionManager mint /
/// decreaseLiquidity / collect, SwapRouter.exactInputSingle), encoded with the Ethereum layer's ABI coder and sent as
/// C#-signed type-2 transactions. The product's read-only bindings live in HedgeDashboard.Ethereum.Rpc.Contracts.
/// </summary>
public static class Uniswap
{
    public static readonly AbiFunction Deposit = AbiFunction.Parse("deposit()");
    public static readonly AbiFunction Faucet = AbiFunction.Parse("faucet(uint256)");
    public static readonly AbiFunction Approve = AbiFunction.Parse("approve(address,uint256)(bool)");
    public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address)(uint256)");

    /// <summary>mint(MintParams(token0, token1, fee, tickLower, tickUpper, amount0Desired, amount1Desired, amount0Min, amount1Min, recipient, deadline)).</summary>
    public static readonly AbiFunction Mint = AbiFunction.Parse(
        "mint((address,address,uint24,int24,int24,uint256,uint256,uint256,uint256,address,uint256))(uint256,uint128,uint256,uint256)");

    /// <summary>decreaseLiquidity(DecreaseLiquidityParams(tokenId, liquidity, amount0Min, amount1Min, deadline)) returns (amount0, amount1).</summary>
    public static readonly AbiFunction DecreaseLiquidity = AbiFunction.Parse("decreaseLiquidity((uint256,uint128,uint256,uint256,uint256))(uint256,uint256)");

    /// <summary>collect(CollectParams(tokenId, recipient, amount0Max, amount1Max)) returns (amount0, amount1).</summary>
    public static readonly AbiFunction Collect = AbiFunction.Parse("collect((uint256,address,uint128,uint128))(uint256,uint256)");

    /// <summary>exactInputSingle(ExactInputSingleParams(tokenIn, tokenOut, fee, recipient, deadline, amountIn, amountOutMinimum, sqrtPriceLimitX96)).</summary>
    public static readonly AbiFunction ExactInputSingle = AbiFunction.Parse(
        "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))(uint256)");

    public static readonly AbiEvent IncreaseLiquidityEvent = AbiEvent.Parse("event IncreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)");

    public static readonly BigInteger Uint128Max = (BigInteger.One << 128) - 1;

    public static async Task<TransactionReceipt> SendOkAsync(this TransactionSender txs, EthereumAccount from, Address to, byte[] data, BigInteger? value = null)
    {
        var receipt = await txs.SendAndWaitAsync(from, new TransactionRequest { To = to, Data = data, Value = value ?? BigInteger.Zero });
        Assert.True(receipt.Succeeded, $"transaction to {to} failed in block {receipt.BlockNumber}");
        return receipt;
    }

    /// <summary>The values of the single log of <paramref name="ev"/> in a receipt.</summary>
    public static object?[] SingleEvent(this TransactionReceipt receipt, AbiEvent ev)
    {
        var log = Assert.Single(receipt.Logs, l => ev.Matches(l.Topics));
        return ev.DecodeLog(log.Topics, log.Data);
    }

    public static async Task<BigInteger> BalanceAsync(this EthereumRpc rpc, Address token, Address owner)
        => (BigInteger)(await rpc.Calls.CallFunctionAsync(token, BalanceOf, [owner]))[0]!;

    /// <summary>The block time of the head plus <paramref name="seconds"/> (deadlines).</summary>
    public static async Task<BigInteger> DeadlineAsync(this EthereumRpc rpc, int seconds = 3600)
        => (await rpc.Chain.GetBlockAsync(BlockParameter.Latest))!.Timestamp + (ulong)seconds;

    /// <summary>
    /// What the pool would pay for burning all of a position's liquidity now: decreaseLiquidity run as eth_call from the
    /// owner (the pool's own burn math, rounded down; fees are not included).
    /// </summary>
    public static async Task<(BigInteger Amount0, BigInteger Amount1)> QuoteBurnAsync(this EthereumRpc rpc, Address positionManager, Address owner, BigInteger tokenId, BigInteger liquidity)
    {
        var data = DecreaseLiquidity.EncodeCall(new object?[] { tokenId, liquidity, BigInteger.Zero, BigInteger.Zero, await rpc.DeadlineAsync() });
        var r = DecreaseLiquidity.DecodeOutput(await rpc.Calls.CallAsync(new CallRequest { From = owner, To = positionManager, Data = data }));
        return ((BigInteger)r[0]!, (BigInteger)r[1]!);
    }
}
