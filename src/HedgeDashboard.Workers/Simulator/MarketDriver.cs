using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.Quant.Positions;
using HedgeDashboard.Workers.Chain;
using Nethereum.Contracts;

namespace HedgeDashboard.Workers.Simulator;

/// <summary>
/// Moves the local market (development chains only): pushes a price into the mock feed (its owner signs),
/// swaps the Uniswap v3 pool to a price through the SwapRouter (a trader account signs), and gives the pool
/// enough observation slots for a TWAP. Used by the simulator and by the tests.
/// </summary>
public sealed class MarketDriver(EthereumRpc rpc, ChainDeployment d)
{
    private static readonly BigInteger MaxUint = (BigInteger.One << 256) - 1;
    private readonly TransactionSender _sender = new(rpc);
    private readonly MarketReader _reader = new(rpc, d);

    public MarketReader Reader => _reader;

    public async Task<TransactionReceipt> SendAsync(EthereumAccount from, Address to, byte[] data, BigInteger? value = null, CancellationToken ct = default)
    {
        var receipt = await _sender.SendAndWaitAsync(from, new TransactionRequest { To = to, Data = data, Value = value ?? BigInteger.Zero }, TimeSpan.FromSeconds(30), ct);
        return receipt.Succeeded ? receipt : throw new InvalidOperationException($"transaction {Hex.Encode(receipt.TransactionHash)} to {to} reverted");
    }

    /// <summary>Grows the pool's observation ring so observe() can look back over a window (anyone may call it).</summary>
    public async Task EnsureObservationCardinalityAsync(EthereumAccount payer, int slots, CancellationToken ct = default)
    {
        var s = await rpc.Calls.QueryOutputAsync<Slot0Function, Slot0OutputDto>(d.Pool, new(), null, ct);
        if (s.ObservationCardinalityNext < slots)
        {
            await SendAsync(payer, d.Pool, new IncreaseObservationCardinalityNextFunction { ObservationCardinalityNext = slots }.GetCallData(), ct: ct);
        }
    }

    public Task<TransactionReceipt> SetFeedPriceAsync(EthereumAccount feedOwner, decimal usdPrice, CancellationToken ct = default) =>
        SendAsync(feedOwner, d.PriceFeed, new SetAnswerFunction { Answer = FeedAnswer(usdPrice) }.GetCallData(), ct: ct);

    /// <summary>A round with a chosen timestamp (an old one makes the feed stale).</summary>
    public Task<TransactionReceipt> SetFeedPriceAtAsync(EthereumAccount feedOwner, decimal usdPrice, DateTimeOffset updatedAt, CancellationToken ct = default) =>
        SendAsync(feedOwner, d.PriceFeed, new SetAnswerAtFunction { Answer = FeedAnswer(usdPrice), Timestamp = updatedAt.ToUnixTimeSeconds() }.GetCallData(), ct: ct);

    public BigInteger FeedAnswer(decimal usdPrice) => new(Math.Round(usdPrice * (decimal)Math.Pow(10, d.FeedDecimals)));

    /// <summary>Wraps ETH into WETH, takes USDC from the faucet, and approves the router for both.</summary>
    public async Task FundTraderAsync(EthereumAccount trader, decimal weth = 2000, int usdcFaucetCalls = 20, CancellationToken ct = default)
    {
        var wei = new BigInteger(weth) * BigInteger.Pow(10, 18);
        await SendAsync(trader, d.Weth, new DepositFunction().GetCallData(), wei, ct);
        for (var i = 0; i < usdcFaucetCalls; i++)
        {
            await SendAsync(trader, d.Usdc, new FaucetFunction { Amount = new BigInteger(100_000) * 1_000_000 }.GetCallData(), ct: ct);
        }

        await SendAsync(trader, d.Weth, Approve(d.SwapRouter, MaxUint), ct: ct);
        await SendAsync(trader, d.Usdc, Approve(d.SwapRouter, MaxUint), ct: ct);
    }

    /// <summary>Swaps through the router until the pool's price reaches <paramref name="usdPrice"/> (a price-limited exact-input swap).</summary>
    public async Task<TransactionReceipt?> SwapToPriceAsync(EthereumAccount trader, decimal usdPrice, CancellationToken ct = default)
    {
        var pool = await _reader.ReadPoolAsync(BlockParameter.Latest, ct);
        var rawTarget = d.WethIsToken0 ? usdPrice : 1 / usdPrice; // token1 per token0
        var target = UniswapPrices.PriceToSqrtPriceX96(rawTarget, _reader.Decimals0, _reader.Decimals1);
        if (target == pool.SqrtPriceX96)
        {
            return null;
        }

        var zeroForOne = target < pool.SqrtPriceX96; // selling token0 lowers token1/token0
        var tokenIn = zeroForOne ? d.Token0 : d.Token1;
        var tokenOut = zeroForOne ? d.Token1 : d.Token0;
        var balance = await BalanceOfAsync(tokenIn, trader.Address, ct);
        var swap = new ExactInputSingleFunction
        {
            Params = new()
            {
                TokenIn = tokenIn.ToLowerHex(), TokenOut = tokenOut.ToLowerHex(), Fee = d.Fee, Recipient = trader.Address.ToLowerHex(),
                Deadline = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), AmountIn = balance, AmountOutMinimum = BigInteger.Zero, SqrtPriceLimitX96 = target,
            },
        };
        return await SendAsync(trader, d.SwapRouter, swap.GetCallData(), ct: ct);
    }

    /// <summary>ERC-20 approve calldata.</summary>
    public static byte[] Approve(Address spender, BigInteger amount) => new ApproveFunction { Spender = spender.ToLowerHex(), Amount = amount }.GetCallData();

    public Task<BigInteger> BalanceOfAsync(Address token, Address owner, CancellationToken ct = default)
        => rpc.Calls.QueryAsync<BalanceOfFunction, BigInteger>(token, new() { Owner = owner.ToLowerHex() }, null, ct);

    /// <summary>Feed and pool to the same price (two transactions, so two blocks on an automining node).</summary>
    public async Task MoveAsync(EthereumAccount feedOwner, EthereumAccount trader, decimal usdPrice, CancellationToken ct = default)
    {
        await SwapToPriceAsync(trader, usdPrice, ct);
        await SetFeedPriceAsync(feedOwner, usdPrice, ct);
    }
}
