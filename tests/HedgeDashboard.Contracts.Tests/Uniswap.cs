using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// The write side of the dev market the tests drive from C# (token set-up, NonfungiblePositionManager mint /
/// decreaseLiquidity / collect, SwapRouter.exactInputSingle): Nethereum function messages from
/// HedgeDashboard.Ethereum.Rpc.Contracts.Dtos, sent as C#-signed type-2 transactions.
/// </summary>
public static class Uniswap
{
    public static readonly BigInteger Uint128Max = (BigInteger.One << 128) - 1;

    public static async Task<TransactionReceipt> SendOkAsync(this TransactionSender txs, EthereumAccount from, Address to, byte[] data, BigInteger? value = null)
    {
        var receipt = await txs.SendAndWaitAsync(from, new TransactionRequest { To = to, Data = data, Value = value ?? BigInteger.Zero });
        Assert.True(receipt.Succeeded, $"transaction to {to} failed in block {receipt.BlockNumber}");
        return receipt;
    }

    public static Task<TransactionReceipt> SendOkAsync<TFunction>(this TransactionSender txs, EthereumAccount from, Address to, TFunction message, BigInteger? value = null)
        where TFunction : FunctionMessage, new()
        => txs.SendOkAsync(from, to, message.GetCallData(), value);

    /// <summary>The single log of event <typeparamref name="T"/> in a receipt, decoded.</summary>
    public static T SingleEvent<T>(this TransactionReceipt receipt)
        where T : IEventDTO, new()
        => EventDecoding.Decode<T>(Assert.Single(receipt.Logs, EventDecoding.Matches<T>));

    public static Task<BigInteger> BalanceAsync(this EthereumRpc rpc, Address token, Address owner)
        => rpc.Calls.QueryAsync<BalanceOfFunction, BigInteger>(token, new() { Owner = owner.ToLowerHex() });

    public static ApproveFunction Approve(Address spender, BigInteger amount) => new() { Spender = spender.ToLowerHex(), Amount = amount };

    public static FaucetFunction Faucet(BigInteger amount) => new() { Amount = amount };

    public static DecreaseLiquidityFunction DecreaseLiquidity(BigInteger tokenId, BigInteger liquidity, BigInteger deadline)
        => new() { Params = new() { TokenId = tokenId, Liquidity = liquidity, Deadline = deadline } };

    public static CollectFunction CollectAll(BigInteger tokenId, Address recipient)
        => new() { Params = new() { TokenId = tokenId, Recipient = recipient.ToLowerHex(), Amount0Max = Uint128Max, Amount1Max = Uint128Max } };

    public static MintFunction Mint(Address token0, Address token1, int fee, int tickLower, int tickUpper, BigInteger desired0, BigInteger desired1, Address recipient, BigInteger deadline)
        => new()
        {
            Params = new()
            {
                Token0 = token0.ToLowerHex(), Token1 = token1.ToLowerHex(), Fee = fee, TickLower = tickLower, TickUpper = tickUpper, Amount0Desired = desired0, Amount1Desired = desired1,
                Recipient = recipient.ToLowerHex(), Deadline = deadline,
            },
        };

    public static ExactInputSingleFunction ExactInputSingle(Address tokenIn, Address tokenOut, int fee, Address recipient, BigInteger deadline, BigInteger amountIn, BigInteger sqrtPriceLimitX96)
        => new()
        {
            Params = new()
            {
                TokenIn = tokenIn.ToLowerHex(), TokenOut = tokenOut.ToLowerHex(), Fee = fee, Recipient = recipient.ToLowerHex(), Deadline = deadline, AmountIn = amountIn,
                SqrtPriceLimitX96 = sqrtPriceLimitX96,
            },
        };

    /// <summary>The block time of the head plus <paramref name="seconds"/> (deadlines).</summary>
    public static async Task<BigInteger> DeadlineAsync(this EthereumRpc rpc, int seconds = 3600)
        => (await rpc.Chain.GetBlockAsync(BlockParameter.Latest))!.Timestamp + (ulong)seconds;

    /// <summary>
    /// What the pool would pay for burning all of a position's liquidity now: decreaseLiquidity run as eth_call from the
    /// owner (the pool's own burn math, rounded down; fees are not included).
    /// </summary>
    public static async Task<(BigInteger Amount0, BigInteger Amount1)> QuoteBurnAsync(this EthereumRpc rpc, Address positionManager, Address owner, BigInteger tokenId, BigInteger liquidity)
    {
        var data = DecreaseLiquidity(tokenId, liquidity, await rpc.DeadlineAsync()).GetCallData();
        var r = EthCallApi.DecodeOutput<DecreaseLiquidityFunction, AmountsOutputDto>(await rpc.Calls.CallAsync(new CallRequest { From = owner, To = positionManager, Data = data }), positionManager);
        return (r.Amount0, r.Amount1);
    }
}
