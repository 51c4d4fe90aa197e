// Sorting for the weekly order statistics (Gini, percentiles, ranks).
//
// Each week we need the ascending order of n wealth values. Three interchangeable strategies,
// all producing the same sorted *values* (so every metric is bit-identical whichever is used):
// - 'builtin': Float64Array.prototype.sort (the baseline);
// - 'radix':   LSD radix sort (4 passes of 8 bits below 16,384 keys, else 3 passes of 11/11/10
//              bits; passes whose digit is constant are skipped) on the high 32 bits of the
//              IEEE-754 pattern, mapped to an order-preserving key, carrying the member index;
//              then the values are gathered and the rare neighbours that share their high word
//              are put in order by a local insertion pass on the full doubles;
// - 'auto':    warm start: last week's order is re-gathered (sorted[k] = keys[ord[k]]) and fixed
//              by an insertion sort on the contiguous (value, index) arrays. Wealth ranks change
//              slowly, so this is O(n + inversions); it is abandoned for 'radix' once it has
//              shifted more than WARM_BUDGET·n elements, so the worst case stays O(n). After a
//              failed warm start, it is only retried every 8th call. Above WARM_MAX_N the
//              weekly rank churn is too large (measured: ≈366 shifts per member per week at
//              100,000 members), so large arrays use 'radix' directly.
//
// Ties: sorted values are unique whatever the strategy; the order of equal values in `ord` may
// differ, which is why member ranks use average ties (the same for any order of a tie group).

export type SortStrategy = 'auto' | 'radix' | 'builtin';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const WARM_BUDGET = 6;
const WARM_MAX_N = 16384;

export class WeeklySorter {
  /** Member indices in ascending order of the last sorted keys (kept for the warm start). */
  readonly ord: Uint32Array;
  /** The sorted values, sorted[k] = keys[ord[k]]. */
  readonly sorted: Float64Array;
  private readonly n: number;
  private vb: Float64Array;
  private i2: Uint32Array;
  private hist: Int32Array;
  private ordValid = false;
  private coldStreak = 0;
  private words: Int32Array | null = null;
  private sortedWords: Int32Array | null = null;
  private vbWords: Int32Array | null = null;
  private wordsOf: Float64Array | null = null;
  /** Counters for the bench: how often each path ran. */
  warmHits = 0;
  radixRuns = 0;

  constructor(n: number) {
    this.n = n;
    this.ord = new Uint32Array(n);
    this.sorted = new Float64Array(n);
    this.vb = new Float64Array(0);
    this.i2 = new Uint32Array(0);
    this.hist = new Int32Array(0);
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
      if (needOrder) {
        const idx = Array.from({ length: n }, (_, i) => i);
        idx.sort((a, b) => keys[a] - keys[b] || a - b);
        for (let i = 0; i < n; i++) this.ord[i] = idx[i];
        this.ordValid = true;
      } else this.ordValid = false;
      return;
    }
    if (strategy === 'auto' && n <= WARM_MAX_N) {
      if (this.ordValid && (this.coldStreak & 7) === 0) {
        if (warmSort(keys, this.ord, this.sorted, n, WARM_BUDGET * n + 64)) {
          this.warmHits++;
          this.coldStreak = 0;
          return;
        }
      }
      this.coldStreak++;
    }
    // Values only when nobody reads the order and no warm start will use it next week.
    const withOrder = needOrder || (strategy === 'auto' && n <= WARM_MAX_N);
    this.radix(keys, withOrder);
    this.radixRuns++;
    this.ordValid = withOrder;
  }

  private radix(keys: Float64Array, needOrder: boolean): void {
    const n = this.n;
    if (this.vb.length < n) {
      this.vb = new Float64Array(n);
      this.i2 = new Uint32Array(n);
      this.hist = new Int32Array(n < 16384 ? 256 * 4 : 2048 * 3);
    }
    if (this.wordsOf !== keys) {
      this.words = new Int32Array(keys.buffer, keys.byteOffset, n * 2);
      this.wordsOf = keys;
    }
    if (this.sortedWords === null) this.sortedWords = new Int32Array(this.sorted.buffer, this.sorted.byteOffset, n * 2);
    if (this.vbWords === null || this.vbWords.buffer !== this.vb.buffer) this.vbWords = new Int32Array(this.vb.buffer, 0, this.vb.length * 2);
    const bits = n < 16384 ? 8 : 11;
    const passes = n < 16384 ? 4 : 3;
    radixPasses(keys, this.words!, n, this.sorted, this.sortedWords, this.vb, this.vbWords, this.ord, this.i2, this.hist, bits, passes, needOrder);
    // Neighbours that share the high word may be out of order on the low word: fix locally.
    // Pathological inputs (many values sharing a high word) fall back to a comparison sort.
    if (withOrderOk(needOrder, this.sorted, this.ord, n)) return;
    const ord = this.ord;
    if (needOrder) {
      ord.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0)); // stable: keeps -0 before +0
      for (let i = 0; i < n; i++) this.sorted[i] = keys[ord[i]];
    } else this.sorted.sort();
  }
}

/**
 * LSD radix on the order-preserving map of each value's IEEE high word. The values themselves
 * move through the passes (no key array, no final gather), with their member index when
 * `withIdx`. The result ends in `out` (values) and `ord` (indices).
 */
function radixPasses(
  keys: Float64Array, words: Int32Array, n: number, out: Float64Array, outW: Int32Array, tmp: Float64Array, tmpW: Int32Array,
  ord: Uint32Array, tmpI: Uint32Array, h: Int32Array, bits: number, passes: number, withIdx: boolean,
): void {
  const R = 1 << bits;
  const mask = R - 1;
  const b2 = 2 * bits;
  const b3 = 3 * bits;
  h.fill(0, 0, R * passes);
  for (let i = 0; i < n; i++) {
    const w = words[2 * i + HI];
    // Order-preserving map of the IEEE high word: negatives flipped, positives get the top bit.
    const k = w < 0 ? ~w : w ^ -0x80000000;
    h[k & mask]++;
    h[R + ((k >>> bits) & mask)]++;
    h[2 * R + ((k >>> b2) & mask)]++;
    if (passes === 4) h[3 * R + ((k >>> b3) & mask)]++;
  }
  // Ping-pong between out and tmp so that an odd or even number of real passes both end in out.
  let nonTrivial = 0;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * R;
    let trivial = false;
    let sum = 0;
    for (let b = 0; b < R; b++) {
      const c = h[base + b];
      if (c === n) trivial = true;
      h[base + b] = sum;
      sum += c;
    }
    if (trivial) h[base] = -1; // marker: skip this pass
    else nonTrivial++;
  }
  // First real pass reads from keys (index = i); later ones alternate so the last writes `out`.
  let srcV: Float64Array = keys;
  let srcW: Int32Array = words;
  let srcI: Uint32Array | null = null;
  let dstV = nonTrivial % 2 === 1 ? out : tmp;
  let dstW = nonTrivial % 2 === 1 ? outW : tmpW;
  let dstI = nonTrivial % 2 === 1 ? ord : tmpI;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * R;
    if (h[base] === -1) continue;
    const shift = pass * bits;
    if (srcI === null) {
      if (withIdx) {
        for (let i = 0; i < n; i++) {
          const w = srcW[2 * i + HI];
          const k = w < 0 ? ~w : w ^ -0x80000000;
          const pos = h[base + ((k >>> shift) & mask)]++;
          dstV[pos] = srcV[i];
          dstI[pos] = i;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const w = srcW[2 * i + HI];
          const k = w < 0 ? ~w : w ^ -0x80000000;
          dstV[h[base + ((k >>> shift) & mask)]++] = srcV[i];
        }
      }
    } else if (withIdx) {
      for (let i = 0; i < n; i++) {
        const w = srcW[2 * i + HI];
        const k = w < 0 ? ~w : w ^ -0x80000000;
        const pos = h[base + ((k >>> shift) & mask)]++;
        dstV[pos] = srcV[i];
        dstI[pos] = srcI[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const w = srcW[2 * i + HI];
        const k = w < 0 ? ~w : w ^ -0x80000000;
        dstV[h[base + ((k >>> shift) & mask)]++] = srcV[i];
      }
    }
    const dv = dstV;
    const dw = dstW;
    const di = dstI;
    if (srcI === null) {
      dstV = dv === out ? tmp : out;
      dstW = dv === out ? tmpW : outW;
      dstI = dv === out ? tmpI : ord;
    } else {
      dstV = srcV;
      dstW = srcW;
      dstI = srcI;
    }
    srcV = dv;
    srcW = dw;
    srcI = di;
  }
  if (nonTrivial === 0) {
    // Every key shares one high word: start from the identity order.
    out.set(keys.subarray(0, n));
    for (let i = 0; i < n; i++) ord[i] = i;
  }
}

function withOrderOk(needOrder: boolean, s: Float64Array, ord: Uint32Array, n: number): boolean {
  return needOrder ? fixTies(s, ord, n, 8 * n + 64) : fixTiesValues(s, n, 8 * n + 64);
}

/** Insertion pass over nearly sorted values (no index); false past `budget` shifts. */
function fixTiesValues(s: Float64Array, n: number, budget: number): boolean {
  let shifts = 0;
  for (let i = 1; i < n; i++) {
    const v = s[i];
    if (!(s[i - 1] > v)) continue;
    let j = i - 1;
    while (j >= 0 && s[j] > v) {
      s[j + 1] = s[j];
      j--;
    }
    s[j + 1] = v;
    shifts += i - 1 - j;
    if (shifts > budget) return false;
  }
  return true;
}

/** Insertion pass over nearly sorted (value, index) pairs; false past `budget` shifts. */
function fixTies(s: Float64Array, ord: Uint32Array, n: number, budget: number): boolean {
  let shifts = 0;
  for (let i = 1; i < n; i++) {
    const v = s[i];
    if (!(s[i - 1] > v)) continue;
    const oi = ord[i];
    let j = i - 1;
    while (j >= 0 && s[j] > v) {
      s[j + 1] = s[j];
      ord[j + 1] = ord[j];
      j--;
    }
    s[j + 1] = v;
    ord[j + 1] = oi;
    shifts += i - 1 - j;
    if (shifts > budget) return false;
  }
  return true;
}

/**
 * Warm start: gathers last order's values, then insertion-sorts the contiguous (value, index)
 * pairs. Returns false (s/ord still a consistent permutation) past `budget` shifts.
 */
function warmSort(keys: Float64Array, ord: Uint32Array, s: Float64Array, n: number, budget: number): boolean {
  for (let i = 0; i < n; i++) s[i] = keys[ord[i]];
  let shifts = 0;
  for (let i = 1; i < n; i++) {
    const v = s[i];
    if (!(s[i - 1] > v)) continue;
    const oi = ord[i];
    let j = i - 1;
    while (j >= 0 && s[j] > v) {
      s[j + 1] = s[j];
      ord[j + 1] = ord[j];
      j--;
    }
    s[j + 1] = v;
    ord[j + 1] = oi;
    shifts += i - 1 - j;
    if (shifts > budget) return false;
  }
  return true;
}
