// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {IHedgeVenue} from "../src/interfaces/IHedgeVenue.sol";
import {MockAggregatorV3} from "../src/mocks/MockAggregatorV3.sol";
import {MockPerpVenue} from "../src/mocks/MockPerpVenue.sol";

contract MockPerpVenueTest is Test {
    MockAggregatorV3 internal feed;
    MockPerpVenue internal venue;
    address internal controller = makeAddr("controller");

    function setUp() public {
        feed = new MockAggregatorV3(8, "ETH / USD", 3000e8);
        venue = new MockPerpVenue(feed, 5);
        venue.setController(controller);
    }

    function _adjust(uint256 id, uint256 size, uint256 limit) internal returns (uint256 price, uint256 fee) {
        vm.prank(controller);
        return venue.adjustHedge(id, size, limit);
    }

    function test_AdjustHedge_OpensAtFeedPriceWithFee() public {
        vm.expectEmit(true, true, true, true, address(venue));
        emit IHedgeVenue.HedgeAdjusted(1, 0, 2e18, 3000e8, 3e8, 0);
        (uint256 price, uint256 fee) = _adjust(1, 2e18, 0);
        assertEq(price, 3000e8);
        assertEq(fee, 3e8); // 6000 USD notional x 5 bps
        MockPerpVenue.Hedge memory h = venue.hedges(1);
        assertEq(h.size, 2e18);
        assertEq(h.entryPrice, 3000e8);
        assertEq(h.feesPaid, 3e8);
    }

    function test_AdjustHedge_AveragesEntryAndRealizesPnl() public {
        _adjust(1, 1e18, 0);
        feed.setAnswer(3300e8);
        _adjust(1, 2e18, 0);
        assertEq(venue.hedges(1).entryPrice, 3150e8);
        assertEq(venue.unrealizedPnl(1), -300e8);
        feed.setAnswer(3000e8);
        _adjust(1, 0, type(uint256).max);
        MockPerpVenue.Hedge memory h = venue.hedges(1);
        assertEq(h.size, 0);
        assertEq(h.entryPrice, 0);
        assertEq(h.realizedPnl, 300e8);
    }

    function test_AdjustHedge_ChargesFundingPerSecondOnOpenNotional() public {
        venue.setFundingRate(1e12); // 1e-6 of the notional per second
        _adjust(1, 2e18, 0); // 6000 USD notional at 3000
        vm.warp(block.timestamp + 100);
        assertEq(venue.pendingFunding(1), 0.6e8); // 6000 x 1e-6 x 100 s
        feed.setAnswer(3300e8); // funding runs on the entry notional, not the mark
        vm.expectEmit(true, true, true, true, address(venue));
        emit IHedgeVenue.FundingCharged(1, 2e18, 6000e8, 100, 0.6e8);
        _adjust(1, 1e18, type(uint256).max);
        MockPerpVenue.Hedge memory h = venue.hedges(1);
        assertEq(h.fundingPaid, 0.6e8);
        assertEq(h.fundingSettledAt, block.timestamp);
        assertEq(venue.pendingFunding(1), 0);
        vm.warp(block.timestamp + 50);
        assertEq(venue.settleFunding(1), 0.15e8); // 1 WETH at entry 3000 x 1e-6 x 50 s
        assertEq(venue.hedges(1).fundingPaid, 0.75e8);
    }

    function test_AdjustHedge_ChargesFeeOnNotionalTraded() public {
        venue.setSpreadBps(10);
        (uint256 price, uint256 fee) = _adjust(1, 3e18, 0);
        assertEq(price, 2997e8); // 3000 less 10 bps
        assertEq(fee, 4.4955e8); // 3 x 2997 = 8991 USD x 5 bps
        (price, fee) = _adjust(1, 1e18, type(uint256).max);
        assertEq(price, 3003e8);
        assertEq(fee, 3.003e8); // 2 x 3003 = 6006 USD x 5 bps
        assertEq(venue.hedges(1).feesPaid, 7.4985e8);
    }

    function test_SettleFunding_NothingWithoutSizeOrRate() public {
        vm.warp(block.timestamp + 1000);
        vm.recordLogs();
        assertEq(venue.settleFunding(1), 0);
        _adjust(1, 1e18, 0);
        vm.warp(block.timestamp + 1000);
        assertEq(venue.settleFunding(1), 0); // rate 0
        assertEq(vm.getRecordedLogs().length, 1); // only the trade's HedgeAdjusted
    }

    function test_RevertWhen_FundingRateTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(MockPerpVenue.FundingRateTooHigh.selector, 1e14 + 1));
        venue.setFundingRate(1e14 + 1);
        vm.prank(controller);
        vm.expectRevert(MockPerpVenue.NotOwner.selector);
        venue.setFundingRate(1);
    }

    function testFuzz_Funding_IsLinearInTime(uint256 size, uint256 rate, uint32 a, uint32 b) public {
        size = bound(size, 1e12, 1e24);
        venue.setFundingRate(bound(rate, 0, 1e14));
        _adjust(3, size, 0);
        vm.warp(block.timestamp + a);
        uint256 first = venue.settleFunding(3);
        vm.warp(block.timestamp + b);
        uint256 second = venue.settleFunding(3);
        uint256 notional = size * 3000e8 / 1e18;
        // Each charge rounds down once: the sum is within 2 units of one charge over the whole period.
        uint256 whole = notional * venue.fundingRate() * (uint256(a) + b) / 1e18;
        assertLe(first + second, whole);
        assertGe(first + second + 2, whole);
        assertEq(venue.hedges(3).fundingPaid, first + second);
    }

    function test_RevertWhen_CallerIsNotController() public {
        vm.expectRevert(MockPerpVenue.NotController.selector);
        venue.adjustHedge(1, 1e18, 0);
    }

    function test_RevertWhen_ControllerSetTwice() public {
        vm.expectRevert(MockPerpVenue.ControllerAlreadySet.selector);
        venue.setController(address(1));
    }

    function test_RevertWhen_FillBeyondLimit() public {
        venue.setSpreadBps(100);
        vm.expectRevert(abi.encodeWithSelector(MockPerpVenue.PriceLimitExceeded.selector, 2970e8, 2980e8));
        _adjust(1, 1e18, 2980e8);
    }

    function testFuzz_AdjustHedge_RoundTripAtSamePriceLosesOnlyFees(uint256 size, uint256 spread) public {
        size = bound(size, 1, 1e24);
        venue.setSpreadBps(bound(spread, 0, 1000));
        _adjust(7, size, 0);
        _adjust(7, 0, type(uint256).max);
        MockPerpVenue.Hedge memory h = venue.hedges(7);
        assertEq(h.size, 0);
        assertLe(h.realizedPnl, 0);
    }
}
