// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {OptionHedgeController} from "../src/OptionHedgeController.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {IOptionHedgeController} from "../src/interfaces/IOptionHedgeController.sol";
import {IOptionVenue} from "../src/interfaces/IOptionVenue.sol";
import {MockOptionVenue} from "../src/mocks/MockOptionVenue.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice The option orders' rules are the ratio updates' rules: who may sign, who may send, nonces, deadlines,
/// caps, pauses. Digests are computed here from the EIP-712 spec, independently of the contract.
contract OptionHedgeControllerTest is HedgeControllerBase {
    bytes32 internal constant ORDER_TYPEHASH = keccak256(
        "OptionOrder(uint256 positionId,uint8 kind,uint256 strike,uint256 expiry,uint256 notional,uint256 maxPremium,uint256 nonce,uint256 deadline)"
    );
    uint256 internal lpPk = 0x1D;
    address internal lp;
    uint256 internal lpPositionId;
    uint256 internal operatorPk = 0x0BE;
    address internal operatorSigner;
    MockOptionVenue internal optionVenue;
    OptionHedgeController internal options;

    function setUp() public override {
        super.setUp();
        lp = vm.addr(lpPk);
        operatorSigner = vm.addr(operatorPk);
        optionVenue = new MockOptionVenue(feed, 0.8e18, 1 hours);
        options = new OptionHedgeController(admin, controller, optionVenue);
        optionVenue.setController(address(options));
        optionVenue.fund(10_000_000e8);

        lpPositionId = _registerFor(lp, 42);
        vm.startPrank(lp);
        controller.setOperator(lpPositionId, relayer, true);
        controller.setOperator(lpPositionId, operatorSigner, true);
        options.setOptionCaps(lpPositionId, _caps());
        vm.stopPrank();
    }

    function _caps() internal pure returns (IOptionHedgeController.OptionCaps memory) {
        return IOptionHedgeController.OptionCaps({maxOpenNotional: 5e18, maxOpenPremium: 2000e8});
    }

    function _order(uint256 notional, uint256 maxPremium)
        internal
        view
        returns (IOptionHedgeController.OptionOrder memory)
    {
        return IOptionHedgeController.OptionOrder({
            positionId: lpPositionId,
            kind: 0,
            strike: 2700e8,
            expiry: block.timestamp + 7 days,
            notional: notional,
            maxPremium: maxPremium,
            nonce: options.bookOf(lpPositionId).nonce,
            deadline: block.timestamp + 10 minutes
        });
    }

    function _orderDigest(IOptionHedgeController.OptionOrder memory o, uint256 chainId, address verifying)
        internal
        pure
        returns (bytes32)
    {
        bytes32 domain = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("OptionHedgeController"), keccak256("1"), chainId, verifying)
        );
        bytes32 structHash = keccak256(
            abi.encode(
                ORDER_TYPEHASH, o.positionId, o.kind, o.strike, o.expiry, o.notional, o.maxPremium, o.nonce, o.deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _signOrder(IOptionHedgeController.OptionOrder memory o, uint256 pk) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _orderDigest(o, block.chainid, address(options)));
        return abi.encodePacked(r, s, v);
    }

    function _buy(address from, IOptionHedgeController.OptionOrder memory o, bytes memory sig)
        internal
        returns (uint256 id)
    {
        vm.prank(from);
        return options.buyOption(o, sig);
    }

    function test_HashOptionOrder_MatchesSpec() public view {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 100e8);
        assertEq(options.hashOptionOrder(o), _orderDigest(o, block.chainid, address(options)));
        assertEq(options.OPTION_ORDER_TYPEHASH(), ORDER_TYPEHASH);
    }

    function test_BuyOption_ModelSignedByRelayer() public {
        IOptionHedgeController.OptionOrder memory o = _order(2e18, 1000e8);
        uint256 quoted = optionVenue.quote(IOptionVenue.Kind.Put, o.strike, o.expiry, o.notional);
        vm.expectEmit(true, true, true, true, address(options));
        emit IOptionHedgeController.OptionBought(lpPositionId, 1, 0, 2700e8, o.expiry, 2e18, quoted, 0, signer, relayer);
        uint256 id = _buy(relayer, o, _signOrder(o, signerPk));
        assertEq(id, 1);
        assertEq(options.positionOfOption(1), lpPositionId);
        IOptionHedgeController.Book memory b = options.bookOf(lpPositionId);
        assertEq(b.nonce, 1);
        assertEq(b.openNotional, 2e18);
        assertEq(b.openPremium, quoted);
        assertEq(optionVenue.getOption(1).positionId, lpPositionId);
    }

    function test_BuyOption_OwnerSignedAndSent() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        _buy(lp, o, _signOrder(o, lpPk));
        assertEq(options.bookOf(lpPositionId).nonce, 1);
    }

    function test_BuyOption_OperatorSignedSentByAnother() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        _buy(relayer, o, _signOrder(o, operatorPk));
        assertEq(options.bookOf(lpPositionId).nonce, 1);
    }

    function test_RevertWhen_OperatorSignsAndSendsItself() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, operatorPk);
        vm.prank(operatorSigner);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.SignerIsSender.selector, operatorSigner));
        options.buyOption(o, sig);
    }

    function test_RevertWhen_SignedByAnyoneElse() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, otherPk);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.InvalidSigner.selector, vm.addr(otherPk)));
        options.buyOption(o, sig);
    }

    function test_RevertWhen_SignatureMalformed() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, signerPk);
        vm.startPrank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.InvalidSignatureLength.selector, 64));
        options.buyOption(o, abi.encodePacked(bytes32(0), bytes32(0)));
        vm.expectPartialRevert(IOptionHedgeController.InvalidSignatureS.selector);
        options.buyOption(o, _malleate(sig));
        (bytes32 r, bytes32 s,) = _split(sig);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.InvalidSignatureV.selector, 1));
        options.buyOption(o, abi.encodePacked(r, s, uint8(1)));
        vm.expectRevert(IOptionHedgeController.InvalidSignature.selector);
        options.buyOption(o, abi.encodePacked(bytes32(0), bytes32(uint256(1)), uint8(27)));
        vm.stopPrank();
    }

    function test_RevertWhen_SignedForAnotherDomain() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerPk, _orderDigest(o, block.chainid + 1, address(options)));
        vm.prank(relayer);
        vm.expectPartialRevert(IOptionHedgeController.InvalidSigner.selector);
        options.buyOption(o, abi.encodePacked(r, s, v));
        // A ratio update's signature never buys an option either.
        IHedgeController.RatioUpdate memory u = _update(lpPositionId, 0.5e18, 0);
        vm.prank(relayer);
        vm.expectPartialRevert(IOptionHedgeController.InvalidSigner.selector);
        options.buyOption(o, _sign(u));
    }

    function test_RevertWhen_Replayed() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, signerPk);
        _buy(relayer, o, sig);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.InvalidNonce.selector, lpPositionId, 1, 0));
        options.buyOption(o, sig);
    }

    function test_RevertWhen_DeadlinePassed() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, signerPk);
        vm.warp(o.deadline + 1);
        feed.setAnswer(PRICE);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(IOptionHedgeController.DeadlineExpired.selector, o.deadline, o.deadline + 1)
        );
        options.buyOption(o, sig);
    }

    function test_RevertWhen_SenderNotOwnerOrOperator() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, signerPk);
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IOptionHedgeController.NotOwnerOrOperator.selector, lpPositionId, stranger)
        );
        options.buyOption(o, sig);
    }

    function test_RevertWhen_NotionalCapExceeded() public {
        IOptionHedgeController.OptionOrder memory o = _order(3e18, 900e8);
        _buy(relayer, o, _signOrder(o, signerPk));
        o = _order(2.5e18, 900e8);
        bytes memory sig = _signOrder(o, signerPk);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.NotionalCapExceeded.selector, 5.5e18, 5e18));
        options.buyOption(o, sig);
    }

    function test_RevertWhen_PremiumLimitAboveCap() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 2000e8 + 1);
        bytes memory sig = _signOrder(o, lpPk);
        vm.prank(lp);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.PremiumCapExceeded.selector, 2000e8 + 1, 2000e8));
        options.buyOption(o, sig);
    }

    function test_RevertWhen_PremiumAboveSignedLimit() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1e8);
        uint256 quoted = optionVenue.quote(IOptionVenue.Kind.Put, o.strike, o.expiry, o.notional);
        bytes memory sig = _signOrder(o, signerPk);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(MockOptionVenue.PremiumAboveLimit.selector, quoted, 1e8));
        options.buyOption(o, sig);
        assertEq(options.bookOf(lpPositionId).nonce, 0); // nothing taken
    }

    function test_RevertWhen_NoCapsSet() public {
        _approveRelayer(alice, alicePositionId);
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 100e8);
        o.positionId = alicePositionId;
        bytes memory sig = _signOrder(o, signerPk);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.NotionalCapExceeded.selector, 1e18, 0));
        options.buyOption(o, sig);
    }

    function test_RevertWhen_Paused() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, signerPk);
        vm.prank(admin);
        options.pause();
        vm.prank(relayer);
        vm.expectRevert(bytes4(keccak256("EnforcedPause()")));
        options.buyOption(o, sig);
        vm.prank(admin);
        options.unpause();
        // The HedgeController's circuit breaker stops option orders too.
        vm.prank(admin);
        controller.pause();
        vm.prank(relayer);
        vm.expectRevert(IOptionHedgeController.ControllerPaused.selector);
        options.buyOption(o, sig);
    }

    function test_RevertWhen_PositionPaused() public {
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, signerPk);
        vm.prank(lp);
        controller.setPositionPaused(lpPositionId, true);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptionHedgeController.PositionNotActive.selector, lpPositionId, IHedgeController.Status.Paused
            )
        );
        options.buyOption(o, sig);
    }

    function test_RevertWhen_CapsSetByOthers() public {
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.NotPositionOwner.selector, lpPositionId, relayer));
        options.setOptionCaps(lpPositionId, _caps());
    }

    function test_Settle_PaysAndFreesTheCaps() public {
        IOptionHedgeController.OptionOrder memory o = _order(2e18, 1000e8);
        uint256 id = _buy(relayer, o, _signOrder(o, signerPk));
        vm.warp(o.expiry);
        feed.setAnswer(2400e8);
        uint80 round = feed.latestRound();
        vm.expectEmit(true, true, true, true, address(options));
        emit IOptionHedgeController.OptionLegSettled(lpPositionId, id, 2400e8, 600e8);
        vm.prank(stranger); // anyone may settle: the result depends only on the feed
        assertEq(options.settle(id, round), 600e8);
        IOptionHedgeController.Book memory b = options.bookOf(lpPositionId);
        assertEq(b.openNotional, 0);
        assertEq(b.openPremium, 0);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.LegSettledAlready.selector, id));
        options.settle(id, round);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.UnknownLeg.selector, 99));
        options.settle(99, round);
    }

    /// @notice Any key but the model signer, the owner and the owner's operators is refused.
    function testFuzz_RevertWhen_RandomKeySigns(uint256 pk) public {
        pk = bound(pk, 1, SECP256K1_N - 1);
        address who = vm.addr(pk);
        vm.assume(who != signer && who != lp && who != operatorSigner && who != relayer);
        IOptionHedgeController.OptionOrder memory o = _order(1e18, 1000e8);
        bytes memory sig = _signOrder(o, pk);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(IOptionHedgeController.InvalidSigner.selector, who));
        options.buyOption(o, sig);
    }
}
