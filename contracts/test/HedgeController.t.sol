// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {HedgeController} from "../src/HedgeController.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {IHedgeVenue} from "../src/interfaces/IHedgeVenue.sol";
import {MockPerpVenue} from "../src/mocks/MockPerpVenue.sol";
import {LyingVenue} from "./utils/AttackVenues.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice Signed ratio updates: acceptance, every rejection rule, the venue call and its slippage bound.
contract HedgeControllerUpdateTest is HedgeControllerBase {
    // ------------------------------------------------------------------ accepted updates

    function test_UpdateRatio_ByOwnerAppliesRatioNonceAndHedge() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.7e18, 2e18);
        _send(alice, u, _sign(u));

        IHedgeController.Position memory p = controller.getPosition(alicePositionId);
        assertEq(p.ratio, 0.7e18);
        assertEq(p.nonce, 1);
        assertEq(p.hedgeSize, 2e18);
        assertEq(p.lastUpdateAt, block.timestamp);
        (uint256 size, uint256 entry) = venue.hedgeOf(alicePositionId);
        assertEq(size, 2e18);
        assertEq(entry, uint256(PRICE));
    }

    function test_UpdateRatio_ByApprovedOperator() public {
        _approveRelayer(alice, alicePositionId);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        _send(relayer, u, _sign(u));
        assertEq(controller.nonceOf(alicePositionId), 1);
    }

    function test_UpdateRatio_EmitsRatioUpdatedAndHedgeExecuted() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.7e18, 2e18);
        bytes memory sig = _sign(u);
        uint256 expectedFee = 2 * uint256(PRICE) * 5 / 10_000;

        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.RatioUpdated(alicePositionId, 0.5e18, 0.7e18, 2e18, 0, alice);
        vm.expectEmit(true, true, true, true, address(venue));
        emit IHedgeVenue.HedgeAdjusted(alicePositionId, 0, 2e18, uint256(PRICE), expectedFee, 0);
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.HedgeExecuted(alicePositionId, 0, 2e18, uint256(PRICE), expectedFee);
        _send(alice, u, sig);
    }

    function test_UpdateRatio_SameHedgeSizeSkipsVenue() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 0);
        vm.recordLogs();
        _send(alice, u, _sign(u));
        assertEq(vm.getRecordedLogs().length, 1, "only RatioUpdated");
        assertEq(controller.getPosition(alicePositionId).ratio, 0.6e18);
    }

    function test_UpdateRatio_ReducingHedgeBuysBackWithinBound() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.7e18, 4e18);
        _send(alice, u, _sign(u));
        vm.warp(block.timestamp + 300);
        feed.setAnswer(2900e8);
        u = _update(alicePositionId, 0.6e18, 1e18);
        _send(alice, u, _sign(u));
        MockPerpVenue.Hedge memory h = venue.hedges(alicePositionId);
        assertEq(h.size, 1e18);
        assertEq(h.realizedPnl, 3 * 100e8, "short of 3 ETH gained 100 each");
    }

    function test_UpdateRatio_AcceptedAtDeadline() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.warp(u.deadline);
        _send(alice, u, sig);
        assertEq(controller.nonceOf(alicePositionId), 1);
    }

    function test_UpdateRatio_AfterCooldown() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        _send(alice, u, _sign(u));
        vm.warp(block.timestamp + 300);
        u = _update(alicePositionId, 0.7e18, 2e18);
        _send(alice, u, _sign(u));
        assertEq(controller.nonceOf(alicePositionId), 2);
    }

    function test_HashRatioUpdate_MatchesSpecDigest() public view {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        assertEq(controller.hashRatioUpdate(u), _digest(u, block.chainid, address(controller)));
        assertEq(controller.RATIO_UPDATE_TYPEHASH(), RATIO_UPDATE_TYPEHASH);
        (, string memory name, string memory version, uint256 chainId, address vc,,) = controller.eip712Domain();
        assertEq(name, "HedgeController");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(vc, address(controller));
    }

    // ------------------------------------------------------------------ signature rejections

    function test_RevertWhen_SignerIsNotModelSigner() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _signWith(u, otherPk, block.chainid, address(controller));
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, vm.addr(otherPk)));
        _send(alice, u, sig);
    }

    function test_RevertWhen_SignatureHasHighS() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory twin = _malleate(_sign(u));
        // The twin is a valid ECDSA signature by the model signer: only the low-s rule rejects it.
        (bytes32 r, bytes32 s, uint8 v) = _split(twin);
        assertEq(ecrecover(controller.hashRatioUpdate(u), v, r, s), signer);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSignatureS.selector, s));
        _send(alice, u, twin);
    }

    function test_RevertWhen_SignatureVIsNot27Or28() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        (bytes32 r, bytes32 s, uint8 v) = _split(_sign(u));
        bytes memory sig = abi.encodePacked(r, s, v - 27);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSignatureV.selector, v - 27));
        _send(alice, u, sig);
    }

    function test_RevertWhen_SignatureLengthIsNot65() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        (bytes32 r, bytes32 s,) = _split(_sign(u));
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSignatureLength.selector, 64));
        _send(alice, u, abi.encodePacked(r, s));
    }

    function test_RevertWhen_SignatureDoesNotRecover() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        vm.expectRevert(IHedgeController.InvalidSignature.selector);
        _send(alice, u, abi.encodePacked(bytes32(0), bytes32(uint256(1)), uint8(27)));
    }

    function test_RevertWhen_DomainHasWrongChainId() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _signWith(u, signerPk, 1, address(controller));
        vm.expectPartialRevert(IHedgeController.InvalidSigner.selector); // recovers some other address
        _send(alice, u, sig);
        assertEq(controller.nonceOf(alicePositionId), 0);
    }

    function test_RevertWhen_ChainIdChangesAfterSigning() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.chainId(block.chainid + 1); // a fork replaying the same transaction
        vm.expectPartialRevert(IHedgeController.InvalidSigner.selector);
        _send(alice, u, sig);
    }

    function test_RevertWhen_DomainHasWrongVerifyingContract() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _signWith(u, signerPk, block.chainid, address(0xC0FFEE));
        vm.expectPartialRevert(IHedgeController.InvalidSigner.selector);
        _send(alice, u, sig);
        assertEq(controller.nonceOf(alicePositionId), 0);
    }

    function test_RevertWhen_SignatureReplayedOnAnotherController() public {
        HedgeController other = _deployController(IHedgeVenue(address(venue)));
        vm.prank(alice);
        other.register(pool, aliceTokenId, 0.5e18, defaultCaps());
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 0);
        bytes memory sig = _sign(u);
        vm.prank(alice);
        vm.expectPartialRevert(IHedgeController.InvalidSigner.selector);
        other.updateRatio(u, sig);
    }

    function test_RevertWhen_FieldAlteredAfterSigning() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        u.targetHedgeSize = 50e18;
        vm.expectPartialRevert(IHedgeController.InvalidSigner.selector);
        _send(alice, u, sig);
    }

    // ------------------------------------------------------------------ nonce and deadline

    function test_RevertWhen_NonceReplayed() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        _send(alice, u, sig);
        vm.warp(block.timestamp + 300); // past the cooldown, before the deadline
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidNonce.selector, alicePositionId, 1, 0));
        _send(alice, u, sig);
    }

    function test_RevertWhen_NonceSkipsAhead() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        u.nonce = 1;
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidNonce.selector, alicePositionId, 0, 1));
        _send(alice, u, sig);
    }

    function test_RevertWhen_DeadlineExpired() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.warp(u.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.DeadlineExpired.selector, u.deadline, u.deadline + 1));
        _send(alice, u, sig);
    }

    // ------------------------------------------------------------------ caps

    function test_RevertWhen_RatioAboveOne() public {
        vm.prank(alice);
        controller.setCaps(
            alicePositionId,
            IHedgeController.Caps({
                maxHedgeSize: 100e18, maxRatioChange: 1e18, minUpdateInterval: 0, maxSlippageBps: 50
            })
        );
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 1e18 + 1, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.RatioOutOfRange.selector, 1e18 + 1));
        _send(alice, u, sig);
    }

    function test_RevertWhen_RatioChangeOverCap() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.75e18 + 1, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.RatioChangeTooLarge.selector, 0.25e18 + 1, 0.25e18));
        _send(alice, u, sig);
    }

    function test_RevertWhen_RatioDecreaseOverCap() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.2e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.RatioChangeTooLarge.selector, 0.3e18, 0.25e18));
        _send(alice, u, sig);
    }

    function test_RevertWhen_HedgeSizeOverCap() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 100e18 + 1);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.HedgeSizeTooLarge.selector, 100e18 + 1, 100e18));
        _send(alice, u, sig);
    }

    function test_RevertWhen_CooldownActive() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        _send(alice, u, _sign(u));
        uint256 last = block.timestamp;
        vm.warp(last + 299);
        u = _update(alicePositionId, 0.7e18, 2e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.CooldownActive.selector, alicePositionId, last + 300));
        _send(alice, u, sig);
    }

    // ------------------------------------------------------------------ who may send, pauses

    function test_RevertWhen_CallerNeitherOwnerNorOperator() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotOwnerOrOperator.selector, alicePositionId, stranger));
        _send(stranger, u, sig);
    }

    function test_RevertWhen_OperatorRevoked() public {
        _approveRelayer(alice, alicePositionId);
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.OperatorChanged(alicePositionId, alice, relayer, false);
        vm.prank(alice);
        controller.setOperator(alicePositionId, relayer, false);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotOwnerOrOperator.selector, alicePositionId, relayer));
        _send(relayer, u, sig);
    }

    function test_RevertWhen_NftTransferredAwayFromOwnerAndOperator() public {
        _approveRelayer(alice, alicePositionId);
        npm.transfer(aliceTokenId, bob);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotOwnerOrOperator.selector, alicePositionId, alice));
        _send(alice, u, sig);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotOwnerOrOperator.selector, alicePositionId, relayer));
        _send(relayer, u, sig);
        _send(bob, u, sig); // the new NFT owner is the position owner
        assertEq(controller.nonceOf(alicePositionId), 1);
    }

    function test_RevertWhen_PositionPaused() public {
        vm.prank(alice);
        controller.setPositionPaused(alicePositionId, true);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHedgeController.PositionNotActive.selector, alicePositionId, IHedgeController.Status.Paused
            )
        );
        _send(alice, u, sig);

        vm.prank(alice);
        controller.setPositionPaused(alicePositionId, false);
        _send(alice, u, sig);
    }

    function test_RevertWhen_GloballyPaused() public {
        vm.expectEmit(true, true, true, true, address(controller));
        emit Pausable.Paused(admin);
        vm.prank(admin);
        controller.pause();
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _send(alice, u, sig);

        vm.expectEmit(true, true, true, true, address(controller));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        controller.unpause();
        _send(alice, u, sig);
    }

    function test_RevertWhen_PositionClosed() public {
        vm.prank(alice);
        controller.close(alicePositionId);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHedgeController.PositionNotActive.selector, alicePositionId, IHedgeController.Status.Closed
            )
        );
        _send(alice, u, sig);
    }

    function test_RevertWhen_UnknownPosition() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        u.positionId = 42;
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.UnknownPosition.selector, 42));
        _send(alice, u, sig);
    }

    // ------------------------------------------------------------------ price feed and slippage

    function test_RevertWhen_FeedIsStale() public {
        vm.warp(block.timestamp + 1 hours + 1);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.StalePrice.selector, T0, 1 hours));
        _send(alice, u, sig);
    }

    function test_RevertWhen_FeedAnswerNotPositive() public {
        feed.setAnswer(0);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidPrice.selector, int256(0)));
        _send(alice, u, sig);
    }

    function test_RevertWhen_VenueFillWorseThanSlippageBound() public {
        venue.setSpreadBps(51); // caps allow 50 bps
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory sig = _sign(u);
        uint256 limit = uint256(PRICE) * (10_000 - 50) / 10_000;
        vm.expectRevert(
            abi.encodeWithSelector(MockPerpVenue.PriceLimitExceeded.selector, uint256(PRICE) * 9949 / 10_000, limit)
        );
        _send(alice, u, sig);
    }

    function test_UpdateRatio_VenueFillAtSlippageBoundAccepted() public {
        venue.setSpreadBps(50);
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        _send(alice, u, _sign(u));
        (, uint256 entry) = venue.hedgeOf(alicePositionId);
        assertEq(entry, uint256(PRICE) * 9950 / 10_000);
    }

    function test_RevertWhen_VenueReportsPriceOutsideBound() public {
        LyingVenue liar = new LyingVenue();
        HedgeController c = _deployController(IHedgeVenue(address(liar)));
        vm.prank(alice);
        uint256 id = c.register(pool, aliceTokenId, 0.5e18, defaultCaps());
        liar.setReportedPrice(1);
        IHedgeController.RatioUpdate memory u = _updateOn(c, id, 0.6e18, 1e18);
        bytes memory sig = _signWith(u, signerPk, block.chainid, address(c));
        uint256 limit = uint256(PRICE) * 9950 / 10_000;
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.SlippageExceeded.selector, 1, limit));
        vm.prank(alice);
        c.updateRatio(u, sig);
    }
}
