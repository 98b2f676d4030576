// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {PriceBounds} from "../src/libraries/PriceBounds.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice Property tests: updates within the caps pass, anything outside fails, signatures are strict.
contract HedgeControllerFuzzTest is HedgeControllerBase {
    function testFuzz_UpdateRatio_AcceptedWithinCaps(uint256 ratio, uint256 size) public {
        ratio = bound(ratio, 0.25e18, 0.75e18); // initial 0.5, change cap 0.25
        size = bound(size, 0, 25e18); // size step cap 100e18 x 0.25
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, ratio, size);
        _send(alice, u, _sign(u));
        IHedgeController.Position memory p = controller.getPosition(alicePositionId);
        assertEq(p.ratio, ratio);
        assertEq(p.hedgeSize, size);
        assertEq(venue.hedges(alicePositionId).size, size);
    }

    function testFuzz_RevertWhen_RatioChangeOverCap(uint256 ratio) public {
        ratio = bound(ratio, 0, 1e18);
        vm.assume(ratio < 0.25e18 || ratio > 0.75e18);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, ratio, 1e18);
        bytes memory sig = _sign(u);
        vm.expectPartialRevert(IHedgeController.RatioChangeTooLarge.selector);
        _send(alice, u, sig);
    }

    function testFuzz_RevertWhen_RatioOutOfRange(uint256 ratio) public {
        ratio = bound(ratio, 1e18 + 1, type(uint256).max);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, ratio, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.RatioOutOfRange.selector, ratio));
        _send(alice, u, sig);
    }

    function testFuzz_RevertWhen_HedgeSizeOverCap(uint256 size) public {
        size = bound(size, 100e18 + 1, type(uint256).max);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, size);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeTooLarge.selector, size, 100e18));
        _send(alice, u, sig);
    }

    function testFuzz_RevertWhen_SignedByAnyOtherKey(uint256 pk) public {
        pk = bound(pk, 1, SECP256K1_N - 1);
        vm.assume(pk != signerPk);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _signWith(u, pk, block.chainid, address(controller));
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, vm.addr(pk)));
        _send(alice, u, sig);
    }

    function testFuzz_RevertWhen_HighSTwinOfAnyValidSignature(uint256 ratio, uint256 size, uint256 deadlineDelta)
        public
    {
        IHedgeController.RatioUpdate memory u =
            _update(alicePositionId, bound(ratio, 0.25e18, 0.75e18), bound(size, 0, 100e18));
        u.deadline = block.timestamp + bound(deadlineDelta, 0, 365 days);
        bytes memory twin = _malleate(_sign(u));
        vm.expectPartialRevert(IHedgeController.InvalidSignatureS.selector);
        _send(alice, u, twin);
    }

    function testFuzz_Nonce_OnlyTheNextOneIsAccepted(uint256 nonce) public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        u.nonce = nonce;
        bytes memory sig = _sign(u);
        if (nonce != 0) {
            vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidNonce.selector, alicePositionId, 0, nonce));
        }
        _send(alice, u, sig);
        assertEq(controller.nonceOf(alicePositionId), nonce == 0 ? 1 : 0);
    }

    function testFuzz_RevertWhen_CallerIsAnyStranger(address caller) public {
        vm.assume(caller != alice);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotOwnerOrOperator.selector, alicePositionId, caller));
        _send(caller, u, sig);
    }

    function testFuzz_Cooldown_EnforcedUntilInterval(uint32 interval, uint256 wait) public {
        interval = uint32(bound(interval, 1, 30 days));
        wait = bound(wait, 0, 2 * uint256(interval));
        vm.prank(alice);
        controller.setCaps(
            alicePositionId,
            IHedgeController.Caps({
                maxHedgeSize: 100e18, maxRatioChange: 0.25e18, minUpdateInterval: interval, maxSlippageBps: 50
            })
        );
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 0);
        _send(alice, u, _sign(u));
        vm.warp(block.timestamp + wait);
        u = _update(alicePositionId, 0.7e18, 0);
        bytes memory sig = _sign(u);
        if (wait < interval) vm.expectPartialRevert(IHedgeController.CooldownActive.selector);
        _send(alice, u, sig);
    }

    function testFuzz_PriceBounds_LimitBracketsReference(uint256 price, uint256 bps) public pure {
        price = bound(price, 1, 1e30);
        bps = bound(bps, 0, 1000);
        uint256 sellLimit = PriceBounds.limitPrice(price, bps, true);
        uint256 buyLimit = PriceBounds.limitPrice(price, bps, false);
        assertLe(sellLimit, price);
        assertGe(buyLimit, price);
        assertTrue(PriceBounds.within(price, sellLimit, true));
        assertTrue(PriceBounds.within(price, buyLimit, false));
    }
}
