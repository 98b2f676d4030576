// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHedgeController} from "../../src/interfaces/IHedgeController.sol";
import {IHedgeVenue} from "../../src/interfaces/IHedgeVenue.sol";

/// @notice A venue that, while filling a trade, tries to push a second signed update through the controller.
contract ReentrantVenue is IHedgeVenue {
    enum Mode {
        Single,
        Batch,
        Close
    }

    IHedgeController public controller;
    IHedgeController.RatioUpdate internal _next;
    bytes internal _nextSig;
    Mode public mode;
    uint256 public calls;
    bytes public lastRevertData;
    bool public reentered;

    function arm(IHedgeController controller_, IHedgeController.RatioUpdate calldata next, bytes calldata sig, Mode m)
        external
    {
        controller = controller_;
        _next = next;
        _nextSig = sig;
        mode = m;
    }

    function adjustHedge(uint256, uint256, uint256 limitPrice) external returns (uint256, uint256) {
        ++calls;
        if (calls == 1) {
            bytes memory data;
            if (mode == Mode.Single) {
                data = abi.encodeCall(IHedgeController.updateRatio, (_next, _nextSig));
            } else if (mode == Mode.Batch) {
                IHedgeController.RatioUpdate[] memory us = new IHedgeController.RatioUpdate[](1);
                bytes[] memory sigs = new bytes[](1);
                us[0] = _next;
                sigs[0] = _nextSig;
                data = abi.encodeCall(IHedgeController.updateRatios, (us, sigs));
            } else {
                data = abi.encodeCall(IHedgeController.close, (_next.positionId));
            }
            (bool ok, bytes memory ret) = address(controller).call(data);
            reentered = ok;
            lastRevertData = ret;
        }
        return (limitPrice, 0);
    }

    function hedgeOf(uint256) external pure returns (uint256, uint256) {
        return (0, 0);
    }
}

/// @notice A venue that reports a fill price it was told not to exceed (a broken or lying venue).
contract LyingVenue is IHedgeVenue {
    uint256 public reportedPrice;

    function setReportedPrice(uint256 p) external {
        reportedPrice = p;
    }

    function adjustHedge(uint256, uint256, uint256) external view returns (uint256, uint256) {
        return (reportedPrice, 0);
    }

    function hedgeOf(uint256) external pure returns (uint256, uint256) {
        return (0, 0);
    }
}
