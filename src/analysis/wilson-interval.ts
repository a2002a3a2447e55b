/**
 * Wilson score interval for a binomial proportion, with or without continuity correction.
 *
 * Method: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA 22;
 * continuity-corrected form as R. G. Newcombe (1998), "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Statistics in Medicine 17, 857–872 (methods 3 and 4), and as R's
 * `prop.test(x, n, correct = TRUE/FALSE)$conf.int`.
 */
import { normalQuantile } from './distributions/index.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';

/** Which side(s) the interval bounds, as R's `alternative`. */
export type IntervalAlternative = 'two.sided' | 'less' | 'greater';

/** Options for {@link wilsonInterval}. */
export interface WilsonIntervalOptions {
  /** Confidence level in (0, 1). Default 0.95. */
  readonly level?: number;
  /**
   * Continuity correction (Yates' ½ in the score equation, Newcombe's method 4). Default false. As in R's
   * `prop.test`, the correction is capped at |x − n/2| (R caps it at the distance to the null value p = 0.5), so
   * x = n/2 gets none.
   */
  readonly continuity?: boolean;
  /**
   * 'two.sided' (default), or a one-sided bound as R: 'less' gives [0, upper] with the upper bound at `level`,
   * 'greater' gives [lower, 1].
   */
  readonly alternative?: IntervalAlternative;
}

/** A successful {@link wilsonInterval}. */
export interface WilsonIntervalResult {
  readonly status: 'ok';
  /** 'wilson' or 'wilson-cc' (continuity-corrected). */
  readonly method: 'wilson' | 'wilson-cc';
  /** Sample proportion x / n. */
  readonly estimate: number;
  /** Lower bound, a proportion in [0, 1]; exactly 0 when x = 0. */
  readonly lower: number;
  /** Upper bound, a proportion in [0, 1]; exactly 1 when x = n. */
  readonly upper: number;
  readonly level: number;
  readonly alternative: IntervalAlternative;
  readonly x: number;
  readonly n: number;
  readonly warnings: readonly AnalysisWarning[];
}

/** @internal Validates a count pair; shared with the other proportion functions. */
export function checkCount(fn: string, x: number, n: number, xName = 'x', nName = 'n'): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${fn}: ${nName} must be a non-negative integer, got ${nName} = ${n}`);
  }
  if (!Number.isInteger(x) || x < 0 || x > n) {
    throw new RangeError(`${fn}: ${xName} must be an integer in 0..${nName}, got ${xName} = ${x}, ${nName} = ${n}`);
  }
}

/** @internal Validates a confidence level. */
export function checkLevel(fn: string, level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${fn}: level must be in (0, 1), got level = ${level}`);
}

/** @internal Validates an alternative. */
export function checkAlternative(fn: string, alternative: string): void {
  if (alternative !== 'two.sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new RangeError(`${fn}: alternative must be 'two.sided', 'less' or 'greater', got '${alternative}'`);
  }
}

/**
 * Roots of the Wilson score equation (1 + z²/n)p² − (2c + z²/n)p + c² = 0 for the "centre" c = (x ∓ correction)/n.
 * The larger root is (c + z²/2n + z√(c(1−c)/n + z²/4n²)) / (1 + z²/n), a sum of positive terms; the smaller is
 * written as the product of the roots over the larger one, c² / (c + z²/2n + z√(…)), so both keep full relative
 * accuracy when tiny (x = 1, n = 10⁹), where the textbook "centre − half-width" subtracts nearly equal numbers.
 */
function scoreRootDenominator(c: number, n: number, z: number): number {
  const z2n = (z * z) / (2 * n);
  return c + z2n + z * Math.sqrt((c * (1 - c)) / n + z2n / (2 * n));
}

/**
 * @internal Wilson bounds for x successes in n at normal deviate z; `correction` is the continuity correction in
 * counts (0 or ½, already capped). A centre at or beyond 0 or 1 gives the bound 0 or 1 exactly (as R).
 */
export function wilsonBounds(x: number, n: number, z: number, correction: number): { lower: number; upper: number } {
  const cLower = (x - correction) / n;
  const cUpper = (x + correction) / n;
  const lower = cLower <= 0 ? 0 : (cLower * cLower) / scoreRootDenominator(cLower, n, z);
  const upper = cUpper >= 1 ? 1 : scoreRootDenominator(cUpper, n, z) / (1 + (z * z) / n);
  return { lower, upper };
}

/**
 * Wilson score confidence interval for a binomial proportion.
 *
 * Method: inverts the score test (Wilson 1927); with `continuity`, Newcombe (1998) method 4 — identical to R's
 * `prop.test(x, n, correct = TRUE)$conf.int`, including R's cap of the correction at |x − n/2|. Bounds are
 * computed in a cancellation-free form, so n = 10⁹ works; x = 0 gives lower exactly 0 and x = n upper exactly 1.
 * @param x number of successes, an integer in 0..n
 * @param n number of trials, a non-negative integer
 * @param options level (default 0.95), continuity (default false), alternative (default 'two.sided')
 * @returns the interval, or `insufficient` when n = 0
 * @throws RangeError when x or n is not a valid count, level is outside (0, 1), or alternative is unknown
 * @example
 * wilsonInterval(15, 50) // => { status: 'ok', method: 'wilson', estimate: 0.3, lower: 0.1910, upper: 0.4375, … }
 * wilsonInterval(15, 50, { continuity: true }) // => { lower: 0.1829, upper: 0.4478, … } (R prop.test(15, 50))
 */
export function wilsonInterval(
  x: number,
  n: number,
  options: WilsonIntervalOptions = {},
): WilsonIntervalResult | InsufficientResult {
  const { level = 0.95, continuity = false, alternative = 'two.sided' } = options;
  checkCount('wilsonInterval', x, n);
  checkLevel('wilsonInterval', level);
  checkAlternative('wilsonInterval', alternative);
  const method = continuity ? 'wilson-cc' : 'wilson';
  if (n === 0) return insufficient(method, 'wilsonInterval: n = 0 trials, no proportion to estimate');
  const z = normalQuantile(alternative === 'two.sided' ? (1 + level) / 2 : level);
  const correction = continuity ? Math.min(0.5, Math.abs(x - n / 2)) : 0;
  const bounds = wilsonBounds(x, n, z, correction);
  return {
    status: 'ok',
    method,
    estimate: x / n,
    lower: alternative === 'less' ? 0 : bounds.lower,
    upper: alternative === 'greater' ? 1 : bounds.upper,
    level,
    alternative,
    x,
    n,
    warnings: [],
  };
}
