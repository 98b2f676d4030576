// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IHedgeController
/// @notice The on-chain record of protected Uniswap v3 positions and their hedge ratios.
/// @dev Ratio updates are EIP-712 typed data signed by the model signer (within the owner's caps) or by the
/// position's owner or an approved operator (within the owner's hard bounds only; see `updateRatio`):
///   domain: EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
///           with name = "HedgeController", version = "1", the chain id and this contract's address;
///   struct: RatioUpdate(uint256 positionId,uint256 newRatio,uint256 targetHedgeSize,uint256 nonce,uint256 deadline)
///   digest: keccak256(0x1901 || domainSeparator || keccak256(abi.encode(RATIO_UPDATE_TYPEHASH, fields...))).
/// The 65-byte signature is r (32) || s (32) || v (1) with v in {27, 28} and s <= secp256k1n / 2.
/// Ratios are 1e18 fixed point (1e18 = hedge 100 % of the position's delta). Hedge sizes are short sizes
/// in the base asset's smallest unit (wei of WETH). Prices use the feed's decimals.
interface IHedgeController {
    /// @notice Lifecycle of a protected position. `None` means the id was never registered.
    enum Status {
        None,
        Active,
        Paused,
        Closed
    }

    /// @notice Limits the position owner puts on updates to their own position.
    /// @param maxHedgeSize Largest short size any update may ask for (base-asset wei).
    /// @param maxRatioChange Largest |newRatio - oldRatio| in one model-signed update (1e18 = 100 %), greater than
    /// 0. It also bounds the hedge: one model-signed update moves the short by at most
    /// maxHedgeSize * maxRatioChange / 1e18 (rounded down), whatever its ratio change.
    /// @param minUpdateInterval Seconds that must pass after an accepted update before a model-signed one.
    /// @param maxSlippageBps Largest deviation of the venue's fill from the feed price, in basis points (<= 1000).
    struct Caps {
        uint128 maxHedgeSize;
        uint64 maxRatioChange;
        uint32 minUpdateInterval;
        uint16 maxSlippageBps;
    }

    /// @notice A protected position. Its owner is always the current owner of the NFT `tokenId`.
    /// @param pool The Uniswap v3 pool of the NFT (checked against the factory at registration).
    /// @param ratio The current hedge ratio (1e18 fixed point).
    /// @param status Active, Paused or Closed.
    /// @param tokenId The NonfungiblePositionManager token id.
    /// @param hedgeSize The short size currently held at the venue.
    /// @param nonce The nonce the next signed update must carry.
    /// @param lastUpdateAt Timestamp of the last accepted update (0 before the first one).
    /// @param caps The owner's limits.
    struct Position {
        address pool;
        uint64 ratio;
        Status status;
        uint256 tokenId;
        uint128 hedgeSize;
        uint64 nonce;
        uint40 lastUpdateAt;
        Caps caps;
    }

    /// @notice The signed payload of a ratio update (EIP-712 struct `RatioUpdate`).
    /// @param positionId The controller's position id.
    /// @param newRatio The new hedge ratio, in [0, 1e18].
    /// @param targetHedgeSize The short size the venue should hold after the update (base-asset wei).
    /// @param nonce Must equal the position's current nonce.
    /// @param deadline Last timestamp (inclusive) at which the update may be accepted.
    struct RatioUpdate {
        uint256 positionId;
        uint256 newRatio;
        uint256 targetHedgeSize;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice A position NFT was registered for protection.
    event PositionRegistered(
        uint256 indexed positionId,
        address indexed owner,
        address indexed pool,
        uint256 tokenId,
        uint256 initialRatio,
        Caps caps
    );
    /// @notice The owner changed a position's caps.
    event CapsChanged(uint256 indexed positionId, Caps caps);
    /// @notice The owner approved (`approved = true`) or revoked an operator for a position.
    event OperatorChanged(uint256 indexed positionId, address indexed owner, address indexed operator, bool approved);
    /// @notice The owner paused (`paused = true`) or resumed a position.
    event PositionPauseChanged(uint256 indexed positionId, bool paused);
    /// @notice The owner closed a position; its hedge was unwound to `finalHedgeSize` (0).
    event PositionClosed(uint256 indexed positionId, uint256 finalHedgeSize);
    /// @notice A signed ratio update was accepted.
    event RatioUpdated(
        uint256 indexed positionId,
        uint256 oldRatio,
        uint256 newRatio,
        uint256 targetHedgeSize,
        uint256 nonce,
        address indexed sender
    );
    /// @notice The venue filled a change of the position's hedge.
    event HedgeExecuted(
        uint256 indexed positionId, uint256 oldSize, uint256 newSize, uint256 executionPrice, uint256 fee
    );
    /// @notice The admin rotated the model signer.
    event ModelSignerRotated(address indexed previousSigner, address indexed newSigner);
    /// @notice The admin changed the largest accepted age of the feed's answer.
    event MaxFeedAgeChanged(uint256 previousMaxAge, uint256 newMaxAge);

    error ZeroAddress();
    error NotNftOwner(uint256 tokenId, address caller);
    error PoolMismatch(address expected, address given);
    error AlreadyRegistered(uint256 tokenId, uint256 positionId);
    error UnknownPosition(uint256 positionId);
    error PositionNotActive(uint256 positionId, Status status);
    error PositionClosedAlready(uint256 positionId);
    error NotOwnerOrOperator(uint256 positionId, address caller);
    error InvalidCaps();
    error RatioOutOfRange(uint256 ratio);
    error RatioChangeTooLarge(uint256 change, uint256 maxChange);
    error HedgeSizeTooLarge(uint256 size, uint256 maxSize);
    /// @notice A model-signed update would move the short by more than maxHedgeSize * maxRatioChange / 1e18.
    error HedgeSizeChangeTooLarge(uint256 change, uint256 maxChange);
    error CooldownActive(uint256 positionId, uint256 nextAllowedAt);
    error DeadlineExpired(uint256 deadline, uint256 nowTimestamp);
    error InvalidNonce(uint256 positionId, uint256 expected, uint256 given);
    error InvalidSignatureLength(uint256 length);
    error InvalidSignatureS(bytes32 s);
    error InvalidSignatureV(uint8 v);
    error InvalidSignature();
    error InvalidSigner(address recovered);
    /// @notice An operator signed an update and sent it itself: an operator's signature needs another sender,
    /// so that one leaked operator key cannot both authorize and send.
    error SignerIsSender(address signer);
    error LengthMismatch(uint256 updates, uint256 signatures);
    error EmptyBatch();
    error InvalidPrice(int256 answer);
    error StalePrice(uint256 updatedAt, uint256 maxAge);
    error SlippageExceeded(uint256 executionPrice, uint256 limitPrice);

    /// @notice Registers the caller's Uniswap v3 position NFT for protection.
    /// @dev The caller must own `tokenId`; `pool` must be the factory's pool for the NFT's tokens and fee.
    /// No hedge is opened until the first signed update.
    /// @param pool The NFT's Uniswap v3 pool.
    /// @param tokenId The NonfungiblePositionManager token id.
    /// @param initialRatio The starting hedge ratio, in [0, 1e18].
    /// @param caps The owner's limits on updates.
    /// @return positionId The new position's id (ids start at 1).
    function register(address pool, uint256 tokenId, uint256 initialRatio, Caps calldata caps)
        external
        returns (uint256 positionId);

    /// @notice Replaces a position's caps. Owner only; not for closed positions.
    function setCaps(uint256 positionId, Caps calldata caps) external;

    /// @notice Approves or revokes `operator` (e.g. the dashboard's relayer) for a position. Owner only.
    /// @dev Approvals belong to the owner that granted them: when the NFT changes hands they stop applying.
    function setOperator(uint256 positionId, address operator, bool approved) external;

    /// @notice Pauses (`paused = true`) or resumes updates of a position. Owner only.
    function setPositionPaused(uint256 positionId, bool paused) external;

    /// @notice Closes a position for good and unwinds its hedge at the venue. Owner only.
    /// @dev Works while the controller is globally paused, so that owners can always exit.
    function close(uint256 positionId) external;

    /// @notice Applies one signed ratio update and moves the hedge at the venue. Owner or operator only.
    /// @dev Who signed decides which limits apply. Always: the controller not paused, the position Active (not
    /// paused or closed), the nonce, the deadline, newRatio <= 1e18, targetHedgeSize <= maxHedgeSize, and the fill
    /// within maxSlippageBps of the feed. A signature by the model signer is also held to the model caps:
    /// |ratio change| <= maxRatioChange, |size change| <= maxHedgeSize * maxRatioChange / 1e18 and
    /// minUpdateInterval since the last accepted update. A signature by the position's owner, or by an operator
    /// the owner approved (sent by another account than that operator), is held to the hard bounds only: the
    /// owner decides by hand. The model signer is checked first.
    /// @param update The signed fields.
    /// @param signature The 65-byte signature (r || s || v) over the typed data, by the model signer, the
    /// position's owner or one of the owner's operators.
    function updateRatio(RatioUpdate calldata update, bytes calldata signature) external;

    /// @notice Applies several signed updates in order, all or nothing. Owner or operator of each.
    function updateRatios(RatioUpdate[] calldata updates, bytes[] calldata signatures) external;

    /// @notice Rotates the model signer. Admin only.
    function setModelSigner(address newSigner) external;

    /// @notice Sets the largest accepted age of the feed's latest answer, in seconds. Admin only.
    function setMaxFeedAge(uint256 newMaxAge) external;

    /// @notice Stops every update (circuit breaker). Admin only.
    function pause() external;

    /// @notice Lifts the circuit breaker. Admin only.
    function unpause() external;

    /// @notice The EIP-712 digest the model signer signs for `update`.
    function hashRatioUpdate(RatioUpdate calldata update) external view returns (bytes32);

    /// @notice The current owner of a position (the owner of its NFT).
    function ownerOfPosition(uint256 positionId) external view returns (address);

    /// @notice Whether `account` may send updates for a position (owner or approved operator).
    function isOwnerOrOperator(uint256 positionId, address account) external view returns (bool);

    /// @notice A position's record.
    function getPosition(uint256 positionId) external view returns (Position memory);

    /// @notice The nonce the next update of a position must carry.
    function nonceOf(uint256 positionId) external view returns (uint256);

    /// @notice The address whose signatures authorize ratio updates.
    function modelSigner() external view returns (address);
}
