// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {IOptionVenue} from "../src/interfaces/IOptionVenue.sol";
import {BlackScholes} from "../src/libraries/BlackScholes.sol";
import {MockAggregatorV3} from "../src/mocks/MockAggregatorV3.sol";
import {MockOptionVenue} from "../src/mocks/MockOptionVenue.sol";

contract MockOptionVenueTest is Test {
    uint256 internal constant T0 = 1_800_000_000;
    uint256 internal constant FUNDED = 1_000_000e8;
    MockAggregatorV3 internal feed;
    MockOptionVenue internal venue;
    address internal controller = makeAddr("controller");

    function setUp() public {
        vm.warp(T0);
        feed = new MockAggregatorV3(8, "ETH / USD", 3000e8);
        venue = new MockOptionVenue(feed, 0.8e18, 1 hours);
        venue.setController(controller);
        venue.fund(FUNDED);
    }

    function _buy(IOptionVenue.Kind kind, uint256 strike, uint256 expiry, uint256 notional)
        internal
        returns (uint256 id, uint256 premium)
    {
        vm.prank(controller);
        return venue.buy(7, kind, strike, expiry, notional, type(uint256).max);
    }

    /// @dev Moves past `expiry` and pushes the settlement round; returns its id.
    function _expireAt(uint256 expiry, int256 price) internal returns (uint80) {
        vm.warp(expiry);
        feed.setAnswer(price);
        return feed.latestRound();
    }

    function test_Buy_PricesWithBlackScholesAndLocksCollateral() public {
        uint256 expiry = T0 + 7 days;
        uint256 want = BlackScholes.price(false, 3000e18, 2700e18, 0.8e18, 0, 7 days) * 2; // 2 ETH, 1e18 units
        uint256 quoted = venue.quote(IOptionVenue.Kind.Put, 2700e8, expiry, 2e18);
        assertEq(quoted, (want + 1e10 - 1) / 1e10); // feed units, rounded up
        vm.expectEmit(true, true, true, true, address(venue));
        emit IOptionVenue.OptionWritten(1, 7, IOptionVenue.Kind.Put, 2700e8, expiry, 2e18, quoted, 3000e8, 0.8e18);
        (uint256 id, uint256 premium) = _buy(IOptionVenue.Kind.Put, 2700e8, expiry, 2e18);
        assertEq(id, 1);
        assertEq(premium, quoted);
        IOptionVenue.Option memory o = venue.getOption(1);
        assertEq(o.collateral, 5400e8);
        assertEq(uint8(o.status), uint8(IOptionVenue.Status.Open));
        assertEq(venue.lockedCollateral(), 5400e8);
        assertEq(venue.freeCollateral(), FUNDED + premium - 5400e8);
    }

    function test_Buy_PremiumFollowsTheOwnersVolatility() public {
        uint256 expiry = T0 + 30 days;
        uint256 low = venue.quote(IOptionVenue.Kind.Put, 2800e8, expiry, 1e18);
        venue.setVolatility(1.2e18);
        assertGt(venue.quote(IOptionVenue.Kind.Put, 2800e8, expiry, 1e18), low);
    }

    function test_RevertWhen_BuyNotByController() public {
        vm.expectRevert(MockOptionVenue.NotController.selector);
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0 + 1 days, 1e18, type(uint256).max);
    }

    function test_RevertWhen_PremiumAboveLimit() public {
        uint256 quoted = venue.quote(IOptionVenue.Kind.Put, 2700e8, T0 + 7 days, 1e18);
        vm.prank(controller);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.PremiumAboveLimit.selector, quoted, quoted - 1));
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0 + 7 days, 1e18, quoted - 1);
    }

    function test_RevertWhen_FeedStale() public {
        vm.warp(T0 + 1 hours + 1);
        vm.prank(controller);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.StalePrice.selector, T0, 1 hours));
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0 + 7 days, 1e18, type(uint256).max);
    }

    function test_RevertWhen_FeedNotPositive() public {
        feed.setAnswer(0);
        vm.prank(controller);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.InvalidPrice.selector, int256(0)));
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0 + 7 days, 1e18, type(uint256).max);
    }

    function test_RevertWhen_TermsInvalid() public {
        vm.startPrank(controller);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.InvalidExpiry.selector, T0, T0));
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0, 1e18, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.InvalidExpiry.selector, T0 + 366 days, T0));
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0 + 366 days, 1e18, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.InvalidStrike.selector, 0));
        venue.buy(7, IOptionVenue.Kind.Put, 0, T0 + 1 days, 1e18, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.InvalidNotional.selector, 0));
        venue.buy(7, IOptionVenue.Kind.Put, 2700e8, T0 + 1 days, 0, type(uint256).max);
        vm.stopPrank();
    }

    function test_RevertWhen_CollateralShort() public {
        // 400 ETH of 3000 puts lock 1.2M, more than the 1M funded plus the premium.
        vm.prank(controller);
        vm.expectPartialRevert(MockOptionVenue.InsufficientCollateral.selector);
        venue.buy(7, IOptionVenue.Kind.Put, 3000e8, T0 + 1 days, 400e18, type(uint256).max);
    }

    function test_Settle_PutPaysStrikeMinusSpotAtFirstRoundAfterExpiry() public {
        uint256 expiry = T0 + 7 days;
        (uint256 id, uint256 premium) = _buy(IOptionVenue.Kind.Put, 2700e8, expiry, 2e18);
        uint80 round = _expireAt(expiry, 2500e8);
        vm.warp(expiry + 10 minutes);
        feed.setAnswer(2000e8); // a later, lower price must not be the one used
        vm.expectEmit(true, true, true, true, address(venue));
        emit IOptionVenue.OptionSettled(id, 7, round, 2500e8, 400e8);
        vm.prank(controller);
        (uint256 price, uint256 payout) = venue.settle(id, round);
        assertEq(price, 2500e8);
        assertEq(payout, 400e8); // (2700 - 2500) x 2
        assertEq(venue.payoutsOf(7), 400e8);
        assertEq(venue.lockedCollateral(), 0);
        assertEq(venue.freeCollateral(), FUNDED + premium - 400e8);
        assertEq(uint8(venue.getOption(id).status), uint8(IOptionVenue.Status.Settled));
    }

    function test_Settle_CallIsCappedAtItsCollateral() public {
        uint256 expiry = T0 + 1 days;
        (uint256 id,) = _buy(IOptionVenue.Kind.Call, 1000e8, expiry, 1e18);
        uint80 round = _expireAt(expiry, 5000e8);
        vm.prank(controller);
        (, uint256 payout) = venue.settle(id, round);
        assertEq(payout, 1000e8); // 4000 intrinsic, capped at strike x notional
    }

    function test_RevertWhen_SettleBeforeExpiry() public {
        uint256 expiry = T0 + 1 days;
        (uint256 id,) = _buy(IOptionVenue.Kind.Put, 2700e8, expiry, 1e18);
        vm.prank(controller);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.NotExpired.selector, expiry, T0));
        venue.settle(id, 1);
    }

    function test_RevertWhen_SettleWithAnotherRound() public {
        uint256 expiry = T0 + 1 days;
        (uint256 id,) = _buy(IOptionVenue.Kind.Put, 2700e8, expiry, 1e18);
        uint80 first = _expireAt(expiry, 2500e8);
        vm.warp(expiry + 60);
        feed.setAnswer(2400e8);
        vm.startPrank(controller);
        // A round before expiry, and a round after the first one after expiry, are both refused.
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.NotSettlementRound.selector, first - 1, T0, expiry));
        venue.settle(id, first - 1);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.NotSettlementRound.selector, first + 1, expiry, expiry));
        venue.settle(id, first + 1);
        venue.settle(id, first);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.NotOpen.selector, id));
        venue.settle(id, first);
        vm.stopPrank();
    }

    function test_RevertWhen_SettlementRoundStale() public {
        uint256 expiry = T0 + 1 days;
        (uint256 id,) = _buy(IOptionVenue.Kind.Put, 2700e8, expiry, 1e18);
        uint80 round = _expireAt(expiry + 1 hours + 1, 2500e8);
        vm.prank(controller);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.StalePrice.selector, expiry + 1 hours + 1, 1 hours));
        venue.settle(id, round);
    }

    function test_RevertWhen_OwnerOnlySetters() public {
        vm.startPrank(makeAddr("stranger"));
        vm.expectRevert(MockOptionVenue.NotOwner.selector);
        venue.setVolatility(1e18);
        vm.expectRevert(MockOptionVenue.NotOwner.selector);
        venue.fund(1);
        vm.expectRevert(MockOptionVenue.NotOwner.selector);
        venue.setRate(0);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.VolatilityOutOfRange.selector, 0));
        venue.setVolatility(0);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.RateOutOfRange.selector, int256(0.6e18)));
        venue.setRate(0.6e18);
    }

    /// @notice Settlement of a put: payout = max(K - S, 0) x notional (rounded down), never above the collateral, and
    /// the writer's ledger balances: free + locked = funded + premium - payout.
    function testFuzz_SettlePutPayout(uint256 strikeRaw, uint256 notionalRaw, uint256 priceRaw, uint256 tenorRaw)
        public
    {
        uint256 strike = bound(strikeRaw, 1e8, 6000e8);
        uint256 notional = bound(notionalRaw, 1e12, 100e18);
        uint256 price = bound(priceRaw, 1, 20_000e8);
        uint256 expiry = T0 + bound(tenorRaw, 1 hours, 365 days);
        (uint256 id, uint256 premium) = _buy(IOptionVenue.Kind.Put, strike, expiry, notional);
        uint80 round = _expireAt(expiry, int256(price));
        vm.prank(controller);
        (, uint256 payout) = venue.settle(id, round);
        uint256 want = strike > price ? (strike - price) * notional / 1e18 : 0;
        assertEq(payout, want);
        assertLe(payout, strike * notional / 1e18);
        assertEq(venue.freeCollateral() + venue.lockedCollateral(), FUNDED + premium - payout);
    }

    /// @notice Calls pay max(S - K, 0) x notional, never above their collateral (strike x notional).
    function testFuzz_SettleCallPayoutNeverAboveCollateral(uint256 strikeRaw, uint256 notionalRaw, uint256 priceRaw)
        public
    {
        uint256 strike = bound(strikeRaw, 1e8, 6000e8);
        uint256 notional = bound(notionalRaw, 1e12, 100e18);
        uint256 price = bound(priceRaw, 1, 50_000e8);
        (uint256 id,) = _buy(IOptionVenue.Kind.Call, strike, T0 + 1 days, notional);
        uint80 round = _expireAt(T0 + 1 days, int256(price));
        vm.prank(controller);
        (, uint256 payout) = venue.settle(id, round);
        uint256 intrinsic = price > strike ? (price - strike) * notional / 1e18 : 0;
        uint256 collateral = strike * notional / 1e18;
        assertEq(payout, intrinsic < collateral ? intrinsic : collateral);
        assertLe(payout, collateral);
    }
}
