// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MockAggregatorV3} from "../src/mocks/MockAggregatorV3.sol";
import {Test} from "forge-std/Test.sol";

contract MockAggregatorV3Test is Test {
    MockAggregatorV3 internal feed;

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new MockAggregatorV3(8, "ETH / USD", 3000e8);
    }

    function test_LatestRoundData_ReturnsInitialAnswer() public view {
        (uint80 id, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredIn) = feed.latestRoundData();
        assertEq(id, 1);
        assertEq(answer, 3000e8);
        assertEq(startedAt, 1_700_000_000);
        assertEq(updatedAt, 1_700_000_000);
        assertEq(answeredIn, 1);
        assertEq(feed.decimals(), 8);
        assertEq(feed.description(), "ETH / USD");
    }

    function test_SetAnswer_StartsNewRoundAndKeepsOldOne() public {
        vm.warp(1_700_000_060);
        feed.setAnswer(3100e8);
        (uint80 id, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        assertEq(id, 2);
        assertEq(answer, 3100e8);
        assertEq(updatedAt, 1_700_000_060);
        (, int256 old,,,) = feed.getRoundData(1);
        assertEq(old, 3000e8);
    }

    function test_RevertWhen_SetAnswerByNonOwner() public {
        vm.prank(address(0xBEEF));
        vm.expectRevert(MockAggregatorV3.NotOwner.selector);
        feed.setAnswer(1);
    }

    function test_RevertWhen_RoundHasNoData() public {
        vm.expectRevert(MockAggregatorV3.NoDataPresent.selector);
        feed.getRoundData(99);
    }

    function testFuzz_SetAnswer_RoundTrips(int256 answer) public {
        feed.setAnswer(answer);
        assertEq(feed.latestAnswer(), answer);
    }
}
