// Sorting for the weekly order statistics (Gini, percentiles, ranks).
//
// Each week we need the ascending order of n wealth values. Three interchangeable strategies,
// all producing the same sorted *values* (so every metric is bit-identical whichever is used):
// - 'builtin': Float64Array.prototype.sort (the baseline);
// - 'radix':   LSD radix sort (3 passes of 11/11/10 bits) on the high 32 bits of the IEEE-754
//              pattern, mapped to an order-preserving unsigned key, then an insertion-sort pass
//              on the full doubles to order the rare values that share their high word;
// - 'auto':    for n ≤ 512, warm start: insertion sort from last week's order (wealth ranks change
//              slowly), abandoned for 'radix' once it has shifted more than 2n elements, so the
//              worst case stays O(n); larger arrays use 'radix' directly.

export type SortStrategy = 'auto' | 'radix' | 'builtin';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

export class WeeklySorter {
  /** Member indices in ascending order of the last sorted keys (kept for the warm start). */
  readonly ord: Uint32Array;
  /** The sorted values, sorted[k] = keys[ord[k]]. */
  readonly sorted: Float64Array;
  private readonly n: number;
  private k1: Uint32Array;
  private k2: Uint32Array;
  private i2: Uint32Array;
  private readonly hist = new Uint32Array(2048 * 3);
  private ordValid = false;
  private coldStreak = 0;
  private words: Uint32Array | null = null;
  private wordsOf: Float64Array | null = null;
  /** Counters for the bench: how often each path ran. */
  warmHits = 0;
  radixRuns = 0;

  constructor(n: number) {
    this.n = n;
    this.ord = new Uint32Array(n);
    this.sorted = new Float64Array(n);
    this.k1 = new Uint32Array(0);
    this.k2 = new Uint32Array(0);
    this.i2 = new Uint32Array(0);
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
    const ord = this.ord;
    let ok = false;
    // After a failed warm start, only retry every 8th call (the data is moving too fast).
    // Measured: ranks move too much week to week beyond a few hundred members for the warm start
    // to beat radix, so large arrays go straight to radix.
    if (strategy === 'auto' && n <= 512 && this.ordValid && (this.coldStreak === 0 || this.coldStreak % 8 === 0)) {
      ok = insertionSort(keys, ord, n, 2 * n + 32);
    }
    if (ok) {
      this.warmHits++;
      this.coldStreak = 0;
    } else {
      if (strategy === 'auto') this.coldStreak++;
      this.radix(keys);
      this.radixRuns++;
    }
    this.ordValid = true;
    const s = this.sorted;
    for (let i = 0; i < n; i++) s[i] = keys[ord[i]];
  }

  private radix(keys: Float64Array): void {
    const n = this.n;
    if (this.k1.length < n) {
      this.k1 = new Uint32Array(n);
      this.k2 = new Uint32Array(n);
      this.i2 = new Uint32Array(n);
    }
    // Small arrays: 4 passes of 8 bits (small histograms); large: 3 passes of 11/11/10 bits.
    const bits = n < 16384 ? 8 : 11;
    const radix = 1 << bits;
    const mask = radix - 1;
    const passes = Math.ceil(32 / bits);
    if (this.wordsOf !== keys) {
      this.words = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
      this.wordsOf = keys;
    }
    const words = this.words as Uint32Array;
    const h = this.hist;
    h.fill(0, 0, radix * passes);
    let ka = this.k1;
    let kb = this.k2;
    let ia = this.ord;
    let ib = this.i2;
    for (let i = 0; i < n; i++) {
      const w = words[2 * i + HI];
      // Order-preserving map of the IEEE high word: negatives flipped, positives get the top bit.
      const k = (w & 0x80000000 ? ~w : w | 0x80000000) >>> 0;
      ka[i] = k;
      ia[i] = i;
      for (let d = 0; d < passes; d++) h[d * radix + ((k >>> (d * bits)) & mask)]++;
    }
    for (let pass = 0; pass < passes; pass++) {
      const base = pass * radix;
      const shift = pass * bits;
      // Skip a pass whose digit is the same for every key (common for sign/exponent bits).
      let trivial = false;
      let sum = 0;
      for (let b = 0; b < radix; b++) {
        const c = h[base + b];
        if (c === n) trivial = true;
        h[base + b] = sum;
        sum += c;
      }
      if (trivial) continue;
      for (let i = 0; i < n; i++) {
        const k = ka[i];
        const pos = h[base + ((k >>> shift) & mask)]++;
        kb[pos] = k;
        ib[pos] = ia[i];
      }
      let t = ka; ka = kb; kb = t;
      t = ia; ia = ib; ib = t;
    }
    if (ia !== this.ord) this.ord.set(ia.subarray(0, n));
    // Ties in the high word: finish on the full values (few shifts, never abandoned).
    insertionSort(keys, this.ord, n, Infinity);
  }
}

/** Insertion sort of `ord` by keys[ord[i]]; returns false (ord still a permutation) past `budget` shifts. */
function insertionSort(keys: Float64Array, ord: Uint32Array, n: number, budget: number): boolean {
  let shifts = 0;
  for (let i = 1; i < n; i++) {
    const oi = ord[i];
    const v = keys[oi];
    let j = i - 1;
    if (keys[ord[j]] <= v) continue;
    while (j >= 0 && keys[ord[j]] > v) {
      ord[j + 1] = ord[j];
      j--;
    }
    ord[j + 1] = oi;
    shifts += i - 1 - j;
    if (shifts > budget) return false;
  }
  return true;
}
