using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Chainlink AggregatorV3Interface, and the dev chain's MockAggregatorV3 (contracts/src/mocks).

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

[Function("decimals", "uint8")]
public sealed class DecimalsFunction : FunctionMessage
{
}

[Function("description", "string")]
public sealed class DescriptionFunction : FunctionMessage
{
}

/// <summary>MockAggregatorV3: the newest round id.</summary>
[Function("latestRound", "uint80")]
public sealed class LatestRoundFunction : FunctionMessage
{
}

/// <summary>MockAggregatorV3 (dev chain only): the owner pushes a new round at the block's time.</summary>
[Function("setAnswer")]
public sealed class SetAnswerFunction : FunctionMessage
{
    [Parameter("int256", "answer", 1)]
    public BigInteger Answer { get; set; }
}

/// <summary>MockAggregatorV3: a round with a chosen updatedAt (stale-feed tests).</summary>
[Function("setAnswerAt")]
public sealed class SetAnswerAtFunction : FunctionMessage
{
    [Parameter("int256", "answer", 1)]
    public BigInteger Answer { get; set; }

    [Parameter("uint256", "timestamp", 2)]
    public BigInteger Timestamp { get; set; }
}
