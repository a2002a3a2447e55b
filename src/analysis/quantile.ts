/**
 * Sample quantiles by the nine definitions of Hyndman & Fan (1996), numbered as R's `quantile(type = )`.
 *
 * Stages: 1. copy the non-missing values into a Float64Array, noting whether they are already ascending;
 * 2. the order-statistic positions and weights per probability (R's quantile.default, line by line); 3. the
 * order statistics: read directly from ascending input, by MSD radix selection on the IEEE-754 bits from 65 536
 * values on (two streaming passes), else by Floyd–Rivest selection — never a full sort; 4. interpolation.
 */

import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** The nine sample-quantile definitions of Hyndman & Fan (1996), numbered as R's `quantile(type = )`. */
export type QuantileType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Warning codes `quantile` can emit. */
export const QUANTILE_WARNINGS = {
  /** Missing values (NaN or null) were dropped before computing; the count is in `missingCount`. */
  missingDropped: 'missing-values-dropped',
} as const;

/** Options of {@link quantile}. */
export interface QuantileOptions {
  /** Hyndman–Fan definition, 1–9 as in R (default 7, R's and NumPy's default). */
  readonly type?: QuantileType;
  /** What to do with NaN/null: `'drop'` (default; counted in `missingCount`, with a warning) or `'error'`. */
  readonly missing?: 'drop' | 'error';
}

interface QuantileCommon {
  readonly status: 'ok';
  /** `'type-7'` etc. */
  readonly method: `type-${QuantileType}`;
  /** Number of non-missing values used. */
  readonly n: number;
  /** Number of NaN/null values dropped. */
  readonly missingCount: number;
  readonly warnings: readonly AnalysisWarning[];
}

/** One quantile: the result of {@link quantile} called with a single probability. */
export interface QuantileValueResult extends QuantileCommon {
  /** The probability asked for, clamped to [0, 1]. */
  readonly probability: number;
  /** The sample quantile, in the unit of the values. */
  readonly value: number;
}

/** Several quantiles: the result of {@link quantile} called with an array of probabilities. */
export interface QuantilesResult extends QuantileCommon {
  /** The probabilities asked for (clamped to [0, 1]), in the order given. */
  readonly probabilities: readonly number[];
  /** The sample quantiles, in the unit of the values, one per probability. */
  readonly quantiles: readonly number[];
}

/** R accepts probabilities up to 100·ε outside [0, 1] and clamps them (`quantile.default`). */
const PROB_EPS = 100 * Number.EPSILON;
/** R's fuzz for types 4–9: `4 * .Machine$double.eps`, so n·p that is an integer up to rounding counts as one. */
const FUZZ = 4 * Number.EPSILON;
/** Above this many distinct order statistics a full native sort beats repeated selection. */
const SELECT_LIMIT = 48;

/**
 * Sample quantile(s) of `values`, matching R's `quantile(x, probs, type = type, na.rm = TRUE)` exactly.
 *
 * Method: Hyndman, R. J. & Fan, Y. (1996) "Sample quantiles in statistical packages", The American
 * Statistician 50(4), 361–365, types 1–9 (1–3 discontinuous, 4–9 piecewise linear), with R's conventions
 * (`quantile.default` in R 4.2): the 100·ε tolerance on probabilities, the 4·ε fuzz on n·p for types 4–9,
 * and interpolation only between unequal neighbours (so infinite values propagate as in R).
 * ±Infinity are values, not missing. Missing values (NaN, null) are dropped and counted (`missing: 'drop'`,
 * default, with warning `missing-values-dropped`) or rejected (`missing: 'error'`).
 *
 * @param values Observations in any unit (a plain array or a typed array); not modified.
 * @param p A probability in [0, 1], or an array of them.
 * @param options `type` (1–9, default 7) and `missing` handling.
 * @returns `{ value }` for a single p, `{ probabilities, quantiles }` for an array; `insufficient` when no
 *   non-missing value remains.
 * @throws {RangeError} if a probability is NaN or outside [0, 1], `type` is not an integer 1–9, or
 *   `missing: 'error'` and a value is missing.
 * @example
 * quantile([1, 2, 3, 4, 10], 0.5).value;                  // => 3
 * quantile([1, 2, 3, 4], [0.25, 0.75]).quantiles;         // => [1.75, 3.25]
 * quantile([1, 2, 3, 4], 0.25, { type: 6 }).value;        // => 1.25
 */
export function quantile(
  values: ArrayLike<number | null>,
  p: number,
  options?: QuantileOptions,
): QuantileValueResult | InsufficientResult;
export function quantile(
  values: ArrayLike<number | null>,
  p: readonly number[],
  options?: QuantileOptions,
): QuantilesResult | InsufficientResult;
export function quantile(
  values: ArrayLike<number | null>,
  p: number | readonly number[],
  options: QuantileOptions = {},
): QuantileValueResult | QuantilesResult | InsufficientResult {
  const type = options.type ?? 7;
  checkType('quantile', type);
  const missingMode = options.missing ?? 'drop';
  if (missingMode !== 'drop' && missingMode !== 'error') {
    throw new RangeError(`quantile: missing must be 'drop' or 'error', got ${String(missingMode)}`);
  }
  const probs = typeof p === 'number' ? [p] : p;
  const clamped = checkProbabilities('quantile', probs);
  const method = `type-${type}` as const;

  const copy = copyNonMissing(values);
  if (copy.missingCount > 0 && missingMode === 'error') {
    throw new RangeError(
      `quantile: values must not contain missing values when missing = 'error', got ${copy.missingCount} NaN/null`,
    );
  }
  if (copy.n === 0) {
    return insufficient(method, `quantile: needs at least 1 non-missing value, got 0 (${copy.missingCount} missing)`);
  }
  const q = quantileInPlace(copy.buffer, copy.n, clamped, type, copy.sorted);
  const warnings: AnalysisWarning[] =
    copy.missingCount > 0
      ? [{ code: QUANTILE_WARNINGS.missingDropped, message: `quantile: dropped ${copy.missingCount} missing value(s) (NaN or null)` }]
      : [];
  const common = { status: 'ok', method, n: copy.n, missingCount: copy.missingCount, warnings } as const;
  if (typeof p === 'number') {
    return { ...common, probability: clamped[0] as number, value: q[0] as number };
  }
  return { ...common, probabilities: clamped, quantiles: q };
}

/** Non-missing values copied into a Float64Array, with their count and whether they were already ascending. */
export interface FiniteCopy {
  /** Holds the `n` non-missing values in input order in its first `n` slots. */
  readonly buffer: Float64Array;
  readonly n: number;
  readonly missingCount: number;
  /** True when the non-missing values were in ascending order (the selection step is then skipped). */
  readonly sorted: boolean;
}

/**
 * Copies the non-missing values (NaN and null are missing) of `values` into a new Float64Array, noting whether
 * they are already in ascending order. A building block for {@link quantileInPlace}.
 *
 * @param values Observations (a plain or typed array).
 * @returns The copy, the count of values kept and dropped, and the sortedness flag.
 * @example
 * copyNonMissing([3, NaN, 1]).n; // => 2
 */
export function copyNonMissing(values: ArrayLike<number | null>): FiniteCopy {
  // Separate loops per input kind keep each one monomorphic (a typed array cannot hold null).
  return values instanceof Float64Array ? copyFloat64(values) : copyGeneric(values);
}

function copyFloat64(values: Float64Array): FiniteCopy {
  const len = values.length;
  const buffer = new Float64Array(len);
  let n = 0;
  let sorted = true;
  let prev = -Infinity;
  for (let i = 0; i < len; i++) {
    const v = values[i] as number;
    // v === v is false only for NaN.
    if (v === v) {
      sorted = sorted && v >= prev;
      prev = v;
      buffer[n++] = v;
    }
  }
  return { buffer, n, missingCount: len - n, sorted };
}

function copyGeneric(values: ArrayLike<number | null>): FiniteCopy {
  const len = values.length;
  const buffer = new Float64Array(len);
  let n = 0;
  let sorted = true;
  let prev = -Infinity;
  for (let i = 0; i < len; i++) {
    const v = values[i];
    // `== null` also catches undefined holes of sparse arrays; v === v is false only for NaN.
    if (v != null && v === v) {
      sorted = sorted && v >= prev;
      prev = v;
      buffer[n++] = v;
    }
  }
  return { buffer, n, missingCount: len - n, sorted };
}

/**
 * Quantiles of the first `n` entries of `buffer`, which it may reorder (it stays a permutation); the engine
 * behind {@link quantile}, exposed so callers that already hold a Float64Array of non-missing values (e.g.
 * `describe`) avoid a second copy. Probabilities must already be checked and clamped to [0, 1].
 *
 * @param buffer Non-missing values in its first `n` slots; possibly reordered.
 * @param n Number of values (≥ 1).
 * @param probs Probabilities in [0, 1].
 * @param type Hyndman–Fan type 1–9.
 * @param sorted Pass true when the first `n` entries are known to be ascending (skips selection).
 * @returns One quantile per probability.
 * @example
 * quantileInPlace(new Float64Array([4, 1, 3, 2]), 4, [0.5], 7, false); // => [2.5]
 */
export function quantileInPlace(
  buffer: Float64Array,
  n: number,
  probs: readonly number[],
  type: QuantileType,
  sorted: boolean,
): number[] {
  const np = probs.length;
  // 1-based positions of the lower (lo) and upper (hi) order statistics, and the interpolation weight h,
  // following quantile.default in R 4.2 line by line.
  const lo = new Array<number>(np);
  const hi = new Array<number>(np);
  const h = new Array<number>(np);
  for (let k = 0; k < np; k++) {
    const p = probs[k] as number;
    if (type === 7) {
      const index = 1 + Math.max(n - 1, 0) * p;
      const l = Math.floor(index);
      lo[k] = l;
      hi[k] = Math.ceil(index);
      h[k] = index - l;
    } else if (type <= 3) {
      const nppm = type === 3 ? n * p - 0.5 : n * p;
      const j = Math.floor(nppm);
      let hk: number;
      if (type === 1) hk = nppm > j ? 1 : 0;
      else if (type === 2) hk = ((nppm > j ? 1 : 0) + 1) / 2;
      // Type 3 rounds to the nearest even order statistic; R's j %% 2 is non-negative even for j = -1.
      else hk = nppm !== j || ((j % 2) + 2) % 2 === 1 ? 1 : 0;
      lo[k] = clampIndex(j, n);
      hi[k] = clampIndex(j + 1, n);
      h[k] = hk;
    } else {
      const ab = PLOTTING_POSITIONS[type - 4] as { readonly a: number; readonly b: number };
      const nppm = ab.a + p * (n + 1 - ab.a - ab.b);
      const j = Math.floor(nppm + FUZZ);
      let hk = nppm - j;
      if (Math.abs(hk) < FUZZ) hk = 0;
      lo[k] = clampIndex(j, n);
      hi[k] = clampIndex(j + 1, n);
      h[k] = hk;
    }
  }
  const stats = orderStatistics(buffer, n, [...lo, ...hi], sorted);
  const out = new Array<number>(np);
  for (let k = 0; k < np; k++) {
    const xl = stats.get(lo[k] as number) as number;
    const xh = stats.get(hi[k] as number) as number;
    const hk = h[k] as number;
    let q = xl;
    if (type === 7) {
      if (hk > 0 && xh !== xl) q = (1 - hk) * xl + hk * xh;
    } else if (hk === 1) {
      q = xh;
    } else if (hk > 0 && hk < 1 && xl !== xh) {
      q = (1 - hk) * xl + hk * xh;
    }
    out[k] = q;
  }
  return out;
}

/** (a, b) of types 4–9: the k-th order statistic sits at p = (k − a)/(n + 1 − a − b). */
const PLOTTING_POSITIONS = [
  { a: 0, b: 1 }, // 4: linear interpolation of the empirical CDF
  { a: 0.5, b: 0.5 }, // 5: Hazen
  { a: 0, b: 0 }, // 6: Weibull, p = k/(n + 1)
  { a: 1, b: 1 }, // 7: Gumbel (handled separately, as R does)
  { a: 1 / 3, b: 1 / 3 }, // 8: median-unbiased (Hyndman & Fan's recommendation)
  { a: 3 / 8, b: 3 / 8 }, // 9: Blom, approximately unbiased for normal data
] as const;

/** R pads the sorted data as c(x[1], x[1], x, x[n], x[n]); clamping the 1-based index to 1..n is the same. */
function clampIndex(j: number, n: number): number {
  return j < 1 ? 1 : j > n ? n : j;
}

/**
 * Asserts that `type` is a Hyndman–Fan type 1–9; shared by the functions that take a quantile type.
 * @param fn Name of the calling function, for the error message.
 * @param type The value to check.
 * @throws {RangeError} `<fn>: type must be an integer 1–9 …` otherwise.
 * @example
 * checkType('describe', 7); // => undefined (no throw)
 */
export function checkType(fn: string, type: unknown): asserts type is QuantileType {
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 9) {
    throw new RangeError(`${fn}: type must be an integer 1–9 (Hyndman & Fan), got ${String(type)}`);
  }
}

/**
 * Checks probabilities and clamps them to [0, 1] as R's quantile does (values within 100ε outside are accepted).
 * @param fn Name of the calling function, for the error message.
 * @param probs Probabilities.
 * @returns The clamped probabilities, in order.
 * @throws {RangeError} for NaN or a value beyond [−100ε, 1 + 100ε].
 * @example
 * checkProbabilities('quantile', [0.5, 1 + 1e-15]); // => [0.5, 1]
 */
export function checkProbabilities(fn: string, probs: readonly number[]): number[] {
  const out = new Array<number>(probs.length);
  for (let k = 0; k < probs.length; k++) {
    const p = probs[k];
    if (typeof p !== 'number' || Number.isNaN(p) || p < -PROB_EPS || p > 1 + PROB_EPS) {
      throw new RangeError(`${fn}: probabilities must be numbers in [0, 1], got p = ${String(p)}`);
    }
    out[k] = p < 0 ? 0 : p > 1 ? 1 : p;
  }
  return out;
}

/** From this many values on, order statistics are found by radix selection rather than Floyd–Rivest. */
const RADIX_MIN = 1 << 16;
/** Which 32-bit half of a Float64 holds the sign and exponent on this platform. */
const HI_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The order statistics at the given 1-based ranks of buffer[0..n), as a map rank → value. Sorted input is read
 * directly; large input goes through radix selection (buffer untouched); otherwise Floyd–Rivest selection
 * reorders buffer in place. All three give exactly the values a full sort would put at those ranks.
 */
function orderStatistics(buffer: Float64Array, n: number, ranks1: readonly number[], sorted: boolean): Map<number, number> {
  const ranks = Int32Array.from(new Set(ranks1.map((r) => r - 1))).sort();
  const out = new Map<number, number>();
  if (!sorted) {
    if (n >= RADIX_MIN && ranks.length <= SELECT_LIMIT) {
      radixSelect(buffer.subarray(0, n), ranks, 0, 0, out);
      return out;
    }
    selectInPlace(buffer.subarray(0, n), ranks);
  }
  for (const r of ranks) out.set(r + 1, buffer[r] as number);
  return out;
}

/**
 * Radix selection (MSD, 16 bits a level) on the IEEE-754 bits mapped to an order-preserving unsigned key
 * (negative numbers: all bits flipped; others: sign bit set). One counting pass finds the buckets holding the
 * wanted ranks, a second pass copies just those buckets out, and each is resolved by the next 16 bits or, once
 * small, by Floyd–Rivest. Two streaming passes replace a chain of partitions over the whole array.
 */
function radixSelect(vals: Float64Array, ranks: Int32Array, base: number, level: number, out: Map<number, number>): void {
  const m = vals.length;
  if (m < RADIX_MIN || level === 4) {
    const copy = Float64Array.from(vals);
    selectInPlace(copy, ranks);
    for (const r of ranks) out.set(base + r + 1, copy[r] as number);
    return;
  }
  const words = new Uint32Array(vals.buffer, vals.byteOffset, 2 * m);
  const wordOffset = level < 2 ? HI_WORD : 1 - HI_WORD;
  const shift = level % 2 === 0 ? 16 : 0;
  const counts = new Int32Array(65536);
  for (let i = 0; i < m; i++) {
    const k = radixKey(words, i, wordOffset, shift);
    counts[k] = (counts[k] as number) + 1;
  }
  // Buckets holding wanted ranks, each with its first rank and the wanted ranks relative to it.
  const slotOf = new Int32Array(65536).fill(-1);
  const starts: number[] = [];
  const sizes: number[] = [];
  const members: number[][] = [];
  let acc = 0;
  let ri = 0;
  for (let b = 0; b < 65536 && ri < ranks.length; b++) {
    const c = counts[b] as number;
    while (ri < ranks.length && (ranks[ri] as number) < acc + c) {
      if (slotOf[b] === -1) {
        slotOf[b] = starts.length;
        starts.push(acc);
        sizes.push(c);
        members.push([]);
      }
      (members[slotOf[b] as number] as number[]).push((ranks[ri] as number) - acc);
      ri++;
    }
    acc += c;
  }
  const buckets = sizes.map((size) => new Float64Array(size));
  const fill = new Int32Array(buckets.length);
  for (let i = 0; i < m; i++) {
    const s = slotOf[radixKey(words, i, wordOffset, shift)] as number;
    if (s >= 0) {
      const f = fill[s] as number;
      (buckets[s] as Float64Array)[f] = vals[i] as number;
      fill[s] = f + 1;
    }
  }
  for (let s = 0; s < buckets.length; s++) {
    radixSelect(buckets[s] as Float64Array, Int32Array.from(members[s] as number[]), base + (starts[s] as number), level + 1, out);
  }
}

/** 16 bits of the order-preserving key of value i: the word at wordOffset, shifted by 16 or 0. */
function radixKey(words: Uint32Array, i: number, wordOffset: number, shift: number): number {
  const negative = (words[2 * i + HI_WORD] as number) >>> 31;
  const w = words[2 * i + wordOffset] as number;
  // Negative: flip every bit (larger magnitude sorts first); non-negative: set the sign bit (hi word only).
  const key = negative === 1 ? ~w : wordOffset === HI_WORD ? w | 0x80000000 : w;
  return (key >>> shift) & 0xffff;
}

/**
 * Puts the order statistics at the given 0-based ranks (sorted, distinct) of `a` into place. Ranks whose
 * predecessor is not wanted are selected by Floyd–Rivest from the middle outward, each inside the slice its
 * neighbours bound; a rank r whose predecessor r − 1 is also wanted (type 7's upper neighbour) is then the
 * minimum of the slice above r − 1, found by one scan instead of a partition.
 */
function selectInPlace(a: Float64Array, ranks: Int32Array): void {
  const n = a.length;
  if (ranks.length > SELECT_LIMIT) {
    a.sort();
    return;
  }
  const primary = ranks.filter((r, i) => i === 0 || ranks[i - 1] !== r - 1);
  selectRange(a, primary, 0, primary.length - 1, 0, n - 1);
  let next = 0; // index into primary of the first primary rank above r
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i] as number;
    if (i === 0 || ranks[i - 1] !== r - 1) continue;
    while (next < primary.length && (primary[next] as number) <= r) next++;
    const end = next < primary.length ? (primary[next] as number) : n;
    let m = r;
    let min = a[r] as number;
    for (let j = r + 1; j < end; j++) {
      const v = a[j] as number;
      if (v < min) {
        min = v;
        m = j;
      }
    }
    swap(a, r, m);
  }
}

function selectRange(a: Float64Array, ranks: Int32Array, rLo: number, rHi: number, left: number, right: number): void {
  // Iterative over one side to keep recursion depth at log2(#ranks).
  while (rLo <= rHi) {
    const mid = (rLo + rHi) >> 1;
    const k = ranks[mid] as number;
    floydRivest(a, k, left, right);
    if (mid - rLo < rHi - mid) {
      selectRange(a, ranks, rLo, mid - 1, left, k - 1);
      rLo = mid + 1;
      left = k + 1;
    } else {
      selectRange(a, ranks, mid + 1, rHi, k + 1, right);
      rHi = mid - 1;
      right = k - 1;
    }
  }
}

/**
 * Floyd & Rivest (1975) SELECT, "Expected time bounds for selection", CACM 18(3): afterwards a[k] holds the
 * k-th smallest of a[left..right], smaller values before it and larger after. Sampling narrows the range to a
 * slice likely to contain the k-th value before partitioning, so the expected comparisons are n + min(k, n−k).
 */
function floydRivest(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const size = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(size);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (size - s)) / size) * (m - size / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / size + sd));
      const newRight = Math.min(right, Math.floor(k + ((size - m) * s) / size + sd));
      floydRivest(a, k, newLeft, newRight);
    }
    const t = a[k] as number;
    let i = left;
    let j = right;
    swap(a, left, k);
    if ((a[right] as number) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] as number) < t) i++;
      while ((a[j] as number) > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
