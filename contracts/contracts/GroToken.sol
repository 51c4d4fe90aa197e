// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title GroToken (GRO): the co-op's governance and reward token.
/// @notice The treasury (owner) mints weekly rewards; holders lock GRO in GroVault for voting power.
/// @dev Same surface as upstream: ERC20 + Ownable(treasury), owner-only mint, self-only burn. There is no
///      supply cap on chain (the upstream TS model's 1 000 000 cap never existed in Solidity).
contract GroToken is ERC20, Ownable {
    constructor(address treasury) ERC20("Gro Token", "GRO") Ownable(treasury) {}

    /// @notice Mint `amount` wei of GRO to `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Burn `amount` wei from the caller's own balance.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }
}
