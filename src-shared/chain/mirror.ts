// Contract-in-the-loop mirror: the engine's per-week member views (collected through runSimulation's onWeek hook)
// become the generator's MemberWeekView lists, which drive an adapter week by week. Food spending is burned; the
// co-op fee is paid to the treasury (FoodUSD.transfer(treasury, fee), spec contracts §3.3). The chain mirrors the run; it
// never feeds back into the engine, so the engine's outputs are unchanged. Also: the stored form of a run's chain
// data (ChainRunDoc), a compact event encoding so the metrics can be replayed from the stored log, and a normalized
// event digest that is independent of the deployment (addresses, absolute block times), used to show the model and
// hardhat adapters emitted the same events.
import { z } from 'zod';
import { ChainActionGenerator, memberAddresses, type MemberWeekView } from './generator';
import { WeekMetricsSchema, replayMetrics, type WeekMetrics } from './metrics';
import type { ChainAdapter, ChainEvent, ContractId, EventArg } from './types';

/** Structural subset of the engine's WeekView (src-shared/engine/simulate.ts). */
export interface EngineWeekView {
  week: number;
  members: number;
  incomeMultiplier: number;
  income: Float64Array;
  foodUsdB: Float64Array;
  tokensEarned: Float64Array;
  /** The co-op fee each member paid this week (less than the fee when the balance ran dry). */
  feePaid: Float64Array;
}

/** Micro-dollar integers per member and week (exact, so the mirrored FUSD wallet never drifts from the engine's). */
export interface CollectedWeeks {
  members: number;
  weeks: number;
  /** [week][member] FUSD minted (micro-dollars): the week's income (week 1 also carries the opening balance). */
  mint: Float64Array[];
  /** [week][member] FUSD burned (micro-dollars): food spending. */
  spend: Float64Array[];
  /** [week][member] FUSD paid to the treasury (micro-dollars): the co-op fee. */
  fee: Float64Array[];
  /** [week][member] GRO earned (micro-tokens). */
  reward: Float64Array[];
}

const micro = (x: number) => Math.round(x * 1e6);

/**
 * Collects the engine's weekly views. Call `onWeek` from runSimulation's hook, then `finish(initialBalances)` with
 * the run's opening FoodUSD balances (finalMembers.initialWealth): week 1's mint carries them.
 */
export class WeekViewCollector {
  private readonly income: Float64Array[] = [];
  private readonly balance: Float64Array[] = [];
  private readonly reward: Float64Array[] = [];
  private readonly fee: Float64Array[] = [];
  members = 0;

  readonly onWeek = (v: EngineWeekView): void => {
    const n = v.members;
    this.members = n;
    const inc = new Float64Array(n);
    const bal = new Float64Array(n);
    const rew = new Float64Array(n);
    const fee = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      inc[i] = micro(v.income[i] * v.incomeMultiplier);
      bal[i] = micro(v.foodUsdB[i]);
      rew[i] = micro(v.tokensEarned[i] > 0 ? v.tokensEarned[i] : 0);
      fee[i] = micro(v.feePaid[i] > 0 ? v.feePaid[i] : 0);
    }
    this.income.push(inc);
    this.balance.push(bal);
    this.reward.push(rew);
    this.fee.push(fee);
  };

  /**
   * Splits each member's balance drop into the fee (the engine's, in micro-dollars) and food spending (the rest),
   * so the mirrored wallet ends every week at the engine's balance to the micro-dollar. Rounding can make the
   * fee exceed the drop by a micro-dollar for a member who ran dry: the fee is then capped to the drop.
   */
  finish(initialBalances: ArrayLike<number>): CollectedWeeks {
    const n = this.members;
    const mint: Float64Array[] = [];
    const spend: Float64Array[] = [];
    const fee: Float64Array[] = [];
    const chainBal = new Float64Array(n); // what the mirrored wallet holds (micro-dollars)
    for (let w = 0; w < this.income.length; w++) {
      const m = new Float64Array(n);
      const s = new Float64Array(n);
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        m[i] = this.income[w][i] + (w === 0 ? micro(initialBalances[i]) : 0);
        const target = this.balance[w][i];
        let drop = chainBal[i] + m[i] - target;
        if (drop < 0) drop = 0;
        const fe = this.fee[w][i];
        f[i] = fe < drop ? fe : drop;
        s[i] = drop - f[i];
        chainBal[i] = chainBal[i] + m[i] - s[i] - f[i];
      }
      mint.push(m);
      spend.push(s);
      fee.push(f);
    }
    return { members: n, weeks: this.income.length, mint, spend, fee, reward: this.reward };
  }
}

export function memberViews(c: CollectedWeeks, week: number, addresses: readonly string[]): MemberWeekView[] {
  const out: MemberWeekView[] = new Array(c.members);
  for (let i = 0; i < c.members; i++) {
    out[i] = { address: addresses[i], income: c.mint[week][i] / 1e6, foodSpend: c.spend[week][i] / 1e6, fee: c.fee[week][i] / 1e6, tokensEarned: c.reward[week][i] / 1e6 };
  }
  return out;
}

export const CHAIN_SUPPLIER = '0x5aa1e00000000000000000000000000000000001';
/** Events are stored inline in the run document up to this many (the digest is always stored). */
export const MAX_STORED_EVENTS = 20_000;

export interface DriveOptions {
  seed: number;
  chainId: number;
  addresses: Record<string, string>;
  signal?: AbortSignal;
  onWeek?: (week: number, weeks: number) => void;
  /** Awaited after each week (hardhat: record the block number). */
  afterWeek?: (week: number) => Promise<void>;
}

export interface DriveResult {
  actions: number;
  failedActions: number;
  metrics: WeekMetrics[];
  events: readonly ChainEvent[];
  msPerWeek: number;
}

/** Drive an adapter through the collected weeks (engine week w+1 is chain week w). */
export async function driveAdapter(adapter: ChainAdapter, c: CollectedWeeks, o: DriveOptions): Promise<DriveResult> {
  const addrs = memberAddresses(c.members);
  const gen = new ChainActionGenerator({ seed: o.seed, startTime: adapter.startTime, supplier: CHAIN_SUPPLIER });
  let actions = 0;
  let failed = 0;
  const t0 = performance.now();
  let lastYield = t0;
  for (let w = 0; w < c.weeks; w++) {
    // The model adapter never waits on I/O: give the event loop a turn every ~50 ms so a cancel (and the
    // progress already reported) gets through, and the process stays responsive. Results are unchanged.
    if (performance.now() - lastYield > 50) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
    if (o.signal?.aborted) throw Object.assign(new Error('chain mirror cancelled'), { name: 'AbortError' });
    const list = gen.weekActions(w, memberViews(c, w, addrs));
    const r = await adapter.runWeek(w, list);
    actions += list.length;
    failed += r.failed;
    gen.observe(r.events);
    if (o.afterWeek) await o.afterWeek(w);
    o.onWeek?.(w + 1, c.weeks);
  }
  const msPerWeek = c.weeks > 0 ? (performance.now() - t0) / c.weeks : 0;
  const events = adapter.events();
  const metrics = replayMetrics(events, { startTime: adapter.startTime, chainId: o.chainId, addresses: o.addresses, weeks: c.weeks, treasury: adapter.treasury });
  return { actions, failedActions: failed, metrics, events, msPerWeek };
}

// ---- stored form ----------------------------------------------------------------------------------------------

/** Compact event: [week, timestamp, contract, name, args]; bigints as "#<decimal>", strings starting with # or \ get a \ prefix. */
export type EncodedEvent = [number, string, ContractId, string, Record<string, string | boolean>];

const encArg = (v: EventArg): string | boolean =>
  typeof v === 'bigint' ? `#${v}` : typeof v === 'string' && (v.startsWith('#') || v.startsWith('\\')) ? `\\${v}` : v;
const decArg = (v: string | boolean): EventArg =>
  typeof v === 'boolean' ? v : v.startsWith('#') ? BigInt(v.slice(1)) : v.startsWith('\\') ? v.slice(1) : v;

export function encodeEvents(events: readonly ChainEvent[]): EncodedEvent[] {
  return events.map((e) => [e.week, e.timestamp.toString(), e.contract, e.name, Object.fromEntries(Object.entries(e.args).map(([k, v]) => [k, encArg(v)]))]);
}

export function decodeEvents(encoded: readonly EncodedEvent[]): ChainEvent[] {
  return encoded.map(([week, ts, contract, name, args]) => ({
    week,
    timestamp: BigInt(ts),
    contract,
    name,
    args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, decArg(v)])),
  }));
}

const TIME_ARGS = new Set(['deadline', 'unlockTime', 'newUnlockTime', 'startTime', 'endTime']);

/**
 * The events with the deployment factored out: contract addresses become their names, the treasury "treasury",
 * and absolute times (block timestamps and time-valued args) become offsets from the run's start time.
 */
export function normalizeEvents(events: readonly ChainEvent[], o: { startTime: bigint; addresses: Record<string, string>; treasury: string }): unknown[] {
  const names = new Map<string, string>(Object.entries(o.addresses).map(([k, v]) => [v.toLowerCase(), k]));
  names.set(o.treasury.toLowerCase(), 'treasury');
  const arg = (k: string, v: EventArg): string | boolean => {
    if (typeof v === 'bigint') return TIME_ARGS.has(k) ? `t+${v - o.startTime}` : v.toString();
    if (typeof v === 'string') return names.get(v.toLowerCase()) ?? v;
    return v;
  };
  return events.map((e) => [e.week, (e.timestamp - o.startTime).toString(), e.contract, e.name, Object.fromEntries(Object.entries(e.args).map(([k, v]) => [k, arg(k, v)]))]);
}

/** A 64-bit string hash (two independent 32-bit FNV-1a lanes) of canonical JSON; pure TS, fast on large logs. */
export function digest(value: unknown): string {
  const s = JSON.stringify(value);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

export const ChainRunDocSchema = z.object({
  mode: z.enum(['model', 'hardhat']),
  seed: z.number().int(),
  members: z.number().int().min(1),
  weeks: z.number().int().min(0),
  startTime: z.string(),
  chainId: z.number().int().positive(),
  addresses: z.record(z.string(), z.string()),
  treasury: z.string(),
  rpcUrl: z.string().optional(),
  manifestPath: z.string().optional(),
  /** hardhat: the latest block after each week. */
  blocks: z.array(z.number().int()).optional(),
  actions: z.number().int().min(0),
  failedActions: z.number().int().min(0),
  failuresByReason: z.record(z.string(), z.number().int()),
  eventCount: z.number().int().min(0),
  /** Digest of the normalized events (deployment-independent): equal for model and hardhat runs of the same input. */
  eventsDigest: z.string(),
  /**
   * The raw event log as compact JSON text of EncodedEvent[] (when ≤ MAX_STORED_EVENTS events; one string keeps the
   * stored document and `simulate --json` small): replayMetrics(decodeEvents(JSON.parse(events))) reproduces `metrics`.
   */
  events: z.string().optional(),
  metrics: z.array(WeekMetricsSchema),
  msPerWeek: z.number(),
  elapsedMs: z.number(),
  warning: z.string().optional(),
});
export type ChainRunDoc = z.infer<typeof ChainRunDocSchema>;

/** The metric rows without the deployment identity (chainId, addresses): what must agree across adapters. */
export function comparableMetrics(rows: readonly WeekMetrics[]): Omit<WeekMetrics, 'chainId' | 'addresses' | 'block'>[] {
  return rows.map(({ chainId: _c, addresses: _a, block: _b, ...rest }) => rest);
}

/**
 * Whether metrics replayed from a run's event log reproduce the stored ones. Fields the stored rows
 * lack (metrics added after the run was stored) are not compared; every stored field must match.
 */
export function replayMatches(replayed: readonly WeekMetrics[], stored: readonly WeekMetrics[]): boolean {
  const a = comparableMetrics(replayed) as unknown as Record<string, unknown>[];
  const b = comparableMetrics(stored) as unknown as Record<string, unknown>[];
  const like = (x: unknown, shape: unknown): unknown =>
    shape && typeof shape === 'object' && !Array.isArray(shape) && x && typeof x === 'object'
      ? Object.fromEntries(Object.keys(shape).map((k) => [k, like((x as Record<string, unknown>)[k], (shape as Record<string, unknown>)[k])]))
      : x;
  return a.length === b.length && a.every((row, i) => JSON.stringify(like(row, b[i])) === JSON.stringify(b[i]));
}

/** Re-derive the metrics from a stored run's event log (throws when the log was not stored). */
export function replayChainDoc(doc: ChainRunDoc): WeekMetrics[] {
  if (!doc.events) throw new Error(`the event log of this run was not stored (${doc.eventCount} events > ${MAX_STORED_EVENTS})`);
  return replayMetrics(decodeEvents(JSON.parse(doc.events) as EncodedEvent[]), { startTime: BigInt(doc.startTime), chainId: doc.chainId, addresses: doc.addresses, weeks: doc.weeks, treasury: doc.treasury });
}

export function buildChainRunDoc(
  mode: 'model' | 'hardhat',
  adapter: ChainAdapter,
  c: CollectedWeeks,
  r: DriveResult,
  extra: { seed: number; chainId: number; addresses: Record<string, string>; elapsedMs: number; rpcUrl?: string; manifestPath?: string; blocks?: number[]; warning?: string },
): ChainRunDoc {
  const failuresByReason: Record<string, number> = {};
  for (const m of r.metrics) for (const [k, v] of Object.entries(m.failuresByReason)) failuresByReason[k] = (failuresByReason[k] ?? 0) + v;
  const norm = normalizeEvents(r.events, { startTime: adapter.startTime, addresses: extra.addresses, treasury: adapter.treasury });
  return {
    mode,
    seed: extra.seed,
    members: c.members,
    weeks: c.weeks,
    startTime: adapter.startTime.toString(),
    chainId: extra.chainId,
    addresses: extra.addresses,
    treasury: adapter.treasury,
    ...(extra.rpcUrl ? { rpcUrl: extra.rpcUrl } : {}),
    ...(extra.manifestPath ? { manifestPath: extra.manifestPath } : {}),
    ...(extra.blocks ? { blocks: extra.blocks } : {}),
    actions: r.actions,
    failedActions: r.failedActions,
    failuresByReason,
    eventCount: r.events.length,
    eventsDigest: digest(norm),
    ...(r.events.length <= MAX_STORED_EVENTS ? { events: JSON.stringify(encodeEvents(r.events)) } : {}),
    metrics: extra.blocks ? r.metrics.map((m, w) => (extra.blocks![w] === undefined ? m : { ...m, block: extra.blocks![w] })) : r.metrics,
    msPerWeek: r.msPerWeek,
    elapsedMs: extra.elapsedMs,
    ...(extra.warning ? { warning: extra.warning } : {}),
  };
}
