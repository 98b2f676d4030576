using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>NonfungiblePositionManager.positions(tokenId).</summary>
public sealed record PositionInfo(
    BigInteger Nonce,
    Address Operator,
    Address Token0,
    Address Token1,
    int Fee,
    int TickLower,
    int TickUpper,
    BigInteger Liquidity,
    BigInteger FeeGrowthInside0LastX128,
    BigInteger FeeGrowthInside1LastX128,
    BigInteger TokensOwed0,
    BigInteger TokensOwed1);

/// <summary>Uniswap v3 NonfungiblePositionManager: LP position NFTs.</summary>
public sealed class NonfungiblePositionManager(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public static readonly AbiFunction Positions = AbiFunction.Parse(
        "positions(uint256)(uint96,address,address,address,uint24,int24,int24,uint128,uint256,uint256,uint128,uint128)");

    public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address)(uint256)");
    public static readonly AbiFunction TokenOfOwnerByIndex = AbiFunction.Parse("tokenOfOwnerByIndex(address,uint256)(uint256)");
    public static readonly AbiFunction OwnerOf = AbiFunction.Parse("ownerOf(uint256)(address)");

    /// <summary>Principal burned from a position's liquidity and added to its tokensOwed (the amounts exclude fees).</summary>
    public static readonly AbiEvent DecreaseLiquidityEvent = EventDecoding.AbiOf<DecreaseLiquidityEventDto>();

    /// <summary>tokensOwed paid out: principal released and fees together.</summary>
    public static readonly AbiEvent CollectEvent = EventDecoding.AbiOf<CollectEventDto>();

    public async Task<PositionInfo> PositionsAsync(BigInteger tokenId, BlockParameter? block = null, CancellationToken ct = default)
    {
        var r = await CallAsync(Positions, [tokenId], block, ct).ConfigureAwait(false);
        return new PositionInfo(
            (BigInteger)r[0]!, (Address)r[1]!, (Address)r[2]!, (Address)r[3]!, (int)(BigInteger)r[4]!, (int)(BigInteger)r[5]!, (int)(BigInteger)r[6]!,
            (BigInteger)r[7]!, (BigInteger)r[8]!, (BigInteger)r[9]!, (BigInteger)r[10]!, (BigInteger)r[11]!);
    }

    public Task<BigInteger> BalanceOfAsync(Address owner, BlockParameter? block = null, CancellationToken ct = default)
        => CallSingleAsync<BigInteger>(BalanceOf, [owner], block, ct);

    public Task<BigInteger> TokenOfOwnerByIndexAsync(Address owner, BigInteger index, BlockParameter? block = null, CancellationToken ct = default)
        => CallSingleAsync<BigInteger>(TokenOfOwnerByIndex, [owner, index], block, ct);

    public Task<Address> OwnerOfAsync(BigInteger tokenId, BlockParameter? block = null, CancellationToken ct = default)
        => CallSingleAsync<Address>(OwnerOf, [tokenId], block, ct);

    /// <summary>All token ids of an owner (balanceOf, then tokenOfOwnerByIndex in one batch).</summary>
    public async Task<IReadOnlyList<BigInteger>> TokenIdsOfAsync(Address owner, CancellationToken ct = default)
    {
        var count = (int)await BalanceOfAsync(owner, null, ct).ConfigureAwait(false);
        if (count == 0)
        {
            return [];
        }

        var requests = Enumerable.Range(0, count).Select(i => new RpcRequest("eth_call", new CallRequest { To = Address, Data = TokenOfOwnerByIndex.EncodeCall(owner, i) }.ToJson(), "latest")).ToList();
        var replies = await Rpc.Client.BatchAsync(requests, ct).ConfigureAwait(false);
        return [.. replies.Select(r => (BigInteger)TokenOfOwnerByIndex.DecodeOutput(Hex.Decode(r.GetResultOrThrow().GetString()!))[0]!)];
    }
}
