// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {HedgeController} from "../../src/HedgeController.sol";
import {IHedgeController} from "../../src/interfaces/IHedgeController.sol";
import {MockAggregatorV3} from "../../src/mocks/MockAggregatorV3.sol";

/// @notice Drives the controller with signed updates (valid and not), time, price moves, pauses and closes.
contract HedgeControllerHandler is CommonBase, StdUtils {
    HedgeController internal immutable controller;
    MockAggregatorV3 internal immutable feed;
    uint256 internal immutable signerPk;
    address internal immutable relayer;
    uint256[] internal ids;
    mapping(uint256 => address) internal ownerOf;

    mapping(uint256 => uint256) public acceptedUpdates;
    uint256 public totalAccepted;

    constructor(
        HedgeController controller_,
        MockAggregatorV3 feed_,
        uint256 signerPk_,
        address relayer_,
        uint256[] memory ids_,
        address[] memory owners
    ) {
        controller = controller_;
        feed = feed_;
        signerPk = signerPk_;
        relayer = relayer_;
        ids = ids_;
        for (uint256 i; i < ids_.length; ++i) {
            ownerOf[ids_[i]] = owners[i];
        }
    }

    function positionIds() external view returns (uint256[] memory) {
        return ids;
    }

    /// @dev Mostly valid updates near the current ratio; about 1 in 8 comes from a stranger or skips a nonce.
    function update(uint256 idSeed, uint256 ratioSeed, uint256 sizeSeed, uint256 mischief) external {
        uint256 id = ids[idSeed % ids.length];
        uint256 current = controller.getPosition(id).ratio;
        uint256 step = bound(ratioSeed, 0, 0.3e18);
        uint256 ratio = ratioSeed % 2 == 0 ? current + step : (current > step ? current - step : 0);
        IHedgeController.RatioUpdate memory u = IHedgeController.RatioUpdate({
            positionId: id,
            newRatio: ratio,
            targetHedgeSize: bound(sizeSeed, 0, 60e18),
            nonce: controller.nonceOf(id) + (mischief % 16 == 1 ? 1 : 0),
            deadline: block.timestamp + 60
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerPk, controller.hashRatioUpdate(u));
        vm.prank(mischief % 16 == 2 ? address(0xBAD) : relayer);
        try controller.updateRatio(u, abi.encodePacked(r, s, v)) {
            ++acceptedUpdates[id];
            ++totalAccepted;
        } catch {}
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 900));
    }

    function movePrice(uint256 bpsSeed, bool up) external {
        (, int256 answer,,,) = feed.latestRoundData();
        int256 delta = answer * int256(bound(bpsSeed, 0, 500)) / 10_000;
        int256 next = up ? answer + delta : answer - delta;
        if (next > 0) feed.setAnswer(next);
    }

    function togglePause(uint256 idSeed) external {
        if (idSeed % 4 != 0) return;
        uint256 id = ids[idSeed % ids.length];
        IHedgeController.Status st = controller.getPosition(id).status;
        if (st == IHedgeController.Status.Closed) return;
        vm.prank(ownerOf[id]);
        controller.setPositionPaused(id, st == IHedgeController.Status.Active);
    }

    function close(uint256 idSeed) external {
        if (idSeed % 8 != 0) return; // rare
        uint256 id = ids[idSeed % ids.length];
        vm.prank(ownerOf[id]);
        try controller.close(id) {} catch {}
    }
}
