using System.Numerics;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using Nethereum.Contracts;

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
    BigInteger TokensOwed1)
{
    public static PositionInfo From(PositionsOutputDto r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Nonce, Addr(r.Operator), Addr(r.Token0), Addr(r.Token1), r.Fee, r.TickLower, r.TickUpper, r.Liquidity, r.FeeGrowthInside0LastX128, r.FeeGrowthInside1LastX128,
            r.TokensOwed0, r.TokensOwed1);
    }

    private static Address Addr(string s) => Address.Parse(s.ToLowerInvariant());
}

/// <summary>Uniswap v3 NonfungiblePositionManager: LP position NFTs.</summary>
public sealed class NonfungiblePositionManager(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public async Task<PositionInfo> PositionsAsync(BigInteger tokenId, BlockParameter? block = null, CancellationToken ct = default)
        => PositionInfo.From(await QueryOutputAsync<PositionsFunction, PositionsOutputDto>(new() { TokenId = tokenId }, block, ct).ConfigureAwait(false));

    public Task<BigInteger> BalanceOfAsync(Address owner, BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<BalanceOfFunction, BigInteger>(new() { Owner = owner.ToLowerHex() }, block, ct);

    public Task<BigInteger> TokenOfOwnerByIndexAsync(Address owner, BigInteger index, BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<TokenOfOwnerByIndexFunction, BigInteger>(new() { Owner = owner.ToLowerHex(), Index = index }, block, ct);

    public Task<Address> OwnerOfAsync(BigInteger tokenId, BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<OwnerOfFunction, Address>(new() { TokenId = tokenId }, block, ct);

    /// <summary>All token ids of an owner (balanceOf, then tokenOfOwnerByIndex in one batch).</summary>
    public async Task<IReadOnlyList<BigInteger>> TokenIdsOfAsync(Address owner, CancellationToken ct = default)
    {
        var count = (int)await BalanceOfAsync(owner, null, ct).ConfigureAwait(false);
        if (count == 0)
        {
            return [];
        }

        var requests = Enumerable.Range(0, count)
            .Select(i => new RpcRequest("eth_call", new CallRequest { To = Address, Data = new TokenOfOwnerByIndexFunction { Owner = owner.ToLowerHex(), Index = i }.GetCallData() }.ToJson(), "latest"))
            .ToList();
        var replies = await Rpc.Client.BatchAsync(requests, ct).ConfigureAwait(false);
        return [.. replies.Select(r => Api.EthCallApi.DecodeReturn<TokenOfOwnerByIndexFunction, BigInteger>(Hex.Decode(r.GetResultOrThrow().GetString()!), Address))];
    }
}
