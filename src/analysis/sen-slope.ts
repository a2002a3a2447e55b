/**
 * Theil–Sen slope: the median of all pairwise slopes, with Sen's (1968) rank-based confidence interval from the
 * variance of Kendall's S, as R `trend::sens.slope` (equally spaced series) and SciPy `stats.theilslopes`.
 */
import { normalQuantile } from './distributions/index.js';
import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** Warning codes of {@link senSlope}. */
export const SEN_SLOPE_WARNINGS = {
  /** Points with a missing x or y (NaN, null) were dropped; the others keep their x (their position). */
  missingDropped: 'sen-slope-missing-dropped',
  /** The interval's rank fell outside 1..N (too few pairs for the level); it was clamped to the extreme slope. */
  intervalClamped: 'sen-slope-interval-clamped',
} as const;

/** Most pairwise slopes held at once (8 bytes each, ~400 MB; about n = 10,000 points). */
export const SEN_SLOPE_MAX_PAIRS = 50_000_000;

export interface SenSlopeOptions {
  /** Confidence level of the slope interval, in (0, 1); default 0.95. */
  readonly level?: number;
}

export interface SenSlopeResult {
  readonly status: 'ok';
  readonly method: 'theil-sen';
  readonly warnings: readonly AnalysisWarning[];
  /** Points used (both x and y present). */
  readonly n: number;
  /** Pairs with distinct x, whose slopes were taken (N = n(n−1)/2 without ties in x). */
  readonly pairs: number;
  /** Median pairwise slope, in y units per x unit (per step of the index when x is not given). */
  readonly slope: number;
  /** Lower confidence limit: the round((N − C)/2)-th smallest slope, C = z_{(1+level)/2}·√Var(S). */
  readonly slopeLower: number;
  /** Upper confidence limit: the round((N + C)/2 + 1)-th smallest slope. */
  readonly slopeUpper: number;
  readonly level: number;
  /** median(y) − slope · median(x) (Conover's; pyMannKendall's and SciPy's 'separate'); x from 0 when omitted. */
  readonly intercept: number;
  /** Var(S) = [n(n−1)(2n+5) − Σ_x-ties − Σ_y-ties t(t−1)(2t+5)] / 18 (Sen 1968, eq. 2.6). */
  readonly varS: number;
}

type Series = ArrayLike<number | null>;

function isSeries(value: unknown): value is Series {
  return value !== null && typeof value === 'object' && typeof (value as { length?: unknown }).length === 'number';
}

function readNumber(name: string, series: Series, i: number): number {
  const v = series[i];
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v !== 'number') throw new TypeError(`senSlope: ${name}[${i}] must be a number or null, got ${typeof v}`);
  return v;
}

/** Σ t(t−1)(2t+5) over groups of equal values. */
function tieTerm(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) total += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  return total;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length;
  const half = m >> 1;
  return m % 2 === 1 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}

/** R's round(): halves go to the even integer. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Moves the k-th smallest of a[lo..hi] to index k (0-based), smaller ones before it, larger after. */
function selectInPlace(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot, placed at lo
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    let pivotIndex = mid;
    if ((x <= y && y <= z) || (z <= y && y <= x)) pivotIndex = mid;
    else if ((y <= x && x <= z) || (z <= x && x <= y)) pivotIndex = lo;
    else pivotIndex = hi;
    const pivot = a[pivotIndex] as number;
    a[pivotIndex] = a[lo] as number;
    a[lo] = pivot;
    let i = lo;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (i <= hi && (a[i] as number) < pivot);
      do j--;
      while ((a[j] as number) > pivot);
      if (i >= j) break;
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
    a[lo] = a[j] as number;
    a[j] = pivot;
    if (j === k) return;
    if (j < k) lo = j + 1;
    else hi = j - 1;
  }
}

/**
 * Theil–Sen estimate of a linear trend's slope, with its confidence interval and an intercept.
 *
 * Method: slope = median of (y_j − y_i)/(x_j − x_i) over the N pairs with x_i ≠ x_j (Theil 1950; Sen 1968).
 * Interval (Sen 1968; Gilbert 1987, §16.5): C = z_{(1+level)/2} √Var(S), lower = the round((N − C)/2)-th and upper
 * the round((N + C)/2 + 1)-th smallest slope (R's round, halves to even), as R `trend::sens.slope` and SciPy
 * `theilslopes`; Var(S) carries tie corrections for y and x. Intercept = median(y) − slope·median(x) (Conover
 * 1980; pyMannKendall's `sens_slope` and SciPy's `method='separate'`), with x = 0, 1, … when x is omitted.
 * Missing values: a point whose x or y is NaN/null is dropped; with y alone the others keep their positions
 * as x (so a gap stays a gap), and Var(S) uses the n present values.
 *
 * @param x (optional) the time or explanatory value of each point, any unit; omitted → 0, 1, 2, ….
 * @param y the observations, same length as x.
 * @param options level (default 0.95).
 * @returns slope (y units per x unit), interval, intercept (y units), N, Var(S); `insufficient` with fewer than 2
 *   complete points or when every x is equal.
 * @throws {TypeError} when x or y is not an array of numbers/null.
 * @throws {RangeError} when lengths differ, level ∉ (0, 1), or the pairs would exceed {@link SEN_SLOPE_MAX_PAIRS}.
 * @example
 * senSlope([1, 3, 2, 5, 4, 6, 8])
 * // => { slope: 1, slopeLower: 0.5, slopeUpper: 2, intercept: 1, pairs: 21, … } (as trend::sens.slope, scipy theilslopes)
 */
export function senSlope(y: Series, options?: SenSlopeOptions): SenSlopeResult | InsufficientResult;
export function senSlope(x: Series, y: Series, options?: SenSlopeOptions): SenSlopeResult | InsufficientResult;
export function senSlope(
  first: Series,
  second?: Series | SenSlopeOptions,
  third?: SenSlopeOptions,
): SenSlopeResult | InsufficientResult {
  if (!isSeries(first)) throw new TypeError(`senSlope: y must be an array of numbers, got ${first === null ? 'null' : typeof first}`);
  const paired = isSeries(second);
  const xs: Series | null = paired ? first : null;
  const ys: Series = paired ? second : first;
  const options: SenSlopeOptions = (paired ? third : (second as SenSlopeOptions | undefined)) ?? {};
  if (xs !== null && xs.length !== ys.length) {
    throw new RangeError(`senSlope: x and y must have the same length, got ${xs.length} and ${ys.length}`);
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`senSlope: level must be in (0, 1), got level = ${level}`);

  const total = ys.length;
  const xv = new Float64Array(total);
  const yv = new Float64Array(total);
  let n = 0;
  for (let i = 0; i < total; i++) {
    const yi = readNumber('y', ys, i);
    const xi = xs === null ? i : readNumber('x', xs, i);
    if (Number.isNaN(yi) || Number.isNaN(xi)) continue;
    xv[n] = xi;
    yv[n] = yi;
    n++;
  }
  const x = xv.subarray(0, n);
  const yy = yv.subarray(0, n);
  if (n < 2) return insufficient('theil-sen', `senSlope: needs at least 2 complete points, got ${n}`);
  const allPairs = (n * (n - 1)) / 2;
  if (allPairs > SEN_SLOPE_MAX_PAIRS) {
    throw new RangeError(`senSlope: n = ${n} points give ${allPairs} pairs; at most ${SEN_SLOPE_MAX_PAIRS} are supported`);
  }
  const slopes = new Float64Array(allPairs);
  let pairs = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i] as number;
    const yi = yy[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = (x[j] as number) - xi;
      if (dx !== 0) slopes[pairs++] = ((yy[j] as number) - yi) / dx;
    }
  }
  if (pairs === 0) return insufficient('theil-sen', `senSlope: all ${n} x values are equal, so no slope is defined`);

  const warnings: AnalysisWarning[] = [];
  if (n < total) {
    warnings.push({
      code: SEN_SLOPE_WARNINGS.missingDropped,
      message: `senSlope: ${total - n} point(s) with a missing value dropped, ${n} used`,
    });
  }
  // Sen (1968) eq. 2.6; heavy ties in both x and y can drive it below 0, where the interval degenerates
  const varS = (n * (n - 1) * (2 * n + 5) - (xs === null ? 0 : tieTerm(x)) - tieTerm(yy)) / 18;
  // formed as R does, qnorm(1 − (1 − level)/2), so ranks at a .5 boundary round the same way
  const c = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(Math.max(0, varS));
  let rankLower = roundHalfEven((pairs - c) / 2);
  let rankUpper = roundHalfEven((pairs + c) / 2 + 1);
  if (rankLower < 1 || rankUpper > pairs) {
    warnings.push({
      code: SEN_SLOPE_WARNINGS.intervalClamped,
      message: `senSlope: with ${pairs} slopes the ${level} interval needs ranks ${rankLower}..${rankUpper}; clamped to 1..${pairs}`,
    });
    rankLower = Math.max(1, rankLower);
    rankUpper = Math.min(pairs, rankUpper);
  }

  // order statistics by successive selection, each on the part of the array right of the previous one
  const a = slopes.subarray(0, pairs);
  const half = pairs >> 1;
  const medianRanks = pairs % 2 === 1 ? [half] : [half - 1, half];
  const wanted = [...new Set([rankLower - 1, rankUpper - 1, ...medianRanks])].sort((p, q) => p - q);
  const picked = new Map<number, number>();
  let from = 0;
  for (const k of wanted) {
    selectInPlace(a, k, from, pairs - 1);
    picked.set(k, a[k] as number);
    from = k + 1;
  }
  const slope =
    medianRanks.length === 1
      ? (picked.get(half) as number)
      : ((picked.get(half - 1) as number) + (picked.get(half) as number)) / 2;
  return {
    status: 'ok',
    method: 'theil-sen',
    warnings,
    n,
    pairs,
    slope,
    slopeLower: picked.get(rankLower - 1) as number,
    slopeUpper: picked.get(rankUpper - 1) as number,
    level,
    intercept: median(yy) - slope * median(x),
    varS,
  };
}
