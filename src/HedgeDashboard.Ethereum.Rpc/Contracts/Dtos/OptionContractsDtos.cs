using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

// OptionHedgeController and MockOptionVenue (contracts/src/interfaces/IOptionHedgeController.sol, IOptionVenue.sol).

/// <summary>The OptionOrder tuple of buyOption (field order as in the contract).</summary>
public sealed class OptionOrderTuple
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint8", "kind", 2)]
    public byte Kind { get; set; }

    [Parameter("uint256", "strike", 3)]
    public BigInteger Strike { get; set; }

    [Parameter("uint256", "expiry", 4)]
    public BigInteger Expiry { get; set; }

    [Parameter("uint256", "notional", 5)]
    public BigInteger Notional { get; set; }

    [Parameter("uint256", "maxPremium", 6)]
    public BigInteger MaxPremium { get; set; }

    [Parameter("uint256", "nonce", 7)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint256", "deadline", 8)]
    public BigInteger Deadline { get; set; }
}

[Function("buyOption", "uint256")]
public sealed class BuyOptionFunction : FunctionMessage
{
    [Parameter("tuple", "order", 1)]
    public OptionOrderTuple Order { get; set; } = new();

    [Parameter("bytes", "signature", 2)]
    public byte[] Signature { get; set; } = [];
}

[Function("hashOptionOrder", "bytes32")]
public sealed class HashOptionOrderFunction : FunctionMessage
{
    [Parameter("tuple", "order", 1)]
    public OptionOrderTuple Order { get; set; } = new();
}

[Function("settle", "uint256")]
public sealed class SettleOptionFunction : FunctionMessage
{
    [Parameter("uint256", "optionId", 1)]
    public BigInteger OptionId { get; set; }

    [Parameter("uint80", "roundId", 2)]
    public BigInteger RoundId { get; set; }
}

[Function("bookOf", typeof(OptionBookOutputDto))]
public sealed class BookOfFunction : FunctionMessage
{
    [Parameter("uint256", "positionId", 1)]
    public BigInteger PositionId { get; set; }
}

/// <summary>Book: nonce, open notional, open premium, caps (maxOpenNotional, maxOpenPremium), flattened as the ABI lays a static tuple out.</summary>
[FunctionOutput]
public sealed class OptionBookOutputDto : IFunctionOutputDTO
{
    [Parameter("uint64", "nonce", 1)]
    public BigInteger Nonce { get; set; }

    [Parameter("uint128", "openNotional", 2)]
    public BigInteger OpenNotional { get; set; }

    [Parameter("uint128", "openPremium", 3)]
    public BigInteger OpenPremium { get; set; }

    [Parameter("uint128", "maxOpenNotional", 4)]
    public BigInteger MaxOpenNotional { get; set; }

    [Parameter("uint128", "maxOpenPremium", 5)]
    public BigInteger MaxOpenPremium { get; set; }
}

/// <summary>MockOptionVenue.quote(kind, strike, expiry, notional): the premium now, in feed units.</summary>
[Function("quote", "uint256")]
public sealed class QuoteOptionFunction : FunctionMessage
{
    [Parameter("uint8", "kind", 1)]
    public byte Kind { get; set; }

    [Parameter("uint256", "strike", 2)]
    public BigInteger Strike { get; set; }

    [Parameter("uint256", "expiry", 3)]
    public BigInteger Expiry { get; set; }

    [Parameter("uint256", "notional", 4)]
    public BigInteger Notional { get; set; }
}

[FunctionOutput]
public sealed class UintOutputDto : IFunctionOutputDTO
{
    [Parameter("uint256", "value", 1)]
    public BigInteger Value { get; set; }
}

/// <summary>A signed order bought option <see cref="OptionId"/> for a position, paying <see cref="Premium"/> (feed units).</summary>
[Event("OptionBought")]
public sealed class OptionBoughtEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "optionId", 2, true)]
    public BigInteger OptionId { get; set; }

    [Parameter("uint8", "kind", 3, false)]
    public byte Kind { get; set; }

    [Parameter("uint256", "strike", 4, false)]
    public BigInteger Strike { get; set; }

    [Parameter("uint256", "expiry", 5, false)]
    public BigInteger Expiry { get; set; }

    [Parameter("uint256", "notional", 6, false)]
    public BigInteger Notional { get; set; }

    [Parameter("uint256", "premium", 7, false)]
    public BigInteger Premium { get; set; }

    [Parameter("uint256", "nonce", 8, false)]
    public BigInteger Nonce { get; set; }

    [Parameter("address", "signer", 9, false)]
    public string Signer { get; set; } = "";

    [Parameter("address", "sender", 10, true)]
    public string Sender { get; set; } = "";
}

/// <summary>Option <see cref="OptionId"/> settled at <see cref="SettlementPrice"/>, paying <see cref="Payout"/> (feed units).</summary>
[Event("OptionLegSettled")]
public sealed class OptionLegSettledEventDto : IEventDTO
{
    [Parameter("uint256", "positionId", 1, true)]
    public BigInteger PositionId { get; set; }

    [Parameter("uint256", "optionId", 2, true)]
    public BigInteger OptionId { get; set; }

    [Parameter("uint256", "settlementPrice", 3, false)]
    public BigInteger SettlementPrice { get; set; }

    [Parameter("uint256", "payout", 4, false)]
    public BigInteger Payout { get; set; }
}

/// <summary>OptionHedgeController.venue(): the options venue it buys from.</summary>
[Function("venue", "address")]
public sealed class OptionVenueFunction : FunctionMessage
{
}

/// <summary>MockOptionVenue.priceFeed(): the Chainlink-style feed it prices and settles from.</summary>
[Function("priceFeed", "address")]
public sealed class OptionPriceFeedFunction : FunctionMessage
{
}
