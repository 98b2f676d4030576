// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IHedgeController} from "./interfaces/IHedgeController.sol";
import {IHedgeVenue} from "./interfaces/IHedgeVenue.sol";
import {INonfungiblePositionManagerMinimal, IUniswapV3FactoryMinimal} from "./interfaces/IUniswapV3Minimal.sol";
import {PriceBounds} from "./libraries/PriceBounds.sol";
import {RatioUpdateSignature} from "./libraries/RatioUpdateSignature.sol";

/// @title HedgeController
/// @notice Records protected Uniswap v3 positions and applies hedge-ratio updates signed by the model
/// signer or by the position's owner or operator (EIP-712 domain name "HedgeController", version "1", this
/// chain id, this address), each of which moves the position's short hedge at the venue within a slippage
/// bound versus the price feed.
/// @dev Admin (two-step ownership, ideally a multisig) rotates the signer and holds the circuit breaker.
/// Position owners are the current owners of the NFTs. See IHedgeController for the typed data.
contract HedgeController is IHedgeController, EIP712, Ownable2Step, Pausable, ReentrancyGuardTransient {
    /// @notice Ratios are fixed point with 18 decimals; 1e18 hedges 100 % of the position's delta.
    uint256 public constant RATIO_ONE = 1e18;
    /// @notice Upper bound on an owner's slippage cap (10 %).
    uint16 public constant MAX_SLIPPAGE_BPS = 1000;

    /// @notice The Uniswap v3 position manager whose NFTs are protected.
    INonfungiblePositionManagerMinimal public immutable positionManager;
    /// @notice The price feed the slippage bound refers to (price of the base asset in quote).
    AggregatorV3Interface public immutable priceFeed;
    /// @notice The venue holding the hedges.
    IHedgeVenue public immutable venue;

    /// @inheritdoc IHedgeController
    address public modelSigner;
    /// @notice Largest accepted age of the feed's latest answer, in seconds.
    uint256 public maxFeedAge;
    /// @notice Number of positions ever registered; ids run from 1 to this.
    uint256 public positionCount;
    /// @notice The active (not closed) position id of an NFT, 0 if none.
    mapping(uint256 tokenId => uint256 positionId) public positionIdOfToken;

    mapping(uint256 positionId => Position) private _positions;
    mapping(uint256 positionId => mapping(address owner => mapping(address operator => bool))) private _operators;

    constructor(
        address admin,
        address modelSigner_,
        INonfungiblePositionManagerMinimal positionManager_,
        AggregatorV3Interface priceFeed_,
        IHedgeVenue venue_,
        uint256 maxFeedAge_
    ) EIP712("HedgeController", "1") Ownable(admin) {
        if (
            modelSigner_ == address(0) || address(positionManager_) == address(0) || address(priceFeed_) == address(0)
                || address(venue_) == address(0)
        ) revert ZeroAddress();
        positionManager = positionManager_;
        priceFeed = priceFeed_;
        venue = venue_;
        modelSigner = modelSigner_;
        maxFeedAge = maxFeedAge_;
        emit ModelSignerRotated(address(0), modelSigner_);
        emit MaxFeedAgeChanged(0, maxFeedAge_);
    }

    // ------------------------------------------------------------------ position owner

    /// @inheritdoc IHedgeController
    function register(address pool, uint256 tokenId, uint256 initialRatio, Caps calldata caps)
        external
        returns (uint256 positionId)
    {
        if (_nftOwner(tokenId) != msg.sender) revert NotNftOwner(tokenId, msg.sender);
        uint256 existing = positionIdOfToken[tokenId];
        if (existing != 0) revert AlreadyRegistered(tokenId, existing);
        address expectedPool = _poolOf(tokenId);
        if (pool != expectedPool) revert PoolMismatch(expectedPool, pool);
        if (initialRatio > RATIO_ONE) revert RatioOutOfRange(initialRatio);
        _checkCaps(caps);

        positionId = ++positionCount;
        positionIdOfToken[tokenId] = positionId;
        Position storage p = _positions[positionId];
        p.pool = pool;
        // casting to 'uint64' is safe because initialRatio <= 1e18 < 2^64 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        p.ratio = uint64(initialRatio);
        p.status = Status.Active;
        p.tokenId = tokenId;
        p.caps = caps;
        emit PositionRegistered(positionId, msg.sender, pool, tokenId, initialRatio, caps);
    }

    /// @inheritdoc IHedgeController
    function setCaps(uint256 positionId, Caps calldata caps) external {
        Position storage p = _ownedOpenPosition(positionId);
        _checkCaps(caps);
        p.caps = caps;
        emit CapsChanged(positionId, caps);
    }

    /// @inheritdoc IHedgeController
    function setOperator(uint256 positionId, address operator, bool approved) external {
        _ownedOpenPosition(positionId);
        if (operator == address(0)) revert ZeroAddress();
        _operators[positionId][msg.sender][operator] = approved;
        emit OperatorChanged(positionId, msg.sender, operator, approved);
    }

    /// @inheritdoc IHedgeController
    function setPositionPaused(uint256 positionId, bool paused_) external {
        Position storage p = _ownedOpenPosition(positionId);
        p.status = paused_ ? Status.Paused : Status.Active;
        emit PositionPauseChanged(positionId, paused_);
    }

    /// @inheritdoc IHedgeController
    function close(uint256 positionId) external nonReentrant {
        Position storage p = _ownedOpenPosition(positionId);
        p.status = Status.Closed;
        delete positionIdOfToken[p.tokenId];
        uint256 oldSize = p.hedgeSize;
        if (oldSize != 0) {
            p.hedgeSize = 0;
            _executeHedge(positionId, oldSize, 0, p.caps.maxSlippageBps);
        }
        emit PositionClosed(positionId, 0);
    }

    // ------------------------------------------------------------------ signed updates

    /// @inheritdoc IHedgeController
    function updateRatio(RatioUpdate calldata update, bytes calldata signature) external nonReentrant whenNotPaused {
        _applyUpdate(update, signature);
    }

    /// @inheritdoc IHedgeController
    function updateRatios(RatioUpdate[] calldata updates, bytes[] calldata signatures)
        external
        nonReentrant
        whenNotPaused
    {
        uint256 n = updates.length;
        if (n == 0) revert EmptyBatch();
        if (n != signatures.length) revert LengthMismatch(n, signatures.length);
        for (uint256 i; i < n; ++i) {
            _applyUpdate(updates[i], signatures[i]);
        }
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IHedgeController
    function setModelSigner(address newSigner) external onlyOwner {
        if (newSigner == address(0)) revert ZeroAddress();
        emit ModelSignerRotated(modelSigner, newSigner);
        modelSigner = newSigner;
    }

    /// @inheritdoc IHedgeController
    function setMaxFeedAge(uint256 newMaxAge) external onlyOwner {
        emit MaxFeedAgeChanged(maxFeedAge, newMaxAge);
        maxFeedAge = newMaxAge;
    }

    /// @inheritdoc IHedgeController
    function pause() external onlyOwner {
        _pause();
    }

    /// @inheritdoc IHedgeController
    function unpause() external onlyOwner {
        _unpause();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IHedgeController
    function hashRatioUpdate(RatioUpdate calldata update) public view returns (bytes32) {
        return _hashTypedDataV4(RatioUpdateSignature.structHash(update));
    }

    /// @notice The EIP-712 domain separator of this contract on the current chain.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice keccak256 of the RatioUpdate type string.
    function RATIO_UPDATE_TYPEHASH() external pure returns (bytes32) {
        return RatioUpdateSignature.RATIO_UPDATE_TYPEHASH;
    }

    /// @inheritdoc IHedgeController
    function ownerOfPosition(uint256 positionId) public view returns (address) {
        return _nftOwner(_existing(positionId).tokenId);
    }

    /// @inheritdoc IHedgeController
    function isOwnerOrOperator(uint256 positionId, address account) public view returns (bool) {
        address owner_ = ownerOfPosition(positionId);
        return account == owner_ || _operators[positionId][owner_][account];
    }

    /// @inheritdoc IHedgeController
    function getPosition(uint256 positionId) external view returns (Position memory) {
        return _existing(positionId);
    }

    /// @inheritdoc IHedgeController
    function nonceOf(uint256 positionId) external view returns (uint256) {
        return _existing(positionId).nonce;
    }

    // ------------------------------------------------------------------ internals

    function _applyUpdate(RatioUpdate calldata u, bytes calldata signature) private {
        Position storage p = _existing(u.positionId);
        if (p.status != Status.Active) revert PositionNotActive(u.positionId, p.status);
        if (!isOwnerOrOperator(u.positionId, msg.sender)) revert NotOwnerOrOperator(u.positionId, msg.sender);
        if (block.timestamp > u.deadline) revert DeadlineExpired(u.deadline, block.timestamp);

        address recovered = RatioUpdateSignature.recover(hashRatioUpdate(u), signature);
        bool byModel = recovered == modelSigner;
        if (!byModel) _checkWalletSigner(u.positionId, recovered);

        uint256 nonce = p.nonce;
        if (u.nonce != nonce) revert InvalidNonce(u.positionId, nonce, u.nonce);

        Caps memory caps = p.caps;
        uint256 oldRatio = p.ratio;
        uint256 oldSize = p.hedgeSize;
        if (u.newRatio > RATIO_ONE) revert RatioOutOfRange(u.newRatio);
        if (u.targetHedgeSize > caps.maxHedgeSize) revert HedgeSizeTooLarge(u.targetHedgeSize, caps.maxHedgeSize);
        if (byModel) _checkModelCaps(u, p.lastUpdateAt, oldRatio, oldSize, caps);

        // Effects before the venue call; the whole update reverts if the venue fails or slips too far.
        // casting is safe: newRatio <= 1e18 < 2^64; a uint64 nonce cannot be exhausted one update at a time;
        // the size is capped by maxHedgeSize (uint128); timestamps fit 40 bits until year 36812.
        p.ratio = uint64(u.newRatio);
        // forge-lint: disable-next-line(unsafe-typecast)
        p.nonce = uint64(nonce + 1);
        p.lastUpdateAt = uint40(block.timestamp);
        p.hedgeSize = uint128(u.targetHedgeSize);
        emit RatioUpdated(u.positionId, oldRatio, u.newRatio, u.targetHedgeSize, nonce, msg.sender);

        if (u.targetHedgeSize != oldSize) {
            _executeHedge(u.positionId, oldSize, u.targetHedgeSize, caps.maxSlippageBps);
        }
    }

    /// @dev The model's limits: the ratio step, the size step it implies for this position (so a model update with
    /// an unchanged ratio cannot move the short either), and the cooldown (the first update is not rate-limited).
    function _checkModelCaps(
        RatioUpdate calldata u,
        uint256 lastUpdateAt,
        uint256 oldRatio,
        uint256 oldSize,
        Caps memory caps
    ) private view {
        uint256 change = u.newRatio > oldRatio ? u.newRatio - oldRatio : oldRatio - u.newRatio;
        if (change > caps.maxRatioChange) revert RatioChangeTooLarge(change, caps.maxRatioChange);
        uint256 sizeChange = u.targetHedgeSize > oldSize ? u.targetHedgeSize - oldSize : oldSize - u.targetHedgeSize;
        // The size move of a full ratio step, rounded down; internal so that the ABI stays as it was.
        uint256 maxSizeChange = uint256(caps.maxHedgeSize) * caps.maxRatioChange / RATIO_ONE;
        if (sizeChange > maxSizeChange) revert HedgeSizeChangeTooLarge(sizeChange, maxSizeChange);
        if (lastUpdateAt != 0 && block.timestamp < lastUpdateAt + caps.minUpdateInterval) {
            revert CooldownActive(u.positionId, lastUpdateAt + caps.minUpdateInterval);
        }
    }

    /// @dev A signer other than the model must be the position's owner, or an operator the owner approved that
    /// did not send the transaction itself (an operator key alone must not both authorize and send).
    function _checkWalletSigner(uint256 positionId, address signer) private view {
        address owner_ = ownerOfPosition(positionId);
        if (signer == owner_) return;
        if (!_operators[positionId][owner_][signer]) revert InvalidSigner(signer);
        if (signer == msg.sender) revert SignerIsSender(signer);
    }

    function _executeHedge(uint256 positionId, uint256 oldSize, uint256 newSize, uint256 slippageBps) private {
        bool isSell = newSize > oldSize;
        uint256 limit = PriceBounds.limitPrice(_referencePrice(), slippageBps, isSell);
        (uint256 executionPrice, uint256 fee) = venue.adjustHedge(positionId, newSize, limit);
        if (!PriceBounds.within(executionPrice, limit, isSell)) revert SlippageExceeded(executionPrice, limit);
        emit HedgeExecuted(positionId, oldSize, newSize, executionPrice, fee);
    }

    function _referencePrice() private view returns (uint256) {
        (, int256 answer,, uint256 updatedAt,) = priceFeed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        if (updatedAt == 0 || block.timestamp - updatedAt > maxFeedAge) revert StalePrice(updatedAt, maxFeedAge);
        // casting to 'uint256' is safe because answer > 0 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(answer);
    }

    function _ownedOpenPosition(uint256 positionId) private view returns (Position storage p) {
        p = _existing(positionId);
        if (p.status == Status.Closed) revert PositionClosedAlready(positionId);
        if (_nftOwner(p.tokenId) != msg.sender) revert NotNftOwner(p.tokenId, msg.sender);
    }

    function _existing(uint256 positionId) private view returns (Position storage p) {
        p = _positions[positionId];
        if (p.status == Status.None) revert UnknownPosition(positionId);
    }

    function _nftOwner(uint256 tokenId) private view returns (address) {
        try positionManager.ownerOf(tokenId) returns (address owner_) {
            return owner_;
        } catch {
            return address(0);
        }
    }

    function _poolOf(uint256 tokenId) private view returns (address) {
        (,, address token0, address token1, uint24 fee,,,,,,,) = positionManager.positions(tokenId);
        return IUniswapV3FactoryMinimal(positionManager.factory()).getPool(token0, token1, fee);
    }

    function _checkCaps(Caps calldata caps) private pure {
        if (caps.maxRatioChange == 0 || caps.maxSlippageBps > MAX_SLIPPAGE_BPS) revert InvalidCaps();
    }
}
