// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IHedgeVenue} from "../interfaces/IHedgeVenue.sol";

/// @title MockPerpVenue
/// @notice A perpetual-like short venue for the dev chain. It fills every trade at the feed price moved
/// against the trader by `spreadBps`, charges `feeBps` of the notional traded, keeps a size-weighted entry
/// price, realizes PnL on reductions, and charges funding per second on the open notional (size x entry
/// price) at `fundingRate`. No collateral: it is a ledger, not a market.
/// @dev Units: sizes in base-asset wei (1e18 = 1 WETH); prices, fees, funding and PnL in the feed's decimals.
/// Funding is always paid by the short here (a cost, as a hedger should budget for it); the rate in force when
/// funding is charged applies to the whole period since the previous charge. Amounts round down.
contract MockPerpVenue is IHedgeVenue {
    struct Hedge {
        uint256 size;
        uint256 entryPrice;
        uint256 feesPaid;
        int256 realizedPnl;
        uint256 fundingPaid;
        uint256 fundingSettledAt;
    }

    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_BPS = 1000;
    /// @dev 1e18 = 100 % of the notional per second.
    uint256 internal constant RATE_ONE = 1e18;
    /// @dev Upper bound on the funding rate: 0.01 % of the notional per second.
    uint256 internal constant MAX_FUNDING_RATE = 1e14;

    AggregatorV3Interface public immutable priceFeed;
    address public owner;
    address public controller;
    uint256 public feeBps;
    uint256 public spreadBps;
    /// @notice Funding charged per second as a fraction of the open notional, 1e18 = 100 %.
    uint256 public fundingRate;
    mapping(uint256 positionId => Hedge) private _hedges;

    event ControllerSet(address indexed controller);
    event FeeChanged(uint256 feeBps);
    event SpreadChanged(uint256 spreadBps);
    event FundingRateChanged(uint256 fundingRate);

    error NotOwner();
    error NotController();
    error ControllerAlreadySet();
    error ZeroAddress();
    error BpsTooHigh(uint256 bps);
    error FundingRateTooHigh(uint256 rate);
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

    /// @notice Sets the funding rate (fraction of the open notional per second, 1e18 = 100 %).
    function setFundingRate(uint256 rate) external {
        if (msg.sender != owner) revert NotOwner();
        if (rate > MAX_FUNDING_RATE) revert FundingRateTooHigh(rate);
        fundingRate = rate;
        emit FundingRateChanged(rate);
    }

    /// @notice Charges the funding accrued on a position's open short since its last charge (anyone may call).
    function settleFunding(uint256 positionId) external returns (uint256 amount) {
        return _settleFunding(positionId, _hedges[positionId]);
    }

    /// @notice Funding accrued on a position's open short and not charged yet.
    function pendingFunding(uint256 positionId) external view returns (uint256) {
        Hedge storage h = _hedges[positionId];
        return _accrued(h.size, h.entryPrice, block.timestamp - h.fundingSettledAt);
    }

    /// @inheritdoc IHedgeVenue
    function adjustHedge(uint256 positionId, uint256 targetSize, uint256 limitPrice)
        external
        returns (uint256 executionPrice, uint256 fee)
    {
        if (msg.sender != controller) revert NotController();
        Hedge storage h = _hedges[positionId];
        // Funding on the size held until now, before the trade changes it.
        _settleFunding(positionId, h);
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

    function _settleFunding(uint256 positionId, Hedge storage h) private returns (uint256 amount) {
        uint256 elapsed = block.timestamp - h.fundingSettledAt;
        h.fundingSettledAt = block.timestamp;
        uint256 size = h.size;
        amount = _accrued(size, h.entryPrice, elapsed);
        if (amount == 0) return 0;
        uint256 notional = size * h.entryPrice / 1e18;
        h.fundingPaid += amount;
        emit FundingCharged(positionId, size, notional, elapsed, amount);
    }

    function _accrued(uint256 size, uint256 entryPrice, uint256 elapsed) private view returns (uint256) {
        return size * entryPrice / 1e18 * fundingRate * elapsed / RATE_ONE;
    }

    function _feedPrice() private view returns (uint256) {
        (, int256 answer,,,) = priceFeed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        // casting to 'uint256' is safe because answer > 0 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(answer);
    }
}
