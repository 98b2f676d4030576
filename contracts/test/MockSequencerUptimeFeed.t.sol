// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MockSequencerUptimeFeed} from "../src/mocks/MockSequencerUptimeFeed.sol";
import {Test} from "forge-std/Test.sol";

contract MockSequencerUptimeFeedTest is Test {
    MockSequencerUptimeFeed internal feed;

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new MockSequencerUptimeFeed(1_600_000_000);
    }

    function test_LatestRoundData_UpSinceConstructorTime() public view {
        (uint80 id, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredIn) = feed.latestRoundData();
        assertEq(id, 1);
        assertEq(answer, 0);
        assertEq(startedAt, 1_600_000_000);
        assertEq(updatedAt, 1_700_000_000);
        assertEq(answeredIn, 1);
        assertEq(feed.decimals(), 0);
    }

    function test_Constructor_ZeroStartMeansNow() public {
        MockSequencerUptimeFeed fresh = new MockSequencerUptimeFeed(0);
        (,, uint256 startedAt,,) = fresh.latestRoundData();
        assertEq(startedAt, 1_700_000_000);
    }

    function test_SetDown_ThenUp_NewRoundsStampedNow() public {
        vm.warp(1_700_000_100);
        feed.setDown(true);
        (uint80 id, int256 answer, uint256 startedAt,,) = feed.latestRoundData();
        assertEq(id, 2);
        assertEq(answer, 1);
        assertEq(startedAt, 1_700_000_100);

        vm.warp(1_700_000_200);
        feed.setDown(false);
        (id, answer, startedAt,,) = feed.latestRoundData();
        assertEq(id, 3);
        assertEq(answer, 0);
        assertEq(startedAt, 1_700_000_200);
        (, int256 old,,,) = feed.getRoundData(2);
        assertEq(old, 1);
    }

    function test_SetStatusAt_BackdatesTheStart() public {
        feed.setStatusAt(0, 1_699_990_000);
        (, int256 answer, uint256 startedAt, uint256 updatedAt,) = feed.latestRoundData();
        assertEq(answer, 0);
        assertEq(startedAt, 1_699_990_000);
        assertEq(updatedAt, 1_700_000_000);
    }

    function test_RevertWhen_StatusNotZeroOrOne() public {
        vm.expectRevert(abi.encodeWithSelector(MockSequencerUptimeFeed.InvalidStatus.selector, int256(2)));
        feed.setStatusAt(2, 1_699_990_000);
    }

    function test_RevertWhen_StartInFuture() public {
        vm.expectRevert(abi.encodeWithSelector(MockSequencerUptimeFeed.StartInFuture.selector, uint256(1_700_000_001)));
        feed.setStatusAt(1, 1_700_000_001);
    }

    function test_RevertWhen_SetByNonOwner() public {
        vm.prank(address(0xBEEF));
        vm.expectRevert(MockSequencerUptimeFeed.NotOwner.selector);
        feed.setDown(true);
    }

    function test_RevertWhen_RoundMissing() public {
        vm.expectRevert(MockSequencerUptimeFeed.NoDataPresent.selector);
        feed.getRoundData(9);
    }

    function testFuzz_SetStatusAt_PastStartsKept(uint256 startedAt, bool down) public {
        startedAt = bound(startedAt, 0, block.timestamp);
        feed.setStatusAt(down ? int256(1) : int256(0), startedAt);
        (, int256 answer, uint256 s,,) = feed.latestRoundData();
        assertEq(answer, down ? int256(1) : int256(0));
        assertEq(s, startedAt);
    }
}
