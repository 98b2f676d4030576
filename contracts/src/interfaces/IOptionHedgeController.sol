// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IHedgeController} from "./IHedgeController.sol";
import {IOptionVenue} from "./IOptionVenue.sol";

/// @title IOptionHedgeController
/// @notice Buys options for positions protected by the HedgeController, under the same rules as its ratio updates:
/// an EIP-712 order signed by the model signer (the HedgeController's) or by the position's owner or an operator the
/// owner approved there (not the sender itself), sent by the owner or such an operator, with a per-position nonce, a
/// deadline, the owner's caps, the HedgeController's circuit breaker and position pause, and a pause of its own.
/// @dev Typed data:
///   domain: EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
///           with name = "OptionHedgeController", version = "1";
///   struct: OptionOrder(uint256 positionId,uint8 kind,uint256 strike,uint256 expiry,uint256 notional,
///           uint256 maxPremium,uint256 nonce,uint256 deadline)
/// (one line, no spaces after commas). Signatures are 65 bytes r || s || v, v in {27, 28}, s <= secp256k1n / 2.
/// Every signer is held to the caps: they are the owner's limits on what any order may lock up.
interface IOptionHedgeController {
    /// @notice The owner's limits on a position's open (unsettled) options.
    /// @param maxOpenNotional Largest total notional of open options (base-asset wei).
    /// @param maxOpenPremium Largest total premium of open options (feed decimals).
    struct OptionCaps {
        uint128 maxOpenNotional;
        uint128 maxOpenPremium;
    }

    /// @notice The signed order (EIP-712 struct `OptionOrder`).
    /// @param positionId The HedgeController's position id.
    /// @param kind 0 = put, 1 = call.
    /// @param strike The strike, in feed decimals.
    /// @param expiry Expiry timestamp.
    /// @param notional Units of the base asset (wei).
    /// @param maxPremium The most the order may pay, in feed decimals.
    /// @param nonce Must equal the position's option nonce.
    /// @param deadline Last timestamp (inclusive) at which the order may be accepted.
    struct OptionOrder {
        uint256 positionId;
        uint8 kind;
        uint256 strike;
        uint256 expiry;
        uint256 notional;
        uint256 maxPremium;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice A position's option book: the next order nonce, what is open, and the owner's caps.
    struct Book {
        uint64 nonce;
        uint128 openNotional;
        uint128 openPremium;
        OptionCaps caps;
    }

    /// @notice The owner changed a position's option caps.
    event OptionCapsChanged(uint256 indexed positionId, OptionCaps caps);
    /// @notice A signed order bought option `optionId` at the venue.
    event OptionBought(
        uint256 indexed positionId,
        uint256 indexed optionId,
        uint8 kind,
        uint256 strike,
        uint256 expiry,
        uint256 notional,
        uint256 premium,
        uint256 nonce,
        address signer,
        address indexed sender
    );
    /// @notice Option `optionId` of a position was settled at the venue.
    event OptionLegSettled(
        uint256 indexed positionId, uint256 indexed optionId, uint256 settlementPrice, uint256 payout
    );

    error ZeroAddress();
    error NotPositionOwner(uint256 positionId, address caller);
    error PositionNotActive(uint256 positionId, IHedgeController.Status status);
    error ControllerPaused();
    error NotOwnerOrOperator(uint256 positionId, address caller);
    error DeadlineExpired(uint256 deadline, uint256 nowTimestamp);
    error InvalidNonce(uint256 positionId, uint256 expected, uint256 given);
    error InvalidKind(uint8 kind);
    error NotionalCapExceeded(uint256 openNotional, uint256 maxOpenNotional);
    error PremiumCapExceeded(uint256 openPremium, uint256 maxOpenPremium);
    error PremiumAboveLimit(uint256 premium, uint256 maxPremium);
    error UnknownLeg(uint256 optionId);
    error LegSettledAlready(uint256 optionId);
    error InvalidSigner(address recovered);
    error SignerIsSender(address signer);
    // Raised by the signature check (same selectors as IHedgeController's).
    error InvalidSignatureLength(uint256 length);
    error InvalidSignatureS(bytes32 s);
    error InvalidSignatureV(uint8 v);
    error InvalidSignature();

    /// @notice Sets a position's option caps. The position's owner only.
    function setOptionCaps(uint256 positionId, OptionCaps calldata caps) external;

    /// @notice Buys the option of a signed order for its position. Owner or operator of the position only.
    /// @return optionId The venue's option id.
    function buyOption(OptionOrder calldata order, bytes calldata signature) external returns (uint256 optionId);

    /// @notice Settles an expired option at feed round `roundId` (see IOptionVenue.settle) and frees its caps.
    /// Anyone may call: the result depends only on the feed.
    function settle(uint256 optionId, uint80 roundId) external returns (uint256 payout);

    /// @notice The EIP-712 digest signers sign for `order`.
    function hashOptionOrder(OptionOrder calldata order) external view returns (bytes32);

    /// @notice A position's option book.
    function bookOf(uint256 positionId) external view returns (Book memory);

    /// @notice The position an option was bought for (0 if not bought here).
    function positionOfOption(uint256 optionId) external view returns (uint256);
}
