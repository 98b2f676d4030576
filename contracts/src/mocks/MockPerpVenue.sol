// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IHedgeVenue} from "../interfaces/IHedgeVenue.sol";

/// @title MockPerpVenue
/// @notice A perpetual-like short venue for the dev chain. It fills every trade at the feed price moved
/// against the trader by `spreadBps`, charges `feeBps` of the notional, keeps a size-weighted entry
/// price and realizes PnL on reductions. No collateral or funding: it is a ledger, not a market.
/// @dev Units: sizes in base-asset wei (1e18 = 1 WETH); prices, fees and PnL in the feed's decimals.
contract MockPerpVenue is IHedgeVenue {
    struct Hedge {
        uint256 size;
        uint256 entryPrice;
        uint256 feesPaid;
        int256 realizedPnl;
    }

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_BPS = 1000;

    AggregatorV3Interface public immutable priceFeed;
    address public owner;
    address public controller;
    uint256 public feeBps;
    uint256 public spreadBps;
    mapping(uint256 positionId => Hedge) private _hedges;

    event ControllerSet(address indexed controller);
    event FeeChanged(uint256 feeBps);
    event SpreadChanged(uint256 spreadBps);

    error NotOwner();
    error NotController();
    error ControllerAlreadySet();
    error ZeroAddress();
    error BpsTooHigh(uint256 bps);
    error InvalidPrice(int256 answer);
    error PriceLimitExceeded(uint256 executionPrice, uint256 limitPrice);

    constructor(AggregatorV3Interface priceFeed_, uint256 feeBps_) {
        if (address(priceFeed_) == address(0)) revert ZeroAddress();
        if (feeBps_ > MAX_BPS) revert BpsTooHigh(feeBps_);
        priceFeed = priceFeed_;
        owner = msg.sender;
        feeBps = feeBps_;
        emit FeeChanged(feeBps_);
    }

    /// @notice Binds the venue to its only caller, once.
    function setController(address controller_) external {
        if (msg.sender != owner) revert NotOwner();
        if (controller != address(0)) revert ControllerAlreadySet();
        if (controller_ == address(0)) revert ZeroAddress();
        controller = controller_;
        emit ControllerSet(controller_);
    }

    function setFeeBps(uint256 bps) external {
        if (msg.sender != owner) revert NotOwner();
        if (bps > MAX_BPS) revert BpsTooHigh(bps);
        feeBps = bps;
        emit FeeChanged(bps);
    }

    /// @notice Sets how far fills are from the feed price (to simulate slippage).
    function setSpreadBps(uint256 bps) external {
        if (msg.sender != owner) revert NotOwner();
        if (bps > MAX_BPS) revert BpsTooHigh(bps);
        spreadBps = bps;
        emit SpreadChanged(bps);
    }

    /// @inheritdoc IHedgeVenue
    function adjustHedge(uint256 positionId, uint256 targetSize, uint256 limitPrice)
        external
        returns (uint256 executionPrice, uint256 fee)
    {
        if (msg.sender != controller) revert NotController();
        Hedge storage h = _hedges[positionId];
        uint256 oldSize = h.size;
        if (targetSize == oldSize) return (_feedPrice(), 0);

        uint256 price = _feedPrice();
        bool isSell = targetSize > oldSize;
        uint256 delta;
        int256 pnl;
        if (isSell) {
            executionPrice = price * (BPS - spreadBps) / BPS;
            if (executionPrice < limitPrice) revert PriceLimitExceeded(executionPrice, limitPrice);
            delta = targetSize - oldSize;
            h.entryPrice = (oldSize * h.entryPrice + delta * executionPrice) / targetSize;
        } else {
            executionPrice = (price * (BPS + spreadBps) + BPS - 1) / BPS;
            if (executionPrice > limitPrice) revert PriceLimitExceeded(executionPrice, limitPrice);
            delta = oldSize - targetSize;
            // A short gains when the price falls below its entry. Casts are safe: prices and sizes are far below 2^255.
            // forge-lint: disable-next-line(unsafe-typecast)
            pnl = (int256(h.entryPrice) - int256(executionPrice)) * int256(delta) / 1e18;
            h.realizedPnl += pnl;
            if (targetSize == 0) h.entryPrice = 0;
        }
        fee = delta * executionPrice / 1e18 * feeBps / BPS;
        h.size = targetSize;
        h.feesPaid += fee;
        emit HedgeAdjusted(positionId, oldSize, targetSize, executionPrice, fee, pnl);
    }

    /// @inheritdoc IHedgeVenue
    function hedgeOf(uint256 positionId) external view returns (uint256 size, uint256 entryPrice) {
        Hedge storage h = _hedges[positionId];
        return (h.size, h.entryPrice);
    }

    /// @notice Full record of a position's hedge: size, entry price, fees paid and realized PnL.
    function hedges(uint256 positionId) external view returns (Hedge memory) {
        return _hedges[positionId];
    }

    /// @notice Unrealized PnL of the open short at the current feed price.
    function unrealizedPnl(uint256 positionId) external view returns (int256) {
        Hedge storage h = _hedges[positionId];
        // forge-lint: disable-next-line(unsafe-typecast)
        return (int256(h.entryPrice) - int256(_feedPrice())) * int256(h.size) / 1e18;
    }

    function _feedPrice() private view returns (uint256) {
        (, int256 answer,,,) = priceFeed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        // casting to 'uint256' is safe because answer > 0 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(answer);
    }
}
