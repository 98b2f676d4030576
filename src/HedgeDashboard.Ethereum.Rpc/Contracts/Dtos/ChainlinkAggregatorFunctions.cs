using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Chainlink AggregatorV3Interface.

[Function("latestRoundData", typeof(RoundDataOutputDto))]
public sealed class LatestRoundDataFunction : FunctionMessage
{
}

[Function("getRoundData", typeof(RoundDataOutputDto))]
public sealed class GetRoundDataFunction : FunctionMessage
{
    [Parameter("uint80", "_roundId", 1)]
    public BigInteger RoundId { get; set; }
}

[FunctionOutput]
public sealed class RoundDataOutputDto : IFunctionOutputDTO
{
    [Parameter("uint80", "roundId", 1)]
    public BigInteger RoundId { get; set; }

    [Parameter("int256", "answer", 2)]
    public BigInteger Answer { get; set; }

    [Parameter("uint256", "startedAt", 3)]
    public BigInteger StartedAt { get; set; }

    [Parameter("uint256", "updatedAt", 4)]
    public BigInteger UpdatedAt { get; set; }

    [Parameter("uint80", "answeredInRound", 5)]
    public BigInteger AnsweredInRound { get; set; }
}
