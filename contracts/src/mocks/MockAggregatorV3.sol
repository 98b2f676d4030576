// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title MockAggregatorV3
/// @notice A Chainlink-compatible price feed for the dev chain. Its owner pushes answers; each push
/// starts a new round (round ids 1, 2, ...) stamped with the block time, and old rounds stay readable.
contract MockAggregatorV3 is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 public immutable override decimals;
    uint256 public constant override version = 4;
    string public override description;
    address public owner;
    uint80 public latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner();
    error NoDataPresent();
    error ZeroAddress();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
        _push(initialAnswer, block.timestamp);
    }

    /// @notice Pushes a new answer as a new round stamped now.
    function setAnswer(int256 answer) external onlyOwner {
        _push(answer, block.timestamp);
    }

    /// @notice Pushes a new answer with an explicit timestamp (to simulate stale feeds in tests).
    function setAnswerAt(int256 answer, uint256 timestamp) external onlyOwner {
        _push(answer, timestamp);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function latestAnswer() external view returns (int256) {
        return _rounds[latestRound].answer;
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

    function _push(int256 answer, uint256 timestamp) private {
        uint80 id = latestRound + 1;
        latestRound = id;
        _rounds[id] = Round({answer: answer, startedAt: timestamp, updatedAt: timestamp});
        emit NewRound(id, msg.sender, timestamp);
        emit AnswerUpdated(answer, id, timestamp);
    }
}
