// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title GroVault: one time-lock per address, giving quadratic voting power.
/// @notice Power = floor(sqrt(amount wei)) * (1e18 + 5e17 * (years - 1)) / 1e18, so it is in sqrt-wei units:
///         1 GRO locked for 1 year gives 1e9. Power is 0 at or after unlockTime. One year is 365 days.
/// @dev Hardening versus upstream (spec contracts.md section 1.3):
///      - Checks-effects-interactions: state and the event happen before the token call, and every
///        token-moving function is `nonReentrant` (a hook token cannot re-enter mid-update).
///      - SafeERC20: a token that returns false reverts with `SafeERC20FailedOperation(token)` (this replaces
///        the upstream string "transfer failed"); OZ ERC20 errors such as `ERC20InsufficientAllowance` bubble up.
///      - Every lock change writes a checkpoint, so `votingPowerAt(account, t)` gives the power an account had at
///        a past time. CoopGovernor uses it to snapshot power at proposal creation (upstream read live power,
///        so a lock made after a proposal opened could still vote on it).
///      - The constructor rejects a zero token address ("token zero").
contract GroVault is ReentrancyGuard {
    using SafeERC20 for IERC20;

    struct LockPosition {
        uint256 amount;
        uint64 unlockTime;
        uint8 durationYears;
    }

    /// @dev A lock position as it was from `fromTime` until the next checkpoint.
    struct Checkpoint {
        uint64 fromTime;
        uint64 unlockTime;
        uint8 durationYears;
        uint256 amount;
    }

    uint256 private constant BASE_MULTIPLIER = 1e18;
    /// @dev 0.5 in 1e18 fixed point (upstream's comment called this "ray"; it is wad).
    uint256 private constant LOCK_BONUS = 5e17;
    uint256 private constant YEAR = 365 days;

    IERC20 public immutable groToken;
    uint256 public totalLocked;
    mapping(address => LockPosition) public locks;
    mapping(address => Checkpoint[]) private _checkpoints;

    event LockCreated(address indexed account, uint256 amount, uint8 durationYears, uint64 unlockTime);
    event LockIncreased(address indexed account, uint256 additionalAmount, uint256 newAmount);
    event LockExtended(address indexed account, uint8 newDurationYears, uint64 newUnlockTime);
    event LockWithdrawn(address indexed account, uint256 amount);

    constructor(IERC20 _groToken) {
        require(address(_groToken) != address(0), "token zero");
        groToken = _groToken;
    }

    /// @notice Lock `amount` GRO wei for 1..4 years. One lock per address.
    function createLock(uint256 amount, uint8 durationYears) external nonReentrant {
        require(amount > 0, "amount zero");
        require(locks[msg.sender].amount == 0, "lock exists");
        require(durationYears >= 1 && durationYears <= 4, "invalid duration");

        uint64 unlockTime = uint64(block.timestamp + YEAR * durationYears);
        locks[msg.sender] = LockPosition(amount, unlockTime, durationYears);
        totalLocked += amount;
        _writeCheckpoint(msg.sender);
        emit LockCreated(msg.sender, amount, durationYears, unlockTime);

        groToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Add `additionalAmount` to a live lock; the unlock time does not change.
    function increaseLock(uint256 additionalAmount) external nonReentrant {
        require(additionalAmount > 0, "amount zero");
        LockPosition storage position = locks[msg.sender];
        require(position.amount > 0, "no lock");
        require(block.timestamp < position.unlockTime, "lock expired");

        position.amount += additionalAmount;
        totalLocked += additionalAmount;
        _writeCheckpoint(msg.sender);
        emit LockIncreased(msg.sender, additionalAmount, position.amount);

        groToken.safeTransferFrom(msg.sender, address(this), additionalAmount);
    }

    /// @notice Raise the lock duration; the new unlock time counts from now (not from the old unlock).
    /// @dev Check order matches upstream: extendLock(5) from 4 years fails "invalid duration", extendLock(0) from
    ///      1 year fails "duration not increased". A 4-year lock therefore cannot be extended.
    function extendLock(uint8 newDurationYears) external {
        LockPosition storage position = locks[msg.sender];
        require(position.amount > 0, "no lock");
        require(block.timestamp < position.unlockTime, "lock expired");
        require(newDurationYears > position.durationYears, "duration not increased");
        require(newDurationYears >= 1 && newDurationYears <= 4, "invalid duration");

        uint64 newUnlockTime = uint64(block.timestamp + YEAR * newDurationYears);
        position.durationYears = newDurationYears;
        position.unlockTime = newUnlockTime;
        _writeCheckpoint(msg.sender);
        emit LockExtended(msg.sender, newDurationYears, newUnlockTime);
    }

    /// @notice Withdraw the whole lock at or after unlockTime. A new lock is allowed afterwards.
    function withdraw() external nonReentrant {
        LockPosition memory position = locks[msg.sender];
        require(position.amount > 0, "no lock");
        require(block.timestamp >= position.unlockTime, "not unlocked");

        totalLocked -= position.amount;
        delete locks[msg.sender];
        _writeCheckpoint(msg.sender);
        emit LockWithdrawn(msg.sender, position.amount);

        groToken.safeTransfer(msg.sender, position.amount);
    }

    /// @notice Current voting power (0 without a lock or at/after unlockTime).
    function votingPower(address account) external view returns (uint256) {
        LockPosition memory position = locks[account];
        return _power(position.amount, position.durationYears, position.unlockTime, block.timestamp);
    }

    /// @notice Voting power `account` had at the end of second `timepoint` (the last checkpoint written at or
    ///         before it). Used by CoopGovernor for snapshots; `timepoint` must be in the past.
    function votingPowerAt(address account, uint256 timepoint) external view returns (uint256) {
        require(timepoint < block.timestamp, "future lookup");
        Checkpoint[] storage history = _checkpoints[account];
        // Binary search for the last checkpoint with fromTime <= timepoint.
        uint256 low = 0;
        uint256 high = history.length;
        while (low < high) {
            uint256 mid = Math.average(low, high);
            if (history[mid].fromTime > timepoint) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        if (low == 0) return 0;
        Checkpoint storage cp = history[low - 1];
        return _power(cp.amount, cp.durationYears, cp.unlockTime, timepoint);
    }

    /// @notice Number of lock checkpoints written for `account` (for off-chain replay and tests).
    function checkpointCount(address account) external view returns (uint256) {
        return _checkpoints[account].length;
    }

    function _power(uint256 amount, uint8 durationYears, uint64 unlockTime, uint256 at)
        private
        pure
        returns (uint256)
    {
        if (amount == 0 || at >= unlockTime) return 0;
        uint256 multiplier = BASE_MULTIPLIER + LOCK_BONUS * (durationYears - 1);
        return (Math.sqrt(amount) * multiplier) / BASE_MULTIPLIER;
    }

    /// @dev Several changes in one second overwrite that second's checkpoint, so a lookup sees the final state.
    function _writeCheckpoint(address account) private {
        LockPosition memory position = locks[account];
        Checkpoint[] storage history = _checkpoints[account];
        uint64 nowTs = uint64(block.timestamp);
        Checkpoint memory cp = Checkpoint(nowTs, position.unlockTime, position.durationYears, position.amount);
        uint256 len = history.length;
        if (len > 0 && history[len - 1].fromTime == nowTs) {
            history[len - 1] = cp;
        } else {
            history.push(cp);
        }
    }
}
