// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title FoodUSD (FUSD): the food-spending stablecoin used for purchases.
/// @notice The treasury (owner) mints weekly food budgets; members spend by burning or pay into GroupPurchase.
/// @dev Same surface as upstream: ERC20 + Ownable(treasury), owner-only mint, self-only burn. Nothing on
///      chain enforces a 1:1 USD peg: the peg is an off-chain convention of the simulator.
contract FoodUSD is ERC20, Ownable {
    constructor(address treasury) ERC20("Food USD", "FUSD") Ownable(treasury) {}

    /// @notice Mint `amount` wei of FUSD to `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Burn `amount` wei from the caller's own balance.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }
}
