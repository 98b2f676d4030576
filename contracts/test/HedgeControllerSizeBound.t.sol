// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice The size step of model-signed updates: |newSize - oldSize| <= maxHedgeSize * maxRatioChange / 1e18, whatever
/// the ratio change (issue 21 item 5: with the ratio cap alone, an update with ratio change 0 could open the full cap).
contract HedgeControllerSizeBoundTest is HedgeControllerBase {
    uint256 internal constant STEP = 25e18; // defaultCaps: 100e18 x 0.25

    function test_RevertWhen_UnchangedRatioOpensTheWholeCap() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, 100e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, 100e18, STEP));
        _send(alice, u, sig);
    }

    function test_UpdateRatio_SizeStepAtTheCapAccepted() public {
        _modelUpdate(0.5e18, STEP);
        assertEq(controller.getPosition(alicePositionId).hedgeSize, STEP);
        _modelUpdate(0.5e18, 2 * STEP); // unchanged ratio, one more full step
        assertEq(venue.hedges(alicePositionId).size, 2 * STEP);
    }

    function test_RevertWhen_SizeStepOneWeiOverTheCap() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, STEP + 1);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, STEP + 1, STEP));
        _send(alice, u, sig);
    }

    function test_RevertWhen_ShrinkOverTheCap() public {
        _modelUpdate(0.5e18, STEP);
        _modelUpdate(0.5e18, 2 * STEP);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, 0);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, 2 * STEP, STEP));
        _send(alice, u, sig);
        _modelUpdate(0.5e18, STEP); // one step down is fine
    }

    /// @dev The issue's probe: 0 <-> cap alternations at an unchanged ratio. Not one passes now.
    function test_RevertWhen_AlternatingZeroAndCap() public {
        for (uint256 i; i < 20; ++i) {
            IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, i % 2 == 0 ? 100e18 : 0);
            bytes memory sig = _sign(u);
            if (i % 2 == 0) vm.expectPartialRevert(IHedgeController.HedgeSizeChangeTooLarge.selector);
            _send(alice, u, sig);
            vm.warp(block.timestamp + 300);
        }
        assertEq(controller.getPosition(alicePositionId).hedgeSize, 0);
    }

    function test_SizeStep_FollowsTheOwnersCaps() public {
        vm.prank(alice);
        controller.setCaps(
            alicePositionId,
            IHedgeController.Caps({
                maxHedgeSize: 40e18, maxRatioChange: 0.1e18, minUpdateInterval: 300, maxSlippageBps: 50
            })
        );
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, 4e18 + 1);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, 4e18 + 1, 4e18));
        _send(alice, u, sig);
        _modelUpdate(0.5e18, 4e18);
    }

    function test_SizeStep_RoundsDown() public {
        vm.prank(alice);
        controller.setCaps(
            alicePositionId,
            IHedgeController.Caps({maxHedgeSize: 3, maxRatioChange: 0.5e18, minUpdateInterval: 0, maxSlippageBps: 50})
        );
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, 2);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, 2, 1)); // 1.5 -> 1
        _send(alice, u, sig);
    }

    function test_RevertWhen_BatchHasOneStepOverTheCap() public {
        uint256 bobPositionId = _registerFor(bob, 2);
        _approveRelayer(alice, alicePositionId);
        _approveRelayer(bob, bobPositionId);
        IHedgeController.RatioUpdate[] memory us = new IHedgeController.RatioUpdate[](2);
        bytes[] memory sigs = new bytes[](2);
        us[0] = _update(alicePositionId, 0.6e18, STEP);
        us[1] = _update(bobPositionId, 0.5e18, STEP + 1);
        sigs[0] = _sign(us[0]);
        sigs[1] = _sign(us[1]);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, STEP + 1, STEP));
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
        assertEq(controller.getPosition(alicePositionId).hedgeSize, 0, "all or nothing");
    }

    // ------------------------------------------------------------------ properties

    /// @dev Any caps, any target: a first model update is accepted iff its size is within both the cap and the step.
    function testFuzz_SizeStep_AcceptedIffWithinTheStep(uint128 maxSize, uint64 maxChange, uint256 target) public {
        maxSize = uint128(bound(maxSize, 1, 1e30));
        maxChange = uint64(bound(maxChange, 1, 1e18));
        target = bound(target, 0, uint256(maxSize) * 2);
        vm.prank(alice);
        controller.setCaps(
            alicePositionId,
            IHedgeController.Caps({
                maxHedgeSize: maxSize, maxRatioChange: maxChange, minUpdateInterval: 0, maxSlippageBps: 50
            })
        );
        uint256 step = uint256(maxSize) * maxChange / 1e18;
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.5e18, target);
        bytes memory sig = _sign(u);
        if (target > maxSize) {
            vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeTooLarge.selector, target, maxSize));
        } else if (target > step) {
            vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, target, step));
        }
        _send(alice, u, sig);
        assertEq(controller.getPosition(alicePositionId).hedgeSize, target <= step && target <= maxSize ? target : 0);
    }

    /// @dev A sequence of model updates with arbitrary targets and ratios: every accepted one moves the size by at most
    /// the step, so after n accepted updates the size is within n steps of where it started.
    function testFuzz_SizeStep_SequenceNeverOutrunsTheCaps(uint256[12] calldata targets, uint256[12] calldata ratios)
        public
    {
        uint256 accepted;
        for (uint256 i; i < targets.length; ++i) {
            IHedgeController.Position memory p = controller.getPosition(alicePositionId);
            uint256 before = p.hedgeSize;
            // Near the current state, so that about half pass and half overshoot a cap.
            uint256 dr = bound(ratios[i], 0, 0.3e18);
            uint256 ratio = ratios[i] % 2 == 0 ? _min(p.ratio + dr, 1e18) : (p.ratio > dr ? p.ratio - dr : 0);
            uint256 ds = bound(targets[i], 0, 2 * STEP);
            uint256 target = targets[i] % 2 == 0 ? _min(before + ds, 100e18) : (before > ds ? before - ds : 0);
            IHedgeController.RatioUpdate memory u = _update(alicePositionId, ratio, target);
            bytes memory sig = _sign(u);
            vm.prank(alice);
            try controller.updateRatio(u, sig) {
                ++accepted;
                uint256 afterSize = controller.getPosition(alicePositionId).hedgeSize;
                assertLe(afterSize > before ? afterSize - before : before - afterSize, STEP);
            } catch {}
            vm.warp(block.timestamp + 300);
        }
        assertLe(controller.getPosition(alicePositionId).hedgeSize, accepted * STEP);
        assertEq(controller.nonceOf(alicePositionId), accepted);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function _modelUpdate(uint256 ratio, uint256 size) internal {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, ratio, size);
        _send(alice, u, _sign(u));
        vm.warp(block.timestamp + 300);
    }
}
