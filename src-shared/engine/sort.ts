// Sorting for the weekly order statistics (Gini, percentiles, ranks).
//
// Each week we need the ascending order of n wealth values. Three interchangeable strategies,
// all producing the same sorted *values* (so every metric is bit-identical whichever is used):
// - 'builtin': Float64Array.prototype.sort (the baseline);
// - 'radix':   LSD radix sort on a 32-bit key: the IEEE-754 high word mapped to an unsigned
//              order-preserving integer, then range-reduced (minus the smallest key; one spike
//              of equal smallest keys, typically the zeros of insolvent members, gets its own
//              slot so it does not stretch the range). Keys of at most 24 significant bits go
//              in one or two counting passes; wider keys drop their low bits down to 24. Values
//              (and member indices when asked) move with their keys. Neighbours that share a
//              key are then put in order by a local insertion pass on the full doubles, with a
//              comparison-sort fallback for pathological inputs;
// - 'auto':    up to SMALL_N values: insertion sort from last week's order (or the identity).
//              Up to WARM_MAX_N: warm start: last week's order is re-gathered
//              (sorted[k] = keys[ord[k]]) and fixed by an insertion sort on the contiguous
//              (value, index) arrays. Wealth ranks change slowly, so this is O(n + inversions);
//              it is abandoned for 'radix' once it has shifted more than 6–12 elements each,
//              so the worst case stays O(n), and after a failed warm start it is only retried
//              every 8th call. Above WARM_MAX_N the weekly rank churn is too large (measured:
//              ≈366 shifts per member per week at 100,000 members), so large arrays use 'radix'.
//
// Ties: sorted values are unique whatever the strategy (−0 and +0 compare equal and may come in
// either order; the model never produces −0); the order of equal values in `ord` may differ,
// which is why member ranks use average ties (the same for any order of a tie group).
// Every sort also reports whether two values were equal (`ties`), found for free by the insertion
// passes: an element placed next to an equal left neighbour. That is exact: of two equal
// neighbours in the result, the one placed later stopped at the other or at a value between.

export type SortStrategy = 'auto' | 'radix' | 'builtin';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
// Shifts per element a warm start may spend before giving up for radix. The early weeks churn
// most (wealths are still close together). A radix's fixed cost per element falls with n: at
// 1,000 members it costs ~25–30 ns an element and a shift ~1–2 ns; 12 sorted a run's weeks in
// 8.7 ns an element against 9.0 with 6 (24: no better); at 16,000, 12 was 5% slower than 6.
const WARM_BUDGET_SMALL = 12;
const WARM_BUDGET = 6;
const WARM_SMALL_N = 4096;
const WARM_MAX_N = 16384;
const SMALL_N = 96;
/** Significant key bits kept by the radix (2 passes of ≤ 12 bits: 4,096-entry histograms). */
const KEY_BITS = 24;

export class WeeklySorter {
  /** Member indices in ascending order of the last sorted keys (kept for the warm start). */
  readonly ord: Uint32Array;
  /** The sorted values, sorted[k] = keys[ord[k]]. */
  readonly sorted: Float64Array;
  private readonly n: number;
  /** sorted and ord are views at offset 1 of these: slot 0 holds a −∞ sentinel for insertion. */
  private readonly sBuf: Float64Array;
  private readonly oBuf: Uint32Array;
  private ordValid = false;
  /** Whether the last sort saw two equal values (then sorted has equal neighbours). */
  ties = false;
  /** Total shifts a warm start may spend before giving up (WARM_BUDGET_SMALL or WARM_BUDGET each). */
  private readonly warmBudget: number;
  private coldStreak = 0;
  // Radix scratch, allocated on first use.
  private tmpV: Float64Array | null = null;
  private tmpI: Uint32Array | null = null;
  private keyA: Uint32Array | null = null;
  private keyB: Uint32Array | null = null;
  private hist: Int32Array | null = null;
  private words: Int32Array | null = null;
  private wordsOf: Float64Array | null = null;

  constructor(n: number) {
    this.n = n;
    this.warmBudget = (n <= WARM_SMALL_N ? WARM_BUDGET_SMALL : WARM_BUDGET) * n + 64;
    this.sBuf = new Float64Array(n + 1);
    this.oBuf = new Uint32Array(n + 1);
    this.sBuf[0] = -Infinity;
    this.sorted = this.sBuf.subarray(1);
    this.ord = this.oBuf.subarray(1);
  }

  /** Starts from another sorter's order (same n): the next warm start begins there. */
  startFrom(other: WeeklySorter): void {
    if (!other.ordValid || other.n !== this.n) return;
    this.oBuf.set(other.oBuf);
    this.ordValid = true;
  }

  /** Values per sort. */
  get size(): number {
    return this.n;
  }

  /** Forget last week's order and keys (a new run reuses this sorter). */
  reset(): void {
    this.ordValid = false;
    this.coldStreak = 0;
    this.words = null;
    this.wordsOf = null;
  }

  /**
   * Sorts keys[0..n). `needOrder` = the caller reads `ord` (member ranks); the builtin path skips
   * the index sort otherwise.
   */
  sort(keys: Float64Array, strategy: SortStrategy, needOrder = true): void {
    const n = this.n;
    if (strategy === 'builtin') {
      this.sorted.set(keys.subarray(0, n));
      this.sorted.sort();
      this.ties = hasEqualNeighbours(this.sorted, n);
      if (needOrder) {
        const idx = Array.from({ length: n }, (_, i) => i);
        idx.sort((a, b) => keys[a] - keys[b] || a - b);
        for (let i = 0; i < n; i++) this.ord[i] = idx[i];
        this.ordValid = true;
      } else this.ordValid = false;
      return;
    }
    if (strategy === 'auto' && n <= SMALL_N) {
      if (!this.ordValid) for (let i = 0; i < n; i++) this.ord[i] = i;
      this.ties = warmSort(keys, this.oBuf, this.sBuf, n, Infinity) > 0;
      this.ordValid = true;
      return;
    }
    if (strategy === 'auto' && n <= WARM_MAX_N && this.ordValid) {
      // coldStreak counts the calls since the last failed warm start; retry every 8th.
      if ((this.coldStreak & 7) === 0) {
        const t = warmSort(keys, this.oBuf, this.sBuf, n, this.warmBudget);
        if (t >= 0) {
          this.ties = t > 0;
          this.coldStreak = 0;
          return;
        }
      }
      this.coldStreak++;
    }
    // Values only when nobody reads the order and no warm start will use it next week.
    const withOrder = needOrder || (strategy === 'auto' && n <= WARM_MAX_N);
    this.radix(keys, withOrder);
    this.ordValid = withOrder;
  }

  private radix(keys: Float64Array, withIdx: boolean): void {
    const n = this.n;
    if (this.tmpV === null) {
      this.tmpV = new Float64Array(n);
      this.tmpI = new Uint32Array(n);
      this.keyA = new Uint32Array(n);
      this.keyB = new Uint32Array(n);
      this.hist = new Int32Array(2 << 12);
    }
    if (this.wordsOf !== keys) {
      this.words = new Int32Array(keys.buffer, keys.byteOffset, n * 2);
      this.wordsOf = keys;
    }
    radixSort(keys, this.words!, n, this.keyA!, this.keyB!, this.sorted, this.tmpV, this.ord, this.tmpI!, this.hist!, withIdx);
    // Neighbours that share a key may be out of order on the full double: fix locally.
    // Pathological inputs (many values sharing a key) fall back to a comparison sort.
    const t = withIdx ? insertionPass(this.sBuf, this.oBuf, n, 8 * n + 64) : fixTiesValues(this.sorted, n, 8 * n + 64);
    if (t >= 0) {
      this.ties = t > 0;
      return;
    }
    const ord = this.ord;
    if (withIdx) {
      for (let i = 0; i < n; i++) ord[i] = i;
      ord.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
      for (let i = 0; i < n; i++) this.sorted[i] = keys[ord[i]];
    } else {
      this.sorted.set(keys.subarray(0, n));
      this.sorted.sort();
    }
    this.ties = hasEqualNeighbours(this.sorted, n);
  }
}

function hasEqualNeighbours(s: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) if (s[i] === s[i - 1]) return true;
  return false;
}

/** Number of bits needed for an unsigned 32-bit value. */
function bitLength(x: number): number {
  return 32 - Math.clz32(x);
}

/**
 * Counting-sort passes on range-reduced 32-bit keys; the result ends in `out` (values) and `ord`
 * (member indices, when `withIdx`).
 */
function radixSort(
  keys: Float64Array, words: Int32Array, n: number, kA: Uint32Array, kB: Uint32Array,
  out: Float64Array, tmp: Float64Array, ord: Uint32Array, tmpI: Uint32Array, h: Int32Array, withIdx: boolean,
): void {
  // Pass 0: order-preserving unsigned key of each high word; smallest, second smallest, largest.
  let min = 0xffffffff;
  let min2 = 0xffffffff;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const w = words[2 * i + HI];
    const k = (w < 0 ? ~w : w ^ -0x80000000) >>> 0;
    kA[i] = k;
    if (k > max) max = k;
    if (k < min2) {
      if (k < min) {
        min2 = min;
        min = k;
      } else if (k !== min) min2 = k;
    }
  }
  // A spike of equal smallest keys (e.g. zeros) below a distant rest gets slot 0 of its own.
  const spike = min2 !== 0xffffffff && bitLength(max - min2 + 1) < bitLength(max - min);
  const base = spike ? min2 - 1 : min;
  const range = max - base;
  const shift = Math.max(0, bitLength(range) - KEY_BITS);
  const bits = bitLength(range >>> shift);
  const b0 = bits > 12 ? (bits + 1) >> 1 : bits;
  const b1 = bits - b0;
  const R0 = 1 << b0;
  const R1 = 1 << b1;
  const m0 = R0 - 1;
  h.fill(0, 0, R0 + R1);
  for (let i = 0; i < n; i++) {
    const k = kA[i];
    const r = spike && k === min ? 0 : ((k - base) >>> shift);
    kA[i] = r;
    h[r & m0]++;
    h[R0 + (r >>> b0)]++;
  }
  let s = 0;
  for (let b = 0; b < R0; b++) {
    const c = h[b];
    h[b] = s;
    s += c;
  }
  if (b1 === 0) {
    // One pass straight into the output.
    if (withIdx) {
      for (let i = 0; i < n; i++) {
        const p = h[kA[i]]++;
        out[p] = keys[i];
        ord[p] = i;
      }
    } else for (let i = 0; i < n; i++) out[h[kA[i]]++] = keys[i];
    return;
  }
  s = 0;
  for (let b = R0; b < R0 + R1; b++) {
    const c = h[b];
    h[b] = s;
    s += c;
  }
  // Low digit into tmp, high digit into out.
  if (withIdx) {
    for (let i = 0; i < n; i++) {
      const k = kA[i];
      const p = h[k & m0]++;
      kB[p] = k;
      tmp[p] = keys[i];
      tmpI[p] = i;
    }
    for (let i = 0; i < n; i++) {
      const k = kB[i];
      const p = h[R0 + (k >>> b0)]++;
      out[p] = tmp[i];
      ord[p] = tmpI[i];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = kA[i];
      const p = h[k & m0]++;
      kB[p] = k;
      tmp[p] = keys[i];
    }
    for (let i = 0; i < n; i++) out[h[R0 + (kB[i] >>> b0)]++] = tmp[i];
  }
}

// The insertion passes below return −1 past `budget` shifts, otherwise 1 when an element was
// placed next to an equal left neighbour (ties; see the header) and 0 when not. `<` first: equal
// neighbours are rare, so the in-order test stays as predictable as a plain `>` test.

/** Insertion pass over nearly sorted values (no index). */
function fixTiesValues(s: Float64Array, n: number, budget: number): number {
  let shifts = 0;
  let ties = 0;
  for (let i = 1; i < n; i++) {
    const v = s[i];
    if (s[i - 1] < v) continue;
    if (s[i - 1] === v) {
      ties = 1;
      continue;
    }
    let j = i - 1;
    while (j >= 0 && s[j] > v) {
      s[j + 1] = s[j];
      j--;
    }
    s[j + 1] = v;
    if (j >= 0 && s[j] === v) ties = 1;
    shifts += i - 1 - j;
    if (shifts > budget) return -1;
  }
  return ties;
}

/** Warm start: gather last order's values (1-based, see insertionPass), then an insertion pass. */
function warmSort(keys: Float64Array, ord: Uint32Array, s: Float64Array, n: number, budget: number): number {
  for (let i = 1; i <= n; i++) s[i] = keys[ord[i]];
  return insertionPass(s, ord, n, budget);
}

/**
 * Insertion pass over nearly sorted (value, index) pairs in s[1..n] and ord[1..n]: the sorter's
 * buffers, whose slot 0 holds a −∞ sentinel, so the shifting loop needs no bounds test.
 */
function insertionPass(s: Float64Array, ord: Uint32Array, n: number, budget: number): number {
  let shifts = 0;
  let ties = 0;
  for (let i = 2; i <= n; i++) {
    const v = s[i];
    if (s[i - 1] < v) continue;
    if (s[i - 1] === v) {
      ties = 1;
      continue;
    }
    const oi = ord[i];
    let j = i - 1;
    while (s[j] > v) {
      s[j + 1] = s[j];
      ord[j + 1] = ord[j];
      j--;
    }
    s[j + 1] = v;
    ord[j + 1] = oi;
    if (j > 0 && s[j] === v) ties = 1; // not the sentinel
    shifts += i - 1 - j;
    if (shifts > budget) return -1;
  }
  return ties;
}
