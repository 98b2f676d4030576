// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IHedgeVenue
/// @notice A venue where the HedgeController holds, per protected position, a short hedge of the pool's
/// volatile asset (a perpetual-like short). Sizes are in the base asset's smallest unit (wei of WETH);
/// prices use the decimals of the controller's price feed (8 for a Chainlink USD feed).
interface IHedgeVenue {
    /// @notice Emitted when the venue changes a position's hedge.
    /// @param positionId The controller's position id.
    /// @param oldSize The short size before the trade.
    /// @param newSize The short size after the trade.
    /// @param executionPrice The price the trade was filled at.
    /// @param fee The fee charged, in quote units with the feed's decimals.
    /// @param realizedPnl The PnL realized by the trade (reductions only), in quote units with the feed's decimals.
    event HedgeAdjusted(
        uint256 indexed positionId,
        uint256 oldSize,
        uint256 newSize,
        uint256 executionPrice,
        uint256 fee,
        int256 realizedPnl
    );

    /// @notice Emitted when the venue charges funding on a position's open short (before each trade, and on demand).
    /// @param positionId The controller's position id.
    /// @param size The short size the funding was charged on.
    /// @param notional The open notional (size times entry price), in quote units with the feed's decimals.
    /// @param elapsed Seconds since the previous charge.
    /// @param amount The funding charged, in quote units with the feed's decimals.
    event FundingCharged(uint256 indexed positionId, uint256 size, uint256 notional, uint256 elapsed, uint256 amount);

    /// @notice Moves the short hedge of `positionId` to `targetSize`.
    /// @dev Must revert if the fill would be worse than `limitPrice`: below it when the short grows
    /// (selling), above it when the short shrinks (buying back). Callable only by the controller.
    /// @param positionId The controller's position id.
    /// @param targetSize The short size wanted after the trade.
    /// @param limitPrice The worst acceptable execution price.
    /// @return executionPrice The fill price.
    /// @return fee The fee charged, in quote units with the feed's decimals.
    function adjustHedge(uint256 positionId, uint256 targetSize, uint256 limitPrice)
        external
        returns (uint256 executionPrice, uint256 fee);

    /// @notice The venue's record of a position's hedge.
    /// @param positionId The controller's position id.
    /// @return size The current short size.
    /// @return entryPrice The size-weighted average entry price of the open short.
    function hedgeOf(uint256 positionId) external view returns (uint256 size, uint256 entryPrice);
}
