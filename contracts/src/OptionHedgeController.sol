// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IHedgeController} from "./interfaces/IHedgeController.sol";
import {IOptionHedgeController} from "./interfaces/IOptionHedgeController.sol";
import {IOptionVenue} from "./interfaces/IOptionVenue.sol";
import {RatioUpdateSignature} from "./libraries/RatioUpdateSignature.sol";

/// @title OptionHedgeController
/// @notice The HedgeController's sibling for options: buys cash-settled puts and calls at the option venue for
/// protected positions, on EIP-712 orders (domain name "OptionHedgeController", version "1") signed by the
/// HedgeController's model signer or by the position's owner or operator, within the owner's caps on open notional
/// and premium. Ownership, operators, position pause, the model signer and the global circuit breaker are the
/// HedgeController's, so one switch stops both instruments.
/// @dev See IOptionHedgeController for the typed data. Admin (two-step ownership) can pause this contract alone.
contract OptionHedgeController is IOptionHedgeController, EIP712, Ownable2Step, Pausable, ReentrancyGuardTransient {
    /// @notice keccak256 of the OptionOrder type string.
    bytes32 public constant OPTION_ORDER_TYPEHASH = keccak256(
        "OptionOrder(uint256 positionId,uint8 kind,uint256 strike,uint256 expiry,uint256 notional,uint256 maxPremium,uint256 nonce,uint256 deadline)"
    );

    /// @notice The controller whose positions, owners, operators, model signer and circuit breaker apply.
    IHedgeController public immutable hedgeController;
    /// @notice The venue writing the options.
    IOptionVenue public immutable venue;

    mapping(uint256 positionId => Book) private _books;
    mapping(uint256 optionId => uint256 positionId) private _positionOf;

    constructor(address admin, IHedgeController hedgeController_, IOptionVenue venue_)
        EIP712("OptionHedgeController", "1")
        Ownable(admin)
    {
        if (address(hedgeController_) == address(0) || address(venue_) == address(0)) revert ZeroAddress();
        hedgeController = hedgeController_;
        venue = venue_;
    }

    /// @inheritdoc IOptionHedgeController
    function setOptionCaps(uint256 positionId, OptionCaps calldata caps) external {
        if (hedgeController.ownerOfPosition(positionId) != msg.sender) revert NotPositionOwner(positionId, msg.sender);
        _books[positionId].caps = caps;
        emit OptionCapsChanged(positionId, caps);
    }

    /// @inheritdoc IOptionHedgeController
    function buyOption(OptionOrder calldata o, bytes calldata signature)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 optionId)
    {
        address signer = _authorize(o, signature);
        uint256 nonce = _reserve(o);
        uint256 premium;
        (optionId, premium) =
            venue.buy(o.positionId, IOptionVenue.Kind(o.kind), o.strike, o.expiry, o.notional, o.maxPremium);
        if (premium > o.maxPremium) revert PremiumAboveLimit(premium, o.maxPremium);
        // casting to 'uint128' is safe because premium <= maxPremium and openPremium + maxPremium <= maxOpenPremium
        // forge-lint: disable-next-line(unsafe-typecast)
        _books[o.positionId].openPremium += uint128(premium);
        _positionOf[optionId] = o.positionId;
        emit OptionBought(
            o.positionId, optionId, o.kind, o.strike, o.expiry, o.notional, premium, nonce, signer, msg.sender
        );
    }

    /// @inheritdoc IOptionHedgeController
    function settle(uint256 optionId, uint80 roundId) external nonReentrant returns (uint256 payout) {
        uint256 positionId = _positionOf[optionId];
        if (positionId == 0) revert UnknownLeg(optionId);
        IOptionVenue.Option memory leg = venue.getOption(optionId);
        if (leg.status != IOptionVenue.Status.Open) revert LegSettledAlready(optionId);
        uint256 price;
        (price, payout) = venue.settle(optionId, roundId);
        Book storage b = _books[positionId];
        b.openNotional -= leg.notional;
        b.openPremium -= leg.premium;
        emit OptionLegSettled(positionId, optionId, price, payout);
    }

    /// @notice Stops new orders (settlement stays open). Admin only.
    function pause() external onlyOwner {
        _pause();
    }

    /// @notice Lifts the pause. Admin only.
    function unpause() external onlyOwner {
        _unpause();
    }

    /// @inheritdoc IOptionHedgeController
    function hashOptionOrder(OptionOrder calldata o) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    OPTION_ORDER_TYPEHASH,
                    o.positionId,
                    o.kind,
                    o.strike,
                    o.expiry,
                    o.notional,
                    o.maxPremium,
                    o.nonce,
                    o.deadline
                )
            )
        );
    }

    /// @notice The EIP-712 domain separator of this contract on the current chain.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IOptionHedgeController
    function bookOf(uint256 positionId) external view returns (Book memory) {
        return _books[positionId];
    }

    /// @inheritdoc IOptionHedgeController
    function positionOfOption(uint256 optionId) external view returns (uint256) {
        return _positionOf[optionId];
    }

    /// @dev The HedgeController's rules: its circuit breaker off, the position Active, the sender its owner or
    /// operator, the deadline, and a signature by the model signer or the position's wallet.
    function _authorize(OptionOrder calldata o, bytes calldata signature) private view returns (address signer) {
        if (Pausable(address(hedgeController)).paused()) revert ControllerPaused();
        IHedgeController.Status status = hedgeController.getPosition(o.positionId).status;
        if (status != IHedgeController.Status.Active) revert PositionNotActive(o.positionId, status);
        if (!hedgeController.isOwnerOrOperator(o.positionId, msg.sender)) {
            revert NotOwnerOrOperator(o.positionId, msg.sender);
        }
        if (block.timestamp > o.deadline) revert DeadlineExpired(o.deadline, block.timestamp);
        signer = RatioUpdateSignature.recover(hashOptionOrder(o), signature);
        if (signer != hedgeController.modelSigner()) _checkWalletSigner(o.positionId, signer);
    }

    /// @dev Checks the nonce, kind and caps, and takes the nonce and the notional before the venue call (effects
    /// first; the whole order reverts if the venue refuses). Returns the nonce used.
    function _reserve(OptionOrder calldata o) private returns (uint256 nonce) {
        Book storage b = _books[o.positionId];
        nonce = b.nonce;
        if (o.nonce != nonce) revert InvalidNonce(o.positionId, nonce, o.nonce);
        if (o.kind > uint8(IOptionVenue.Kind.Call)) revert InvalidKind(o.kind);
        uint256 openNotional = b.openNotional + o.notional;
        if (openNotional > b.caps.maxOpenNotional) revert NotionalCapExceeded(openNotional, b.caps.maxOpenNotional);
        // The signed limit must fit the premium cap, so that no fill the signer allowed can pass it.
        uint256 openPremium = b.openPremium + o.maxPremium;
        if (openPremium > b.caps.maxOpenPremium) revert PremiumCapExceeded(openPremium, b.caps.maxOpenPremium);
        // casts are safe: nonces grow one order at a time; openNotional <= maxOpenNotional (uint128)
        // forge-lint: disable-next-line(unsafe-typecast)
        b.nonce = uint64(nonce + 1);
        // forge-lint: disable-next-line(unsafe-typecast)
        b.openNotional = uint128(openNotional);
    }

    /// @dev As the HedgeController: a signer other than the model must be the position's owner, or an operator the
    /// owner approved that did not send the transaction itself.
    function _checkWalletSigner(uint256 positionId, address signer) private view {
        address owner_ = hedgeController.ownerOfPosition(positionId);
        if (signer == owner_) return;
        if (!hedgeController.isOwnerOrOperator(positionId, signer)) revert InvalidSigner(signer);
        if (signer == msg.sender) revert SignerIsSender(signer);
    }
}
