// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IOptionVenue} from "../interfaces/IOptionVenue.sol";
import {BlackScholes} from "../libraries/BlackScholes.sol";

/// @title MockOptionVenue
/// @notice A cash-settled European options writer for the dev chain. It prices each option on chain with
/// Black-Scholes from the feed's price and a volatility (and rate) its owner sets, locks strike x notional of its
/// collateral per option, and settles at the first feed round at or after expiry: a put pays max(K - S, 0) x notional,
/// a call max(S - K, 0) x notional up to its collateral (a call capped at twice the strike). Like MockPerpVenue it is a
/// ledger in the feed's units, not a market: premiums add to its free collateral, payouts are recorded per position.
/// @dev Units: notionals in base-asset wei (1e18 = 1 WETH); strikes, premiums, collateral and payouts in feed decimals.
/// Premiums round up, payouts down (the writer's side of each rounding).
contract MockOptionVenue is IOptionVenue {
    uint256 internal constant MAX_VOLATILITY = 5e18;
    int256 internal constant MAX_ABS_RATE = 0.5e18;
    uint256 internal constant MAX_TENOR = 365 days;

    AggregatorV3Interface public immutable priceFeed;
    /// @dev 10^(18 - feed decimals): feed units to 1e18 fixed point.
    uint256 internal immutable _scale;
    address public owner;
    address public controller;
    /// @notice Annual volatility used for premiums, 1e18 = 100 %.
    uint256 public volatility;
    /// @notice Annual continuously compounded rate, 1e18 = 100 %.
    int256 public rate;
    /// @notice Largest accepted age of the feed's answer when writing, and of the settlement round after expiry.
    uint256 public maxFeedAge;
    /// @notice Collateral not locked by open options (feed decimals).
    uint256 public freeCollateral;
    /// @notice Collateral locked by open options (feed decimals).
    uint256 public lockedCollateral;
    /// @notice Number of options ever written; ids run from 1 to this.
    uint256 public optionCount;
    /// @notice Total paid out per position (feed decimals).
    mapping(uint256 positionId => uint256) public payoutsOf;
    mapping(uint256 optionId => Option) private _options;

    event ControllerSet(address indexed controller);
    event VolatilityChanged(uint256 volatility);
    event RateChanged(int256 rate);
    event MaxFeedAgeChanged(uint256 maxFeedAge);
    event CollateralFunded(uint256 amount, uint256 freeCollateral);

    error NotOwner();
    error NotController();
    error ControllerAlreadySet();
    error ZeroAddress();
    error VolatilityOutOfRange(uint256 volatility);
    error RateOutOfRange(int256 rate);
    error InvalidStrike(uint256 strike);
    error InvalidNotional(uint256 notional);
    error InvalidExpiry(uint256 expiry, uint256 nowTimestamp);
    error PremiumAboveLimit(uint256 premium, uint256 maxPremium);
    error InsufficientCollateral(uint256 needed, uint256 free);
    error InvalidPrice(int256 answer);
    error StalePrice(uint256 updatedAt, uint256 maxAge);
    error UnknownOption(uint256 optionId);
    error NotOpen(uint256 optionId);
    error NotExpired(uint256 expiry, uint256 nowTimestamp);
    error NotSettlementRound(uint80 roundId, uint256 updatedAt, uint256 expiry);

    constructor(AggregatorV3Interface priceFeed_, uint256 volatility_, uint256 maxFeedAge_) {
        if (address(priceFeed_) == address(0)) revert ZeroAddress();
        if (volatility_ == 0 || volatility_ > MAX_VOLATILITY) revert VolatilityOutOfRange(volatility_);
        priceFeed = priceFeed_;
        _scale = 10 ** (18 - priceFeed_.decimals());
        owner = msg.sender;
        volatility = volatility_;
        maxFeedAge = maxFeedAge_;
        emit VolatilityChanged(volatility_);
        emit MaxFeedAgeChanged(maxFeedAge_);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    modifier onlyController() {
        if (msg.sender != controller) revert NotController();
        _;
    }

    /// @notice Binds the venue to its only caller, once.
    function setController(address controller_) external onlyOwner {
        if (controller != address(0)) revert ControllerAlreadySet();
        if (controller_ == address(0)) revert ZeroAddress();
        controller = controller_;
        emit ControllerSet(controller_);
    }

    /// @notice Sets the annual volatility premiums are priced at (1e18 = 100 %, at most 500 %).
    function setVolatility(uint256 volatility_) external onlyOwner {
        if (volatility_ == 0 || volatility_ > MAX_VOLATILITY) revert VolatilityOutOfRange(volatility_);
        volatility = volatility_;
        emit VolatilityChanged(volatility_);
    }

    /// @notice Sets the annual rate (1e18 = 100 %, within +-50 %).
    function setRate(int256 rate_) external onlyOwner {
        if (rate_ > MAX_ABS_RATE || rate_ < -MAX_ABS_RATE) revert RateOutOfRange(rate_);
        rate = rate_;
        emit RateChanged(rate_);
    }

    function setMaxFeedAge(uint256 maxFeedAge_) external onlyOwner {
        maxFeedAge = maxFeedAge_;
        emit MaxFeedAgeChanged(maxFeedAge_);
    }

    /// @notice Adds collateral to the writer's ledger (a mock: no token moves).
    function fund(uint256 amount) external onlyOwner {
        freeCollateral += amount;
        emit CollateralFunded(amount, freeCollateral);
    }

    /// @inheritdoc IOptionVenue
    function quote(Kind kind, uint256 strike, uint256 expiry, uint256 notional) public view returns (uint256) {
        _checkTerms(strike, expiry, notional);
        return _premium(kind, _freshPrice(), strike, expiry, notional);
    }

    /// @inheritdoc IOptionVenue
    function buy(uint256 positionId, Kind kind, uint256 strike, uint256 expiry, uint256 notional, uint256 maxPremium)
        external
        onlyController
        returns (uint256 optionId, uint256 premium)
    {
        _checkTerms(strike, expiry, notional);
        uint256 spot = _freshPrice();
        premium = _premium(kind, spot, strike, expiry, notional);
        if (premium > maxPremium) revert PremiumAboveLimit(premium, maxPremium);
        uint256 collateral = strike * notional / 1e18;
        uint256 available = freeCollateral + premium;
        if (collateral > available) revert InsufficientCollateral(collateral, available);
        freeCollateral = available - collateral;
        lockedCollateral += collateral;
        optionId = ++optionCount;
        Option storage o = _options[optionId];
        o.positionId = positionId;
        o.kind = kind;
        o.status = Status.Open;
        // casts are safe: _checkTerms bounds strike and notional to 96 bits and expiry to 40, _freshPrice the spot to
        // 96 bits; collateral (strike x notional / 1e18) and premium (at most spot x notional / 1e18) fit 128 bits
        // forge-lint: disable-next-line(unsafe-typecast)
        o.expiry = uint40(expiry);
        // forge-lint: disable-next-line(unsafe-typecast)
        o.strike = uint128(strike);
        // forge-lint: disable-next-line(unsafe-typecast)
        o.notional = uint128(notional);
        // forge-lint: disable-next-line(unsafe-typecast)
        o.premium = uint128(premium);
        // forge-lint: disable-next-line(unsafe-typecast)
        o.collateral = uint128(collateral);
        emit OptionWritten(optionId, positionId, kind, strike, expiry, notional, premium, spot, volatility);
    }

    /// @inheritdoc IOptionVenue
    function settle(uint256 optionId, uint80 roundId)
        external
        onlyController
        returns (uint256 settlementPrice, uint256 payout)
    {
        Option storage o = _options[optionId];
        if (o.status == Status.None) revert UnknownOption(optionId);
        if (o.status != Status.Open) revert NotOpen(optionId);
        uint256 expiry = o.expiry;
        if (block.timestamp < expiry) revert NotExpired(expiry, block.timestamp);
        settlementPrice = _settlementPrice(roundId, expiry);
        payout = payoutOf(o.kind, o.strike, o.notional, o.collateral, settlementPrice);
        o.status = Status.Settled;
        // casts are safe: the settlement price is below 2^96 (checked) and payout <= collateral
        // forge-lint: disable-next-line(unsafe-typecast)
        o.settlementPrice = uint128(settlementPrice);
        // forge-lint: disable-next-line(unsafe-typecast)
        o.payout = uint128(payout);
        lockedCollateral -= o.collateral;
        freeCollateral += o.collateral - payout;
        payoutsOf[o.positionId] += payout;
        emit OptionSettled(optionId, o.positionId, roundId, settlementPrice, payout);
    }

    /// @inheritdoc IOptionVenue
    function getOption(uint256 optionId) external view returns (Option memory) {
        return _options[optionId];
    }

    /// @notice The cash payout of an option at `price`: max(K - S, 0) x notional for a put, max(S - K, 0) x notional
    /// for a call, never more than its collateral; in feed decimals, rounded down.
    function payoutOf(Kind kind, uint256 strike, uint256 notional, uint256 collateral, uint256 price)
        public
        pure
        returns (uint256 payout)
    {
        uint256 intrinsic;
        if (kind == Kind.Put) intrinsic = strike > price ? strike - price : 0;
        else intrinsic = price > strike ? price - strike : 0;
        payout = intrinsic * notional / 1e18;
        if (payout > collateral) payout = collateral;
    }

    function _premium(Kind kind, uint256 spot, uint256 strike, uint256 expiry, uint256 notional)
        private
        view
        returns (uint256)
    {
        uint256 unit = BlackScholes.price(
            kind == Kind.Call, spot * _scale, strike * _scale, volatility, rate, expiry - block.timestamp
        );
        // Per-unit price (1e18) x notional (wei) -> feed units, rounded up.
        uint256 quoteWad = unit * notional / 1e18;
        return (quoteWad + _scale - 1) / _scale;
    }

    function _checkTerms(uint256 strike, uint256 expiry, uint256 notional) private view {
        if (strike == 0 || strike > type(uint96).max) revert InvalidStrike(strike);
        if (notional == 0 || notional > type(uint96).max) revert InvalidNotional(notional);
        if (expiry <= block.timestamp || expiry > block.timestamp + MAX_TENOR) {
            revert InvalidExpiry(expiry, block.timestamp);
        }
    }

    /// @dev The feed's latest answer, positive and no older than maxFeedAge (as the HedgeController checks it).
    function _freshPrice() private view returns (uint256) {
        (, int256 answer,, uint256 updatedAt,) = priceFeed.latestRoundData();
        if (answer <= 0 || answer > int256(uint256(type(uint96).max))) revert InvalidPrice(answer);
        if (updatedAt == 0 || block.timestamp - updatedAt > maxFeedAge) revert StalePrice(updatedAt, maxFeedAge);
        // casting to 'uint256' is safe because answer > 0 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(answer);
    }

    /// @dev Round `roundId` must be the first stamped at or after expiry (its predecessor before it), within maxFeedAge
    /// of the expiry, with a positive answer: so the price is the feed's at expiry, not one the settler picked later.
    function _settlementPrice(uint80 roundId, uint256 expiry) private view returns (uint256) {
        (, int256 answer,, uint256 updatedAt,) = priceFeed.getRoundData(roundId);
        if (updatedAt < expiry) revert NotSettlementRound(roundId, updatedAt, expiry);
        if (roundId > 1) {
            (,,, uint256 previousAt,) = priceFeed.getRoundData(roundId - 1);
            if (previousAt >= expiry) revert NotSettlementRound(roundId, previousAt, expiry);
        }
        if (updatedAt - expiry > maxFeedAge) revert StalePrice(updatedAt, maxFeedAge);
        if (answer <= 0 || answer > int256(uint256(type(uint96).max))) revert InvalidPrice(answer);
        // casting to 'uint256' is safe because answer > 0 (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(answer);
    }
}
