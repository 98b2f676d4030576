// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IHedgeController} from "../src/interfaces/IHedgeController.sol";
import {HedgeControllerBase} from "./utils/HedgeControllerBase.sol";

/// @notice Gas of one update and of a batch of 10, first (opening hedges) and steady state (resizing them).
/// Figures are execution gas of the external call (no 21k intrinsic or calldata cost). Only meaningful with
/// --isolate (each call its own transaction, so storage starts cold as in production):
///   scripts/forge.sh test --isolate --gas-report -vv --match-contract HedgeControllerGasTest
contract HedgeControllerGasTest is HedgeControllerBase {
    uint256[] internal ids;

    function setUp() public override {
        super.setUp();
        ids = _tenRelayedPositions(0x2000, 200);
    }

    function _batch(uint256 ratio, uint256 size)
        internal
        view
        returns (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs)
    {
        us = new IHedgeController.RatioUpdate[](ids.length);
        sigs = new bytes[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            us[i] = _update(ids[i], ratio, size);
            sigs[i] = _sign(us[i]);
        }
    }

    function _single(uint256 ratio, uint256 size) internal returns (uint256 used) {
        IHedgeController.RatioUpdate memory u = _update(alicePositionId, ratio, size);
        bytes memory sig = _sign(u);
        vm.prank(relayer);
        uint256 g = gasleft();
        controller.updateRatio(u, sig);
        used = g - gasleft();
    }

    function _batchGas(uint256 ratio, uint256 size) internal returns (uint256 used) {
        (IHedgeController.RatioUpdate[] memory us, bytes[] memory sigs) = _batch(ratio, size);
        vm.prank(relayer);
        uint256 g = gasleft();
        controller.updateRatios(us, sigs);
        used = g - gasleft();
    }

    function test_Gas_SingleUpdate() public {
        emit log_named_uint("single update, opening hedge", _single(0.6e18, 2e18));
        vm.warp(block.timestamp + 300);
        emit log_named_uint("single update, resizing hedge", _single(0.7e18, 3e18));
    }

    function test_Gas_BatchOfTen() public {
        emit log_named_uint("batch of 10, opening hedges", _batchGas(0.6e18, 2e18));
        vm.warp(block.timestamp + 300);
        emit log_named_uint("batch of 10, resizing hedges", _batchGas(0.7e18, 3e18));
    }
}
