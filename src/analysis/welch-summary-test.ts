/**
 * Welch's two-sample t test from summary statistics (mean, sample variance, count per sample), for comparisons
 * whose samples were aggregated in SQL as `avg(v), var_samp(v), count(v)` per group, e.g. this period's mean
 * handling time against last period's.
 *
 * Method: B. L. Welch (1947), "The generalization of 'Student's' problem when several different population
 * variances are involved", Biometrika 34 (Welch–Satterthwaite df). The same formulas as {@link tTest}'s Welch
 * variant (shared code in t-test.ts), so the result equals R's `t.test(x, y)` on the raw samples whose mean,
 * `var` and length are passed in, including R's "data are essentially constant" rule.
 */
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { essentiallyConstant, tInference, welchStandardError } from './t-test.js';
import { checkAlternative, checkLevel } from './wilson-interval.js';
import type { IntervalAlternative } from './wilson-interval.js';

/** One sample summarised: what SQL's `avg`, `var_samp` and `count` return for a group. */
export interface SampleSummary {
  /** Mean of the values, in the unit of the data (e.g. seconds). */
  readonly mean: number;
  /**
   * Sample variance, n − 1 denominator (SQL `var_samp`, R `var`), in the unit squared. For n < 2 it is not
   * used: NaN (SQL NULL parsed as NaN) is accepted there.
   */
  readonly variance: number;
  /** Number of values, a non-negative integer. */
  readonly n: number;
}

/** Options for {@link welchTestFromSummary}. */
export interface WelchSummaryTestOptions {
  /** Hypothesised difference of means meanX − meanY, in the unit of the data. Default 0. */
  readonly mu?: number;
  /** 'two.sided' (default), 'less' or 'greater', as R. */
  readonly alternative?: IntervalAlternative;
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  readonly level?: number;
}

/** A successful {@link welchTestFromSummary}: the fields of a Welch {@link tTest} that apply to summaries. */
export interface WelchSummaryTestResult {
  readonly status: 'ok';
  readonly method: 'welch';
  readonly alternative: IntervalAlternative;
  /** t = (estimate − mu) / stderr. */
  readonly statistic: number;
  /** Welch–Satterthwaite degrees of freedom (non-integer). */
  readonly df: number;
  /** p-value for `alternative`, positive down to ~1e-308. */
  readonly pValue: number;
  /** ln of the p-value, finite even when pValue underflows to 0. */
  readonly logPValue: number;
  /** meanX − meanY, in the unit of the data. */
  readonly estimate: number;
  readonly meanX: number;
  readonly meanY: number;
  /** Standard error of `estimate`, √(s²_x/n_x + s²_y/n_y), in the unit of the data. */
  readonly stderr: number;
  /** Interval for meanX − meanY; ±Infinity on the open side of a one-sided test. */
  readonly confidenceInterval: { readonly lower: number; readonly upper: number; readonly level: number };
  readonly mu: number;
  readonly nX: number;
  readonly nY: number;
  readonly warnings: readonly AnalysisWarning[];
}

function checkSummary(name: string, s: SampleSummary): void {
  if (typeof s !== 'object' || s === null) {
    throw new TypeError(`welchTestFromSummary: ${name} must be { mean, variance, n }, got ${String(s)}`);
  }
  const { mean, variance, n } = s;
  if (typeof mean !== 'number' || typeof variance !== 'number' || typeof n !== 'number') {
    throw new TypeError(
      `welchTestFromSummary: ${name}.mean, .variance and .n must be numbers, got ${typeof mean}, ${typeof variance}, ${typeof n}`,
    );
  }
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`welchTestFromSummary: ${name}.n must be a non-negative integer, got ${name}.n = ${n}`);
  }
  // Below 2 values the mean and variance are not used (SQL gives NULL for var_samp of one value).
  if (n < 2) return;
  if (!Number.isFinite(mean)) {
    throw new RangeError(`welchTestFromSummary: ${name}.mean must be a finite number, got ${name}.mean = ${mean}`);
  }
  if (!(variance >= 0 && variance < Infinity)) {
    throw new RangeError(
      `welchTestFromSummary: ${name}.variance must be a finite number ≥ 0 when n ≥ 2, got ${name}.variance = ${variance}`,
    );
  }
}

/**
 * Welch's two-sample t test of mean(x) − mean(y) = mu from each sample's mean, sample variance and count.
 *
 * Method: Welch (1947); t = (m_x − m_y − mu)/√(s²_x/n_x + s²_y/n_y), Welch–Satterthwaite df
 * (s²_x/n_x + s²_y/n_y)² / ((s²_x/n_x)²/(n_x − 1) + (s²_y/n_y)²/(n_y − 1)), p-value and interval from the t
 * distribution — the code of {@link tTest}'s Welch variant, so the numbers equal R's `t.test(x, y)` on the raw
 * data, to rounding of the summaries. (PostgreSQL's float8 `var_samp` is computed stably, by Youngs–Cramer's
 * updates since version 12, so data with a large common offset keep their digits.)
 * @param x first sample's { mean, variance (n − 1 denominator, unit²), n } — e.g. this period
 * @param y second sample's summary, same unit — e.g. the previous period
 * @param options mu (default 0, unit of the data), alternative (default 'two.sided'), level (default 0.95)
 * @returns the test, or `insufficient` when a sample has fewer than 2 values, or the data are essentially
 *   constant (stderr 0 or below 10·ε·max|mean|, R's rule)
 * @throws RangeError for a count that is not a non-negative integer, a non-finite mean or a negative or
 *   non-finite variance in a sample with n ≥ 2, an unknown alternative, a level outside (0, 1) or a non-finite
 *   mu; TypeError when a summary is not an object of numbers
 * @example
 * welchTestFromSummary({ mean: 3, variance: 2.5, n: 5 }, { mean: 6.2, variance: 12.2, n: 5 })
 * // => { status: 'ok', method: 'welch', statistic: -1.8663, df: 5.5733, pValue: 0.1150, … }
 * // (R: t.test(c(1, 2, 3, 4, 5), c(2, 4, 6, 8, 11)))
 */
export function welchTestFromSummary(
  x: SampleSummary,
  y: SampleSummary,
  options: WelchSummaryTestOptions = {},
): WelchSummaryTestResult | InsufficientResult {
  const { mu = 0, alternative = 'two.sided', level = 0.95 } = options;
  checkAlternative('welchTestFromSummary', alternative);
  checkLevel('welchTestFromSummary', level);
  if (!Number.isFinite(mu)) throw new RangeError(`welchTestFromSummary: mu must be a finite number, got mu = ${mu}`);
  checkSummary('x', x);
  checkSummary('y', y);
  if (x.n < 2) return insufficient('welch', `welchTestFromSummary: needs at least 2 values in x, got ${x.n}`);
  if (y.n < 2) return insufficient('welch', `welchTestFromSummary: needs at least 2 values in y, got ${y.n}`);

  const { stderr, df } = welchStandardError(x, y);
  if (essentiallyConstant(stderr, Math.max(Math.abs(x.mean), Math.abs(y.mean)))) {
    return insufficient('welch', 'welchTestFromSummary: data are essentially constant');
  }
  const estimate = x.mean - y.mean;
  const statistic = (estimate - mu) / stderr;
  const { logPValue, confidenceInterval } = tInference(statistic, stderr, df, mu, alternative, level);
  return {
    status: 'ok',
    method: 'welch',
    alternative,
    statistic,
    df,
    pValue: Math.exp(logPValue),
    logPValue,
    estimate,
    meanX: x.mean,
    meanY: y.mean,
    stderr,
    confidenceInterval,
    mu,
    nX: x.n,
    nY: y.n,
    warnings: [],
  };
}
