// Seeded randomness for the engine.
//
// Generator: xoshiro128** (Blackman & Vigna, 2018), 128-bit state, 32-bit outputs. It is the
// 32-bit member of the xoshiro family, chosen because JavaScript has fast 32-bit integer ops
// (Math.imul, >>>) but no fast 64-bit ones. State is seeded with SplitMix64 (BigInt, only at
// stream creation) from a hash of (seed, runIndex, streamId), so every run and every stream
// inside a run is independent and reproducible regardless of which worker executes it.
//
// Normals: Marsaglia–Tsang ziggurat with 128 layers. One 32-bit draw per normal ~98.8% of the
// time: the low 7 bits pick the layer, the upper 25 bits (signed) the position, so layer and
// value never share bits (the classic RNOR flaw). Tail and wedges use extra uniforms.
//
// Stream derivation: a 128-bit run key = SplitMix64 over (seed, runIndex); each stream (init,
// week w) = murmur3 fmix32 of the key words mixed with the stream id, then 4 outputs discarded.

const MASK64 = (1n << 64n) - 1n;

/** One SplitMix64 step over a BigInt state; returns [nextState, output]. */
function splitmix64(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [s, z ^ (z >> 31n)];
}

/** Integer seeds: 0 … 2^53−1 (safe integers). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * Stream ids inside one run. Week w uses WEEK_STREAM_BASE + w, so member i's reward in week w is
 * the i-th normal of that week's stream whatever NUM_MEMBERS is (common random numbers).
 */
export const INIT_STREAM = 0;
export const WEEK_STREAM_BASE = 1;

// Ziggurat tables (Marsaglia & Tsang 2000, 128 layers), scaled for a 25-bit signed position.
const ZIG_R = 3.442619855899;
const KN = new Int32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  const m1 = 16777216; // 2^24
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * m1);
  KN[1] = 0;
  WN[0] = q / m1;
  WN[127] = dn / m1;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / m1;
  }
}

// The last derived run key (see deriveKey).
let lastKeySeed = -1;
let lastKeyRun = -1;
const lastKey = new Int32Array(4);

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number, runIndex = 0, streamId = 0) {
    this.reseed(seed, runIndex, streamId);
  }

  /** Re-seed in place from (seed, runIndex, streamId). */
  reseed(seed: number, runIndex: number, streamId: number): void {
    if (seed !== this.keySeed || runIndex !== this.keyRun) this.deriveKey(seed, runIndex);
    // Stream state = 32-bit finalizer hash (murmur3 fmix32) of the run key and the stream id:
    // allocation-free and cheap enough to re-seed every simulated week.
    const k = this.key;
    const sid = Math.imul(streamId + 1, 0x9e3779b9);
    this.s0 = fmix32(k[0] ^ sid);
    this.s1 = fmix32(k[1] ^ fmix32(sid + 0x85ebca6b));
    this.s2 = fmix32(k[2] ^ fmix32(sid + 0xc2b2ae35));
    this.s3 = fmix32(k[3] ^ fmix32(sid + 0x27d4eb2f));
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is forbidden
    // Discard a few outputs so that nearby stream ids decorrelate fully.
    for (let i = 0; i < 4; i++) this.nextInt32();
  }

  private keySeed = -1;
  private keyRun = -1;
  private readonly key = new Int32Array(4);

  /** 128-bit run key from SplitMix64 over (seed, runIndex): once per run, BigInt is fine here. */
  private deriveKey(seed: number, runIndex: number): void {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, ${MAX_SEED}], got ${seed}`);
    if (!Number.isSafeInteger(runIndex) || runIndex < 0) throw new RangeError(`runIndex must be a non-negative integer, got ${runIndex}`);
    this.keySeed = seed;
    this.keyRun = runIndex;
    // A run's init and week streams share the key: derive it once (BigInt is slow per run).
    if (seed === lastKeySeed && runIndex === lastKeyRun) {
      this.key.set(lastKey);
      return;
    }
    let st = BigInt(seed);
    let out: bigint;
    [st, out] = splitmix64(st);
    st = (out ^ BigInt(runIndex) * 0xd1b54a32d192ed03n) & MASK64;
    let a: bigint;
    let b: bigint;
    [st, a] = splitmix64(st);
    [st, b] = splitmix64(st);
    this.key[0] = Number(a & 0xffffffffn) | 0;
    this.key[1] = Number(a >> 32n) | 0;
    this.key[2] = Number(b & 0xffffffffn) | 0;
    this.key[3] = Number(b >> 32n) | 0;
    lastKey.set(this.key);
    lastKeySeed = seed;
    lastKeyRun = runIndex;
  }

  /** Next 32-bit output as a signed int32 (xoshiro128**). */
  nextInt32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  nextDouble(): number {
    const hi = this.nextInt32() >>> 5; // 27 bits
    const lo = this.nextInt32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in (0, 1): never exactly 0 (safe for log). */
  nextDoubleOpen(): number {
    let u = this.nextDouble();
    while (u === 0) u = this.nextDouble();
    return u;
  }

  /** Standard normal via the ziggurat. */
  nextNormal(): number {
    for (;;) {
      const u = this.nextInt32();
      const iz = u & 127;
      const hz = u >> 7; // signed, in [-2^24, 2^24)
      const sg = hz >> 31;
      if ((hz ^ sg) - sg < KN[iz]) return hz * WN[iz];
      const x = this.slowNormal(hz, iz);
      if (x === x) return x; // NaN means "rejected, draw again"
    }
  }

  private slowNormal(hz: number, iz: number): number {
    if (iz === 0) {
      // Tail beyond R (Marsaglia 1964).
      let x: number;
      let y: number;
      do {
        x = -Math.log(this.nextDoubleOpen()) / ZIG_R;
        y = -Math.log(this.nextDoubleOpen());
      } while (y + y < x * x);
      return hz > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const x = hz * WN[iz];
    if (FN[iz] + this.nextDouble() * (FN[iz - 1] - FN[iz]) < Math.exp(-0.5 * x * x)) return x;
    return NaN;
  }

  /**
   * Fill `out[0..n)` with N(0,1) draws, in order: the same numbers as n calls of nextNormal().
   * The fast path (one 32-bit draw per normal, ~98.8%) runs in a loop with no call in it, so the
   * generator state stays in registers; it stops at a draw the fast path rejects, which is then
   * finished here by the wedge/tail code, and the loop resumes.
   */
  fillNormals(out: Float64Array, n: number): void {
    let i = 0;
    while ((i = this.fastNormals(out, i, n)) < n) {
      const u = this.rejected;
      let x = this.slowNormal(u >> 7, u & 127);
      while (x !== x) x = this.nextNormal();
      out[i++] = x;
    }
  }

  /** The draw fastNormals stopped at (already consumed from the stream). */
  private rejected = 0;

  /** Fast-path normals into out[i0..); returns where it stopped (n, or a rejected draw). */
  private fastNormals(out: Float64Array, i0: number, n: number): number {
    const kn = KN;
    const wn = WN;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let i = i0;
    for (; i < n; i++) {
      // xoshiro128** step, inlined (see nextInt32).
      const x5 = Math.imul(s1, 5);
      const u = Math.imul((x5 << 7) | (x5 >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const iz = u & 127;
      const hz = u >> 7;
      // |hz| without a branch: Math.abs compiled to one here, and its sign is a coin flip.
      const sg = hz >> 31;
      if ((hz ^ sg) - sg >= kn[iz]) {
        this.rejected = u;
        break;
      }
      out[i] = hz * wn[iz];
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return i;
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

