/**
 * Student's t tests: one-sample, paired, and two-sample with Welch's unequal variances (the default, as R) or
 * the pooled variance.
 *
 * Method: W. S. Gosset ("Student", 1908), "The probable error of a mean", Biometrika 6; B. L. Welch (1947),
 * "The generalization of 'Student's' problem when several different population variances are involved",
 * Biometrika 34 (Welch–Satterthwaite df). Identical to R's `t.test(x, y, paired, var.equal, mu, alternative,
 * conf.level)`: statistic, parameter, p.value, conf.int, estimate, stderr, and R's "data are essentially
 * constant" rule.
 */
import { studentTLogTails } from './distributions/student-t.js';
import { studentTQuantile } from './distributions/index.js';
import { insufficient } from './result.js';
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { checkAlternative, checkLevel } from './wilson-interval.js';
import type { IntervalAlternative } from './wilson-interval.js';

/** Warning codes of {@link tTest}. */
export const T_TEST_WARNINGS = {
  /** NaN / null values (or incomplete pairs) were dropped before the test. */
  missingDropped: 'missing-values-dropped',
} as const;

/** The t-test variants. */
export type TTestMethod = 'one-sample' | 'paired' | 'welch' | 'student';

/** Options for {@link tTest}. */
export interface TTestOptions {
  /** Paired test on x − y (pairs with a missing side are dropped). Default false. */
  readonly paired?: boolean;
  /** Pooled-variance (Student) two-sample test instead of Welch's. Default false. */
  readonly varEqual?: boolean;
  /** Hypothesised mean (one-sample), mean difference (paired) or difference of means (two-sample). Default 0. */
  readonly mu?: number;
  /** 'two.sided' (default), 'less' or 'greater'. */
  readonly alternative?: IntervalAlternative;
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  readonly level?: number;
}

/** A successful {@link tTest}. */
export interface TTestResult {
  readonly status: 'ok';
  readonly method: TTestMethod;
  readonly alternative: IntervalAlternative;
  /** t = (estimate − mu) / stderr. */
  readonly statistic: number;
  /** Degrees of freedom (Welch–Satterthwaite, non-integer, for 'welch'). */
  readonly df: number;
  /** p-value for `alternative`, positive down to ~1e-308. */
  readonly pValue: number;
  /** ln of the p-value, finite even when pValue underflows to 0. */
  readonly logPValue: number;
  /**
   * The estimated location: mean of x (one-sample), mean of the differences x − y (paired), or
   * mean(x) − mean(y) (two-sample), in the unit of the data.
   */
  readonly estimate: number;
  /** Mean of the x values used, in the unit of the data. */
  readonly meanX: number;
  /** Mean of the y values used; null for a one-sample test. */
  readonly meanY: number | null;
  /** Standard error of `estimate`, in the unit of the data. */
  readonly stderr: number;
  /** Interval for the quantity `estimate` estimates; ±Infinity on the open side of a one-sided test. */
  readonly confidenceInterval: { readonly lower: number; readonly upper: number; readonly level: number };
  readonly mu: number;
  /** Values of x used (pairs, for a paired test). */
  readonly nX: number;
  /** Values of y used (pairs, for a paired test); 0 for a one-sample test. */
  readonly nY: number;
  /** NaN / null values dropped from x (paired: pairs dropped because of x). */
  readonly missingX: number;
  /** NaN / null values dropped from y (paired: pairs dropped because of y only). */
  readonly missingY: number;
  readonly warnings: readonly AnalysisWarning[];
}

/** Data accepted by {@link tTest}: plain arrays (with null or NaN for missing) or typed arrays. */
export type TTestSample = ArrayLike<number | null>;

interface Moments {
  n: number;
  missing: number;
  mean: number;
  /** Sample variance (n − 1 denominator); 0 for n < 2. */
  variance: number;
}

function isMissing(v: number | null | undefined): boolean {
  return v === null || v === undefined || Number.isNaN(v);
}

function throwInfinite(name: string, v: number, i: number): never {
  throw new RangeError(`tTest: ${name} must contain finite numbers (or NaN/null for missing), got ${v} at index ${i}`);
}

/** Second pass of the corrected two-pass algorithm over a plain array. */
function finishMoments(values: ArrayLike<number | null>, n: number, sum: number, missing: number): Moments {
  if (n === 0) return { n, missing, mean: NaN, variance: 0 };
  let mean = sum / n;
  let dev = 0;
  let ss = 0;
  const len = values.length;
  for (let i = 0; i < len; i++) {
    const v = values[i];
    if (v !== null && v === v) {
      const d = (v as number) - mean;
      dev += d;
      ss += d * d;
    }
  }
  mean += dev / n;
  const variance = n > 1 ? Math.max(0, (ss - (dev * dev) / n) / (n - 1)) : 0;
  return { n, missing, mean, variance };
}

/**
 * Both passes over a Float64Array, the hot path for large samples: four independent accumulators per sum (the
 * additions pipeline instead of waiting on each other, and the rounding error shrinks), NaN skipped and counted,
 * ±Infinity detected from the total rather than tested per element.
 */
function momentsFloat64(name: string, values: Float64Array): Moments {
  const len = values.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let nan = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const v0 = values[i] as number;
    const v1 = values[i + 1] as number;
    const v2 = values[i + 2] as number;
    const v3 = values[i + 3] as number;
    if (v0 === v0) s0 += v0;
    else nan++;
    if (v1 === v1) s1 += v1;
    else nan++;
    if (v2 === v2) s2 += v2;
    else nan++;
    if (v3 === v3) s3 += v3;
    else nan++;
  }
  for (; i < len; i++) {
    const v = values[i] as number;
    if (v === v) s0 += v;
    else nan++;
  }
  const sum = s0 + s1 + s2 + s3;
  if (!Number.isFinite(sum)) {
    for (let j = 0; j < len; j++) {
      const v = values[j] as number;
      if (v === Infinity || v === -Infinity) throwInfinite(name, v, j);
    }
  }
  const n = len - nan;
  if (n === 0) return { n, missing: nan, mean: NaN, variance: 0 };
  let mean = sum / n;
  let d0 = 0;
  let d1 = 0;
  let q0 = 0;
  let q1 = 0;
  i = 0;
  for (; i + 1 < len; i += 2) {
    const a = (values[i] as number) - mean;
    const b = (values[i + 1] as number) - mean;
    if (a === a) {
      d0 += a;
      q0 += a * a;
    }
    if (b === b) {
      d1 += b;
      q1 += b * b;
    }
  }
  if (i < len) {
    const a = (values[i] as number) - mean;
    if (a === a) {
      d0 += a;
      q0 += a * a;
    }
  }
  const dev = d0 + d1;
  const ss = q0 + q1;
  mean += dev / n;
  const variance = n > 1 ? Math.max(0, (ss - (dev * dev) / n) / (n - 1)) : 0;
  return { n, missing: nan, mean, variance };
}

/**
 * Mean and variance by the corrected two-pass algorithm (Chan, Golub & LeVeque 1983): mean, then
 * Σ(x − m)² − (Σ(x − m))²/n, which is exact to rounding even for data with a large common offset. NaN and null
 * are skipped and counted; ±Infinity and non-numbers throw.
 */
function moments(name: string, values: TTestSample): Moments {
  if (values instanceof Float64Array) return momentsFloat64(name, values);
  let n = 0;
  let sum = 0;
  const len = values.length;
  for (let i = 0; i < len; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') throw new TypeError(`tTest: ${name} must contain numbers, got ${typeof v} at index ${i}`);
    if (v === v) {
      if (v === Infinity || v === -Infinity) throwInfinite(name, v, i);
      sum += v;
      n++;
    }
  }
  return finishMoments(values, n, sum, len - n);
}

function checkValue(name: string, v: number | null | undefined, i: number): void {
  if (v === null || v === undefined) return;
  if (typeof v !== 'number') throw new TypeError(`tTest: ${name} must contain numbers, got ${typeof v} at index ${i}`);
  if (v === Infinity || v === -Infinity) throwInfinite(name, v, i);
}

function pairedDifferences(x: TTestSample, y: TTestSample): { d: Float64Array; missingX: number; missingY: number } {
  const len = x.length;
  const d = new Float64Array(len);
  let k = 0;
  let missingX = 0;
  let missingY = 0;
  for (let i = 0; i < len; i++) {
    const a = x[i];
    const b = y[i];
    checkValue('x', a, i);
    checkValue('y', b, i);
    if (isMissing(a)) missingX++;
    else if (isMissing(b)) missingY++;
    else d[k++] = (a as number) - (b as number);
  }
  return { d: d.subarray(0, k), missingX, missingY };
}

/** @internal The per-sample summary the two-sample formulas need (sample variance: n − 1 denominator). */
export interface MeanVarianceCount {
  readonly mean: number;
  readonly variance: number;
  readonly n: number;
}

/**
 * @internal Welch's standard error of mean(x) − mean(y), √(s²_x/n_x + s²_y/n_y), and the Welch–Satterthwaite
 * df; both samples need n ≥ 2. Shared with welch-summary-test.ts.
 */
export function welchStandardError(x: MeanVarianceCount, y: MeanVarianceCount): { stderr: number; df: number } {
  const sx2 = x.variance / x.n;
  const sy2 = y.variance / y.n;
  const stderr = Math.sqrt(sx2 + sy2);
  const df = (stderr * stderr * stderr * stderr) / ((sx2 * sx2) / (x.n - 1) + (sy2 * sy2) / (y.n - 1));
  return { stderr, df };
}

/**
 * @internal R's "data are essentially constant" rule: a standard error of 0 or below 10·ε times the largest
 * |mean| involved, where the t statistic would be rounding noise.
 */
export function essentiallyConstant(stderr: number, meanScale: number): boolean {
  return stderr === 0 || stderr < 10 * Number.EPSILON * meanScale;
}

/**
 * @internal p-value (and its log) and confidence interval of a t statistic on df degrees of freedom, as R's
 * `t.test`: two-sided p = 2·min(tails), intervals mu + (t ± q)·stderr with q from qt.
 */
export function tInference(
  statistic: number,
  stderr: number,
  df: number,
  mu: number,
  alternative: IntervalAlternative,
  level: number,
): { logPValue: number; confidenceInterval: { lower: number; upper: number; level: number } } {
  const tails = studentTLogTails(statistic, df);
  let logPValue: number;
  if (alternative === 'less') logPValue = tails.logLower;
  else if (alternative === 'greater') logPValue = tails.logUpper;
  else logPValue = Math.min(0, Math.LN2 + Math.min(tails.logLower, tails.logUpper));

  let lower: number;
  let upper: number;
  if (alternative === 'two.sided') {
    const q = studentTQuantile(1 - (1 - level) / 2, df);
    lower = mu + (statistic - q) * stderr;
    upper = mu + (statistic + q) * stderr;
  } else if (alternative === 'less') {
    lower = -Infinity;
    upper = mu + (statistic + studentTQuantile(level, df)) * stderr;
  } else {
    lower = mu + (statistic - studentTQuantile(level, df)) * stderr;
    upper = Infinity;
  }
  return { logPValue, confidenceInterval: { lower, upper, level } };
}

/**
 * Student / Welch t test.
 *
 * Method: see the file header. One-sample (y omitted): t = (mean − mu)/(s/√n), df = n − 1. Paired: the same on
 * x − y. Welch: t = (m_x − m_y − mu)/√(s²_x/n_x + s²_y/n_y), Welch–Satterthwaite df. Student: pooled variance,
 * df = n_x + n_y − 2. Two-sided p = 2 P(T > |t|); intervals from qt as R.
 * Missing values: NaN and null are dropped (paired: the whole pair) and counted in missingX / missingY, with a
 * 'missing-values-dropped' warning; ±Infinity throws.
 * @param x sample (unit of the data), plain or typed array
 * @param y second sample, same unit; omit for a one-sample test; same length as x when paired
 * @param options paired, varEqual, mu (default 0), alternative (default 'two.sided'), level (default 0.95)
 * @returns the test, or `insufficient` with R's reason when a sample has fewer than 2 values (Student's
 *   two-sample test needs 1 in each and 3 in all, as R), or the data are essentially constant
 *   (stderr < 10·ε·|mean|, R's rule)
 * @throws RangeError for ±Infinity in the data, paired samples of different lengths, paired without y, an
 *   unknown alternative, a level outside (0, 1) or a non-finite mu; TypeError for non-numeric values
 * @example
 * tTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 11]) // => { method: 'welch', statistic: -1.8663, df: 5.5733, pValue: 0.1150, … }
 * tTest([5.1, 4.9, 5.6, 5.8], undefined, { mu: 5 }) // => { method: 'one-sample', statistic: 1.6654, df: 3, pValue: 0.1944, … }
 */
export function tTest(
  x: TTestSample,
  y?: TTestSample,
  options: TTestOptions = {},
): TTestResult | InsufficientResult {
  const { paired = false, varEqual = false, mu = 0, alternative = 'two.sided', level = 0.95 } = options;
  checkAlternative('tTest', alternative);
  checkLevel('tTest', level);
  if (!Number.isFinite(mu)) throw new RangeError(`tTest: mu must be a finite number, got mu = ${mu}`);
  if (paired && y === undefined) throw new RangeError('tTest: a paired test needs y');
  if (paired && y !== undefined && y.length !== x.length) {
    throw new RangeError(`tTest: paired samples must have the same length, got ${x.length} and ${y.length}`);
  }
  const method: TTestMethod = y === undefined ? 'one-sample' : paired ? 'paired' : varEqual ? 'student' : 'welch';

  let statistic: number;
  let df: number;
  let stderr: number;
  let estimate: number;
  let meanX: number;
  let meanY: number | null = null;
  let nX: number;
  let nY = 0;
  let missingX: number;
  let missingY = 0;

  if (method === 'one-sample' || method === 'paired') {
    let m: Moments;
    if (method === 'paired') {
      const pd = pairedDifferences(x, y as TTestSample);
      m = moments('x − y', pd.d);
      missingX = pd.missingX;
      missingY = pd.missingY;
      if (m.n >= 2) {
        // Means of the x and y values in the complete pairs, for the report.
        let sx = 0;
        let sy = 0;
        for (let i = 0; i < x.length; i++) {
          const a = x[i];
          const b = (y as TTestSample)[i];
          if (!isMissing(a) && !isMissing(b)) {
            sx += a as number;
            sy += b as number;
          }
        }
        meanX = sx / m.n;
        meanY = sy / m.n;
      } else {
        meanX = NaN;
      }
    } else {
      m = moments('x', x);
      missingX = m.missing;
      meanX = m.mean;
    }
    nX = m.n;
    nY = method === 'paired' ? m.n : 0;
    if (m.n < 2) {
      const what = method === 'paired' ? 'complete pairs' : 'values in x';
      return insufficient(method, `tTest: needs at least 2 ${what}, got ${m.n}`);
    }
    stderr = Math.sqrt(m.variance / m.n);
    if (essentiallyConstant(stderr, Math.abs(m.mean))) {
      return insufficient(method, 'tTest: data are essentially constant');
    }
    estimate = m.mean;
    df = m.n - 1;
    statistic = (m.mean - mu) / stderr;
  } else {
    const mx = moments('x', x);
    const my = moments('y', y as TTestSample);
    missingX = mx.missing;
    missingY = my.missing;
    nX = mx.n;
    nY = my.n;
    meanX = mx.mean;
    meanY = my.mean;
    const minEach = varEqual ? 1 : 2;
    if (mx.n < minEach) return insufficient(method, `tTest: needs at least ${minEach} values in x, got ${mx.n}`);
    if (my.n < minEach) return insufficient(method, `tTest: needs at least ${minEach} values in y, got ${my.n}`);
    if (varEqual && mx.n + my.n < 3) {
      return insufficient(method, `tTest: needs at least 3 values in x and y together, got ${mx.n + my.n}`);
    }
    if (varEqual) {
      df = mx.n + my.n - 2;
      const pooled = ((mx.n - 1) * mx.variance + (my.n - 1) * my.variance) / df;
      stderr = Math.sqrt(pooled * (1 / mx.n + 1 / my.n));
    } else {
      ({ stderr, df } = welchStandardError(mx, my));
    }
    if (essentiallyConstant(stderr, Math.max(Math.abs(mx.mean), Math.abs(my.mean)))) {
      return insufficient(method, 'tTest: data are essentially constant');
    }
    estimate = mx.mean - my.mean;
    statistic = (estimate - mu) / stderr;
  }

  const { logPValue, confidenceInterval } = tInference(statistic, stderr, df, mu, alternative, level);

  const warnings: AnalysisWarning[] = [];
  if (missingX + missingY > 0) {
    warnings.push({
      code: T_TEST_WARNINGS.missingDropped,
      message:
        method === 'paired'
          ? `${missingX + missingY} incomplete pairs dropped (${missingX} missing x, ${missingY} missing y only)`
          : `missing values dropped: ${missingX} from x${y === undefined ? '' : `, ${missingY} from y`}`,
    });
  }
  return {
    status: 'ok',
    method,
    alternative,
    statistic,
    df,
    pValue: Math.exp(logPValue),
    logPValue,
    estimate,
    meanX,
    meanY,
    stderr,
    confidenceInterval,
    mu,
    nX,
    nY,
    missingX,
    missingY,
    warnings,
  };
}
