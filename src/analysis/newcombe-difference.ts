/**
 * Newcombe's hybrid score interval for the difference of two independent proportions p1 − p2.
 *
 * Method: R. G. Newcombe (1998), "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Statistics in Medicine 17, 873–890, method 10 (from Wilson score intervals)
 * and method 11 (from continuity-corrected score intervals): with (l_i, u_i) the score interval of p_i,
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),   upper = d + √((u1 − p1)² + (p2 − l2)²),   d = p1 − p2.
 * Method 10 equals statsmodels `confint_proportions_2indep(method='newcomb')`.
 */
import { normalQuantile } from './distributions/index.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { checkCount, checkLevel, wilsonBounds } from './wilson-interval.js';

/** Options for {@link newcombeDifference}. */
export interface NewcombeDifferenceOptions {
  /** Confidence level in (0, 1). Default 0.95. */
  readonly level?: number;
  /**
   * Use continuity-corrected score intervals (Newcombe's method 11) instead of plain Wilson intervals (method 10).
   * Default false. The correction is the full ½ of Newcombe's paper (not capped as R's one-sample prop.test).
   */
  readonly continuity?: boolean;
}

/** A successful {@link newcombeDifference}. */
export interface NewcombeDifferenceResult {
  readonly status: 'ok';
  /** 'newcombe' (method 10) or 'newcombe-cc' (method 11). */
  readonly method: 'newcombe' | 'newcombe-cc';
  /** p1 − p2, a difference of proportions in [−1, 1]. */
  readonly difference: number;
  readonly estimate1: number;
  readonly estimate2: number;
  /** Lower bound of p1 − p2, in [−1, 1]. */
  readonly lower: number;
  /** Upper bound of p1 − p2, in [−1, 1]. */
  readonly upper: number;
  readonly level: number;
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Confidence interval for p1 − p2 by Newcombe's hybrid score method.
 *
 * Method: Newcombe (1998) method 10, or method 11 with `continuity` (see the file header).
 * @param x1 successes in group 1, an integer in 0..n1
 * @param n1 trials in group 1, a non-negative integer
 * @param x2 successes in group 2, an integer in 0..n2
 * @param n2 trials in group 2, a non-negative integer
 * @param options level (default 0.95), continuity (default false)
 * @returns the interval, or `insufficient` when n1 or n2 is 0
 * @throws RangeError when a count is invalid or level is outside (0, 1)
 * @example
 * // Newcombe (1998), Table II example (a): 56/70 vs 48/80
 * newcombeDifference(56, 70, 48, 80) // => { difference: 0.2, lower: 0.0524, upper: 0.3339, … }
 * newcombeDifference(56, 70, 48, 80, { continuity: true }) // => { lower: 0.0428, upper: 0.3422, … }
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  options: NewcombeDifferenceOptions = {},
): NewcombeDifferenceResult | InsufficientResult {
  const { level = 0.95, continuity = false } = options;
  checkCount('newcombeDifference', x1, n1, 'x1', 'n1');
  checkCount('newcombeDifference', x2, n2, 'x2', 'n2');
  checkLevel('newcombeDifference', level);
  const method = continuity ? 'newcombe-cc' : 'newcombe';
  if (n1 === 0 || n2 === 0) {
    return insufficient(method, `newcombeDifference: a group has no trials (n1 = ${n1}, n2 = ${n2})`);
  }
  const z = normalQuantile((1 + level) / 2);
  const correction = continuity ? 0.5 : 0;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const b1 = wilsonBounds(x1, n1, z, correction);
  const b2 = wilsonBounds(x2, n2, z, correction);
  const d = p1 - p2;
  const lower = d - Math.hypot(p1 - b1.lower, b2.upper - p2);
  const upper = d + Math.hypot(b1.upper - p1, p2 - b2.lower);
  return {
    status: 'ok',
    method,
    difference: d,
    estimate1: p1,
    estimate2: p2,
    lower: Math.max(lower, -1),
    upper: Math.min(upper, 1),
    level,
    warnings: [],
  };
}
