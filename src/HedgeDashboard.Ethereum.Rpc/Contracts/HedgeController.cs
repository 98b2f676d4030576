using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>
/// The EIP-712 struct the model signer signs (contracts/src/interfaces/IHedgeController.sol):
/// RatioUpdate(uint256 positionId,uint256 newRatio,uint256 targetHedgeSize,uint256 nonce,uint256 deadline).
/// </summary>
public sealed record RatioUpdate(BigInteger PositionId, BigInteger NewRatio, BigInteger TargetHedgeSize, BigInteger Nonce, BigInteger Deadline) : IEip712Message
{
    private static readonly Dictionary<string, IReadOnlyList<TypedDataField>> TypeTable = new()
    {
        ["RatioUpdate"] =
        [
            new("positionId", "uint256"), new("newRatio", "uint256"), new("targetHedgeSize", "uint256"), new("nonce", "uint256"), new("deadline", "uint256"),
        ],
    };

    public string PrimaryType => "RatioUpdate";

    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types => TypeTable;

    public IReadOnlyDictionary<string, object?> ToMessage() => new Dictionary<string, object?>
    {
        ["positionId"] = PositionId,
        ["newRatio"] = NewRatio,
        ["targetHedgeSize"] = TargetHedgeSize,
        ["nonce"] = Nonce,
        ["deadline"] = Deadline,
    };

    internal object?[] ToTuple() => [PositionId, NewRatio, TargetHedgeSize, Nonce, Deadline];
}

public sealed record HedgeCaps(BigInteger MaxHedgeSize, BigInteger MaxRatioChange, BigInteger MinUpdateInterval, BigInteger MaxSlippageBps);

public enum HedgePositionStatus
{
    None,
    Active,
    Paused,
    Closed,
}

public sealed record HedgePosition(Address Pool, BigInteger Ratio, HedgePositionStatus Status, BigInteger TokenId, BigInteger HedgeSize, BigInteger Nonce, BigInteger LastUpdateAt, HedgeCaps Caps);

public sealed record RatioUpdatedEvent(BigInteger PositionId, BigInteger OldRatio, BigInteger NewRatio, BigInteger TargetHedgeSize, BigInteger Nonce, Address Sender)
{
    public LogEntry? Log { get; init; }
}

public sealed record HedgeExecutedEvent(BigInteger PositionId, BigInteger OldSize, BigInteger NewSize, BigInteger ExecutionPrice, BigInteger Fee)
{
    public LogEntry? Log { get; init; }
}

/// <summary>Binding for contracts/src/HedgeController.sol: typed-data signing, update calldata, views, events, errors.</summary>
public sealed class HedgeController(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public const string DomainName = "HedgeController";
    public const string DomainVersion = "1";
    private const string CapsTuple = "(uint128,uint64,uint32,uint16)";

    public static readonly AbiFunction UpdateRatioFunction = AbiFunction.Parse("updateRatio((uint256,uint256,uint256,uint256,uint256),bytes)");
    public static readonly AbiFunction UpdateRatiosFunction = AbiFunction.Parse("updateRatios((uint256,uint256,uint256,uint256,uint256)[],bytes[])");
    public static readonly AbiFunction RegisterFunction = AbiFunction.Parse($"register(address,uint256,uint256,{CapsTuple})(uint256)");
    public static readonly AbiFunction SetOperatorFunction = AbiFunction.Parse("setOperator(uint256,address,bool)");
    public static readonly AbiFunction NonceOfFunction = AbiFunction.Parse("nonceOf(uint256)(uint256)");
    public static readonly AbiFunction ModelSignerFunction = AbiFunction.Parse("modelSigner()(address)");
    public static readonly AbiFunction HashRatioUpdateFunction = AbiFunction.Parse("hashRatioUpdate((uint256,uint256,uint256,uint256,uint256))(bytes32)");
    public static readonly AbiFunction OwnerOfPositionFunction = AbiFunction.Parse("ownerOfPosition(uint256)(address)");
    public static readonly AbiFunction IsOwnerOrOperatorFunction = AbiFunction.Parse("isOwnerOrOperator(uint256,address)(bool)");
    public static readonly AbiFunction GetPositionFunction = AbiFunction.Parse($"getPosition(uint256)((address,uint64,uint8,uint256,uint128,uint64,uint40,{CapsTuple}))");

    public static readonly AbiEvent RatioUpdated = AbiEvent.Parse(
        "event RatioUpdated(uint256 indexed positionId, uint256 oldRatio, uint256 newRatio, uint256 targetHedgeSize, uint256 nonce, address indexed sender)");

    public static readonly AbiEvent HedgeExecuted = AbiEvent.Parse(
        "event HedgeExecuted(uint256 indexed positionId, uint256 oldSize, uint256 newSize, uint256 executionPrice, uint256 fee)");

    public static readonly AbiEvent PositionRegistered = AbiEvent.Parse(
        $"event PositionRegistered(uint256 indexed positionId, address indexed owner, address indexed pool, uint256 tokenId, uint256 initialRatio, {CapsTuple} caps)");

    public static readonly AbiEvent CapsChanged = AbiEvent.Parse($"event CapsChanged(uint256 indexed positionId, {CapsTuple} caps)");

    public static readonly AbiEvent OperatorChanged = AbiEvent.Parse(
        "event OperatorChanged(uint256 indexed positionId, address indexed owner, address indexed operator, bool approved)");

    public static readonly AbiEvent PositionPauseChanged = AbiEvent.Parse("event PositionPauseChanged(uint256 indexed positionId, bool paused)");
    public static readonly AbiEvent PositionClosed = AbiEvent.Parse("event PositionClosed(uint256 indexed positionId, uint256 finalHedgeSize)");
    public static readonly AbiEvent ModelSignerRotated = AbiEvent.Parse("event ModelSignerRotated(address indexed previousSigner, address indexed newSigner)");
    public static readonly AbiEvent MaxFeedAgeChanged = AbiEvent.Parse("event MaxFeedAgeChanged(uint256 previousMaxAge, uint256 newMaxAge)");

    /// <summary>Every event of the controller's ABI, OpenZeppelin's Pausable and Ownable2Step ones included (indexers).</summary>
    public static readonly IReadOnlyList<AbiEvent> Events =
    [
        PositionRegistered, CapsChanged, OperatorChanged, PositionPauseChanged, PositionClosed, RatioUpdated, HedgeExecuted, ModelSignerRotated,
        MaxFeedAgeChanged, AbiEvent.Parse("event Paused(address account)"), AbiEvent.Parse("event Unpaused(address account)"),
        AbiEvent.Parse("event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)"),
        AbiEvent.Parse("event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)"), AbiEvent.Parse("event EIP712DomainChanged()"),
    ];

    /// <summary>Any controller event: its name and values by parameter name (tuples as object?[]); null for a log of another ABI.</summary>
    public static (string Name, IReadOnlyDictionary<string, object?> Values)? DecodeEvent(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var ev = Events.FirstOrDefault(e => e.Matches(log.Topics) && e.Inputs.Count(i => i.Indexed) == log.Topics.Count - 1);
        return ev is null ? null : (ev.Name, ev.DecodeLogByName(log.Topics, log.Data));
    }

    /// <summary>The controller's custom errors, for <see cref="ExecutionRevertedException.ReasonWith"/>.</summary>
    public static readonly IReadOnlyList<AbiError> Errors =
    [
        .. new[]
        {
            "ZeroAddress()", "NotNftOwner(uint256,address)", "PoolMismatch(address,address)", "AlreadyRegistered(uint256,uint256)",
            "UnknownPosition(uint256)", "PositionNotActive(uint256,uint8)", "PositionClosedAlready(uint256)", "NotOwnerOrOperator(uint256,address)",
            "InvalidCaps()", "RatioOutOfRange(uint256)", "RatioChangeTooLarge(uint256,uint256)", "HedgeSizeTooLarge(uint256,uint256)", "HedgeSizeChangeTooLarge(uint256,uint256)", "SignerIsSender(address)",
            "CooldownActive(uint256,uint256)", "DeadlineExpired(uint256,uint256)", "InvalidNonce(uint256,uint256,uint256)",
            "InvalidSignatureLength(uint256)", "InvalidSignatureS(bytes32)", "InvalidSignatureV(uint8)", "InvalidSignature()",
            "InvalidSigner(address)", "LengthMismatch(uint256,uint256)", "EmptyBatch()", "InvalidPrice(int256)", "StalePrice(uint256,uint256)",
            "SlippageExceeded(uint256,uint256)", "EnforcedPause()", "ReentrancyGuardReentrantCall()", "OwnableUnauthorizedAccount(address)",
        }.Select(s => AbiError.Parse(s)),
    ];

    public static Eip712Domain Domain(BigInteger chainId, Address controller)
        => new() { Name = DomainName, Version = DomainVersion, ChainId = chainId, VerifyingContract = controller };

    /// <summary>The digest the model signer signs (equals the contract's hashRatioUpdate).</summary>
    public static byte[] Digest(BigInteger chainId, Address controller, RatioUpdate update) => TypedDataEncoder.Hash(Domain(chainId, controller), update);

    /// <summary>The model signer's 65-byte signature r || s || v (v = 27/28, low s), as updateRatio expects.</summary>
    public static byte[] SignUpdate(EthereumAccount modelSigner, BigInteger chainId, Address controller, RatioUpdate update)
    {
        ArgumentNullException.ThrowIfNull(modelSigner);
        return modelSigner.SignTypedData(Domain(chainId, controller), update).ToBytes65();
    }

    public static Address RecoverUpdateSigner(BigInteger chainId, Address controller, RatioUpdate update, byte[] signature)
        => Secp256k1.RecoverAddress(Digest(chainId, controller, update), Signature.FromBytes65(signature));

    public static byte[] EncodeUpdateRatio(RatioUpdate update, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(update);
        return UpdateRatioFunction.EncodeCall(update.ToTuple(), signature);
    }

    public static byte[] EncodeUpdateRatios(IReadOnlyList<RatioUpdate> updates, IReadOnlyList<byte[]> signatures)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return UpdateRatiosFunction.EncodeCall(updates.Select(u => (object?)u.ToTuple()).ToArray(), signatures.Cast<object?>().ToArray());
    }

    public static byte[] EncodeRegister(Address pool, BigInteger tokenId, BigInteger initialRatio, HedgeCaps caps)
    {
        ArgumentNullException.ThrowIfNull(caps);
        return RegisterFunction.EncodeCall(pool, tokenId, initialRatio, new object?[] { caps.MaxHedgeSize, caps.MaxRatioChange, caps.MinUpdateInterval, caps.MaxSlippageBps });
    }

    public static byte[] EncodeSetOperator(BigInteger positionId, Address operatorAddress, bool approved) => SetOperatorFunction.EncodeCall(positionId, operatorAddress, approved);

    public Task<BigInteger> NonceOfAsync(BigInteger positionId, BlockParameter? block = null, CancellationToken ct = default)
        => CallSingleAsync<BigInteger>(NonceOfFunction, [positionId], block, ct);

    public Task<Address> ModelSignerAsync(CancellationToken ct = default) => CallSingleAsync<Address>(ModelSignerFunction, [], null, ct);

    public Task<byte[]> HashRatioUpdateAsync(RatioUpdate update, CancellationToken ct = default)
        => CallSingleAsync<byte[]>(HashRatioUpdateFunction, [update?.ToTuple()], null, ct);

    public Task<Address> OwnerOfPositionAsync(BigInteger positionId, CancellationToken ct = default) => CallSingleAsync<Address>(OwnerOfPositionFunction, [positionId], null, ct);

    public Task<bool> IsOwnerOrOperatorAsync(BigInteger positionId, Address account, CancellationToken ct = default)
        => CallSingleAsync<bool>(IsOwnerOrOperatorFunction, [positionId, account], null, ct);

    public async Task<HedgePosition> GetPositionAsync(BigInteger positionId, BlockParameter? block = null, CancellationToken ct = default)
    {
        var p = (object?[])(await CallAsync(GetPositionFunction, [positionId], block, ct).ConfigureAwait(false))[0]!;
        var c = (object?[])p[7]!;
        return new HedgePosition((Address)p[0]!, (BigInteger)p[1]!, (HedgePositionStatus)(int)(BigInteger)p[2]!, (BigInteger)p[3]!, (BigInteger)p[4]!, (BigInteger)p[5]!, (BigInteger)p[6]!,
            new HedgeCaps((BigInteger)c[0]!, (BigInteger)c[1]!, (BigInteger)c[2]!, (BigInteger)c[3]!));
    }

    public async Task<IReadOnlyList<RatioUpdatedEvent>> GetRatioUpdatesAsync(ulong fromBlock, ulong toBlock, CancellationToken ct = default)
        => [.. (await GetEventsAsync(RatioUpdated, fromBlock, toBlock, ct).ConfigureAwait(false)).Select(e => DecodeRatioUpdated(e.Log))];

    public static RatioUpdatedEvent DecodeRatioUpdated(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var v = RatioUpdated.DecodeLog(log.Topics, log.Data);
        return new RatioUpdatedEvent((BigInteger)v[0]!, (BigInteger)v[1]!, (BigInteger)v[2]!, (BigInteger)v[3]!, (BigInteger)v[4]!, (Address)v[5]!) { Log = log };
    }

    public static HedgeExecutedEvent DecodeHedgeExecuted(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var v = HedgeExecuted.DecodeLog(log.Topics, log.Data);
        return new HedgeExecutedEvent((BigInteger)v[0]!, (BigInteger)v[1]!, (BigInteger)v[2]!, (BigInteger)v[3]!, (BigInteger)v[4]!) { Log = log };
    }
}
