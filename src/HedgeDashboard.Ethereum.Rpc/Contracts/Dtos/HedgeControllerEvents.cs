using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// HedgeController events the pipeline reads field by field (the indexer stores the others generically by name).

[Event("RatioUpdated")]
public sealed class RatioUpdatedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "oldRatio", 2, false)]
    public BigInteger OldRatio { get; set; }

    [Parameter("uint256", "newRatio", 3, false)]
    public BigInteger NewRatio { get; set; }

    [Parameter("uint256", "targetHedgeSize", 4, false)]
    public BigInteger TargetHedgeSize { get; set; }

    [Parameter("uint256", "nonce", 5, false)]
    public BigInteger Nonce { get; set; }

    [Parameter("address", "sender", 6, true)]
    public string Sender { get; set; } = "";
}

[Event("HedgeExecuted")]
public sealed class HedgeExecutedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "oldSize", 2, false)]
    public BigInteger OldSize { get; set; }

    [Parameter("uint256", "newSize", 3, false)]
    public BigInteger NewSize { get; set; }

    [Parameter("uint256", "executionPrice", 4, false)]
    public BigInteger ExecutionPrice { get; set; }

    [Parameter("uint256", "fee", 5, false)]
    public BigInteger Fee { get; set; }
}
