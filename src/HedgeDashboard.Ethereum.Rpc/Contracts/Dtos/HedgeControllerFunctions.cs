using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// HedgeController (contracts/src/interfaces/IHedgeController.sol): structs, writes and views as Nethereum messages.

[Struct("RatioUpdate")]
public sealed class RatioUpdateStruct
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "newRatio", 2)]
    public BigInteger NewRatio { get; set; }

    [Parameter("uint256", "targetHedgeSize", 3)]
    public BigInteger TargetHedgeSize { get; set; }

    [Parameter("uint256", "nonce", 4)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint256", "deadline", 5)]
    public BigInteger Deadline { get; set; }
}

[Struct("Caps")]
public sealed class CapsStruct
{
    [Parameter("uint128", "maxHedgeSize", 1)]
    public BigInteger MaxHedgeSize { get; set; }

    [Parameter("uint64", "maxRatioChange", 2)]
    public BigInteger MaxRatioChange { get; set; }

    [Parameter("uint32", "minUpdateInterval", 3)]
    public BigInteger MinUpdateInterval { get; set; }

    [Parameter("uint16", "maxSlippageBps", 4)]
    public BigInteger MaxSlippageBps { get; set; }
}

[Struct("Position")]
public sealed class PositionStruct
{
    [Parameter("address", "pool", 1)]
    public string Pool { get; set; } = "";

    [Parameter("uint64", "ratio", 2)]
    public BigInteger Ratio { get; set; }

    [Parameter("uint8", "status", 3)]
    public BigInteger Status { get; set; }

    [Parameter("uint256", "tokenId", 4)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint128", "hedgeSize", 5)]
    public BigInteger HedgeSize { get; set; }

    [Parameter("uint64", "nonce", 6)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint40", "lastUpdateAt", 7)]
    public BigInteger LastUpdateAt { get; set; }

    [Parameter("tuple", "caps", 8)]
    public CapsStruct Caps { get; set; } = new();
}

[Function("updateRatio")]
public sealed class UpdateRatioFunction : FunctionMessage
{
    [Parameter("tuple", "update", 1)]
    public RatioUpdateStruct Update { get; set; } = new();

    [Parameter("bytes", "signature", 2)]
    public byte[] Signature { get; set; } = [];
}

[Function("updateRatios")]
public sealed class UpdateRatiosFunction : FunctionMessage
{
    [Parameter("tuple[]", "updates", 1)]
    public List<RatioUpdateStruct> Updates { get; set; } = [];

    [Parameter("bytes[]", "signatures", 2)]
    public List<byte[]> Signatures { get; set; } = [];
}

[Function("register", "uint256")]
public sealed class RegisterFunction : FunctionMessage
{
    [Parameter("address", "pool", 1)]
    public string Pool { get; set; } = "";

    [Parameter("uint256", "tokenId", 2)]
    public BigInteger TokenId { get; set; }

    [Parameter("uint256", "initialRatio", 3)]
    public BigInteger InitialRatio { get; set; }

    [Parameter("tuple", "caps", 4)]
    public CapsStruct Caps { get; set; } = new();
}

[Function("setCaps")]
public sealed class SetCapsFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }

    [Parameter("tuple", "caps", 2)]
    public CapsStruct Caps { get; set; } = new();
}

[Function("setOperator")]
public sealed class SetOperatorFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = "";

    [Parameter("bool", "approved", 3)]
    public bool Approved { get; set; }
}

[Function("setPositionPaused")]
public sealed class SetPositionPausedFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }

    [Parameter("bool", "paused_", 2)]
    public bool Paused { get; set; }
}

[Function("close")]
public sealed class CloseFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }
}

[Function("setModelSigner")]
public sealed class SetModelSignerFunction : FunctionMessage
{
    [Parameter("address", "newSigner", 1)]
    public string NewSigner { get; set; } = "";
}

[Function("setMaxFeedAge")]
public sealed class SetMaxFeedAgeFunction : FunctionMessage
{
    [Parameter("uint256", "newMaxAge", 1)]
    public BigInteger NewMaxAge { get; set; }
}

[Function("pause")]
public sealed class PauseFunction : FunctionMessage
{
}

[Function("unpause")]
public sealed class UnpauseFunction : FunctionMessage
{
}

[Function("hashRatioUpdate", "bytes32")]
public sealed class HashRatioUpdateFunction : FunctionMessage
{
    [Parameter("tuple", "update", 1)]
    public RatioUpdateStruct Update { get; set; } = new();
}

[Function("ownerOfPosition", "address")]
public sealed class OwnerOfPositionFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }
}

[Function("isOwnerOrOperator", "bool")]
public sealed class IsOwnerOrOperatorFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }

    [Parameter("address", "account", 2)]
    public string Account { get; set; } = "";
}

[Function("getPosition", typeof(GetPositionOutputDto))]
public sealed class GetPositionFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }
}

[FunctionOutput]
public sealed class GetPositionOutputDto : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public PositionStruct Position { get; set; } = new();
}

[Function("nonceOf", "uint256")]
public sealed class NonceOfFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }
}

[Function("modelSigner", "address")]
public sealed class ModelSignerFunction : FunctionMessage
{
}

[Function("positionCount", "uint256")]
public sealed class PositionCountFunction : FunctionMessage
{
}
