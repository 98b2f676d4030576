using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>One round of a Chainlink feed (AggregatorV3Interface.latestRoundData).</summary>
public sealed record RoundData(BigInteger RoundId, BigInteger Answer, BigInteger StartedAt, BigInteger UpdatedAt, BigInteger AnsweredInRound)
{
    public DateTimeOffset UpdatedTime => DateTimeOffset.FromUnixTimeSeconds((long)UpdatedAt);
}

/// <summary>Chainlink AggregatorV3Interface.</summary>
public sealed class ChainlinkAggregator(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public static readonly AbiFunction LatestRoundData = FunctionCalls.AbiOf<LatestRoundDataFunction>();
    public static readonly AbiFunction GetRoundData = FunctionCalls.AbiOf<GetRoundDataFunction>();
    public static readonly AbiFunction Decimals = AbiFunction.Parse("decimals()(uint8)");
    public static readonly AbiFunction Description = AbiFunction.Parse("description()(string)");

    public async Task<RoundData> LatestRoundDataAsync(BlockParameter? block = null, CancellationToken ct = default)
        => ToRound(await Rpc.QueryAsync<LatestRoundDataFunction, RoundDataOutputDto>(Address, new(), block, ct).ConfigureAwait(false));

    public async Task<RoundData> GetRoundDataAsync(BigInteger roundId, BlockParameter? block = null, CancellationToken ct = default)
        => ToRound(await Rpc.QueryAsync<GetRoundDataFunction, RoundDataOutputDto>(Address, new() { RoundId = roundId }, block, ct).ConfigureAwait(false));

    public async Task<int> DecimalsAsync(BlockParameter? block = null, CancellationToken ct = default)
        => (int)await CallSingleAsync<BigInteger>(Decimals, [], block, ct).ConfigureAwait(false);

    public Task<string> DescriptionAsync(BlockParameter? block = null, CancellationToken ct = default)
        => CallSingleAsync<string>(Description, [], block, ct);

    private static RoundData ToRound(RoundDataOutputDto r) => new(r.RoundId, r.Answer, r.StartedAt, r.UpdatedAt, r.AnsweredInRound);
}
