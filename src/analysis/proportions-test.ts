/**
 * Chi-square test that k ≥ 2 independent binomial proportions are equal (R's `prop.test(x, n)` with k groups).
 *
 * Method: Pearson's X² on the k × 2 table of successes and failures against the pooled proportion
 * p = Σx / Σn, with k − 1 degrees of freedom (e.g. Fleiss, Levin & Paik, "Statistical Methods for Rates and
 * Proportions", 3rd ed., §9.1); for k = 2 with Yates' correction min(½, |p1 − p2| / (1/n1 + 1/n2)) as R.
 */
import { chiSquareLogTails } from './distributions/chi-square.js';
import { expectedCountWarnings } from './chi-square-test.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { checkCount } from './wilson-interval.js';

export { CHI_SQUARE_WARNINGS } from './chi-square-test.js';

/** Options for {@link proportionsTest}. */
export interface ProportionsTestOptions {
  /** Yates' continuity correction, applied (as R) only when there are exactly 2 groups. Default true. */
  readonly continuity?: boolean;
}

/** A successful {@link proportionsTest}. */
export interface ProportionsTestResult {
  readonly status: 'ok';
  /** 'k-proportions', or 'k-proportions-yates' when the 2-group correction was applied (and non-zero). */
  readonly method: 'k-proportions' | 'k-proportions-yates';
  /** X-squared. */
  readonly statistic: number;
  /** k − 1. */
  readonly df: number;
  readonly pValue: number;
  /** ln of the p-value, finite even when pValue underflows to 0. */
  readonly logPValue: number;
  /** Sample proportions x_i / n_i. */
  readonly estimates: readonly number[];
  /** Pooled proportion Σx / Σn. */
  readonly pooledProportion: number;
  readonly warnings: readonly AnalysisWarning[];
}

/** @internal X² of the k × 2 table against the pooled proportion, with the correction `yates` (in counts). */
export function pooledChiSquare(
  x: ArrayLike<number>,
  n: ArrayLike<number>,
  pooled: number,
  yates: number,
): { statistic: number; expected: Float64Array } {
  const k = x.length;
  const expected = new Float64Array(2 * k);
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const xi = x[i] as number;
    const ni = n[i] as number;
    const e1 = ni * pooled;
    const e0 = ni * (1 - pooled);
    expected[2 * i] = e1;
    expected[2 * i + 1] = e0;
    const d1 = Math.abs(xi - e1) - yates;
    const d0 = Math.abs(ni - xi - e0) - yates;
    statistic += (d1 * d1) / e1 + (d0 * d0) / e0;
  }
  return { statistic, expected };
}

/**
 * Tests whether k binomial proportions are equal.
 *
 * Method: Pearson chi-square on the k × 2 table against the pooled proportion, df = k − 1; Yates-corrected for
 * k = 2 (see the file header). Same statistic, df and p-value as R's `prop.test(x, n)`.
 * Missing values: none accepted (counts must be valid integers).
 * @param x successes per group, integers with 0 ≤ x_i ≤ n_i
 * @param n trials per group, non-negative integers, same length as x
 * @param options continuity (default true; only used when k = 2)
 * @returns the test, or `insufficient` when there are fewer than 2 groups, a group has no trials, or the pooled
 *   proportion is 0 or 1 (every trial a failure, or every one a success: R returns NaN)
 * @throws RangeError when x and n differ in length or a count is invalid
 * @example
 * proportionsTest([83, 90, 129, 70], [86, 93, 136, 82]) // => { statistic: 12.6, df: 3, pValue: 0.005585, … } (R smokers)
 */
export function proportionsTest(
  x: readonly number[],
  n: readonly number[],
  options: ProportionsTestOptions = {},
): ProportionsTestResult | InsufficientResult {
  const { continuity = true } = options;
  if (x.length !== n.length) {
    throw new RangeError(`proportionsTest: x and n must have the same length, got ${x.length} and ${n.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    checkCount('proportionsTest', x[i] as number, n[i] as number, `x[${i}]`, `n[${i}]`);
  }
  const k = x.length;
  const asked = continuity && k === 2 ? 'k-proportions-yates' : 'k-proportions';
  if (k < 2) return insufficient(asked, `proportionsTest: needs at least 2 groups, got ${k}`);
  let sumX = 0;
  let sumN = 0;
  let sumInvN = 0;
  for (let i = 0; i < k; i++) {
    const ni = n[i] as number;
    if (ni === 0) return insufficient(asked, `proportionsTest: group ${i} has no trials (n[${i}] = 0)`);
    sumX += x[i] as number;
    sumN += ni;
    sumInvN += 1 / ni;
  }
  if (sumX === 0 || sumX === sumN) {
    const what = sumX === 0 ? 'no successes' : 'only successes';
    return insufficient(asked, `proportionsTest: ${what} in any group, the proportions cannot differ`);
  }
  const estimates = x.map((xi, i) => xi / (n[i] as number));
  let yates = 0;
  if (continuity && k === 2) {
    const delta = (estimates[0] as number) - (estimates[1] as number);
    yates = Math.min(0.5, Math.abs(delta) / sumInvN);
  }
  const pooled = sumX / sumN;
  const { statistic, expected } = pooledChiSquare(x, n, pooled, yates);
  const df = k - 1;
  const logPValue = chiSquareLogTails(statistic, df).logUpper;
  return {
    status: 'ok',
    method: yates > 0 ? 'k-proportions-yates' : 'k-proportions',
    statistic,
    df,
    pValue: Math.exp(logPValue),
    logPValue,
    estimates,
    pooledProportion: pooled,
    warnings: expectedCountWarnings(expected),
  };
}
