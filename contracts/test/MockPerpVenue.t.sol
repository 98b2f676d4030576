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
