// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";
import {HedgeControllerHandler} from "./utils/HedgeControllerHandler.sol";

/// @notice Whatever sequence of model- and owner-signed updates, stranger calls, bad nonces, price moves, pauses and
/// closes: ratios stay in [0, 1e18], hedges stay within the size cap and match the venue's books, nonces count
/// exactly the accepted updates, closed positions hold no hedge, and no accepted model-signed update moved a hedge by
/// more than maxHedgeSize * maxRatioChange / 1e18.
contract HedgeControllerInvariantTest is HedgeControllerBase {
    HedgeControllerHandler internal handler;

    function setUp() public override {
        super.setUp();
        vm.prank(admin);
        controller.setMaxFeedAge(type(uint64).max); // time moves freely in the run
        uint256[] memory ids = new uint256[](3);
        uint256[] memory ownerKeys = new uint256[](3);
        ids[0] = alicePositionId;
        ownerKeys[0] = uint256(keccak256(abi.encodePacked("alice"))); // forge-std makeAddr's key
        _approveRelayer(alice, alicePositionId);
        for (uint256 i = 1; i < 3; ++i) {
            ownerKeys[i] = 0x3000 + i;
            ids[i] = _registerFor(vm.addr(ownerKeys[i]), 300 + i);
            _approveRelayer(vm.addr(ownerKeys[i]), ids[i]);
        }
        handler = new HedgeControllerHandler(controller, feed, signerPk, relayer, ids, ownerKeys);
        feed.transferOwnership(address(handler));
        targetContract(address(handler));
    }

    function invariant_PositionsStayWithinRulesAndMatchVenue() public view {
        uint256[] memory ids = handler.positionIds();
        for (uint256 i; i < ids.length; ++i) {
            IHedgeController.Position memory p = controller.getPosition(ids[i]);
            assertLe(p.ratio, 1e18);
            assertLe(p.hedgeSize, p.caps.maxHedgeSize);
            assertEq(p.nonce, handler.acceptedUpdates(ids[i]));
            assertEq(venue.hedges(ids[i]).size, p.hedgeSize);
            if (p.status == IHedgeController.Status.Closed) assertEq(p.hedgeSize, 0);
        }
        assertEq(handler.modelStepViolations(), 0);
    }
}
