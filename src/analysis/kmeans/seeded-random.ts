/**
 * A small seeded pseudo-random generator for the clustering functions: xoshiro128** (Blackman & Vigna 2018),
 * state filled from the seed by splitmix32, doubles from two outputs (53 random bits). No Math.random anywhere:
 * the same seed gives the same stream on every platform.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any safe integer; two different seeds give unrelated streams. */
  constructor(seed: number) {
    let s = (seed >>> 0) ^ Math.floor(seed / 4294967296) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A double uniform on [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** An integer uniform on 0..n-1 (n ≤ 2^53). */
  nextInt(n: number): number {
    return Math.floor(this.nextDouble() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Checks a seed argument: a safe integer. */
export function checkSeed(fn: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new TypeError(`${fn}: options.seed must be a safe integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * `size` distinct indices from 0..n-1 in increasing order, uniformly at random (partial Fisher–Yates).
 * Used to fit on a sample and to compute silhouettes on a sample.
 */
export function sampleIndices(n: number, size: number, random: SeededRandom): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + random.nextInt(n - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, size).sort();
}
