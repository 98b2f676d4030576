// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title MockSequencerUptimeFeed
/// @notice Chainlink's L2 sequencer uptime feed for the dev chain: `latestRoundData` answers 0 while the sequencer is
/// up and 1 while it is down; `startedAt` is when that status began (consumers wait a grace period after a restart).
/// Its owner reports the status; each report is a new round.
contract MockSequencerUptimeFeed is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 public constant override decimals = 0;
    uint256 public constant override version = 1;
    string public constant override description = "L2 Sequencer Uptime Status Feed";
    address public owner;
    uint80 public latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    error NotOwner();
    error NoDataPresent();
    error InvalidStatus(int256 answer);
    error StartInFuture(uint256 startedAt);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    /// @param startedAt When the sequencer came up (a past time skips the grace period; 0 means now).
    constructor(uint256 startedAt) {
        owner = msg.sender;
        _push(0, startedAt == 0 ? block.timestamp : startedAt);
    }

    /// @notice Reports the sequencer down (true) or up (false) from now on.
    function setDown(bool down) external onlyOwner {
        _push(down ? int256(1) : int256(0), block.timestamp);
    }

    /// @notice Reports a status (0 up, 1 down) that began at `startedAt` (not in the future).
    function setStatusAt(int256 answer, uint256 startedAt) external onlyOwner {
        if (answer != 0 && answer != 1) revert InvalidStatus(answer);
        if (startedAt > block.timestamp) revert StartInFuture(startedAt);
        _push(answer, startedAt);
    }

    function getRoundData(uint80 roundId)
        public
        view
        override
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[roundId];
        if (r.updatedAt == 0) revert NoDataPresent();
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    function latestRoundData()
        external
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    function _push(int256 answer, uint256 startedAt) private {
        uint80 id = latestRound + 1;
        latestRound = id;
        _rounds[id] = Round({answer: answer, startedAt: startedAt, updatedAt: block.timestamp});
        emit NewRound(id, msg.sender, startedAt);
        emit AnswerUpdated(answer, id, block.timestamp);
    }
}
