/**
 * A small seeded pseudo-random number generator for the demo data: sfc32 (Chris Doty-Humphrey's "Small Fast
 * Counting" generator, PractRand-clean, 128-bit state), seeded through splitmix32 so nearby seeds give unrelated
 * streams. The same seed always yields the same sequence on every platform (pure 32-bit integer arithmetic), which
 * is what makes the generated files byte-identical per seed. Nothing in `src/demo` may use the unseeded global
 * generator or the clock.
 *
 * Distributions: uniform, normal (Box–Muller, the spare value cached), lognormal, exponential, Poisson (Knuth's
 * multiplication method for small means, a rounded normal approximation above 60), Bernoulli, weighted picks
 * over cumulative weights.
 */

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit state (used only for seeding). */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a 32-bit hash of a label, to derive named sub-streams. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded random stream (sfc32). Methods are plain prototype methods: no closures on the per-row path.
 *
 * @example
 * const rng = new SeededRandom(42);
 * rng.next() // => a number in [0, 1), the same for every run with seed 42
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  /**
   * @param seed any finite number; its integer part (mod 2³²) selects the stream
   * @throws RangeError when `seed` is not finite
   */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`SeededRandom: seed must be a finite number, got ${seed}`);
    const s = Math.trunc(seed) >>> 0;
    this.a = splitmix32(s);
    this.b = splitmix32(this.a ^ 0x6a09e667);
    this.c = splitmix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    // sfc32 authors recommend discarding the first outputs so weak seeds are mixed.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /**
   * An independent stream derived from this generator's seed state and a label, without consuming numbers
   * from this stream (so adding a sub-stream never changes what the parent produces).
   * @param label any text naming the purpose ("dirty:calls-2025H1.csv")
   * @example new SeededRandom(1).fork('dirty').next() // => the same number on every run
   */
  fork(label: string): SeededRandom {
    return new SeededRandom((this.a ^ hashLabel(label) ^ Math.imul(this.c, 0x27d4eb2d)) >>> 0);
  }

  /** The next raw 32-bit unsigned integer. @example new SeededRandom(7).nextUint32() // => an integer in [0, 2³²) */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. @example new SeededRandom(7).next() < 1 // => true */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Uniform in [min, max).
   * @param min lower bound (inclusive) @param max upper bound (exclusive)
   * @example new SeededRandom(7).uniform(10, 20) >= 10 // => true
   */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /**
   * Uniform integer in [0, n).
   * @param n count of outcomes, ≥ 1
   * @example new SeededRandom(7).int(6) // => one of 0…5
   */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * True with probability `p` (values outside 0–1 are clamped by the comparison).
   * @param p probability 0–1
   * @example new SeededRandom(7).bernoulli(1) // => true
   */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /**
   * Normal variate by the Box–Muller transform (Box & Muller 1958); the second value of each pair is kept for
   * the next call.
   * @param mean distribution mean @param sd standard deviation, ≥ 0
   * @example new SeededRandom(7).normal(0, 1) // => a standard normal draw
   */
  normal(mean: number, sd: number): number {
    let z = this.spare;
    if (z === z) {
      this.spare = Number.NaN;
    } else {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - this.next();
      const v = this.next();
      const r = Math.sqrt(-2 * Math.log(u));
      z = r * Math.cos(2 * Math.PI * v);
      this.spare = r * Math.sin(2 * Math.PI * v);
    }
    return mean + sd * z;
  }

  /**
   * Lognormal variate given its median and the standard deviation of its logarithm (median = e^μ).
   * @param median the distribution's median (units of the result) @param sigmaLog sd of ln(X)
   * @example new SeededRandom(7).lognormal(60, 0.5) > 0 // => true
   */
  lognormal(median: number, sigmaLog: number): number {
    return median * Math.exp(this.normal(0, sigmaLog));
  }

  /**
   * Exponential variate (inverse-CDF method).
   * @param mean distribution mean (units of the result)
   * @example new SeededRandom(7).exponential(120) >= 0 // => true
   */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /**
   * Poisson variate: Knuth's multiplication method for mean ≤ 60 (exact), else a rounded normal
   * approximation N(λ, λ) truncated at 0 (error negligible at the demo's daily volumes).
   * @param mean λ ≥ 0 (events per interval)
   * @example new SeededRandom(7).poisson(3) // => a count, mean 3
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 60) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /**
   * Index drawn with probability proportional to weights, given their running sums (binary search).
   * @param cumulative non-decreasing running sums of non-negative weights; the last is the total
   * @example new SeededRandom(7).pickCumulative([1, 1, 4]) // => 0, 1 or 2 with probabilities 1/4, 0, 3/4
   */
  pickCumulative(cumulative: readonly number[] | Float64Array): number {
    const n = cumulative.length;
    const target = this.next() * (cumulative[n - 1] ?? 0);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * One element of `items`, uniformly.
   * @param items a non-empty array
   * @example new SeededRandom(7).pick(['a', 'b']) // => 'a' or 'b'
   */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/**
 * Running sums of weights, for `SeededRandom.pickCumulative`.
 * @param weights non-negative weights
 * @throws RangeError when a weight is negative or not finite, or all are zero
 * @example cumulativeWeights([1, 2, 3]) // => Float64Array [1, 3, 6]
 */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`cumulativeWeights: weight ${i} must be a finite number ≥ 0, got ${w}`);
    sum += w;
    out[i] = sum;
  }
  if (!(sum > 0)) throw new RangeError('cumulativeWeights: expected at least one positive weight, got none');
  return out;
}
