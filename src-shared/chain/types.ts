// The chain adapter contract: the engine hands each simulated week's member actions to an adapter, which either
// runs them through the in-process model of the contracts ("model") or sends real transactions ("hardhat").

export type ChainMode = 'off' | 'model' | 'hardhat';

export type ContractId = 'GroToken' | 'FoodUSD' | 'GroVault' | 'GroupPurchase' | 'CoopGovernor';

/** One member action. Amounts are wei (bigint); addresses are lowercase 0x strings. */
export type ChainAction =
  | { kind: 'mintFood'; to: string; amount: bigint } // treasury mints the weekly food budget (FUSD)
  | { kind: 'reward'; to: string; amount: bigint } // treasury mints the weekly GRO reward
  | { kind: 'spendFood'; member: string; amount: bigint } // FoodUSD.burn
  | { kind: 'payFee'; member: string; amount: bigint } // FoodUSD.transfer(treasury, amount): the co-op fee
  | { kind: 'createOrder'; member: string; supplier: string; target: bigint; deadline: bigint }
  | { kind: 'contribute'; member: string; orderId: bigint; amount: bigint }
  | { kind: 'claimRefund'; member: string; orderId: bigint }
  | { kind: 'executeOrder'; member: string; orderId: bigint }
  | { kind: 'createLock'; member: string; amount: bigint; years: number }
  | { kind: 'increaseLock'; member: string; amount: bigint }
  | { kind: 'extendLock'; member: string; years: number }
  | { kind: 'withdraw'; member: string }
  | { kind: 'createProposal'; member: string; description: string }
  | { kind: 'castVote'; member: string; proposalId: bigint; votes: bigint; support: boolean }
  | { kind: 'executeProposal'; member: string; proposalId: bigint };

export type ChainActionKind = ChainAction['kind'];

export type EventArg = bigint | string | boolean;

/** A decoded contract event (hardhat: from receipts' logs; model: emitted by the model) or a failed action. */
export interface ChainEvent {
  week: number;
  /** Block timestamp (seconds) of the action. */
  timestamp: bigint;
  contract: ContractId;
  name: string;
  args: Record<string, EventArg>;
}

export interface ActionResult {
  week: number;
  index: number;
  action: ChainAction;
  ok: boolean;
  /** The contract's revert reason: the string, a custom error name (e.g. "ERC20InsufficientBalance") or "panic:0x11". */
  reason?: string;
  events: ChainEvent[];
}

export interface WeekResult {
  week: number;
  results: ActionResult[];
  events: ChainEvent[];
  failed: number;
}

export interface LockState {
  amount: bigint;
  unlockTime: bigint;
  durationYears: number;
}

export interface OrderState {
  creator: string;
  supplier: string;
  targetAmount: bigint;
  totalContributed: bigint;
  deadline: bigint;
  executed: boolean;
}

export interface ChainSnapshot {
  gro: Record<string, bigint>;
  fusd: Record<string, bigint>;
  locks: Record<string, LockState>;
  totalLocked: bigint;
  orders: OrderState[];
  tallies: { forVotes: bigint; againstVotes: bigint; executed: boolean }[];
  groSupply: bigint;
  fusdSupply: bigint;
}

export interface ChainAdapter {
  readonly mode: Exclude<ChainMode, 'off'>;
  /** Timestamp that week 0 starts at; action k of week w runs at startTime + w*WEEK + k + 1. */
  readonly startTime: bigint;
  readonly treasury: string;
  runWeek(week: number, actions: readonly ChainAction[]): Promise<WeekResult>;
  snapshot(accounts: readonly string[]): Promise<ChainSnapshot>;
  /** Every event so far, in order (failed actions appear as `ActionFailed` pseudo-events). */
  events(): readonly ChainEvent[];
  close(): Promise<void>;
}

/** The time at which action `index` of `week` executes, shared by both adapters so they see identical clocks. */
export function actionTime(startTime: bigint, week: number, index: number): bigint {
  return startTime + BigInt(week) * 604800n + BigInt(index) + 1n;
}

/** A pseudo-event recorded for every reverted action, so metrics can count failures by reason. */
export function failureEvent(week: number, timestamp: bigint, action: ChainAction, reason: string): ChainEvent {
  const contract: ContractId =
    action.kind === 'mintFood' || action.kind === 'spendFood' || action.kind === 'payFee'
      ? 'FoodUSD'
      : action.kind === 'reward'
        ? 'GroToken'
        : action.kind === 'createOrder' ||
            action.kind === 'contribute' ||
            action.kind === 'claimRefund' ||
            action.kind === 'executeOrder'
          ? 'GroupPurchase'
          : action.kind === 'createProposal' || action.kind === 'castVote' || action.kind === 'executeProposal'
            ? 'CoopGovernor'
            : 'GroVault';
  const member = 'member' in action ? action.member : action.to;
  return { week, timestamp, contract, name: 'ActionFailed', args: { kind: action.kind, reason, member } };
}
