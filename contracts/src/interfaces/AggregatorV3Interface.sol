// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title AggregatorV3Interface
/// @notice Chainlink's price-feed read interface (same selectors as @chainlink/contracts).
interface AggregatorV3Interface {
    /// @notice Number of decimals of `answer` (8 for USD pairs on Chainlink).
    function decimals() external view returns (uint8);

    /// @notice Human description, e.g. "ETH / USD".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator implementation.
    function version() external view returns (uint256);

    /// @notice Data of a past round.
    /// @param _roundId The round to read.
    /// @return roundId The round id.
    /// @return answer The price, scaled by `decimals()`.
    /// @return startedAt When the round started.
    /// @return updatedAt When the answer was written (0 means no data).
    /// @return answeredInRound The round in which the answer was computed.
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice Data of the latest round; same fields as `getRoundData`.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
