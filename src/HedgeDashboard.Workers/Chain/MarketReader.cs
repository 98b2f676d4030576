using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Quant.Positions;
using Nethereum.Contracts;

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
        var r = await rpc.Calls.QueryOutputAsync<LatestRoundDataFunction, RoundDataOutputDto>(d.PriceFeed, new(), block, ct);
        var updated = (long)r.UpdatedAt;
        return new FeedRound(r.RoundId, OnChainUnits.Scale(r.Answer, d.FeedDecimals), DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, updated)), updated);
    }

    public async Task<PoolState> ReadPoolAsync(BlockParameter block, CancellationToken ct)
    {
        var s = await rpc.Calls.QueryOutputAsync<Slot0Function, Slot0OutputDto>(d.Pool, new(), block, ct);
        var l = await rpc.Calls.QueryAsync<LiquidityFunction, BigInteger>(d.Pool, new(), block, ct);
        return new PoolState(s.SqrtPriceX96, s.Tick, s.ObservationCardinality, l, SqrtToUsdPrice(s.SqrtPriceX96));
    }

    /// <summary>The USD-per-ETH price over the last <paramref name="windowSeconds"/> (geometric mean via observe()).</summary>
    public async Task<decimal> ReadTwapAsync(int windowSeconds, BlockParameter block, CancellationToken ct)
    {
        var r = await rpc.Calls.QueryOutputAsync<ObserveFunction, ObserveOutputDto>(d.Pool, new() { SecondsAgos = [(uint)windowSeconds, 0] }, block, ct);
        var delta = r.TickCumulatives[1] - r.TickCumulatives[0];
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
        var collect = new CollectFunction { Params = new() { TokenId = tokenId, Recipient = owner.ToLowerHex(), Amount0Max = Uint128Max, Amount1Max = Uint128Max } };
        var reply = await rpc.Calls.CallAsync(new CallRequest { From = owner, To = d.PositionManager, Data = collect.GetCallData() }, block, ct);
        var r = EthCallApi.DecodeOutput<CollectFunction, AmountsOutputDto>(reply, d.PositionManager);
        var (a0, a1) = (r.Amount0, r.Amount1);
        if (a0 > Uint128Max || a1 > Uint128Max)
        {
            throw new RpcProtocolException("eth_call", $"collect({tokenId}) returned amounts above uint128 ({a0}, {a1})");
        }

        return new FeesOwed(a0, a1);
    }

    public async Task<IReadOnlyList<ChainPosition>> ReadPositionsAsync(BlockParameter block, CancellationToken ct)
    {
        var count = (long)await rpc.Calls.QueryAsync<PositionCountFunction, BigInteger>(d.HedgeController, new(), block, ct);
        var list = new List<ChainPosition>();
        for (long id = 1; id <= count; id++)
        {
            var p = HedgePosition.From((await rpc.Calls.QueryOutputAsync<GetPositionFunction, GetPositionOutputDto>(d.HedgeController, new() { PositionId = id }, block, ct)).Position);
            var pool = p.Pool;
            if (pool != d.Pool)
            {
                continue;
            }

            var tokenId = p.TokenId;
            var npm = await rpc.Calls.QueryOutputAsync<PositionsFunction, PositionsOutputDto>(d.PositionManager, new() { TokenId = tokenId }, block, ct);
            Address owner;
            try
            {
                owner = await rpc.Calls.QueryAsync<OwnerOfFunction, Address>(d.PositionManager, new() { TokenId = tokenId }, block, ct);
            }
            catch (ExecutionRevertedException)
            {
                owner = Address.Zero; // burned NFT
            }

            list.Add(new ChainPosition(
                id, pool, OnChainUnits.RatioToDecimal(p.Ratio), (int)p.Status, (long)tokenId, p.HedgeSize, owner, npm.TickLower, npm.TickUpper, npm.Liquidity));
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
            var count = (int)await rpc.Calls.QueryAsync<BalanceOfFunction, BigInteger>(d.PositionManager, new() { Owner = wallet.ToLowerHex() }, block, ct);
            for (var i = 0; i < count; i++)
            {
                var tokenId = await rpc.Calls.QueryAsync<TokenOfOwnerByIndexFunction, BigInteger>(d.PositionManager, new() { Owner = wallet.ToLowerHex(), Index = i }, block, ct);
                if (known.Contains((long)tokenId))
                {
                    continue;
                }

                var npm = PositionInfo.From(await rpc.Calls.QueryOutputAsync<PositionsFunction, PositionsOutputDto>(d.PositionManager, new() { TokenId = tokenId }, block, ct));
                if (npm.Token0 != d.Token0 || npm.Token1 != d.Token1 || npm.Fee != d.Fee)
                {
                    continue; // another pool
                }

                list.Add(new ChainPosition(0, d.Pool, 0, 1, (long)tokenId, BigInteger.Zero, wallet, npm.TickLower, npm.TickUpper, npm.Liquidity));
            }
        }

        return list;
    }
}
