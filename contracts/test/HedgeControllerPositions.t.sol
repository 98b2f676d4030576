// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {HedgeController} from "../src/HedgeController.sol";
import {AggregatorV3Interface} from "../src/interfaces/AggregatorV3Interface.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {IHedgeVenue} from "../src/interfaces/IHedgeVenue.sol";
import {INonfungiblePositionManagerMinimal} from "../src/interfaces/IUniswapV3Minimal.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice Registration, the owner's controls and the admin's controls.
contract HedgeControllerPositionsTest is HedgeControllerBase {
    // ------------------------------------------------------------------ registration

    function test_Register_StoresPositionAndEmits() public {
        npm.mint(bob, 7, weth, usdc, FEE);
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.PositionRegistered(2, bob, pool, 7, 0.3e18, defaultCaps());
        vm.prank(bob);
        uint256 id = controller.register(pool, 7, 0.3e18, defaultCaps());

        assertEq(id, 2);
        assertEq(controller.positionCount(), 2);
        assertEq(controller.positionIdOfToken(7), 2);
        assertEq(controller.ownerOfPosition(id), bob);
        IHedgeController.Position memory p = controller.getPosition(id);
        assertEq(p.pool, pool);
        assertEq(p.tokenId, 7);
        assertEq(p.ratio, 0.3e18);
        assertEq(uint8(p.status), uint8(IHedgeController.Status.Active));
        assertEq(p.nonce, 0);
        assertEq(p.hedgeSize, 0);
        assertEq(p.caps.maxHedgeSize, 100e18);
    }

    function test_RevertWhen_RegisterNftNotOwned() public {
        npm.mint(bob, 7, weth, usdc, FEE);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, 7, alice));
        vm.prank(alice);
        controller.register(pool, 7, 0.3e18, defaultCaps());
    }

    function test_RevertWhen_RegisterNftDoesNotExist() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, 99, alice));
        vm.prank(alice);
        controller.register(pool, 99, 0.3e18, defaultCaps());
    }

    function test_RevertWhen_RegisterPoolMismatch() public {
        npm.mint(bob, 7, weth, usdc, FEE);
        address wrong = makeAddr("wrongPool");
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.PoolMismatch.selector, pool, wrong));
        vm.prank(bob);
        controller.register(wrong, 7, 0.3e18, defaultCaps());
    }

    function test_RevertWhen_RegisterTwice() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.AlreadyRegistered.selector, 1, alicePositionId));
        vm.prank(alice);
        controller.register(pool, aliceTokenId, 0.5e18, defaultCaps());
    }

    function test_RevertWhen_RegisterRatioAboveOne() public {
        npm.mint(bob, 7, weth, usdc, FEE);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.RatioOutOfRange.selector, 1e18 + 1));
        vm.prank(bob);
        controller.register(pool, 7, 1e18 + 1, defaultCaps());
    }

    function test_RevertWhen_RegisterCapsInvalid() public {
        npm.mint(bob, 7, weth, usdc, FEE);
        IHedgeController.Caps memory caps = defaultCaps();
        caps.maxRatioChange = 0;
        vm.expectRevert(IHedgeController.InvalidCaps.selector);
        vm.prank(bob);
        controller.register(pool, 7, 0.5e18, caps);
        caps = defaultCaps();
        caps.maxSlippageBps = 1001;
        vm.expectRevert(IHedgeController.InvalidCaps.selector);
        vm.prank(bob);
        controller.register(pool, 7, 0.5e18, caps);
    }

    // ------------------------------------------------------------------ owner controls

    function test_SetCaps_StoresAndEmits() public {
        IHedgeController.Caps memory caps = IHedgeController.Caps({
            maxHedgeSize: 5e18, maxRatioChange: 0.1e18, minUpdateInterval: 60, maxSlippageBps: 10
        });
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.CapsChanged(alicePositionId, caps);
        vm.prank(alice);
        controller.setCaps(alicePositionId, caps);
        IHedgeController.Caps memory stored = controller.getPosition(alicePositionId).caps;
        assertEq(stored.maxHedgeSize, 5e18);
        assertEq(stored.maxRatioChange, 0.1e18);
        assertEq(stored.minUpdateInterval, 60);
        assertEq(stored.maxSlippageBps, 10);
    }

    function test_RevertWhen_SetCapsByNonOwner() public {
        _approveRelayer(alice, alicePositionId);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, aliceTokenId, relayer));
        vm.prank(relayer); // operators relay updates; they do not change the owner's limits
        controller.setCaps(alicePositionId, defaultCaps());
    }

    function test_SetOperator_EmitsAndGrants() public {
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.OperatorChanged(alicePositionId, alice, relayer, true);
        _approveRelayer(alice, alicePositionId);
        assertTrue(controller.isOwnerOrOperator(alicePositionId, relayer));
        assertTrue(controller.isOwnerOrOperator(alicePositionId, alice));
        assertFalse(controller.isOwnerOrOperator(alicePositionId, stranger));
    }

    function test_RevertWhen_SetOperatorByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, aliceTokenId, stranger));
        vm.prank(stranger);
        controller.setOperator(alicePositionId, stranger, true);
    }

    function test_RevertWhen_SetOperatorZero() public {
        vm.expectRevert(IHedgeController.ZeroAddress.selector);
        vm.prank(alice);
        controller.setOperator(alicePositionId, address(0), true);
    }

    function test_SetPositionPaused_EmitsAndToggles() public {
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.PositionPauseChanged(alicePositionId, true);
        vm.prank(alice);
        controller.setPositionPaused(alicePositionId, true);
        assertEq(uint8(controller.getPosition(alicePositionId).status), uint8(IHedgeController.Status.Paused));
        vm.prank(alice);
        controller.setPositionPaused(alicePositionId, false);
        assertEq(uint8(controller.getPosition(alicePositionId).status), uint8(IHedgeController.Status.Active));
    }

    function test_RevertWhen_PausePositionByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, aliceTokenId, stranger));
        vm.prank(stranger);
        controller.setPositionPaused(alicePositionId, true);
    }

    function test_Close_UnwindsHedgeAndEmits() public {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.7e18, 3e18);
        _send(alice, u, _sign(u));
        feed.setAnswer(2800e8);

        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.HedgeExecuted(alicePositionId, 3e18, 0, 2800e8, 3 * 2800e8 * 5 / 10_000);
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.PositionClosed(alicePositionId, 0);
        vm.prank(alice);
        controller.close(alicePositionId);

        assertEq(uint8(controller.getPosition(alicePositionId).status), uint8(IHedgeController.Status.Closed));
        assertEq(controller.getPosition(alicePositionId).hedgeSize, 0);
        assertEq(venue.hedges(alicePositionId).size, 0);
        assertEq(venue.hedges(alicePositionId).realizedPnl, 3 * 200e8);
        assertEq(controller.positionIdOfToken(aliceTokenId), 0);
    }

    function test_Close_WorksWhileGloballyPausedAndAllowsReRegistration() public {
        vm.prank(admin);
        controller.pause();
        vm.prank(alice);
        controller.close(alicePositionId);
        vm.prank(alice);
        uint256 id = controller.register(pool, aliceTokenId, 0.2e18, defaultCaps());
        assertEq(id, 2);
    }

    function test_RevertWhen_CloseTwice() public {
        vm.prank(alice);
        controller.close(alicePositionId);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.PositionClosedAlready.selector, alicePositionId));
        vm.prank(alice);
        controller.close(alicePositionId);
    }

    function test_RevertWhen_CloseByOperator() public {
        _approveRelayer(alice, alicePositionId);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.NotNftOwner.selector, aliceTokenId, relayer));
        vm.prank(relayer);
        controller.close(alicePositionId);
    }

    // ------------------------------------------------------------------ admin

    function test_SetModelSigner_RotatesAndOldSignerRejected() public {
        address next = vm.addr(otherPk);
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.ModelSignerRotated(signer, next);
        vm.prank(admin);
        controller.setModelSigner(next);
        assertEq(controller.modelSigner(), next);

        IHedgeController.RatioUpdate memory u = _update(alicePositionId, 0.6e18, 1e18);
        bytes memory oldSig = _sign(u);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidSigner.selector, signer));
        _send(alice, u, oldSig);
        _send(alice, u, _signWith(u, otherPk, block.chainid, address(controller)));
    }

    function test_RevertWhen_SetModelSignerByNonAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        controller.setModelSigner(alice);
    }

    function test_RevertWhen_SetModelSignerZero() public {
        vm.expectRevert(IHedgeController.ZeroAddress.selector);
        vm.prank(admin);
        controller.setModelSigner(address(0));
    }

    function test_RevertWhen_PauseByNonAdmin() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        controller.pause();
    }

    function test_SetMaxFeedAge_Emits() public {
        vm.expectEmit(true, true, true, true, address(controller));
        emit IHedgeController.MaxFeedAgeChanged(1 hours, 1 days);
        vm.prank(admin);
        controller.setMaxFeedAge(1 days);
        assertEq(controller.maxFeedAge(), 1 days);
    }

    function test_TransferAdmin_TakesTwoSteps() public {
        vm.prank(admin);
        controller.transferOwnership(bob);
        assertEq(controller.owner(), admin);
        assertEq(controller.pendingOwner(), bob);
        vm.prank(bob);
        controller.acceptOwnership();
        assertEq(controller.owner(), bob);
    }

    function test_RevertWhen_ConstructedWithZeroSigner() public {
        vm.expectRevert(IHedgeController.ZeroAddress.selector);
        new HedgeController(
            admin,
            address(0),
            INonfungiblePositionManagerMinimal(address(npm)),
            AggregatorV3Interface(address(feed)),
            IHedgeVenue(address(venue)),
            1 hours
        );
    }
}
