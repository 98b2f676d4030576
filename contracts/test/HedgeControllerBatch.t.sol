// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {HedgeController} from "../src/HedgeController.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {IHedgeVenue} from "../src/interfaces/IHedgeVenue.sol";
import {ReentrantVenue} from "./utils/AttackVenues.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice Batch updates, and a venue that tries to re-enter the controller.
contract HedgeControllerBatchTest is HedgeControllerBase {
    uint256[] internal ids;

    function setUp() public override {
        super.setUp();
        ids = _tenRelayedPositions(0x1000, 100);
    }

    function _batch(uint256 n, uint256 ratio)
        internal
        view
        returns (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs)
    {
        us = new IHedgeController.RatioUpdate[](n);
        sigs = new bytes[](n);
        for (uint256 i; i < n; ++i) {
            us[i] = _update(ids[i], ratio, (i + 1) * 1e18);
            sigs[i] = _sign(us[i]);
        }
    }

    function test_UpdateRatios_AppliesEveryUpdate() public {
        (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs) = _batch(3, 0.6e18);
        for (uint256 i; i < 3; ++i) {
            vm.expectEmit(true, true, true, true, address(controller));
            emit IHedgeController.RatioUpdated(ids[i], 0.5e18, 0.6e18, (i + 1) * 1e18, 0, relayer);
        }
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
        for (uint256 i; i < 3; ++i) {
            assertEq(controller.getPosition(ids[i]).ratio, 0.6e18);
            assertEq(controller.nonceOf(ids[i]), 1);
            assertEq(venue.hedges(ids[i]).size, (i + 1) * 1e18);
        }
    }

    /// @dev The gas figure of this test is the "batch of 10" number in the decision note.
    function test_UpdateRatios_BatchOfTen() public {
        (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs) = _batch(10, 0.6e18);
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
        assertEq(controller.nonceOf(ids[9]), 1);
    }

    function test_UpdateRatios_SamePositionTwiceWhenNoCooldown() public {
        vm.prank(alice);
        controller.setCaps(
            alicePositionId,
            IHedgeController.Caps({
                maxHedgeSize: 100e18, maxRatioChange: 0.25e18, minUpdateInterval: 0, maxSlippageBps: 50
            })
        );
        IHedgeController.RatioUpdate[] memory us = new IHedgeController.RatioUpdate[](2);
        bytes[] memory sigs = new bytes[](2);
        us[0] = _update(alicePositionId, 0.6e18, 1e18);
        us[1] = _update(alicePositionId, 0.7e18, 2e18);
        us[1].nonce = 1;
        sigs[0] = _sign(us[0]);
        sigs[1] = _sign(us[1]);
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
        assertEq(controller.nonceOf(alicePositionId), 2);
        assertEq(controller.getPosition(alicePositionId).ratio, 0.7e18);
    }

    function test_RevertWhen_BatchHasOneBadSignature() public {
        (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs) = _batch(3, 0.6e18);
        sigs[2] = _signWith(us[2], otherPk, block.chainid, address(controller));
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, vm.addr(otherPk)));
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
        assertEq(controller.nonceOf(ids[0]), 0, "all or nothing");
    }

    function test_RevertWhen_BatchReplaysAnUpdate() public {
        (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs) = _batch(2, 0.6e18);
        us[1] = us[0];
        sigs[1] = sigs[0];
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidNonce.selector, ids[0], 1, 0));
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
    }

    function test_RevertWhen_BatchLengthMismatch() public {
        (IHedgeController.RatioUpdate[] memory us,) = _batch(2, 0.6e18);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.LengthMismatch.selector, 2, 1));
        vm.prank(relayer);
        controller.updateRatios(us, new bytes[](1));
    }

    function test_RevertWhen_BatchEmpty() public {
        vm.expectRevert(IHedgeController.EmptyBatch.selector);
        vm.prank(relayer);
        controller.updateRatios(new IHedgeController.RatioUpdate[](0), new bytes[](0));
    }

    function test_RevertWhen_BatchCallerNotOperatorOfEveryPosition() public {
        (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs) = _batch(2, 0.6e18);
        vm.prank(alice); // owner of ids[0] only
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotOwnerOrOperator.selector, ids[1], alice));
        controller.updateRatios(us, sigs);
    }

    // ------------------------------------------------------------------ reentrancy

    function _reentrantSetup(ReentrantVenue.Mode mode) internal returns (HedgeController c, ReentrantVenue v) {
        v = new ReentrantVenue();
        c = _deployController(IHedgeVenue(address(v)));
        vm.prank(alice);
        c.register(pool, aliceTokenId, 0.5e18, _noCooldownCaps());
        vm.prank(alice);
        c.setOperator(1, address(v), true); // even as an approved operator the venue must not get in
        IHedgeController.RatioUpdate memory next = _updateOn(c, 1, 0.7e18, 2e18);
        next.nonce = 1;
        v.arm(c, next, _signWith(next, signerPk, block.chainid, address(c)), mode);
    }

    function _noCooldownCaps() internal pure returns (IHedgeController.Caps memory caps) {
        caps = defaultCaps();
        caps.minUpdateInterval = 0;
    }

    function _assertReentryBlocked(HedgeController c, ReentrantVenue v) internal view {
        assertEq(v.calls(), 1, "venue called once");
        assertFalse(v.reentered());
        assertEq(bytes4(v.lastRevertData()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(c.nonceOf(1), 1, "only the outer update applied");
        assertEq(c.getPosition(1).ratio, 0.6e18);
    }

    function test_RevertWhen_VenueReentersUpdateRatio() public {
        (HedgeController c, ReentrantVenue v) = _reentrantSetup(ReentrantVenue.Mode.Single);
        IHedgeController.RatioUpdate memory u = _updateOn(c, 1, 0.6e18, 1e18);
        vm.prank(alice);
        c.updateRatio(u, _signWith(u, signerPk, block.chainid, address(c)));
        _assertReentryBlocked(c, v);
    }

    function test_RevertWhen_VenueReentersUpdateRatios() public {
        (HedgeController c, ReentrantVenue v) = _reentrantSetup(ReentrantVenue.Mode.Batch);
        IHedgeController.RatioUpdate[] memory us = new IHedgeController.RatioUpdate[](1);
        bytes[] memory sigs = new bytes[](1);
        us[0] = _updateOn(c, 1, 0.6e18, 1e18);
        sigs[0] = _signWith(us[0], signerPk, block.chainid, address(c));
        vm.prank(alice);
        c.updateRatios(us, sigs);
        _assertReentryBlocked(c, v);
    }

    function test_RevertWhen_VenueReentersClose() public {
        (HedgeController c, ReentrantVenue v) = _reentrantSetup(ReentrantVenue.Mode.Close);
        IHedgeController.RatioUpdate memory u = _updateOn(c, 1, 0.6e18, 1e18);
        vm.prank(alice);
        c.updateRatio(u, _signWith(u, signerPk, block.chainid, address(c)));
        assertEq(bytes4(v.lastRevertData()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(uint8(c.getPosition(1).status), uint8(IHedgeController.Status.Active));
    }
}
