using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// Uniswap v3 pool state views and the oracle's cardinality call.

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

[Function("liquidity", "uint128")]
public sealed class LiquidityFunction : FunctionMessage
{
}

[Function("observe", typeof(ObserveOutputDto))]
public sealed class ObserveFunction : FunctionMessage
{
    [Parameter("uint32[]", "secondsAgos", 1)]
    public List<uint> SecondsAgos { get; set; } = [];
}

[FunctionOutput]
public sealed class ObserveOutputDto : IFunctionOutputDTO
{
    [Parameter("int56[]", "tickCumulatives", 1)]
    public List<BigInteger> TickCumulatives { get; set; } = [];

    [Parameter("uint160[]", "secondsPerLiquidityCumulativeX128s", 2)]
    public List<BigInteger> SecondsPerLiquidityCumulativeX128s { get; set; } = [];
}

[Function("token0", "address")]
public sealed class Token0Function : FunctionMessage
{
}

[Function("token1", "address")]
public sealed class Token1Function : FunctionMessage
{
}

[Function("fee", "uint24")]
public sealed class FeeFunction : FunctionMessage
{
}

[Function("increaseObservationCardinalityNext")]
public sealed class IncreaseObservationCardinalityNextFunction : FunctionMessage
{
    [Parameter("uint16", "observationCardinalityNext", 1)]
    public int ObservationCardinalityNext { get; set; }
}
