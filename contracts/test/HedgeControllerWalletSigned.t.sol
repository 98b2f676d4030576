// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {MockPerpVenue} from "../src/mocks/MockPerpVenue.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice Updates signed by the position's owner or an approved operator (an LP's own wallet, issue 21 item 7): held to
/// the hard bounds (controller and position not paused or closed, nonce, deadline, ratio <= 1e18, size <= maxHedgeSize,
/// slippage), not to the model caps (ratio step, size step, cooldown).
contract HedgeControllerWalletSignedTest is HedgeControllerBase {
    uint256 internal alicePk = uint256(keccak256(abi.encodePacked("alice"))); // forge-std makeAddr's key
    uint256 internal relayerPk = uint256(keccak256(abi.encodePacked("relayer")));
    uint256 internal ledgerPk = 0x1ED6E2;
    address internal ledger;

    function setUp() public override {
        super.setUp();
        assertEq(vm.addr(alicePk), alice);
        assertEq(vm.addr(relayerPk), relayer);
        ledger = vm.addr(ledgerPk);
        _approveRelayer(alice, alicePositionId);
    }

    function test_UpdateRatio_SignedByOwnerSentByRelayer_BeyondModelCaps() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 1e18, 100e18); // ratio +0.5, size 0 -> cap
        _send(relayer, u, _signBy(u, alicePk));
        IHedgeController.Position memory p = controller.getPosition(alicePositionId);
        assertEq(p.ratio, 1e18);
        assertEq(p.hedgeSize, 100e18);
        assertEq(p.nonce, 1);
        assertEq(venue.hedges(alicePositionId).size, 100e18);

        // No cooldown either: the owner unwinds at once.
        u = _update(alicePositionId, 0, 0);
        _send(relayer, u, _signBy(u, alicePk));
        assertEq(controller.getPosition(alicePositionId).hedgeSize, 0);
    }

    function test_UpdateRatio_SignedAndSentByOwner() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.RatioUpdated(alicePositionId, 0.5e18, 0.9e18, 60e18, 0, alice);
        _send(alice, u, _signBy(u, alicePk));
    }

    function test_UpdateRatio_SignedByOperatorSentByAnother() public {
        vm.prank(alice);
        controller.setOperator(alicePositionId, ledger, true);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.1e18, 80e18);
        _send(relayer, u, _signBy(u, ledgerPk));
        assertEq(controller.getPosition(alicePositionId).hedgeSize, 80e18);
    }

    function test_RevertWhen_OperatorSignsAndSendsItself() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, relayerPk);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.SignerIsSender.selector, relayer));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_SignedByRevokedOperator() public {
        vm.startPrank(alice);
        controller.setOperator(alicePositionId, ledger, true);
        controller.setOperator(alicePositionId, ledger, false);
        vm.stopPrank();
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, ledgerPk);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, ledger));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_SignedByOwnerOfAnotherPosition() public {
        uint256 bobPk = uint256(keccak256(abi.encodePacked("bob")));
        _registerFor(bob, 2);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, bobPk);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, bob));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_SignedByPreviousOwnerAfterNftTransfer() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        npm.transfer(aliceTokenId, bob);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, alice));
        _send(bob, u, sig);
    }

    // ------------------------------------------------------------------ the hard bounds still hold

    function test_RevertWhen_OwnerSignedSizeOverCap() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 1e18, 100e18 + 1);
        bytes memory sig = _signBy(u, alicePk);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeTooLarge.selector, 100e18 + 1, 100e18));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_OwnerSignedRatioAboveOne() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 1e18 + 1, 0);
        bytes memory sig = _signBy(u, alicePk);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.RatioOutOfRange.selector, 1e18 + 1));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_OwnerSignedForPausedPosition() public {
        vm.prank(alice);
        controller.setPositionPaused(alicePositionId, true);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHedgeController.PositionNotActive.selector, alicePositionId, IHedgeController.Status.Paused
            )
        );
        _send(relayer, u, sig);
    }

    function test_RevertWhen_OwnerSignedForClosedPosition() public {
        vm.prank(alice);
        controller.close(alicePositionId);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHedgeController.PositionNotActive.selector, alicePositionId, IHedgeController.Status.Closed
            )
        );
        _send(alice, u, sig);
    }

    function test_RevertWhen_OwnerSignedWhileGloballyPaused() public {
        vm.prank(admin);
        controller.pause();
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _send(relayer, u, sig);
    }

    function test_RevertWhen_OwnerSignedNonceReplayed() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        _send(relayer, u, sig);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidNonce.selector, alicePositionId, 1, 0));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_OwnerSignedDeadlineExpired() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        vm.warp(u.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.DeadlineExpired.selector, u.deadline, u.deadline + 1));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_OwnerSignedUpdateSlipsTooFar() public {
        venue.setSpreadBps(51); // worse than the owner's 50 bps cap, which the controller passes as the limit
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.9e18, 60e18);
        bytes memory sig = _signBy(u, alicePk);
        vm.expectPartialRevert(MockPerpVenue.PriceLimitExceeded.selector);
        _send(relayer, u, sig);
    }

    function test_ModelUpdateAfterOwnerUpdate_ModelCapsApplyFromTheNewState() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 1e18, 100e18);
        _send(relayer, u, _signBy(u, alicePk));

        u = _update(alicePositionId, 0.9e18, 90e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.CooldownActive.selector, alicePositionId, T0 + 300));
        _send(relayer, u, sig);
        vm.warp(T0 + 300);
        u = _update(alicePositionId, 0.75e18, 74e18);
        sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeChangeTooLarge.selector, 26e18, 25e18));
        _send(relayer, u, sig);
        u = _update(alicePositionId, 0.75e18, 75e18);
        _send(relayer, u, _sign(u));
    }

    function test_UpdateRatios_BatchMixesModelAndOwnerSignatures() public {
        uint256 bobPk = uint256(keccak256(abi.encodePacked("bob")));
        uint256 bobPositionId = _registerFor(bob, 2);
        _approveRelayer(bob, bobPositionId);
        IHedgeController.RatioUpdate[] memory us = new IHedgeController.RatioUpdate[](2);
        bytes[] memory sigs = new bytes[](2);
        us[0] = _update(alicePositionId, 0.6e18, 20e18);
        us[1] = _update(bobPositionId, 1e18, 100e18);
        sigs[0] = _sign(us[0]);
        sigs[1] = _signBy(us[1], bobPk);
        vm.prank(relayer);
        controller.updateRatios(us, sigs);
        assertEq(controller.getPosition(alicePositionId).hedgeSize, 20e18);
        assertEq(controller.getPosition(bobPositionId).hedgeSize, 100e18);
    }

    /// @dev Any ratio in range and any size up to the cap, in any order and at any pace, when the owner signs.
    function testFuzz_OwnerSigned_AnythingWithinTheHardBounds(uint256[4] calldata ratios, uint256[4] calldata sizes)
        public
    {
        for (uint256 i; i < 4; ++i) {
            IHedgeController.RatioUpdate memory u =
                _update(alicePositionId, bound(ratios[i], 0, 1e18), bound(sizes[i], 0, 100e18));
            _send(relayer, u, _signBy(u, alicePk));
            assertEq(controller.getPosition(alicePositionId).hedgeSize, u.targetHedgeSize);
            assertEq(venue.hedges(alicePositionId).size, u.targetHedgeSize);
        }
        assertEq(controller.nonceOf(alicePositionId), 4);
    }

    function _signBy(IHedgeController.RatioUpdate memory u, uint256 pk) internal view returns (bytes memory) {
        return _signWith(u, pk, block.chainid, address(controller));
    }
}
