// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev Test-only ERC20 whose transfers can be made to return false or to refuse one recipient, and which can call
///      a hook on the recipient of an outgoing transfer (an ERC777-style reentrancy vector).
contract MockToken is ERC20 {
    bool public returnFalse;
    address public blockedRecipient;
    bool public hookEnabled;

    constructor() ERC20("Mock", "MOCK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReturnFalse(bool value) external {
        returnFalse = value;
    }

    function setBlockedRecipient(address who) external {
        blockedRecipient = who;
    }

    function setHookEnabled(bool value) external {
        hookEnabled = value;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (returnFalse) return false;
        require(to != blockedRecipient, "recipient blocked");
        bool ok = super.transfer(to, value);
        if (hookEnabled && to.code.length > 0) {
            ITokenHook(to).onTokenReceived(msg.sender, value);
        }
        return ok;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (returnFalse) return false;
        require(to != blockedRecipient, "recipient blocked");
        return super.transferFrom(from, to, value);
    }
}

interface ITokenHook {
    function onTokenReceived(address from, uint256 value) external;
}

interface IGroupPurchaseLike {
    function contribute(uint256 orderId, uint256 amount) external;
    function claimRefund(uint256 orderId) external;
}

interface IGroVaultLike {
    function createLock(uint256 amount, uint8 durationYears) external;
    function withdraw() external;
}

/// @dev Attacker that re-enters GroupPurchase.claimRefund / GroVault.withdraw from the token hook.
contract ReentrancyAttacker is ITokenHook {
    enum Mode {
        None,
        Refund,
        Withdraw
    }

    MockToken public immutable token;
    address public immutable target;
    Mode public mode;
    uint256 public orderId;
    uint256 public reentryAttempts;
    bytes public lastReentryError;

    constructor(MockToken _token, address _target) {
        token = _token;
        target = _target;
    }

    function approveTarget(uint256 amount) external {
        token.approve(target, amount);
    }

    function contribute(uint256 _orderId, uint256 amount) external {
        IGroupPurchaseLike(target).contribute(_orderId, amount);
    }

    function lock(uint256 amount, uint8 years_) external {
        IGroVaultLike(target).createLock(amount, years_);
    }

    function attackRefund(uint256 _orderId) external {
        orderId = _orderId;
        mode = Mode.Refund;
        IGroupPurchaseLike(target).claimRefund(_orderId);
        mode = Mode.None;
    }

    function attackWithdraw() external {
        mode = Mode.Withdraw;
        IGroVaultLike(target).withdraw();
        mode = Mode.None;
    }

    function onTokenReceived(address, uint256) external override {
        if (mode == Mode.None) return;
        reentryAttempts += 1;
        Mode current = mode;
        mode = Mode.None; // one attempt only
        if (current == Mode.Refund) {
            try IGroupPurchaseLike(target).claimRefund(orderId) {} catch (bytes memory err) {
                lastReentryError = err;
            }
        } else {
            try IGroVaultLike(target).withdraw() {} catch (bytes memory err) {
                lastReentryError = err;
            }
        }
    }
}
