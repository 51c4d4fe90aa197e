// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title GroupPurchase: pooled FoodUSD escrow for bulk orders.
/// @notice Members pool FUSD towards a target; the supplier is paid once the target is reached, or contributors
///         take refunds after the deadline. Contributing is allowed up to and including the deadline; a refund
///         only strictly after it.
/// @dev Hardening versus upstream (spec contracts.md sections 0.5 and 1.4):
///      - A contribution is capped at the remaining target: only `min(amount, target - total)` is pulled, so
///        nobody silently overpays the supplier (upstream sent 130 for a 100 target). A contribution to a fully
///        funded order reverts "order funded". Capping rather than reverting also defeats dust front-running:
///        a 1-wei contribution ahead of the finishing contributor cannot make their payment revert.
///      - Manual `execute` is reachable: when the automatic supplier payment fails (for example a token that
///        blocks the supplier), the contribution still stands, `ExecutionDeferred` is emitted and anyone can call
///        `execute` later (upstream's `execute` could never succeed).
///      - The supplier cannot be this contract ("supplier invalid": funds would be stuck) and the deadline is at
///        most `MAX_ORDER_DURATION` ahead ("deadline too far": funds could be locked for decades).
///      - Checks-effects-interactions and `nonReentrant` on every token-moving function; SafeERC20 for pulls and
///        refunds (a false-returning token reverts `SafeERC20FailedOperation` instead of "transfer failed").
contract GroupPurchase is ReentrancyGuard {
    using SafeERC20 for IERC20;

    struct Order {
        address creator;
        address supplier;
        uint256 targetAmount;
        uint256 totalContributed;
        uint64 deadline;
        bool executed;
    }

    /// @notice Longest allowed time between order creation and its deadline.
    uint64 public constant MAX_ORDER_DURATION = 365 days;

    IERC20 public immutable foodUSD;
    uint256 public orderCount;
    mapping(uint256 => Order) public orders;
    mapping(uint256 => mapping(address => uint256)) public contributions;

    event OrderCreated(
        uint256 indexed orderId, address indexed creator, address indexed supplier, uint256 targetAmount, uint64 deadline
    );
    event ContributionReceived(uint256 indexed orderId, address indexed contributor, uint256 amount, uint256 newTotal);
    event OrderExecuted(uint256 indexed orderId, address indexed supplier, uint256 totalSent);
    event RefundClaimed(uint256 indexed orderId, address indexed participant, uint256 amount);
    /// @notice The target was reached but paying the supplier failed; `execute` can be retried.
    event ExecutionDeferred(uint256 indexed orderId);

    constructor(IERC20 _foodUSD) {
        require(address(_foodUSD) != address(0), "token zero");
        foodUSD = _foodUSD;
    }

    function createOrder(address supplier, uint256 targetAmount, uint64 deadline) external returns (uint256) {
        require(supplier != address(0), "supplier zero");
        require(supplier != address(this), "supplier invalid");
        require(targetAmount > 0, "target zero");
        require(deadline > block.timestamp, "deadline past");
        require(deadline <= block.timestamp + MAX_ORDER_DURATION, "deadline too far");

        uint256 orderId = ++orderCount;
        orders[orderId] = Order(msg.sender, supplier, targetAmount, 0, deadline, false);
        emit OrderCreated(orderId, msg.sender, supplier, targetAmount, deadline);
        return orderId;
    }

    /// @notice Contribute up to `amount` FUSD wei; only the part that fits under the target is taken.
    /// @dev Reaching the target executes the order in the same transaction.
    function contribute(uint256 orderId, uint256 amount) external nonReentrant {
        require(amount > 0, "amount zero");
        Order storage order = orders[orderId];
        require(order.creator != address(0), "invalid order");
        require(!order.executed, "executed");
        require(block.timestamp <= order.deadline, "deadline passed");
        uint256 remaining = order.targetAmount - order.totalContributed;
        require(remaining > 0, "order funded");

        uint256 accepted = amount < remaining ? amount : remaining;
        contributions[orderId][msg.sender] += accepted;
        order.totalContributed += accepted;
        emit ContributionReceived(orderId, msg.sender, accepted, order.totalContributed);

        foodUSD.safeTransferFrom(msg.sender, address(this), accepted);

        if (order.totalContributed == order.targetAmount) {
            // Effects first; undone below if the supplier cannot be paid, so the order stays retryable.
            order.executed = true;
            if (foodUSD.trySafeTransfer(order.supplier, order.targetAmount)) {
                emit OrderExecuted(orderId, order.supplier, order.targetAmount);
            } else {
                order.executed = false;
                emit ExecutionDeferred(orderId);
            }
        }
    }

    /// @notice Pay the supplier of a fully funded order whose automatic payment failed. Anyone may call it.
    function execute(uint256 orderId) external nonReentrant {
        Order storage order = orders[orderId];
        require(order.creator != address(0), "invalid order");
        require(!order.executed, "executed");
        require(order.totalContributed >= order.targetAmount, "target not met");

        order.executed = true;
        uint256 total = order.totalContributed;
        emit OrderExecuted(orderId, order.supplier, total);
        require(foodUSD.trySafeTransfer(order.supplier, total), "supplier transfer failed");
    }

    /// @notice Take back your contribution to an unexecuted order strictly after its deadline.
    function claimRefund(uint256 orderId) external nonReentrant {
        Order storage order = orders[orderId];
        require(order.creator != address(0), "invalid order");
        require(!order.executed, "executed");
        require(block.timestamp > order.deadline, "deadline not passed");
        uint256 amount = contributions[orderId][msg.sender];
        require(amount > 0, "nothing to refund");

        contributions[orderId][msg.sender] = 0;
        order.totalContributed -= amount;
        emit RefundClaimed(orderId, msg.sender, amount);

        foodUSD.safeTransfer(msg.sender, amount);
    }
}
