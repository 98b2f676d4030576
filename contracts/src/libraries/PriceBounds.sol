// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PriceBounds
/// @notice Worst acceptable fill prices for hedge trades, derived from a reference (feed) price.
library PriceBounds {
    uint256 internal constant BPS = 10_000;

    /// @notice The worst acceptable price: `reference` lowered by `slippageBps` when selling (the short
    /// grows), raised by it (rounded up) when buying back (the short shrinks).
    function limitPrice(uint256 referencePrice, uint256 slippageBps, bool isSell) internal pure returns (uint256) {
        if (isSell) return referencePrice * (BPS - slippageBps) / BPS;
        return (referencePrice * (BPS + slippageBps) + BPS - 1) / BPS;
    }

    /// @notice Whether `executionPrice` is no worse than `limit` for the trade's direction.
    function within(uint256 executionPrice, uint256 limit, bool isSell) internal pure returns (bool) {
        return isSell ? executionPrice >= limit : executionPrice <= limit;
    }
}
