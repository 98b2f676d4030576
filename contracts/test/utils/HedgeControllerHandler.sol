// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {HedgeController} from "../../src/HedgeController.sol";
import {IHedgeController} from "../../src/interfaces/IHedgeController.sol";
import {MockAggregatorV3} from "../../src/mocks/MockAggregatorV3.sol";

/// @notice Drives the controller with signed updates (valid and not, by the model or the owner), time, price moves,
/// pauses and closes. Records every accepted model-signed update whose size moved more than the caps allow.
contract HedgeControllerHandler is CommonBase, StdUtils {
    HedgeController internal immutable controller;
    MockAggregatorV3 internal immutable feed;
    uint256 internal immutable signerPk;
    address internal immutable relayer;
    uint256[] internal ids;
    mapping(uint256 => address) internal ownerOf;
    mapping(uint256 => uint256) internal ownerKeyOf;

    mapping(uint256 => uint256) public acceptedUpdates;
    uint256 public totalAccepted;
    uint256 public acceptedModelSizeChanges;
    uint256 public acceptedOwnerUpdates;
    /// @dev Accepted model-signed updates that moved the size by more than maxHedgeSize * maxRatioChange / 1e18.
    uint256 public modelStepViolations;

    constructor(
        HedgeController controller_,
        MockAggregatorV3 feed_,
        uint256 signerPk_,
        address relayer_,
        uint256[] memory ids_,
        uint256[] memory ownerKeys
    ) {
        controller = controller_;
        feed = feed_;
        signerPk = signerPk_;
        relayer = relayer_;
        ids = ids_;
        for (uint256 i; i < ids_.length; ++i) {
            ownerOf[ids_[i]] = vm.addr(ownerKeys[i]);
            ownerKeyOf[ids_[i]] = ownerKeys[i];
        }
    }

    function positionIds() external view returns (uint256[] memory) {
        return ids;
    }

    /// @dev Mostly valid updates near the current ratio and size, some a little over a cap; about 1 in 8 comes from a
    /// stranger or skips a nonce.
    function update(uint256 idSeed, uint256 ratioSeed, uint256 sizeSeed, uint256 mischief) external {
        uint256 id = ids[idSeed % ids.length];
        IHedgeController.Position memory p = controller.getPosition(id);
        uint256 step = bound(ratioSeed, 0, 0.3e18);
        uint256 ratio = ratioSeed % 2 == 0 ? p.ratio + step : (p.ratio > step ? p.ratio - step : 0);
        uint256 sizeStep = bound(sizeSeed, 0, uint256(p.caps.maxHedgeSize) * 3 / 10); // the cap's step is 1/4
        uint256 size =
            sizeSeed % 2 == 0 ? p.hedgeSize + sizeStep : (p.hedgeSize > sizeStep ? p.hedgeSize - sizeStep : 0);
        IHedgeController.RatioUpdate memory u = IHedgeController.RatioUpdate({
            positionId: id,
            newRatio: ratio,
            targetHedgeSize: size,
            nonce: controller.nonceOf(id) + (mischief % 16 == 1 ? 1 : 0),
            deadline: block.timestamp + 60
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerPk, controller.hashRatioUpdate(u));
        vm.prank(mischief % 16 == 2 ? address(0xBAD) : relayer);
        try controller.updateRatio(u, abi.encodePacked(r, s, v)) {
            ++acceptedUpdates[id];
            ++totalAccepted;
            uint256 moved = size > p.hedgeSize ? size - p.hedgeSize : p.hedgeSize - size;
            if (moved != 0) ++acceptedModelSizeChanges;
            if (moved > uint256(p.caps.maxHedgeSize) * p.caps.maxRatioChange / 1e18) ++modelStepViolations;
        } catch {}
    }

    /// @dev The owner's own signature, sent by the relayer: any ratio and size, sometimes over the size cap.
    function ownerUpdate(uint256 idSeed, uint256 ratioSeed, uint256 sizeSeed) external {
        uint256 id = ids[idSeed % ids.length];
        IHedgeController.RatioUpdate memory u = IHedgeController.RatioUpdate({
            positionId: id,
            newRatio: bound(ratioSeed, 0, 1e18),
            targetHedgeSize: bound(sizeSeed, 0, 110e18),
            nonce: controller.nonceOf(id),
            deadline: block.timestamp + 60
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ownerKeyOf[id], controller.hashRatioUpdate(u));
        vm.prank(relayer);
        try controller.updateRatio(u, abi.encodePacked(r, s, v)) {
            ++acceptedUpdates[id];
            ++totalAccepted;
            ++acceptedOwnerUpdates;
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
