using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;

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

    public RatioUpdateStruct ToStruct() => new() { PositionId = PositionId, NewRatio = NewRatio, TargetHedgeSize = TargetHedgeSize, Nonce = Nonce, Deadline = Deadline };
}

public sealed record HedgeCaps(BigInteger MaxHedgeSize, BigInteger MaxRatioChange, BigInteger MinUpdateInterval, BigInteger MaxSlippageBps)
{
    public CapsStruct ToStruct() => new() { MaxHedgeSize = MaxHedgeSize, MaxRatioChange = MaxRatioChange, MinUpdateInterval = MinUpdateInterval, MaxSlippageBps = MaxSlippageBps };

    public static HedgeCaps From(CapsStruct c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.MaxHedgeSize, c.MaxRatioChange, c.MinUpdateInterval, c.MaxSlippageBps);
    }
}

public enum HedgePositionStatus
{
    None,
    Active,
    Paused,
    Closed,
}

public sealed record HedgePosition(Address Pool, BigInteger Ratio, HedgePositionStatus Status, BigInteger TokenId, BigInteger HedgeSize, BigInteger Nonce, BigInteger LastUpdateAt, HedgeCaps Caps)
{
    public static HedgePosition From(PositionStruct p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(Address.Parse(p.Pool.ToLowerInvariant()), p.Ratio, (HedgePositionStatus)(int)p.Status, p.TokenId, p.HedgeSize, p.Nonce, p.LastUpdateAt, HedgeCaps.From(p.Caps));
    }
}

/// <summary>A decoded controller event: its name, the Nethereum DTO, and its values by ABI parameter name (see <see cref="EventDecoding.Values"/>).</summary>
public sealed record DecodedEvent(string Name, IEventDTO Event, IReadOnlyDictionary<string, object?> Values);

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
    /// <summary>Every event of the controller's ABI, OpenZeppelin's Pausable and Ownable2Step ones included (indexers).</summary>
    public static readonly IReadOnlyList<EventKind> Events =
    [
        EventKind.Of<PositionRegisteredEventDto>(), EventKind.Of<CapsChangedEventDto>(), EventKind.Of<OperatorChangedEventDto>(), EventKind.Of<PositionPauseChangedEventDto>(),
        EventKind.Of<PositionClosedEventDto>(), EventKind.Of<RatioUpdatedEventDto>(), EventKind.Of<HedgeExecutedEventDto>(), EventKind.Of<ModelSignerRotatedEventDto>(),
        EventKind.Of<MaxFeedAgeChangedEventDto>(), EventKind.Of<PausedEventDto>(), EventKind.Of<UnpausedEventDto>(), EventKind.Of<OwnershipTransferStartedEventDto>(),
        EventKind.Of<OwnershipTransferredEventDto>(), EventKind.Of<Eip712DomainChangedEventDto>(),
    ];

    /// <summary>
    /// Any controller event decoded through its DTO; null for a log of another ABI. A log with a controller topic that
    /// does not decode is an <see cref="AbiDecodingException"/>.
    /// </summary>
    public static DecodedEvent? DecodeEvent(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var kind = Events.FirstOrDefault(e => e.Matches(log));
        if (kind is null)
        {
            return null;
        }

        var dto = kind.Decode(log);
        return new DecodedEvent(kind.Name, dto, EventDecoding.Values(dto));
    }

    /// <summary>The controller's custom errors, for <see cref="ExecutionRevertedException.ReasonWith"/>.</summary>
    public static readonly IReadOnlyList<ErrorABI> Errors = RevertDecoder.ErrorAbis(
        "ZeroAddress()", "NotNftOwner(uint256,address)", "PoolMismatch(address,address)", "AlreadyRegistered(uint256,uint256)",
        "UnknownPosition(uint256)", "PositionNotActive(uint256,uint8)", "PositionClosedAlready(uint256)", "NotOwnerOrOperator(uint256,address)",
        "InvalidCaps()", "RatioOutOfRange(uint256)", "RatioChangeTooLarge(uint256,uint256)", "HedgeSizeTooLarge(uint256,uint256)", "HedgeSizeChangeTooLarge(uint256,uint256)",
        "SignerIsSender(address)", "CooldownActive(uint256,uint256)", "DeadlineExpired(uint256,uint256)", "InvalidNonce(uint256,uint256,uint256)",
        "InvalidSignatureLength(uint256)", "InvalidSignatureS(bytes32)", "InvalidSignatureV(uint8)", "InvalidSignature()",
        "InvalidSigner(address)", "LengthMismatch(uint256,uint256)", "EmptyBatch()", "InvalidPrice(int256)", "StalePrice(uint256,uint256)",
        "SlippageExceeded(uint256,uint256)", "EnforcedPause()", "ReentrancyGuardReentrantCall()", "OwnableUnauthorizedAccount(address)");

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
        return new UpdateRatioFunction { Update = update.ToStruct(), Signature = signature }.GetCallData();
    }

    public static byte[] EncodeUpdateRatios(IReadOnlyList<RatioUpdate> updates, IReadOnlyList<byte[]> signatures)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(signatures);
        return new UpdateRatiosFunction { Updates = [.. updates.Select(u => u.ToStruct())], Signatures = [.. signatures] }.GetCallData();
    }

    public static byte[] EncodeRegister(Address pool, BigInteger tokenId, BigInteger initialRatio, HedgeCaps caps)
    {
        ArgumentNullException.ThrowIfNull(caps);
        return new RegisterFunction { Pool = pool.ToLowerHex(), TokenId = tokenId, InitialRatio = initialRatio, Caps = caps.ToStruct() }.GetCallData();
    }

    public static byte[] EncodeSetOperator(BigInteger positionId, Address operatorAddress, bool approved)
        => new SetOperatorFunction { PositionId = positionId, Operator = operatorAddress.ToLowerHex(), Approved = approved }.GetCallData();

    public Task<BigInteger> NonceOfAsync(BigInteger positionId, BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<NonceOfFunction, BigInteger>(new() { PositionId = positionId }, block, ct);

    public Task<Address> ModelSignerAsync(CancellationToken ct = default) => QueryAsync<ModelSignerFunction, Address>(new(), null, ct);

    public Task<byte[]> HashRatioUpdateAsync(RatioUpdate update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return QueryAsync<HashRatioUpdateFunction, byte[]>(new() { Update = update.ToStruct() }, null, ct);
    }

    public Task<Address> OwnerOfPositionAsync(BigInteger positionId, CancellationToken ct = default)
        => QueryAsync<OwnerOfPositionFunction, Address>(new() { PositionId = positionId }, null, ct);

    public Task<bool> IsOwnerOrOperatorAsync(BigInteger positionId, Address account, CancellationToken ct = default)
        => QueryAsync<IsOwnerOrOperatorFunction, bool>(new() { PositionId = positionId, Account = account.ToLowerHex() }, null, ct);

    public Task<BigInteger> PositionCountAsync(BlockParameter? block = null, CancellationToken ct = default)
        => QueryAsync<PositionCountFunction, BigInteger>(new(), block, ct);

    public async Task<HedgePosition> GetPositionAsync(BigInteger positionId, BlockParameter? block = null, CancellationToken ct = default)
        => HedgePosition.From((await QueryOutputAsync<GetPositionFunction, GetPositionOutputDto>(new() { PositionId = positionId }, block, ct).ConfigureAwait(false)).Position);

    public async Task<IReadOnlyList<RatioUpdatedEvent>> GetRatioUpdatesAsync(ulong fromBlock, ulong toBlock, CancellationToken ct = default)
        => [.. (await GetLogsAsync<RatioUpdatedEventDto>(fromBlock, toBlock, ct).ConfigureAwait(false)).Select(DecodeRatioUpdated)];

    public static RatioUpdatedEvent DecodeRatioUpdated(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var e = EventDecoding.Decode<RatioUpdatedEventDto>(log);
        return new RatioUpdatedEvent(e.PositionId, e.OldRatio, e.NewRatio, e.TargetHedgeSize, e.Nonce, Address.Parse(e.Sender.ToLowerInvariant())) { Log = log };
    }

    public static HedgeExecutedEvent DecodeHedgeExecuted(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var e = EventDecoding.Decode<HedgeExecutedEventDto>(log);
        return new HedgeExecutedEvent(e.PositionId, e.OldSize, e.NewSize, e.ExecutionPrice, e.Fee) { Log = log };
    }
}

/// <summary>One event type of a contract, for dispatching logs by topic 0: its DTO's name, topic and decoder.</summary>
public sealed class EventKind
{
    private readonly Func<LogEntry, IEventDTO> _decode;

    private readonly int _topics;

    private EventKind(EventABI abi, byte[] topic0, Func<LogEntry, IEventDTO> decode)
    {
        Name = abi.Name;
        Topic0 = topic0;
        _topics = 1 + abi.NumberOfIndexes;
        _decode = decode;
    }

    public string Name { get; }

    public byte[] Topic0 { get; }

    public static EventKind Of<T>()
        where T : IEventDTO, new()
        => new(EventDecoding.AbiOf<T>(), EventDecoding.Topic0<T>(), log => EventDecoding.Decode<T>(log));

    /// <summary>Topic 0 and the number of indexed parameters match (ERC-20 and ERC-721 Transfer share a topic 0).</summary>
    public bool Matches(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.Topics.Count == _topics && log.Topics[0].AsSpan().SequenceEqual(Topic0);
    }

    public IEventDTO Decode(LogEntry log) => _decode(log);
}
