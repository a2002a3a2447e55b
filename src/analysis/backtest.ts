/**
 * Rolling-origin evaluation of a forecaster beside the seasonal-naive baseline.
 *
 * Stages: for each origin T (training = series[0..T), the last origin at n − horizon, earlier ones `step`
 * apart) → refit and forecast `horizon` steps (the forecaster) and the seasonal-naive baseline → errors against
 * series[T..T+horizon) → MAE, RMSE, MAPE, MASE and interval coverage per origin, per step ahead and pooled.
 */
import { type HoltWintersOptions, forecast, holtWinters } from './holt-winters/index.js';
import { normalQuantile } from './distributions/index.js';
import { type AnalysisWarning, type InsufficientResult, insufficient } from './result.js';

/** Warning codes of {@link backtest}. */
export const BACKTEST_WARNINGS = {
  /** MAPE skipped actual values equal to 0 (the percentage error is undefined there). */
  mapeZeroActuals: 'mape-zero-actuals-skipped',
  /** Some actual values were missing (NaN/null): those errors are left out of every metric. */
  missingActuals: 'missing-actuals',
  /** The forecaster returned `insufficient` at some origins: they are left out of the model's metrics. */
  originSkipped: 'origin-skipped',
  /** The in-sample seasonal-naive MAE was 0 at some origins (a training set that repeats exactly): no MASE there. */
  maseScaleZero: 'mase-scale-zero',
} as const;

/** What a forecaster returns: `horizon` (or more) point forecasts and, optionally, interval bounds. */
export interface ForecastPoints {
  readonly mean: ArrayLike<number>;
  readonly lower?: ArrayLike<number>;
  readonly upper?: ArrayLike<number>;
}

/** What a forecaster is told besides the training data. */
export interface ForecasterContext {
  /** Steps to forecast. */
  readonly horizon: number;
  /** Interval coverage asked for, in (0, 1). */
  readonly level: number;
  /** Season length given to the backtest (1 when none). */
  readonly period: number;
}

/** Fits a model to `train` (oldest first) and forecasts; `insufficient` skips the origin. */
export type Forecaster = (
  train: Float64Array,
  context: ForecasterContext,
) => ForecastPoints | InsufficientResult;

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /** Steps ahead forecast at each origin, integer ≥ 1. */
  readonly horizon: number;
  /** Number of forecast origins, integer ≥ 1. */
  readonly origins: number;
  /** Observations between consecutive origins, integer ≥ 1 (default 1). */
  readonly step?: number;
  /** Smallest training set allowed at the first origin (default period + 1, the least the baseline needs). */
  readonly minTrain?: number;
  /** Season length for the seasonal-naive baseline and the MASE scale (default 1: the naive forecast). */
  readonly period?: number;
  /** Interval coverage in (0, 1) asked of the forecaster and the baseline (default 0.95). */
  readonly level?: number;
}

/** Accuracy over a set of errors. `null` where the metric is undefined. */
export interface AccuracyMetrics {
  /** Errors counted (actual present). */
  readonly count: number;
  /** Mean absolute error, in the series' units. */
  readonly mae: number | null;
  /** Root mean squared error, in the series' units. */
  readonly rmse: number | null;
  /** Mean absolute percentage error as a proportion (0.05 = 5 %), over non-zero actuals only. */
  readonly mape: number | null;
  /** Mean absolute scaled error: |error| / in-sample seasonal-naive MAE of the origin's training set. */
  readonly mase: number | null;
  /** Share of actuals inside [lower, upper]; `null` when the forecasts have no intervals. */
  readonly coverage: number | null;
}

/** One forecast at one origin. */
export interface OriginForecast {
  readonly mean: readonly number[];
  readonly lower: readonly number[] | null;
  readonly upper: readonly number[] | null;
  readonly metrics: AccuracyMetrics;
}

/** One forecast origin. */
export interface BacktestOrigin {
  /** Training length T: the forecasts are for series[T..T+horizon). */
  readonly trainLength: number;
  readonly actual: readonly number[];
  /** In-sample seasonal-naive MAE of series[0..T) (the MASE denominator); NaN when it cannot be computed. */
  readonly scale: number;
  /** `null` when the forecaster returned `insufficient` here. */
  readonly model: OriginForecast | null;
  readonly seasonalNaive: OriginForecast;
}

/** A successful {@link backtest}. */
export interface BacktestResult {
  readonly status: 'ok';
  /** `'rolling-origin'`. */
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
  readonly horizon: number;
  readonly period: number;
  readonly level: number;
  readonly origins: readonly BacktestOrigin[];
  /** Pooled over every origin and step. */
  readonly overall: { readonly model: AccuracyMetrics; readonly seasonalNaive: AccuracyMetrics };
  /** Pooled over origins, one entry per step ahead 1..horizon. */
  readonly byHorizon: { readonly model: readonly AccuracyMetrics[]; readonly seasonalNaive: readonly AccuracyMetrics[] };
}

/** Running sums for one set of errors. */
interface Accumulator {
  count: number;
  absSum: number;
  sqSum: number;
  apeSum: number;
  apeCount: number;
  scaledSum: number;
  scaledCount: number;
  covered: number;
  intervalCount: number;
}

function accumulator(): Accumulator {
  return { count: 0, absSum: 0, sqSum: 0, apeSum: 0, apeCount: 0, scaledSum: 0, scaledCount: 0, covered: 0, intervalCount: 0 };
}

function addError(acc: Accumulator, actual: number, mean: number, lower: number, upper: number, scale: number): void {
  const err = actual - mean;
  const abs = Math.abs(err);
  acc.count++;
  acc.absSum += abs;
  acc.sqSum += err * err;
  if (actual !== 0) {
    acc.apeSum += abs / Math.abs(actual);
    acc.apeCount++;
  }
  if (scale > 0) {
    acc.scaledSum += abs / scale;
    acc.scaledCount++;
  }
  if (!Number.isNaN(lower) && !Number.isNaN(upper)) {
    acc.intervalCount++;
    if (actual >= lower && actual <= upper) acc.covered++;
  }
}

function metricsOf(acc: Accumulator): AccuracyMetrics {
  const c = acc.count;
  return {
    count: c,
    mae: c > 0 ? acc.absSum / c : null,
    rmse: c > 0 ? Math.sqrt(acc.sqSum / c) : null,
    mape: acc.apeCount > 0 ? acc.apeSum / acc.apeCount : null,
    mase: acc.scaledCount > 0 ? acc.scaledSum / acc.scaledCount : null,
    coverage: acc.intervalCount > 0 ? acc.covered / acc.intervalCount : null,
  };
}

/**
 * In-sample seasonal-naive MAE of x[0..T): mean of |x_t − x_{t−m}| over pairs with both present (Hyndman &
 * Koehler 2006, the MASE denominator).
 */
function seasonalNaiveScale(x: Float64Array, trainLength: number, m: number): number {
  let sum = 0;
  let count = 0;
  for (let t = m; t < trainLength; t++) {
    const d = (x[t] as number) - (x[t - m] as number);
    if (!Number.isNaN(d)) {
      sum += Math.abs(d);
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}

/**
 * Seasonal-naive forecast with normal prediction intervals: the baseline of {@link backtest}.
 *
 * Method: R `forecast::snaive` (forecast 8.20, `lagwalk` / `forecast.lagwalk`; Hyndman & Athanasopoulos, FPP3
 * §5.2 and §5.5): ŷ_{T+h} = y_{T+h−m(k+1)} with k = ⌊(h − 1)/m⌋; a missing value takes the value one season
 * earlier; σ² = mean of squared in-sample seasonal differences; the h-step standard error is σ·√(k + 1);
 * interval ŷ ± Φ⁻¹(0.5 + level/2)·se.
 *
 * @param train observations, oldest first (NaN missing); needs more than `period` of them.
 * @param horizon steps ahead (integer ≥ 1; not checked).
 * @param period season length m (1: the naive forecast).
 * @param level interval coverage in (0, 1).
 * @returns mean, lower and upper, one value per step.
 * @example
 * seasonalNaiveForecast([1, 2, 3, 5, 4, 6], 3, 2, 0.95).mean
 * // => [4, 6, 4]
 */
export function seasonalNaiveForecast(
  train: ArrayLike<number>,
  horizon: number,
  period: number,
  level: number,
): { readonly mean: number[]; readonly lower: number[]; readonly upper: number[] } {
  const n = train.length;
  const filled = Float64Array.from(train);
  for (let i = period; i < n; i++) if (Number.isNaN(filled[i] as number)) filled[i] = filled[i - period] as number;
  let ss = 0;
  let count = 0;
  for (let t = period; t < n; t++) {
    const r = (train[t] as number) - (filled[t - period] as number);
    if (!Number.isNaN(r)) {
      ss += r * r;
      count++;
    }
  }
  const sigma = Math.sqrt(ss / count);
  const z = normalQuantile(0.5 + level / 2);
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const fc = filled[n - period + ((h - 1) % period)] as number;
    const se = sigma * Math.sqrt(Math.floor((h - 1) / period) + 1);
    mean.push(fc);
    lower.push(fc - z * se);
    upper.push(fc + z * se);
  }
  return { mean, lower, upper };
}

function checkInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new RangeError(`backtest: ${name} must be an integer >= ${min}, got ${name} = ${String(value)}`);
  }
}

function readPoints(name: string, values: ArrayLike<number> | undefined, horizon: number): number[] | null {
  if (values === undefined) return null;
  if (values.length < horizon) {
    throw new TypeError(`backtest: the forecaster returned ${values.length} ${name} values, expected horizon = ${horizon}`);
  }
  return Array.from({ length: horizon }, (_, i) => values[i] as number);
}

/**
 * Rolling-origin (time-series cross-validation) evaluation of a forecaster, with the seasonal-naive baseline's
 * accuracy beside it.
 *
 * Method: Tashman (2000), "Out-of-sample tests of forecasting accuracy", IJF 16; Hyndman & Athanasopoulos,
 * *Forecasting: Principles and Practice* (3rd ed.) §5.10. At each origin T the forecaster is refitted on
 * series[0..T) and forecasts `horizon` steps. MAE, RMSE; MAPE as a proportion over non-zero actuals (zeros are
 * skipped and a warning says how many); MASE = |error| / the in-sample seasonal-naive MAE of the same training
 * set (Hyndman & Koehler 2006, IJF 22); coverage = share of actuals within [lower, upper] (bounds inclusive).
 * Pooled metrics average over all (origin, step) errors. Missing actuals (NaN/null) are left out of every
 * metric; the training data are passed to the forecaster as they are (NaN for missing).
 *
 * @param series observations in time order, equally spaced.
 * @param forecaster `(train, { horizon, level, period }) => { mean, lower?, upper? }` or `insufficient`;
 *   see {@link holtWintersForecaster}.
 * @param options horizon (steps), origins (count), step, minTrain (observations), period (season length for the
 *   baseline and MASE), level (interval coverage).
 * @returns per-origin forecasts and metrics, per-step and pooled metrics for model and baseline; `insufficient`
 *   when the first origin would have fewer than minTrain observations or the forecaster fails at every origin.
 * @throws {RangeError} for non-integer or too small horizon/origins/step/period/minTrain, or level outside (0, 1).
 * @throws {TypeError} when the forecaster returns fewer than `horizon` values.
 * @example
 * const last: Forecaster = (train, { horizon }) => ({ mean: new Array(horizon).fill(train[train.length - 1]) });
 * const r = backtest([1, 2, 3, 4, 5, 6, 7, 8], last, { horizon: 1, origins: 3 });
 * r.status === 'ok' && r.overall.model
 * // => { count: 3, mae: 1, rmse: 1, mape: 0.1448…, mase: 1, coverage: null }
 */
export function backtest(
  series: ArrayLike<number | null>,
  forecaster: Forecaster,
  options: BacktestOptions,
): BacktestResult | InsufficientResult {
  const method = 'rolling-origin';
  const { horizon, origins } = options;
  const step = options.step ?? 1;
  const period = options.period ?? 1;
  const level = options.level ?? 0.95;
  checkInteger('horizon', horizon, 1);
  checkInteger('origins', origins, 1);
  checkInteger('step', step, 1);
  checkInteger('period', period, 1);
  const minTrain = options.minTrain ?? period + 1;
  checkInteger('minTrain', minTrain, period + 1);
  if (!(level > 0 && level < 1)) throw new RangeError(`backtest: level must be in (0, 1), got level = ${level}`);
  if (typeof forecaster !== 'function') throw new TypeError('backtest: forecaster must be a function');

  const n = series.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = series[i];
    x[i] = v === null || v === undefined ? Number.NaN : v;
  }
  const firstTrain = n - horizon - (origins - 1) * step;
  if (firstTrain < minTrain) {
    const needed = minTrain + horizon + (origins - 1) * step;
    return insufficient(
      method,
      `backtest: ${origins} origins ${step} apart with horizon ${horizon} need at least ${needed} observations ` +
        `(minTrain = ${minTrain}), got ${n}`,
    );
  }

  const context: ForecasterContext = { horizon, level, period };
  const modelAll = accumulator();
  const naiveAll = accumulator();
  const modelByH = Array.from({ length: horizon }, accumulator);
  const naiveByH = Array.from({ length: horizon }, accumulator);
  const results: BacktestOrigin[] = [];
  let skipped = 0;
  let zeroActuals = 0;
  let missingActuals = 0;
  let zeroScales = 0;
  for (let o = 0; o < origins; o++) {
    const trainLength = firstTrain + o * step;
    const train = x.slice(0, trainLength);
    const actual = Array.from(x.subarray(trainLength, trainLength + horizon));
    const scale = seasonalNaiveScale(x, trainLength, period);
    if (!(scale > 0)) zeroScales++;
    const naive = seasonalNaiveForecast(train, horizon, period, level);
    const out = forecaster(train, context);
    let model: OriginForecast | null = null;
    const modelAcc = accumulator();
    const naiveAcc = accumulator();
    let points: { mean: number[]; lower: number[] | null; upper: number[] | null } | null = null;
    if ('status' in out && out.status === 'insufficient') skipped++;
    else {
      const fp = out as ForecastPoints;
      const mean = readPoints('mean', fp.mean, horizon) as number[];
      points = { mean, lower: readPoints('lower', fp.lower, horizon), upper: readPoints('upper', fp.upper, horizon) };
    }
    for (let h = 0; h < horizon; h++) {
      const y = actual[h] as number;
      if (Number.isNaN(y)) {
        missingActuals++;
        continue;
      }
      if (y === 0) zeroActuals++;
      const nl = naive.lower[h] as number;
      const nu = naive.upper[h] as number;
      const nm = naive.mean[h] as number;
      addError(naiveAcc, y, nm, nl, nu, scale);
      addError(naiveAll, y, nm, nl, nu, scale);
      addError(naiveByH[h] as Accumulator, y, nm, nl, nu, scale);
      if (points) {
        const m = points.mean[h] as number;
        const lo = points.lower ? (points.lower[h] as number) : Number.NaN;
        const hi = points.upper ? (points.upper[h] as number) : Number.NaN;
        addError(modelAcc, y, m, lo, hi, scale);
        addError(modelAll, y, m, lo, hi, scale);
        addError(modelByH[h] as Accumulator, y, m, lo, hi, scale);
      }
    }
    if (points) model = { ...points, metrics: metricsOf(modelAcc) };
    results.push({
      trainLength,
      actual,
      scale,
      model,
      seasonalNaive: { mean: naive.mean, lower: naive.lower, upper: naive.upper, metrics: metricsOf(naiveAcc) },
    });
  }
  if (skipped === origins) {
    return insufficient(method, `backtest: the forecaster returned insufficient at all ${origins} origins`);
  }
  const warnings: AnalysisWarning[] = [];
  if (zeroActuals > 0) {
    warnings.push({
      code: BACKTEST_WARNINGS.mapeZeroActuals,
      message: `backtest: MAPE skips ${zeroActuals} forecast errors whose actual value is 0`,
    });
  }
  if (missingActuals > 0) {
    warnings.push({
      code: BACKTEST_WARNINGS.missingActuals,
      message: `backtest: ${missingActuals} actual values in the forecast windows are missing and not scored`,
    });
  }
  if (skipped > 0) {
    warnings.push({
      code: BACKTEST_WARNINGS.originSkipped,
      message: `backtest: the forecaster returned insufficient at ${skipped} of ${origins} origins`,
    });
  }
  if (zeroScales > 0) {
    warnings.push({
      code: BACKTEST_WARNINGS.maseScaleZero,
      message: `backtest: the in-sample seasonal-naive MAE is 0 or undefined at ${zeroScales} origins; MASE leaves them out`,
    });
  }
  return {
    status: 'ok',
    method,
    warnings,
    horizon,
    period,
    level,
    origins: results,
    overall: { model: metricsOf(modelAll), seasonalNaive: metricsOf(naiveAll) },
    byHorizon: { model: modelByH.map(metricsOf), seasonalNaive: naiveByH.map(metricsOf) },
  };
}

/**
 * Wraps {@link holtWinters} + {@link forecast} as a {@link Forecaster} that refits at every origin.
 *
 * @param options Holt-Winters options; `period` defaults to the backtest's period.
 * @returns a forecaster giving R `predict.HoltWinters` means and intervals at the backtest's level, or
 *   `insufficient` where the training set is too short for the model.
 * @example
 * const x = Array.from({ length: 48 }, (_, i) => 100 + i + 10 * Math.sin((2 * Math.PI * i) / 12));
 * const r = backtest(x, holtWintersForecaster({ alpha: 0.5, beta: 0.1, gamma: 0.3 }), { horizon: 3, origins: 6, period: 12 });
 * r.status === 'ok' && [r.overall.model.mase, r.overall.seasonalNaive.mase]
 * // => [0.00738…, 1]   (the seasonal-naive MASE is 1 when the series grows by one season's drift per season)
 */
export function holtWintersForecaster(options: HoltWintersOptions = {}): Forecaster {
  return (train, context) => {
    const usesSeason = options.season ?? true;
    const model = holtWinters(train, usesSeason ? { period: context.period, ...options } : options);
    return forecast(model, context.horizon, { level: context.level });
  };
}
