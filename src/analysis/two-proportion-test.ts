/**
 * Two-sample test for equality of two binomial proportions: the z test, equivalently Pearson's chi-square on the
 * 2 × 2 table (X² = z²), with or without Yates' continuity correction, and the Wald interval of p1 − p2 that R
 * reports beside it.
 *
 * Method: pooled-variance z test (e.g. Fleiss, Levin & Paik, "Statistical Methods for Rates and Proportions",
 * 3rd ed., §9.2); F. Yates (1934) continuity correction, capped at |p1 − p2| / (1/n1 + 1/n2) as R. Identical to
 * R's `prop.test(c(x1, x2), c(n1, n2), correct = TRUE/FALSE, alternative = …)`: statistic, p.value, estimate,
 * conf.int.
 */
import { normalLogCdf, normalQuantile } from './distributions/index.js';
import { chiSquareLogTails } from './distributions/chi-square.js';
import { expectedCountWarnings } from './chi-square-test.js';
import { pooledChiSquare } from './proportions-test.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { checkAlternative, checkCount, checkLevel } from './wilson-interval.js';
import type { IntervalAlternative } from './wilson-interval.js';

export { CHI_SQUARE_WARNINGS } from './chi-square-test.js';

/** Options for {@link twoProportionTest}. */
export interface TwoProportionTestOptions {
  /** Yates' continuity correction, as R's default. Default true. */
  readonly continuity?: boolean;
  /** 'two.sided' (default), 'less' (p1 < p2) or 'greater' (p1 > p2). */
  readonly alternative?: IntervalAlternative;
  /** Confidence level of the interval for p1 − p2, in (0, 1). Default 0.95. */
  readonly level?: number;
}

/** A successful {@link twoProportionTest}. */
export interface TwoProportionTestResult {
  readonly status: 'ok';
  /** 'two-proportion-z', or 'two-proportion-z-yates' when the correction was applied (R omits it when capped to 0). */
  readonly method: 'two-proportion-z' | 'two-proportion-z-yates';
  readonly alternative: IntervalAlternative;
  /** Signed z = sign(p1 − p2)·√X² (with the correction when applied). */
  readonly z: number;
  /** X-squared = z², R's `statistic`. */
  readonly statistic: number;
  /** Always 1. */
  readonly df: number;
  /** p-value for `alternative`, positive down to ~1e-308. */
  readonly pValue: number;
  /** ln of the p-value, finite even when pValue underflows to 0. */
  readonly logPValue: number;
  /** x1 / n1. */
  readonly estimate1: number;
  /** x2 / n2. */
  readonly estimate2: number;
  /** p1 − p2. */
  readonly difference: number;
  /** Pooled proportion (x1 + x2)/(n1 + n2). */
  readonly pooledProportion: number;
  /**
   * Wald interval of p1 − p2 with the same continuity correction, clipped to [−1, 1] (R's `conf.int`); one-sided
   * alternatives give −1 or 1 on the open side. For a better interval use newcombeDifference.
   */
  readonly confidenceInterval: { readonly lower: number; readonly upper: number; readonly level: number };
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Two-proportion z test (chi-square on the 2 × 2 table) for H0: p1 = p2.
 *
 * Method: see the file header; X² = Σ (|O − E| − Y)² / E over the four cells with E from the pooled
 * proportion, z = sign(p1 − p2)√X², two-sided p = P(χ²₁ > X²), one-sided p from Φ(z) as R.
 * Missing values: none accepted (counts must be valid integers).
 * @param x1 successes in group 1, an integer in 0..n1
 * @param n1 trials in group 1, a non-negative integer
 * @param x2 successes in group 2, an integer in 0..n2
 * @param n2 trials in group 2, a non-negative integer
 * @param options continuity (default true), alternative (default 'two.sided'), level (default 0.95)
 * @returns the test, or `insufficient` when a group has no trials or the pooled proportion is 0 or 1
 * @throws RangeError when a count is invalid, level is outside (0, 1) or alternative is unknown
 * @example
 * twoProportionTest(15, 50, 25, 50) // => { statistic: 3.375, pValue: 0.06619, difference: -0.2, … }
 * twoProportionTest(15, 50, 25, 50, { continuity: false }) // => { z: -2.0412, statistic: 4.1667, pValue: 0.04123, … }
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  options: TwoProportionTestOptions = {},
): TwoProportionTestResult | InsufficientResult {
  const { continuity = true, alternative = 'two.sided', level = 0.95 } = options;
  checkCount('twoProportionTest', x1, n1, 'x1', 'n1');
  checkCount('twoProportionTest', x2, n2, 'x2', 'n2');
  checkLevel('twoProportionTest', level);
  checkAlternative('twoProportionTest', alternative);
  const asked = continuity ? 'two-proportion-z-yates' : 'two-proportion-z';
  if (n1 === 0 || n2 === 0) {
    return insufficient(asked, `twoProportionTest: a group has no trials (n1 = ${n1}, n2 = ${n2})`);
  }
  const sumX = x1 + x2;
  const sumN = n1 + n2;
  if (sumX === 0 || sumX === sumN) {
    const what = sumX === 0 ? 'no successes' : 'only successes';
    return insufficient(asked, `twoProportionTest: ${what} in either group, the proportions cannot differ`);
  }
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const delta = p1 - p2;
  const sumInvN = 1 / n1 + 1 / n2;
  const yates = continuity ? Math.min(0.5, Math.abs(delta) / sumInvN) : 0;
  const pooled = sumX / sumN;
  const { statistic, expected } = pooledChiSquare([x1, x2], [n1, n2], pooled, yates);
  const z = Math.sign(delta) * Math.sqrt(statistic);

  let logPValue: number;
  if (alternative === 'two.sided') logPValue = chiSquareLogTails(statistic, 1).logUpper;
  else logPValue = normalLogCdf(alternative === 'less' ? z : -z);

  const zInterval = normalQuantile(alternative === 'two.sided' ? (1 + level) / 2 : level);
  const width = zInterval * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2) + yates * sumInvN;
  const lower = alternative === 'less' ? -1 : Math.max(delta - width, -1);
  const upper = alternative === 'greater' ? 1 : Math.min(delta + width, 1);
  return {
    status: 'ok',
    method: yates > 0 ? 'two-proportion-z-yates' : 'two-proportion-z',
    alternative,
    z,
    statistic,
    df: 1,
    pValue: Math.exp(logPValue),
    logPValue,
    estimate1: p1,
    estimate2: p2,
    difference: delta,
    pooledProportion: pooled,
    confidenceInterval: { lower, upper, level },
    warnings: expectedCountWarnings(expected),
  };
}
