/**
 * Net Promoter Score with its Wald interval, and the z test of a difference between two independent NPS.
 *
 * Method: F. F. Reichheld (2003), "The one number you need to grow", Harvard Business Review 81(12): NPS =
 * 100 × (promoters − detractors) ÷ respondents on the 0–10 scale (promoters 9–10, detractors 0–6). Each answer
 * scores +1, 0 or −1, so NPS/100 is the mean score and its variance per answer is
 * p₊ + p₋ − (p₊ − p₋)² (the multinomial delta method; B. Rocks (2016), "Interval estimation for the 'net
 * promoter score'", The American Statistician 70(4)). The interval is the Wald interval, clipped to
 * [−100, 100]; the difference test is the two-sample z test on the independent variances.
 */
import { normalQuantile, normalSurvival } from './distributions/index.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { checkLevel } from './wilson-interval.js';

/** Answer counts of an NPS question. */
export interface NetPromoterCounts {
  readonly promoters: number;
  readonly detractors: number;
  /** All valid answers (promoters + passives + detractors). */
  readonly n: number;
}

/** A successful {@link netPromoterScore}. */
export interface NetPromoterResult {
  readonly status: 'ok';
  readonly method: 'nps-wald';
  /** NPS, −100…100. */
  readonly estimate: number;
  /** Standard error of the estimate, NPS points. */
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly n: number;
  readonly warnings: readonly AnalysisWarning[];
}

function check(fn: string, c: NetPromoterCounts, name = 'counts'): void {
  const ok = (v: number) => Number.isInteger(v) && v >= 0;
  if (!ok(c.promoters) || !ok(c.detractors) || !ok(c.n) || c.promoters + c.detractors > c.n) {
    throw new RangeError(
      `${fn}: ${name} must be non-negative integers with promoters + detractors ≤ n, got promoters = ${c.promoters}, detractors = ${c.detractors}, n = ${c.n}`,
    );
  }
}

function scoreAndSe(c: NetPromoterCounts): { estimate: number; standardError: number } {
  const p = c.promoters / c.n;
  const d = c.detractors / c.n;
  return { estimate: 100 * (p - d), standardError: 100 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / c.n) };
}

/**
 * NPS with a Wald confidence interval (see the file header).
 * @param counts promoters (9–10), detractors (0–6) and all answers n
 * @param options level: confidence level in (0, 1), default 0.95
 * @returns the score, or `insufficient` when n = 0
 * @throws RangeError for negative or non-integer counts, promoters + detractors > n, or a level outside (0, 1)
 * @example netPromoterScore({ promoters: 50, detractors: 20, n: 100 }) // => { estimate: 30, standardError: 7.810, lower: 14.69, upper: 45.31, … }
 */
export function netPromoterScore(counts: NetPromoterCounts, options: { readonly level?: number } = {}): NetPromoterResult | InsufficientResult {
  const { level = 0.95 } = options;
  check('netPromoterScore', counts);
  checkLevel('netPromoterScore', level);
  if (counts.n === 0) return insufficient('nps-wald', 'netPromoterScore: no answers');
  const { estimate, standardError } = scoreAndSe(counts);
  const z = normalQuantile(1 - (1 - level) / 2);
  const warnings: AnalysisWarning[] = [];
  if (standardError === 0) {
    warnings.push({ code: 'degenerate-interval', message: `every answer scores the same (NPS ${estimate}): the Wald interval has zero width` });
  }
  return {
    status: 'ok',
    method: 'nps-wald',
    estimate,
    standardError,
    lower: Math.max(-100, estimate - z * standardError),
    upper: Math.min(100, estimate + z * standardError),
    level,
    n: counts.n,
    warnings,
  };
}

/** A successful {@link netPromoterDifference}. */
export interface NetPromoterDifferenceResult {
  readonly status: 'ok';
  readonly method: 'nps-difference-z';
  /** NPS of x − NPS of y, points. */
  readonly difference: number;
  readonly statistic: number;
  readonly pValue: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Two-sided z test of NPS(x) − NPS(y) for independent samples, with a Wald interval of the difference.
 * @param x counts of the first sample (e.g. this quarter)
 * @param y counts of the second (e.g. last quarter)
 * @param options level, default 0.95
 * @returns the test, or `insufficient` when a sample is empty or both have zero variance
 * @throws RangeError as {@link netPromoterScore}
 * @example netPromoterDifference({ promoters: 50, detractors: 20, n: 100 }, { promoters: 40, detractors: 30, n: 100 }) // => { difference: 20, statistic: 1.754, pValue: 0.0794, … }
 */
export function netPromoterDifference(
  x: NetPromoterCounts,
  y: NetPromoterCounts,
  options: { readonly level?: number } = {},
): NetPromoterDifferenceResult | InsufficientResult {
  const { level = 0.95 } = options;
  check('netPromoterDifference', x, 'x');
  check('netPromoterDifference', y, 'y');
  checkLevel('netPromoterDifference', level);
  if (x.n === 0 || y.n === 0) return insufficient('nps-difference-z', 'netPromoterDifference: a sample has no answers');
  const a = scoreAndSe(x);
  const b = scoreAndSe(y);
  const se = Math.hypot(a.standardError, b.standardError);
  if (se === 0) return insufficient('nps-difference-z', 'netPromoterDifference: both samples score every answer the same (zero variance)');
  const difference = a.estimate - b.estimate;
  const statistic = difference / se;
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    status: 'ok',
    method: 'nps-difference-z',
    difference,
    statistic,
    pValue: Math.min(1, 2 * normalSurvival(Math.abs(statistic))),
    lower: difference - z * se,
    upper: difference + z * se,
    level,
    warnings: [],
  };
}
