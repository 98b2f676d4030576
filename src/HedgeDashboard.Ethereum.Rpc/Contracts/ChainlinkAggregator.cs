using System.Numerics;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>One round of a Chainlink feed (AggregatorV3Interface.latestRoundData).</summary>
public sealed record RoundData(BigInteger RoundId, BigInteger Answer, BigInteger StartedAt, BigInteger UpdatedAt, BigInteger AnsweredInRound)
{
    public DateTimeOffset UpdatedTime => DateTimeOffset.FromUnixTimeSeconds((long)UpdatedAt);

    public static RoundData From(RoundDataOutputDto r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.RoundId, r.Answer, r.StartedAt, r.UpdatedAt, r.AnsweredInRound);
    }
}

/// <summary>Chainlink AggregatorV3Interface.</summary>
public sealed class ChainlinkAggregator(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public async Task<RoundData> LatestRoundDataAsync(BlockParameter? block = null, CancellationToken ct = default)
        => RoundData.From(await QueryOutputAsync<LatestRoundDataFunction, RoundDataOutputDto>(new(), block, ct).ConfigureAwait(false));

    public async Task<RoundData> GetRoundDataAsync(BigInteger roundId, BlockParameter? block = null, CancellationToken ct = default)
        => RoundData.From(await QueryOutputAsync<GetRoundDataFunction, RoundDataOutputDto>(new() { RoundId = roundId }, block, ct).ConfigureAwait(false));

    public async Task<int> DecimalsAsync(BlockParameter? block = null, CancellationToken ct = default)
        => (int)await QueryAsync<DecimalsFunction, BigInteger>(new(), block, ct).ConfigureAwait(false);

    public Task<string> DescriptionAsync(BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<DescriptionFunction, string>(new(), block, ct);
}
