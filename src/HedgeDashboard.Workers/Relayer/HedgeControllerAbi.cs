using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Eip712;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The parts of HedgeController (contracts/src/HedgeController.sol) the relayer uses, written here with the
/// Ethereum layer's ABI encoder because no shared binding exists yet.
/// </summary>
public static class HedgeControllerAbi
{
    public static readonly AbiFunction UpdateRatio = AbiFunction.Parse("updateRatio((uint256,uint256,uint256,uint256,uint256),bytes)");

    public static readonly AbiFunction NonceOf = AbiFunction.Parse("nonceOf(uint256)(uint256)");

    /// <summary>getPosition returns Position(pool, ratio, status, tokenId, hedgeSize, nonce, lastUpdateAt, Caps(maxHedgeSize, maxRatioChange, minUpdateInterval, maxSlippageBps)).</summary>
    public static readonly AbiFunction GetPosition = AbiFunction.Parse(
        "getPosition(uint256)((address,uint64,uint8,uint256,uint128,uint64,uint40,(uint128,uint64,uint32,uint16)))");

    public static readonly IReadOnlyList<AbiError> Errors =
    [
        .. new[]
        {
            "error ZeroAddress()", "error UnknownPosition(uint256 positionId)", "error PositionNotActive(uint256 positionId, uint8 status)",
            "error NotOwnerOrOperator(uint256 positionId, address caller)", "error RatioOutOfRange(uint256 ratio)",
            "error RatioChangeTooLarge(uint256 change, uint256 maxChange)", "error HedgeSizeTooLarge(uint256 size, uint256 maxSize)",
            "error CooldownActive(uint256 positionId, uint256 nextAllowedAt)", "error DeadlineExpired(uint256 deadline, uint256 nowTimestamp)",
            "error InvalidNonce(uint256 positionId, uint256 expected, uint256 given)", "error InvalidSignatureLength(uint256 length)",
            "error InvalidSignatureS(bytes32 s)", "error InvalidSignatureV(uint8 v)", "error InvalidSignature()",
            "error InvalidSigner(address recovered)", "error InvalidPrice(int256 answer)", "error StalePrice(uint256 updatedAt, uint256 maxAge)",
            "error SlippageExceeded(uint256 executionPrice, uint256 limitPrice)", "error EnforcedPause()",
        }.Select(AbiError.Parse),
    ];

    public static readonly BigInteger RatioOne = BigInteger.Pow(10, 18);

    public static Eip712Domain Domain(BigInteger chainId, Address controller) =>
        new() { Name = "HedgeController", Version = "1", ChainId = chainId, VerifyingContract = controller };

    /// <summary>A ratio in [0, 1] as the contract's 18-decimal fixed point.</summary>
    public static BigInteger ToFixed18(decimal ratio) => new(decimal.Round(ratio * 1_000_000_000_000_000_000m, 0, MidpointRounding.ToEven));

    public static byte[] EncodeUpdate(RatioUpdate u, byte[] signature65) =>
        UpdateRatio.EncodeCall(new object?[] { u.PositionId, u.NewRatio, u.TargetHedgeSize, u.Nonce, u.Deadline }, signature65);

    /// <summary>The RatioUpdate inside updateRatio calldata (used to find the position nonce of a stored transaction).</summary>
    public static RatioUpdate DecodeUpdate(ReadOnlySpan<byte> calldata)
    {
        var args = UpdateRatio.DecodeInput(calldata);
        var t = (object?[])args[0]!;
        return new RatioUpdate((BigInteger)t[0]!, (BigInteger)t[1]!, (BigInteger)t[2]!, (BigInteger)t[3]!, (BigInteger)t[4]!);
    }

    public static RevertReason DecodeRevert(ReadOnlySpan<byte> data) => RevertDecoder.Decode(data, Errors);
}

/// <summary>The EIP-712 RatioUpdate(positionId, newRatio, targetHedgeSize, nonce, deadline) message.</summary>
public sealed record RatioUpdate(BigInteger PositionId, BigInteger NewRatio, BigInteger TargetHedgeSize, BigInteger Nonce, BigInteger Deadline) : IEip712Message
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> TypeMap = new Dictionary<string, IReadOnlyList<TypedDataField>>
    {
        ["RatioUpdate"] =
        [
            new("positionId", "uint256"), new("newRatio", "uint256"), new("targetHedgeSize", "uint256"), new("nonce", "uint256"), new("deadline", "uint256"),
        ],
    };

    public string PrimaryType => "RatioUpdate";

    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types => TypeMap;

    public IReadOnlyDictionary<string, object?> ToMessage() => new Dictionary<string, object?>
    {
        ["positionId"] = PositionId,
        ["newRatio"] = NewRatio,
        ["targetHedgeSize"] = TargetHedgeSize,
        ["nonce"] = Nonce,
        ["deadline"] = Deadline,
    };
}
