using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using Nethereum.ABI.Model;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts;

/// <summary>Put (0) or call (1), as the contracts number them.</summary>
public enum OptionOrderKind
{
    Put = 0,
    Call = 1,
}

/// <summary>
/// The EIP-712 struct an option order is signed as (contracts/src/interfaces/IOptionHedgeController.sol):
/// OptionOrder(uint256 positionId,uint8 kind,uint256 strike,uint256 expiry,uint256 notional,uint256 maxPremium,uint256 nonce,uint256 deadline).
/// Strike and maxPremium in feed units (8 decimals), notional in WETH wei, expiry and deadline in unix seconds.
/// </summary>
public sealed record OptionOrder(
    BigInteger PositionId, OptionOrderKind Kind, BigInteger Strike, BigInteger Expiry, BigInteger Notional, BigInteger MaxPremium, BigInteger Nonce, BigInteger Deadline)
    : IEip712Message
{
    private static readonly Dictionary<string, IReadOnlyList<TypedDataField>> TypeTable = new()
    {
        ["OptionOrder"] =
        [
            new("positionId", "uint256"), new("kind", "uint8"), new("strike", "uint256"), new("expiry", "uint256"), new("notional", "uint256"),
            new("maxPremium", "uint256"), new("nonce", "uint256"), new("deadline", "uint256"),
        ],
    };

    public string PrimaryType => "OptionOrder";

    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types => TypeTable;

    public IReadOnlyDictionary<string, object?> ToMessage() => new Dictionary<string, object?>
    {
        ["positionId"] = PositionId,
        ["kind"] = (BigInteger)(int)Kind,
        ["strike"] = Strike,
        ["expiry"] = Expiry,
        ["notional"] = Notional,
        ["maxPremium"] = MaxPremium,
        ["nonce"] = Nonce,
        ["deadline"] = Deadline,
    };

    public OptionOrderTuple ToTuple() => new()
    {
        PositionId = PositionId, Kind = (byte)Kind, Strike = Strike, Expiry = Expiry, Notional = Notional, MaxPremium = MaxPremium, Nonce = Nonce, Deadline = Deadline,
    };
}

/// <summary>A position's option book on chain: next order nonce, open notional (wei) and premium (feed units), and the owner's caps.</summary>
public sealed record OptionBook(BigInteger Nonce, BigInteger OpenNotional, BigInteger OpenPremium, BigInteger MaxOpenNotional, BigInteger MaxOpenPremium);

/// <summary>Binding for contracts/src/OptionHedgeController.sol (typed Nethereum messages): order signing, calldata, views, events, errors.</summary>
public sealed class OptionHedgeController(EthereumRpc rpc, Address address) : ContractBinding(rpc, address)
{
    public const string DomainName = "OptionHedgeController";
    public const string DomainVersion = "1";

    public static readonly EventKind OptionBought = EventKind.Of<OptionBoughtEventDto>();

    public static readonly EventKind OptionLegSettled = EventKind.Of<OptionLegSettledEventDto>();

    /// <summary>The contract's and its venue's custom errors, for revert reasons.</summary>
    public static readonly IReadOnlyList<ErrorABI> Errors = RevertDecoder.ErrorAbis(
        [
            "ZeroAddress()", "NotPositionOwner(uint256,address)", "PositionNotActive(uint256,uint8)", "ControllerPaused()", "NotOwnerOrOperator(uint256,address)",
            "DeadlineExpired(uint256,uint256)", "InvalidNonce(uint256,uint256,uint256)", "InvalidKind(uint8)", "NotionalCapExceeded(uint256,uint256)",
            "PremiumCapExceeded(uint256,uint256)", "PremiumAboveLimit(uint256,uint256)", "UnknownLeg(uint256)", "LegSettledAlready(uint256)", "InvalidSigner(address)",
            "SignerIsSender(address)", "InvalidSignatureLength(uint256)", "InvalidSignatureS(bytes32)", "InvalidSignatureV(uint8)", "InvalidSignature()",
            "EnforcedPause()", "ReentrancyGuardReentrantCall()", "InvalidStrike(uint256)", "InvalidNotional(uint256)", "InvalidExpiry(uint256,uint256)",
            "InsufficientCollateral(uint256,uint256)", "InvalidPrice(int256)", "StalePrice(uint256,uint256)", "UnknownOption(uint256)", "NotOpen(uint256)",
            "NotExpired(uint256,uint256)", "NotSettlementRound(uint80,uint256,uint256)", "UnknownPosition(uint256)",
        ]);

    public static Eip712Domain Domain(BigInteger chainId, Address controller)
        => new() { Name = DomainName, Version = DomainVersion, ChainId = chainId, VerifyingContract = controller };

    /// <summary>The digest signers sign (equals the contract's hashOptionOrder).</summary>
    public static byte[] Digest(BigInteger chainId, Address controller, OptionOrder order) => TypedDataEncoder.Hash(Domain(chainId, controller), order);

    /// <summary>A 65-byte signature r || s || v (v = 27/28, low s), as buyOption expects.</summary>
    public static byte[] SignOrder(EthereumAccount signer, BigInteger chainId, Address controller, OptionOrder order)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return signer.SignTypedData(Domain(chainId, controller), order).ToBytes65();
    }

    public static Address RecoverOrderSigner(BigInteger chainId, Address controller, OptionOrder order, byte[] signature)
        => Secp256k1.RecoverAddress(Digest(chainId, controller, order), Signature.FromBytes65(signature));

    public static byte[] EncodeBuyOption(OptionOrder order, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new BuyOptionFunction { Order = order.ToTuple(), Signature = signature }.GetCallData();
    }

    public static byte[] EncodeSettle(BigInteger optionId, BigInteger roundId) => new SettleOptionFunction { OptionId = optionId, RoundId = roundId }.GetCallData();

    public async Task<OptionBook> BookOfAsync(BigInteger positionId, BlockParameter? block = null, CancellationToken ct = default)
    {
        var b = await Rpc.Calls.QueryOutputAsync<BookOfFunction, OptionBookOutputDto>(Address, new BookOfFunction { PositionId = positionId }, block, ct).ConfigureAwait(false);
        return new OptionBook(b.Nonce, b.OpenNotional, b.OpenPremium, b.MaxOpenNotional, b.MaxOpenPremium);
    }

    public async Task<byte[]> HashOptionOrderAsync(OptionOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var data = await Rpc.Calls.CallAsync(new CallRequest { To = Address, Data = new HashOptionOrderFunction { Order = order.ToTuple() }.GetCallData() }, null, ct).ConfigureAwait(false);
        return data;
    }

    /// <summary>The venue's premium for an option now (feed units).</summary>
    public static async Task<BigInteger> QuoteAsync(EthereumRpc rpc, Address venue, OptionOrderKind kind, BigInteger strike, BigInteger expiry, BigInteger notional, CancellationToken ct = default)
    {
        var q = await rpc.Calls.QueryOutputAsync<QuoteOptionFunction, UintOutputDto>(venue, new QuoteOptionFunction { Kind = (byte)kind, Strike = strike, Expiry = expiry, Notional = notional }, null, ct).ConfigureAwait(false);
        return q.Value;
    }
}
