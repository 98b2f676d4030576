// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {HedgeController} from "../src/HedgeController.sol";
import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {MockPerpVenue} from "../src/mocks/MockPerpVenue.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice A known-answer vector shared with the C# signer (see docs/decisions/0003-hedge-controller.md):
/// the controller at its first anvil address, the RatioUpdate (1, 0.6e18, 2e18, 0, 1800000600) signed by
/// anvil account 8. The signature is `cast wallet sign --data <typed data>` output (RFC 6979, low s).
contract HedgeControllerVectorsTest is HedgeControllerBase {
    address internal constant CONTROLLER_AT = 0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6;
    address internal constant ACCOUNT_8 = 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f;
    bytes32 internal constant TYPEHASH = 0x8dbd4861be32b39e16a9767f3ba2524593690f7c408bc1ed508ceb92ee7e7cc8;
    bytes32 internal constant DOMAIN_SEPARATOR = 0xf485b4178a5604338ac455836eb21bfccf7e4daf13960fc5fc372cabcb83986b;
    bytes32 internal constant DIGEST = 0xa986694f8de33ad9cb169df2f81715c54e5e96b0b1be1e2aeda2977b75c19862;
    bytes internal constant SIGNATURE =
        hex"6690fad58f070f79bdc44e0eb753e8da2cf7e4b3da7a56415c3b2fe668f812d66854e006853087c2d57ac9a8bf8a86b4cd0ff6c17533d0e446f8fe9b8bf897111c";

    HedgeController internal fixedController;

    function setUp() public override {
        super.setUp();
        vm.chainId(31_337);
        MockPerpVenue v = new MockPerpVenue(feed, 5);
        deployCodeTo(
            "HedgeController.sol:HedgeController", abi.encode(admin, ACCOUNT_8, npm, feed, v, 1 hours), CONTROLLER_AT
        );
        fixedController = HedgeController(CONTROLLER_AT);
        v.setController(CONTROLLER_AT);
        vm.prank(alice);
        fixedController.register(pool, aliceTokenId, 0.5e18, defaultCaps());
    }

    function _vector() internal pure returns (IHedgeController.RatioUpdate memory) {
        return IHedgeController.RatioUpdate({
            positionId: 1, newRatio: 0.6e18, targetHedgeSize: 2e18, nonce: 0, deadline: 1_800_000_600
        });
    }

    function test_KnownAnswer_TypehashDomainAndDigest() public view {
        assertEq(fixedController.RATIO_UPDATE_TYPEHASH(), TYPEHASH);
        assertEq(fixedController.domainSeparator(), DOMAIN_SEPARATOR);
        assertEq(fixedController.hashRatioUpdate(_vector()), DIGEST);
        assertEq(_digest(_vector(), 31_337, CONTROLLER_AT), DIGEST);
    }

    function test_KnownAnswer_CastSignatureAcceptedOnceOnly() public {
        vm.prank(alice);
        fixedController.updateRatio(_vector(), SIGNATURE);
        assertEq(fixedController.nonceOf(1), 1);
        vm.warp(block.timestamp + 300);
        vm.expectRevert(abi.encodeWithSelector(IHedgeController.InvalidNonce.selector, 1, 1, 0));
        vm.prank(alice);
        fixedController.updateRatio(_vector(), SIGNATURE);
    }
}
