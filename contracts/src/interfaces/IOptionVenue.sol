// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOptionVenue
/// @notice A venue writing cash-settled European options on the price feed's asset for the OptionHedgeController.
/// Notionals are in the base asset's smallest unit (wei of WETH); strikes, premiums, collateral and payouts use the
/// feed's decimals (8 for a Chainlink USD feed).
interface IOptionVenue {
    /// @notice Put (pays max(K - S, 0) per unit) or call (pays max(S - K, 0) per unit, up to its collateral).
    enum Kind {
        Put,
        Call
    }

    /// @notice Open until settled; settled once, at the first feed round at or after expiry.
    enum Status {
        None,
        Open,
        Settled
    }

    /// @notice An option written by the venue.
    /// @param positionId The controller's position id the option hedges.
    /// @param kind Put or call.
    /// @param status Open or Settled.
    /// @param expiry Expiry timestamp.
    /// @param strike The strike, in feed decimals.
    /// @param notional Units of the base asset (wei).
    /// @param premium The premium paid, in feed decimals.
    /// @param collateral The amount the venue locked to pay the option (strike x notional), in feed decimals.
    /// @param settlementPrice The feed answer it settled at (0 while open).
    /// @param payout The amount paid at settlement (0 while open), never more than `collateral`.
    struct Option {
        uint256 positionId;
        Kind kind;
        Status status;
        uint40 expiry;
        uint128 strike;
        uint128 notional;
        uint128 premium;
        uint128 collateral;
        uint128 settlementPrice;
        uint128 payout;
    }

    /// @notice The venue wrote an option.
    event OptionWritten(
        uint256 indexed optionId,
        uint256 indexed positionId,
        Kind kind,
        uint256 strike,
        uint256 expiry,
        uint256 notional,
        uint256 premium,
        uint256 spotPrice,
        uint256 volatility
    );
    /// @notice The venue settled an option at `settlementPrice` (the feed round `roundId`).
    event OptionSettled(
        uint256 indexed optionId, uint256 indexed positionId, uint80 roundId, uint256 settlementPrice, uint256 payout
    );

    /// @notice Writes an option for `positionId`. Controller only.
    /// @dev Reverts if the premium is above `maxPremium`, the feed is stale or the venue lacks free collateral.
    /// @return optionId The new option's id (ids start at 1).
    /// @return premium The premium charged, in feed decimals.
    function buy(uint256 positionId, Kind kind, uint256 strike, uint256 expiry, uint256 notional, uint256 maxPremium)
        external
        returns (uint256 optionId, uint256 premium);

    /// @notice Settles an expired option at feed round `roundId`, which must be the first round stamped at or after
    /// the expiry (the round before it is stamped before the expiry). Controller only.
    /// @return settlementPrice The feed answer used.
    /// @return payout The amount paid, in feed decimals.
    function settle(uint256 optionId, uint80 roundId) external returns (uint256 settlementPrice, uint256 payout);

    /// @notice The premium the venue would charge now, in feed decimals.
    function quote(Kind kind, uint256 strike, uint256 expiry, uint256 notional) external view returns (uint256);

    /// @notice An option's record.
    function getOption(uint256 optionId) external view returns (Option memory);
}
