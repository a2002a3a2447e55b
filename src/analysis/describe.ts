/**
 * Descriptive statistics of one numeric sample: counts, location, spread, quantiles (median and P90 beside the
 * mean, as DOMAIN.md asks for durations), shape, and the t confidence interval of the mean.
 */

import { studentTQuantile } from './distributions/index.js';
import { checkType, copyNonMissing, quantileInPlace, type QuantileType } from './quantile.js';
import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** Warning codes `describe` can emit. */
export const DESCRIBE_WARNINGS = {
  /** NaN/null values were dropped; the count is in `missingCount`. */
  missingDropped: 'missing-values-dropped',
  /** n = 1: variance, sd, standard error, interval, skewness and kurtosis are null. */
  singleValue: 'single-value',
  /** All values are equal: sd = 0, the interval collapses onto the mean, skewness and kurtosis are null. */
  constantValues: 'constant-values',
  /** Too few values for the bias-corrected shape statistics (skewness needs n ≥ 3, kurtosis n ≥ 4). */
  tooFewForShape: 'too-few-for-shape',
} as const;

/** Options of {@link describe}. */
export interface DescribeOptions {
  /** Confidence level of the mean's t interval, in (0, 1); default 0.95. */
  readonly level?: number;
  /** Hyndman–Fan quantile type (R's `type`) for median, quartiles and P90; default 7. */
  readonly quantileType?: QuantileType;
}

/** Two-sided t confidence interval of the mean. */
export interface MeanConfidenceInterval {
  /** Confidence level, e.g. 0.95. */
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

/** The result of {@link describe}; every statistic is in the unit of the values (variance in unit²). */
export interface DescribeResult {
  readonly status: 'ok';
  /** `'type-7'` etc.: the quantile definition used (skewness/kurtosis are always G1/G2). */
  readonly method: `type-${QuantileType}`;
  /** Number of non-missing values. */
  readonly n: number;
  /** Number of NaN/null values dropped. */
  readonly missingCount: number;
  readonly sum: number;
  readonly mean: number;
  /** Sample variance with divisor n − 1; null when n = 1. */
  readonly variance: number | null;
  /** Sample standard deviation (divisor n − 1); null when n = 1. */
  readonly sd: number | null;
  /** Standard error of the mean, sd/√n; null when n = 1. */
  readonly standardError: number | null;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  /** q3 − q1. */
  readonly iqr: number;
  /** 90th percentile. */
  readonly p90: number;
  /** Adjusted Fisher–Pearson skewness G1 (SAS/SPSS type 2, SciPy `skew(bias=False)`); null if n < 3 or constant. */
  readonly skewness: number | null;
  /** Excess kurtosis G2 (SAS/SPSS type 2, SciPy `kurtosis(fisher=True, bias=False)`); null if n < 4 or constant. */
  readonly excessKurtosis: number | null;
  /** t interval mean ± t(1 − α/2, n − 1)·SE as R's `t.test(x, conf.level = level)$conf.int`; null when n = 1. */
  readonly meanConfidenceInterval: MeanConfidenceInterval | null;
  readonly warnings: readonly AnalysisWarning[];
}

/** Beyond this magnitude squared/4th-power deviations may overflow: the moments are recomputed on scaled values. */
const SCALE_LIMIT = 1e75;
/** SciPy's test for "numerically constant" data before shape statistics: m2 ≤ (1e−15·mean)². */
const CONSTANT_RESOLUTION = 1e-15;

/**
 * Descriptive statistics of a sample: n, missing count, sum, mean, variance and sd (divisor n − 1), standard
 * error, min, max, quartiles, IQR, P90, skewness, excess kurtosis, and the mean's t confidence interval.
 *
 * Method: compensated (Neumaier) summation for the sum and mean; two-pass central moments (as R's `var`);
 * quantiles by Hyndman & Fan (1996) type `quantileType` (R's `quantile`); skewness and excess kurtosis are
 * the bias-adjusted G1 = √(n(n−1))/(n−2)·m3/m2^{3/2} and G2 = ((n²−1)·m4/m2² − 3(n−1)²)/((n−2)(n−3)) with
 * m_k = Σ(x−x̄)^k/n (Joanes & Gill 1998, "Comparing measures of sample skewness and kurtosis", The
 * Statistician 47; SAS/SPSS "type 2"; SciPy `skew`/`kurtosis` with `bias=False`). Unlike SciPy, which falls back
 * to the biased g1/g2 when n is too small, they are null for n < 3 (skewness) and n < 4 (kurtosis), and null
 * (not NaN) for numerically constant data (SciPy's test m2 ≤ (1e−15·x̄)²). The interval is R's one-sample
 * `t.test` interval. Missing values (NaN, null) are dropped and counted, with a warning.
 *
 * @param values Observations in any unit (a plain or typed array); not modified.
 * @param options `level` of the interval (default 0.95) and `quantileType` (default 7).
 * @returns The statistics (see {@link DescribeResult}); `insufficient` when no non-missing value remains or a
 *   value is ±Infinity (moments are undefined).
 * @throws {RangeError} when `level` is not in (0, 1) or `quantileType` is not an integer 1–9.
 * @example
 * const d = describe([2, 4, 4, 4, 5, 5, 7, 9]);
 * d.status === 'ok' && [d.mean, d.median, d.sd]; // => [5, 4.5, 2.138089935299395]
 */
export function describe(values: ArrayLike<number | null>, options: DescribeOptions = {}): DescribeResult | InsufficientResult {
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`describe: level must be a number in (0, 1), got ${String(level)}`);
  }
  const type = options.quantileType ?? 7;
  checkType('describe', type);
  const method = `type-${type}` as const;

  // Pass 1: copy the non-missing values (noting whether they are already sorted); pass 2: sum (Neumaier), min, max.
  const copy = copyNonMissing(values);
  const x = copy.buffer;
  const n = copy.n;
  const totals = sumMinMax(x, n);
  let sum = totals.sum;
  const comp = totals.compensation;
  const min = totals.min;
  const max = totals.max;
  const missingCount = copy.missingCount;
  if (n === 0) return insufficient(method, `describe: needs at least 1 non-missing value, got 0 (${missingCount} missing)`);
  if (min === -Infinity || max === Infinity) {
    return insufficient(method, `describe: values must be finite for moments, got min = ${min}, max = ${max}`);
  }
  let mean: number;
  if (Number.isFinite(sum)) {
    sum += comp;
    mean = sum / n;
    // A second pass corrects the mean by the mean residual (as R's mean.default does).
    mean += sumResidual(x, n, mean) / n;
  } else {
    // A partial sum overflowed although every value is finite: average the values divided by n instead;
    // the sum is then n·mean, which is ±Infinity only if the true sum is out of range.
    mean = sumScaled(x, n, 1 / n);
    sum = mean * n;
  }
  // The mean can land a hair outside [min, max] after rounding; keep it inside.
  if (mean < min) mean = min;
  if (mean > max) mean = max;

  // Pass 3 (after the mean-correction pass): Σd², Σd³, Σd⁴, rescaled if they could overflow.
  let scale = 1;
  const spread = Math.max(max - mean, mean - min);
  if (spread > SCALE_LIMIT) scale = spread;
  const moments = centralMoments(x, n, mean, 1 / scale);
  const s2 = moments.s2;

  const warnings: AnalysisWarning[] = [];
  if (missingCount > 0) {
    warnings.push({ code: DESCRIBE_WARNINGS.missingDropped, message: `describe: dropped ${missingCount} missing value(s) (NaN or null)` });
  }

  let variance: number | null = null;
  let sd: number | null = null;
  let standardError: number | null = null;
  let meanConfidenceInterval: MeanConfidenceInterval | null = null;
  let skewness: number | null = null;
  let excessKurtosis: number | null = null;
  if (n === 1) {
    warnings.push({ code: DESCRIBE_WARNINGS.singleValue, message: 'describe: n = 1, so spread, interval and shape statistics are null' });
  } else {
    sd = scale * Math.sqrt(s2 / (n - 1));
    variance = scale === 1 ? s2 / (n - 1) : sd * sd;
    standardError = sd / Math.sqrt(n);
    // R's t.test: cint <- qt(1 - alpha/2, df); (tstat ± cint) · stderr with tstat = mean/stderr (same rounding).
    // With sd = 0 the interval is the point mean itself (t.test refuses such data).
    const tCrit = studentTQuantile(1 - (1 - level) / 2, n - 1);
    if (standardError > 0) {
      const tStat = mean / standardError;
      meanConfidenceInterval = { level, lower: (tStat - tCrit) * standardError, upper: (tStat + tCrit) * standardError };
    } else {
      meanConfidenceInterval = { level, lower: mean, upper: mean };
    }
    const m2 = s2 / n;
    const constant = max === min || Math.sqrt(m2) * scale <= CONSTANT_RESOLUTION * Math.abs(mean);
    if (constant) {
      warnings.push({
        code: DESCRIBE_WARNINGS.constantValues,
        message: `describe: all ${n} values are (numerically) equal to ${mean}; skewness and kurtosis are null`,
      });
    } else {
      if (n >= 3) {
        skewness = ((Math.sqrt((n - 1) * n) / (n - 2)) * (moments.s3 / n)) / m2 ** 1.5;
      }
      if (n >= 4) {
        const m4 = moments.s4 / n;
        excessKurtosis = ((n * n - 1) * m4) / (m2 * m2) - 3 * (n - 1) * (n - 1);
        excessKurtosis /= (n - 2) * (n - 3);
      }
      if (n < 4) {
        warnings.push({
          code: DESCRIBE_WARNINGS.tooFewForShape,
          message: `describe: n = ${n}; skewness needs n ≥ 3 and excess kurtosis n ≥ 4`,
        });
      }
    }
  }

  // Quantiles last: selection reorders x.
  const q = quantileInPlace(x, n, QUANTILE_PROBS, type, copy.sorted);
  const q1 = q[0] as number;
  const median = q[1] as number;
  const q3 = q[2] as number;
  return {
    status: 'ok',
    method,
    n,
    missingCount,
    sum,
    mean,
    variance,
    sd,
    standardError,
    min,
    max,
    q1,
    median,
    q3,
    iqr: q3 - q1,
    p90: q[3] as number,
    skewness,
    excessKurtosis,
    meanConfidenceInterval,
    warnings,
  };
}

const QUANTILE_PROBS: readonly number[] = [0.25, 0.5, 0.75, 0.9];

interface Totals {
  readonly sum: number;
  /** Neumaier's running compensation: sum + compensation is the accurately rounded total. */
  readonly compensation: number;
  readonly min: number;
  readonly max: number;
}

function sumMinMax(x: Float64Array, n: number): Totals {
  let sum = 0;
  let compensation = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { sum, compensation, min, max };
}

/** Neumaier-compensated Σ x·f over the first n entries. */
function sumScaled(x: Float64Array, n: number, f: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = (x[i] as number) * f;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

function sumResidual(x: Float64Array, n: number, mean: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] as number) - mean;
  return s;
}

interface MomentSums {
  readonly s2: number;
  readonly s3: number;
  readonly s4: number;
}

/** Σd², Σd³, Σd⁴ of d = (x − mean)·f over the first n entries. */
function centralMoments(x: Float64Array, n: number, mean: number, f: number): MomentSums {
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = ((x[i] as number) - mean) * f;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { s2, s3, s4 };
}
