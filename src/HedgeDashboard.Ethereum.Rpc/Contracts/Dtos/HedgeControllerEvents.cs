using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Every HedgeController event (IHedgeController.sol, plus OpenZeppelin's Pausable, Ownable2Step and EIP-712 ones).

[Event("PositionRegistered")]
public sealed class PositionRegisteredEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("address", "owner", 2, true)]
    public string Owner { get; set; } = "";

    [Parameter("address", "pool", 3, true)]
    public string Pool { get; set; } = "";

    [Parameter("uint256", "tokenId", 4, false)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint256", "initialRatio", 5, false)]
    public BigInteger InitialRatio { get; set; }

    [Parameter("tuple", "caps", 6, false)]
    public CapsStruct Caps { get; set; } = new();
}

[Event("CapsChanged")]
public sealed class CapsChangedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("tuple", "caps", 2, false)]
    public CapsStruct Caps { get; set; } = new();
}

[Event("OperatorChanged")]
public sealed class OperatorChangedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("address", "owner", 2, true)]
    public string Owner { get; set; } = "";

    [Parameter("address", "operator", 3, true)]
    public string Operator { get; set; } = "";

    [Parameter("bool", "approved", 4, false)]
    public bool Approved { get; set; }
}

[Event("PositionPauseChanged")]
public sealed class PositionPauseChangedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("bool", "paused", 2, false)]
    public bool Paused { get; set; }
}

[Event("PositionClosed")]
public sealed class PositionClosedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "finalHedgeSize", 2, false)]
    public BigInteger FinalHedgeSize { get; set; }
}

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

[Event("ModelSignerRotated")]
public sealed class ModelSignerRotatedEventDto : IEventDTO
{
    [Parameter("address", "previousSigner", 1, true)]
    public string PreviousSigner { get; set; } = "";

    [Parameter("address", "newSigner", 2, true)]
    public string NewSigner { get; set; } = "";
}

[Event("MaxFeedAgeChanged")]
public sealed class MaxFeedAgeChangedEventDto : IEventDTO
{
    [Parameter("uint256", "previousMaxAge", 1, false)]
    public BigInteger PreviousMaxAge { get; set; }

    [Parameter("uint256", "newMaxAge", 2, false)]
    public BigInteger NewMaxAge { get; set; }
}

[Event("Paused")]
public sealed class PausedEventDto : IEventDTO
{
    [Parameter("address", "account", 1, false)]
    public string Account { get; set; } = "";
}

[Event("Unpaused")]
public sealed class UnpausedEventDto : IEventDTO
{
    [Parameter("address", "account", 1, false)]
    public string Account { get; set; } = "";
}

[Event("OwnershipTransferStarted")]
public sealed class OwnershipTransferStartedEventDto : IEventDTO
{
    [Parameter("address", "previousOwner", 1, true)]
    public string PreviousOwner { get; set; } = "";

    [Parameter("address", "newOwner", 2, true)]
    public string NewOwner { get; set; } = "";
}

[Event("OwnershipTransferred")]
public sealed class OwnershipTransferredEventDto : IEventDTO
{
    [Parameter("address", "previousOwner", 1, true)]
    public string PreviousOwner { get; set; } = "";

    [Parameter("address", "newOwner", 2, true)]
    public string NewOwner { get; set; } = "";
}

[Event("EIP712DomainChanged")]
public sealed class Eip712DomainChangedEventDto : IEventDTO
{
}
