using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// The hedge venue's cost events (IHedgeVenue in contracts/src/interfaces).

/// <summary>A hedge trade: the short moved from oldSize to newSize at executionPrice, paying fee.</summary>
[Event("HedgeAdjusted")]
public sealed class HedgeAdjustedEventDto : IEventDTO
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

    [Parameter("int256", "realizedPnl", 6, false)]
    public BigInteger RealizedPnl { get; set; }
}

/// <summary>Funding charged on the open short for <see cref="Elapsed"/> seconds.</summary>
[Event("FundingCharged")]
public sealed class FundingChargedEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "size", 2, false)]
    public BigInteger Size { get; set; }

    [Parameter("uint256", "notional", 3, false)]
    public BigInteger Notional { get; set; }

    [Parameter("uint256", "elapsed", 4, false)]
    public BigInteger Elapsed { get; set; }

    [Parameter("uint256", "amount", 5, false)]
    public BigInteger Amount { get; set; }
}

/// <summary>MockPerpVenue.hedges(positionId): the venue's book of one position.</summary>
[Function("hedges", typeof(HedgesOutputDto))]
public sealed class HedgesFunction : Nethereum.Contracts.FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }
}

[Struct("Hedge")]
public sealed class HedgeStruct
{
    [Parameter("uint256", "size", 1)]
    public BigInteger Size { get; set; }

    [Parameter("uint256", "entryPrice", 2)]
    public BigInteger EntryPrice { get; set; }

    [Parameter("uint256", "feesPaid", 3)]
    public BigInteger FeesPaid { get; set; }

    [Parameter("int256", "realizedPnl", 4)]
    public BigInteger RealizedPnl { get; set; }

    [Parameter("uint256", "fundingPaid", 5)]
    public BigInteger FundingPaid { get; set; }

    [Parameter("uint256", "fundingSettledAt", 6)]
    public BigInteger FundingSettledAt { get; set; }
}

[FunctionOutput]
public sealed class HedgesOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public HedgeStruct Hedge { get; set; } = new();
}
