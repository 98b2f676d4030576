// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestUSDC
/// @notice A 6-decimal dollar token for the dev chain. The owner mints any amount; anyone may draw up to
/// FAUCET_LIMIT per call from the faucet.
contract TestUSDC is ERC20, Ownable {
    uint256 public constant FAUCET_LIMIT = 100_000e6;

    error FaucetLimitExceeded(uint256 amount, uint256 limit);

    constructor(address owner_) ERC20("Test USD Coin", "USDC") Ownable(owner_) {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function faucet(uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert FaucetLimitExceeded(amount, FAUCET_LIMIT);
        _mint(msg.sender, amount);
    }
}
