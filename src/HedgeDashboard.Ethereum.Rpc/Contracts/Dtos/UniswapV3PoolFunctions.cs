using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Uniswap v3 pool state views.

[Function("slot0", typeof(Slot0OutputDto))]
public sealed class Slot0Function : FunctionMessage
{
}

[FunctionOutput]
public sealed class Slot0OutputDto : IFunctionOutputDTO
{
    [Parameter("uint160", "sqrtPriceX96", 1)]
    public BigInteger SqrtPriceX96 { get; set; }

    [Parameter("int24", "tick", 2)]
    public int Tick { get; set; }

    [Parameter("uint16", "observationIndex", 3)]
    public int ObservationIndex { get; set; }

    [Parameter("uint16", "observationCardinality", 4)]
    public int ObservationCardinality { get; set; }

    [Parameter("uint16", "observationCardinalityNext", 5)]
    public int ObservationCardinalityNext { get; set; }

    [Parameter("uint8", "feeProtocol", 6)]
    public int FeeProtocol { get; set; }

    [Parameter("bool", "unlocked", 7)]
    public bool Unlocked { get; set; }
}
