using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Quant.Positions;

namespace HedgeDashboard.Workers.Chain;

/// <summary>The feed's latest round.</summary>
public sealed record FeedRound(BigInteger RoundId, decimal Answer, DateTimeOffset UpdatedAt, long UpdatedAtSeconds);

/// <summary>The pool's state at one block.</summary>
public sealed record PoolState(BigInteger SqrtPriceX96, int Tick, int ObservationCardinality, BigInteger Liquidity, decimal SpotPrice);

/// <summary>A controller position joined with its NFT.</summary>
public sealed record ChainPosition(
    long PositionId, Address Pool, decimal Ratio, int Status, long TokenId, BigInteger HedgeSize, Address Owner, int TickLower, int TickUpper, BigInteger Liquidity);

/// <summary>A position's uncollected fees in raw token units at one block.</summary>
public sealed record FeesOwed(BigInteger Amount0, BigInteger Amount1);

/// <summary>Typed reads of the feed, the pool, the position manager and the controller at a given block.</summary>
public sealed class MarketReader(EthereumRpc rpc, ChainDeployment d)
{
    private const int Decimals0Weth = 18;
    private const int DecimalsUsdc = 6;

    public ChainDeployment Deployment => d;

    public int Decimals0 => d.WethIsToken0 ? Decimals0Weth : DecimalsUsdc;

    public int Decimals1 => d.WethIsToken0 ? DecimalsUsdc : Decimals0Weth;

    public async Task<FeedRound> ReadFeedAsync(BlockParameter block, CancellationToken ct)
    {
        var r = await rpc.Calls.CallFunctionAsync(d.PriceFeed, ChainlinkAggregator.LatestRoundData, [], block, ct);
        var answer = (BigInteger)r[1]!;
        var updated = (long)(BigInteger)r[3]!;
        return new FeedRound((BigInteger)r[0]!, OnChainUnits.Scale(answer, d.FeedDecimals), DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, updated)), updated);
    }

    public async Task<PoolState> ReadPoolAsync(BlockParameter block, CancellationToken ct)
    {
        var s = await rpc.Calls.CallFunctionAsync(d.Pool, UniswapV3Pool.Slot0Function, [], block, ct);
        var l = await rpc.Calls.CallFunctionAsync(d.Pool, UniswapV3Pool.LiquidityFunction, [], block, ct);
        var sqrt = (BigInteger)s[0]!;
        return new PoolState(sqrt, (int)(BigInteger)s[1]!, (int)(BigInteger)s[3]!, (BigInteger)l[0]!, SqrtToUsdPrice(sqrt));
    }

    /// <summary>The USD-per-ETH price over the last <paramref name="windowSeconds"/> (geometric mean via observe()).</summary>
    public async Task<decimal> ReadTwapAsync(int windowSeconds, BlockParameter block, CancellationToken ct)
    {
        var r = await rpc.Calls.CallFunctionAsync(d.Pool, UniswapV3Pool.ObserveFunction, [new object[] { (BigInteger)windowSeconds, BigInteger.Zero }], block, ct);
        var cumulatives = (object?[])r[0]!;
        var delta = (BigInteger)cumulatives[1]! - (BigInteger)cumulatives[0]!;
        var avg = BigInteger.Divide(delta, windowSeconds);
        if (delta.Sign < 0 && delta % windowSeconds != 0)
        {
            avg -= 1; // round toward negative infinity, as the Uniswap OracleLibrary does
        }

        return TickToUsdPrice((int)avg);
    }

    public decimal TickToUsdPrice(int tick)
    {
        var p = UniswapPrices.TickToPrice(tick, Decimals0, Decimals1);
        return (decimal)(d.WethIsToken0 ? p : 1 / p);
    }

    public decimal SqrtToUsdPrice(BigInteger sqrtPriceX96)
    {
        var p = UniswapPrices.SqrtPriceX96ToPrice(sqrtPriceX96, Decimals0, Decimals1);
        return (decimal)(d.WethIsToken0 ? p : 1 / p);
    }

    private static readonly BigInteger Uint128Max = (BigInteger.One << 128) - 1;

    /// <summary>
    /// The fees a position's owner could collect now: NonfungiblePositionManager.collect(tokenId, owner, max, max) run
    /// as eth_call from the owner (no state change). collect first pokes the pool (burn of 0 liquidity), so the answer
    /// includes fees earned since the position was last touched, which positions(tokenId).tokensOwed0/1 alone misses.
    /// A revert surfaces as <see cref="ExecutionRevertedException"/>, a malformed reply as <see cref="RpcProtocolException"/>.
    /// </summary>
    public async Task<FeesOwed> ReadFeesOwedAsync(long tokenId, Address owner, BlockParameter block, CancellationToken ct)
    {
        var data = Contracts.PositionManager.Collect.EncodeCall(new object?[] { (BigInteger)tokenId, owner, Uint128Max, Uint128Max });
        var reply = await rpc.Calls.CallAsync(new CallRequest { From = owner, To = d.PositionManager, Data = data }, block, ct);
        object?[] r;
        try
        {
            r = Contracts.PositionManager.Collect.DecodeOutput(reply);
        }
        catch (AbiDecodingException ex)
        {
            throw new RpcProtocolException("eth_call", $"collect({tokenId}) returned undecodable data ({reply.Length} bytes): {ex.Message}", ex);
        }

        var a0 = (BigInteger)r[0]!;
        var a1 = (BigInteger)r[1]!;
        if (a0 > Uint128Max || a1 > Uint128Max)
        {
            throw new RpcProtocolException("eth_call", $"collect({tokenId}) returned amounts above uint128 ({a0}, {a1})");
        }

        return new FeesOwed(a0, a1);
    }

    public async Task<IReadOnlyList<ChainPosition>> ReadPositionsAsync(BlockParameter block, CancellationToken ct)
    {
        var count = (long)(BigInteger)(await rpc.Calls.CallFunctionAsync(d.HedgeController, Contracts.Controller.PositionCount, [], block, ct))[0]!;
        var list = new List<ChainPosition>();
        for (long id = 1; id <= count; id++)
        {
            var p = (object?[])(await rpc.Calls.CallFunctionAsync(d.HedgeController, HedgeController.GetPositionFunction, [(BigInteger)id], block, ct))[0]!;
            var pool = (Address)p[0]!;
            if (pool != d.Pool)
            {
                continue;
            }

            var tokenId = (BigInteger)p[3]!;
            var npm = await rpc.Calls.CallFunctionAsync(d.PositionManager, NonfungiblePositionManager.Positions, [tokenId], block, ct);
            Address owner;
            try
            {
                owner = (Address)(await rpc.Calls.CallFunctionAsync(d.PositionManager, NonfungiblePositionManager.OwnerOf, [tokenId], block, ct))[0]!;
            }
            catch (ExecutionRevertedException)
            {
                owner = Address.Zero; // burned NFT
            }

            list.Add(new ChainPosition(
                id, pool, OnChainUnits.RatioToDecimal((BigInteger)p[1]!), (int)(BigInteger)p[2]!, (long)tokenId, (BigInteger)p[4]!, owner,
                (int)(BigInteger)npm[5]!, (int)(BigInteger)npm[6]!, (BigInteger)npm[7]!));
        }

        return list;
    }

    /// <summary>
    /// Positions in our pool held by tracked wallets (NonfungiblePositionManager enumeration), except the NFTs in
    /// <paramref name="known"/>; unregistered ones have position id 0 and ratio 0.
    /// </summary>
    public async Task<IReadOnlyList<ChainPosition>> ReadWalletPositionsAsync(IEnumerable<Address> wallets, ISet<long> known, BlockParameter block, CancellationToken ct)
    {
        var list = new List<ChainPosition>();
        foreach (var wallet in wallets)
        {
            var count = (int)(BigInteger)(await rpc.Calls.CallFunctionAsync(d.PositionManager, NonfungiblePositionManager.BalanceOf, [wallet], block, ct))[0]!;
            for (var i = 0; i < count; i++)
            {
                var tokenId = (BigInteger)(await rpc.Calls.CallFunctionAsync(d.PositionManager, NonfungiblePositionManager.TokenOfOwnerByIndex, [wallet, (BigInteger)i], block, ct))[0]!;
                if (known.Contains((long)tokenId))
                {
                    continue;
                }

                var npm = await rpc.Calls.CallFunctionAsync(d.PositionManager, NonfungiblePositionManager.Positions, [tokenId], block, ct);
                if ((Address)npm[2]! != d.Token0 || (Address)npm[3]! != d.Token1 || (int)(BigInteger)npm[4]! != d.Fee)
                {
                    continue; // another pool
                }

                list.Add(new ChainPosition(0, d.Pool, 0, 1, (long)tokenId, BigInteger.Zero, wallet, (int)(BigInteger)npm[5]!, (int)(BigInteger)npm[6]!, (BigInteger)npm[7]!));
            }
        }

        return list;
    }
}
