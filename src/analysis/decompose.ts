/**
 * Classical seasonal decomposition by moving averages, exactly as R's `stats::decompose`.
 *
 * Stages (R 4.2 `decompose`, Kendall & Stuart 1983; Brockwell & Davis 2002, §1.5):
 * 1. trend = centred moving average (`filter(x, filter, sides = 2)`): for an even period the 2×m average, weights
 *    `c(0.5, 1, …, 1, 0.5) / period`; for an odd period `rep(1, period) / period`;
 * 2. detrended = x − trend (additive) or x / trend (multiplicative);
 * 3. figure[i] = mean of the detrended values at season position i (missing skipped), then centred: minus its
 *    mean (additive) or divided by its mean (multiplicative);
 * 4. seasonal = figure repeated; random = x − seasonal − trend (or x / seasonal / trend).
 */
import { type AnalysisWarning, type InsufficientResult, insufficient } from './result.js';

/** Warning codes of {@link decompose}. */
export const DECOMPOSE_WARNINGS = {
  /** The series had missing values (NaN/null): they propagate into trend and random; figures skip them. */
  missingValues: 'missing-values',
} as const;

/** Additive (x = T + S + R) or multiplicative (x = T · S · R) decomposition. */
export type DecomposeType = 'additive' | 'multiplicative';

/** Options of {@link decompose}. */
export interface DecomposeOptions {
  /** Observations per seasonal cycle (R `frequency(x)`), an integer ≥ 2. */
  readonly period: number;
  /** Default `'additive'`, as in R. */
  readonly type?: DecomposeType;
  /**
   * Moving-average weights for the trend, applied centred (R `filter`, `sides = 2`: for an even length the
   * window reaches one step further forward than back). Default: the classical centred average of one period.
   */
  readonly filter?: ArrayLike<number>;
}

/** A successful {@link decompose}. Positions the moving average cannot reach are `NaN` (R's `NA`). */
export interface DecomposeResult {
  readonly status: 'ok';
  /** `'decompose-additive'` or `'decompose-multiplicative'`. */
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
  readonly type: DecomposeType;
  readonly period: number;
  /** Centred moving average; `NaN` for the first and last ⌊filter length / 2⌋-ish positions and around gaps. */
  readonly trend: readonly number[];
  /** `figure` repeated along the series (figure[0] belongs to series[0]). */
  readonly seasonal: readonly number[];
  /** Remainder; `NaN` wherever the trend or the observation is missing. */
  readonly random: readonly number[];
  /** Seasonal figure, one value per season position, summing to 0 (additive) or averaging 1 (multiplicative). */
  readonly figure: readonly number[];
  /** The moving-average weights used. */
  readonly filter: readonly number[];
}

/**
 * Mean as R computes it (`mean.default`, src/main/summary.c): the sum divided by n, plus a second pass adding
 * the mean residual, which keeps the last bits in line with R's long-double accumulation.
 *
 * @param values the values (no missing-value handling: a NaN gives NaN).
 * @param count how many leading values to average (default all).
 * @returns the mean; NaN for count 0.
 * @example
 * rMean([1, 2, 3, 4])
 * // => 2.5
 */
export function rMean(values: ArrayLike<number>, count = values.length): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i] as number;
  const first = sum / count;
  if (!Number.isFinite(first)) return first;
  let residual = 0;
  for (let i = 0; i < count; i++) residual += (values[i] as number) - first;
  return first + residual / count;
}

/**
 * Centred convolution filter, R's `filter(x, weights, method = "convolution", sides = 2)` (src/library/stats/
 * src/filter.c): out[i] = Σ_j w[j] · x[i + ⌊nf/2⌋ − j].
 *
 * @param x the series; NaN is missing.
 * @param weights filter weights w[0..nf).
 * @returns the filtered series, `NaN` where the window leaves the series or touches a missing value.
 * @example
 * Array.from(centredFilter([1, 2, 4, 8, 16], [0.5, 0.5]))
 * // => [1.5, 3, 6, 12, NaN]
 */
export function centredFilter(x: ArrayLike<number>, weights: ArrayLike<number>): Float64Array {
  const nx = x.length;
  const nf = weights.length;
  const shift = Math.floor(nf / 2);
  const out = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    if (i + shift - (nf - 1) < 0 || i + shift >= nx) {
      out[i] = Number.NaN;
      continue;
    }
    let z = 0;
    for (let j = 0; j < nf; j++) {
      const v = x[i + shift - j] as number;
      if (Number.isNaN(v)) {
        z = Number.NaN;
        break;
      }
      z += (weights[j] as number) * v;
    }
    out[i] = z;
  }
  return out;
}

/**
 * Weights of the classical centred moving average of one period, R's default `decompose` filter: for an even
 * period the 2×m average `c(0.5, rep(1, m − 1), 0.5) / m`, for an odd period `rep(1, m) / m`.
 *
 * @param period observations per cycle (integer ≥ 1; not checked).
 * @returns period + 1 weights (even period) or period weights (odd).
 * @example
 * seasonalFilterWeights(4)
 * // => [0.125, 0.25, 0.25, 0.25, 0.125]
 */
export function seasonalFilterWeights(period: number): number[] {
  if (period % 2 === 0) {
    const w = new Array<number>(period + 1).fill(1 / period);
    // R builds c(0.5, rep(1, f - 1), 0.5) / f: the end weights are 0.5 / f, not (1 / f) / 2 rounded differently.
    w[0] = 0.5 / period;
    w[period] = 0.5 / period;
    return w;
  }
  return new Array<number>(period).fill(1 / period);
}

function toMissingAsNaN(series: ArrayLike<number | null>): Float64Array {
  const out = new Float64Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    out[i] = v === null || v === undefined ? Number.NaN : v;
  }
  return out;
}

/**
 * Splits a seasonal series into trend, seasonal figure and remainder by moving averages, as R's `decompose`.
 *
 * Method: R 4.2 `stats::decompose` (centred moving average with half weights at the ends for even periods;
 * figure = mean detrended value per season position, centred). Reference: M. Kendall & A. Stuart (1983), *The
 * Advanced Theory of Statistics* vol. 3, pp. 410–414. Missing values (NaN or null) are allowed: they make every
 * moving average whose window touches them `NaN` and are skipped in the figure means (as `na.rm = TRUE`).
 * R accepts them only at the ends (it stops on internal NAs); here internal gaps are handled the same way, with
 * a warning. Positions R reports as `NA` are `NaN` here.
 *
 * @param series observations in time order, equally spaced; series[0] is season position 0.
 * @param options `period` (observations per cycle, integer ≥ 2), `type`, optional `filter` weights.
 * @returns trend, seasonal, random (same length as the series), figure (length `period`); `insufficient` when
 *   fewer than 2·period values are present, or a season position has no detrended value, or the figure is not
 *   finite (e.g. a multiplicative decomposition of a series whose trend is 0).
 * @throws {RangeError} when period is not an integer ≥ 2, or filter is empty, longer than the series, or not
 *   finite.
 * @example
 * decompose([1, 3, 2, 4, 3, 5, 4, 6], { period: 2 }).figure
 * // => [-0.75, 0.75]
 */
export function decompose(
  series: ArrayLike<number | null>,
  options: DecomposeOptions,
): DecomposeResult | InsufficientResult {
  const { period } = options;
  const type = options.type ?? 'additive';
  if (!Number.isInteger(period) || period < 2) {
    throw new RangeError(`decompose: period must be an integer >= 2, got period = ${period}`);
  }
  if (type !== 'additive' && type !== 'multiplicative') {
    throw new RangeError(`decompose: type must be 'additive' or 'multiplicative', got ${String(type)}`);
  }
  const method = `decompose-${type}`;
  const x = toMissingAsNaN(series);
  const n = x.length;
  let present = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i] as number)) present++;
  if (present < 2 * period) {
    return insufficient(
      method,
      `decompose: needs at least 2 periods (${2 * period} values) present, got ${present} of ${n}`,
    );
  }
  const weights = options.filter === undefined ? seasonalFilterWeights(period) : Array.from(options.filter);
  if (weights.length === 0 || weights.length > n || !weights.every(Number.isFinite)) {
    throw new RangeError(
      `decompose: filter must hold 1..${n} finite weights (no longer than the series), got ${weights.length}`,
    );
  }

  const trend = centredFilter(x, weights);
  const additive = type === 'additive';
  const detrended = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    detrended[i] = additive ? (x[i] as number) - (trend[i] as number) : (x[i] as number) / (trend[i] as number);
  }

  const figure = new Float64Array(period);
  const bucket = new Float64Array(Math.ceil(n / period));
  for (let p = 0; p < period; p++) {
    let count = 0;
    for (let i = p; i < n; i += period) {
      const v = detrended[i] as number;
      if (!Number.isNaN(v)) bucket[count++] = v;
    }
    if (count === 0) {
      return insufficient(method, `decompose: season position ${p} has no detrended value (all missing)`);
    }
    figure[p] = rMean(bucket, count);
  }
  const centre = rMean(figure);
  for (let p = 0; p < period; p++) {
    figure[p] = additive ? (figure[p] as number) - centre : (figure[p] as number) / centre;
  }
  if (!figure.every(Number.isFinite)) {
    return insufficient(method, `decompose: the seasonal figure is not finite (a trend value of 0 or overflow)`);
  }

  const seasonal = new Array<number>(n);
  const random = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const s = figure[i % period] as number;
    seasonal[i] = s;
    random[i] = additive
      ? (x[i] as number) - s - (trend[i] as number)
      : (x[i] as number) / s / (trend[i] as number);
  }
  const warnings: AnalysisWarning[] = [];
  if (present < n) {
    warnings.push({
      code: DECOMPOSE_WARNINGS.missingValues,
      message: `decompose: ${n - present} of ${n} values are missing; moving averages touching them are NaN`,
    });
  }
  return {
    status: 'ok',
    method,
    warnings,
    type,
    period,
    trend: Array.from(trend),
    seasonal,
    random,
    figure: Array.from(figure),
    filter: weights,
  };
}
