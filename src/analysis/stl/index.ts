/**
 * STL: Seasonal-Trend decomposition by Loess, exactly as R's `stats::stl` (Cleveland, Cleveland, McRae &
 * Terpenning 1990, "STL: A Seasonal-Trend Decomposition Procedure Based on Loess", J. Official Statistics 6:3–73).
 *
 * Stages (one file each):
 *   index.ts               options, R's defaults, checks; the outer loop; 'periodic' averaging; the result
 *   inner-loop.ts          one inner pass: detrend → cycle-subseries → low-pass → seasonal → trend
 *   cycle-subseries.ts     loess of each cycle-subseries, extended one period at each end
 *   low-pass.ts            moving averages period, period, 3 of the cycle-subseries
 *   loess.ts               the loess smoother with jumps and interpolation (used by the three smoothers)
 *   robustness-weights.ts  bisquare weights from 6 × the median absolute residual (outer loop)
 *   partial-sort.ts        R's partial quicksort that finds that median (reproduced, quirks included)
 */
import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { innerLoop, innerLoopWork, type StlKernelParameters } from './inner-loop.js';
import { robustnessWeights } from './robustness-weights.js';

/** Warning codes of {@link stl}. */
export const STL_WARNINGS = {
  /** A span was even or below 3 and was raised to the next odd number ≥ 3, as R's Fortran does silently. */
  spanAdjusted: 'stl-span-adjusted',
} as const;

/** Options of {@link stl}; names follow R's `stl` arguments (`s.window` → `sWindow`, …). */
export interface StlOptions {
  /** Observations per cycle (R's `frequency(x)`), an integer ≥ 2: 7 for daily data with a weekly cycle. */
  readonly period: number;
  /** Seasonal loess span in cycles (an integer ≥ 2), or `'periodic'` for a seasonal identical in every cycle. */
  readonly sWindow: number | 'periodic';
  /** Degree (0 or 1) of the seasonal loess; default 0 (forced to 0 when periodic). */
  readonly sDegree?: number;
  /** Trend loess span in observations; default nextodd(⌈1.5·period / (1 − 1.5 / sWindow)⌉). */
  readonly tWindow?: number;
  /** Degree (0 or 1) of the trend loess; default 1. */
  readonly tDegree?: number;
  /** Low-pass loess span in observations; default the smallest odd integer ≥ period. */
  readonly lWindow?: number;
  /** Degree (0 or 1) of the low-pass loess; default `tDegree`. */
  readonly lDegree?: number;
  /** Robust fitting: changes the defaults to inner = 1, outer = 15. Default false. */
  readonly robust?: boolean;
  /** Inner iterations per outer pass (≥ 1); default 1 if robust, else 2. */
  readonly inner?: number;
  /** Robustness (outer) iterations (≥ 0); default 15 if robust, else 0. */
  readonly outer?: number;
  /** Evaluate the seasonal loess every sJump points (≥ 1); default ⌈sWindow / 10⌉. */
  readonly sJump?: number;
  /** Evaluate the trend loess every tJump points; default ⌈tWindow / 10⌉. */
  readonly tJump?: number;
  /** Evaluate the low-pass loess every lJump points; default ⌈lWindow / 10⌉. */
  readonly lJump?: number;
}

/** The parameters actually used, as R reports them in `$win`, `$deg`, `$jump`, `$inner`, `$outer`. */
export interface StlParameters {
  readonly period: number;
  /** True when `sWindow: 'periodic'` was asked for. */
  readonly periodic: boolean;
  /** Seasonal span as given (10·n + 1 when periodic); the smoother uses the next odd number ≥ 3. */
  readonly sWindow: number;
  readonly sDegree: number;
  readonly tWindow: number;
  readonly tDegree: number;
  readonly lWindow: number;
  readonly lDegree: number;
  readonly sJump: number;
  readonly tJump: number;
  readonly lJump: number;
  readonly inner: number;
  readonly outer: number;
  readonly robust: boolean;
}

/** A successful decomposition: series = seasonal + trend + remainder. */
export interface StlResult {
  readonly status: 'ok';
  /** `'stl'`, `'stl-periodic'`, `'stl-robust'` or `'stl-periodic-robust'` (robust = outer iterations > 0). */
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
  readonly seasonal: readonly number[];
  readonly trend: readonly number[];
  readonly remainder: readonly number[];
  /** Final robustness weights in [0, 1] (all 1 without outer iterations), as R's `$weights`. */
  readonly weights: readonly number[];
  readonly parameters: StlParameters;
}

function checkInteger(name: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`stl: ${name} must be an integer ≥ ${min}, got ${name} = ${String(value)}`);
  }
  return value;
}

function checkDegree(name: string, value: number): number {
  if (value !== 0 && value !== 1) {
    throw new RangeError(`stl: ${name} must be 0 or 1, got ${name} = ${String(value)}`);
  }
  return value;
}

/** R's nextodd for integers: n if odd, else n + 1. */
function nextOdd(value: number): number {
  return value % 2 === 0 ? value + 1 : value;
}

/** The span the Fortran uses: at least 3 and odd. */
function kernelSpan(value: number): number {
  const span = Math.max(3, value);
  return span % 2 === 0 ? span + 1 : span;
}

/** Mean as R computes it: sum / n, then one correction pass with the residual sum. */
function cycleMean(values: Float64Array, start: number, step: number, n: number): number {
  let sum = 0;
  let count = 0;
  for (let i = start; i < n; i += step) {
    sum += values[i] as number;
    count++;
  }
  let mean = sum / count;
  let correction = 0;
  for (let i = start; i < n; i += step) correction += (values[i] as number) - mean;
  mean += correction / count;
  return mean;
}

/**
 * Decomposes a regular series into seasonal, trend and remainder by STL, reproducing R's `stats::stl`.
 *
 * Method: Cleveland et al. (1990), as implemented in R's `stl.f` (netlib stl, double precision by B. D. Ripley)
 * and `stl.R`, including R's defaults: tWindow = nextodd(⌈1.5·period/(1 − 1.5/sWindow)⌉), lWindow =
 * nextodd(period), lDegree = tDegree, jumps ⌈window/10⌉, inner = robust ? 1 : 2, outer = robust ? 15 : 0; spans
 * below 3 or even are raised to the next odd ≥ 3 (warning `stl-span-adjusted`). With `sWindow: 'periodic'` the
 * seasonal span is 10·n + 1 with degree 0, and afterwards each seasonal value is replaced by the mean of its
 * cycle position, as R does. The robustness weights reported are those of the last pass. The median absolute
 * residual behind them comes from R's own partial sort, which for an even n does not always return the exact
 * median (see partial-sort.ts); it is reproduced so robust fits match R. Every reference case (co2, nottem, a
 * daily weekly series; robust and not) is bit-identical to R 4.2.2.
 *
 * Stricter than R: windows, jumps and iteration counts must be integers (R truncates with as.integer), and
 * sWindow ≥ 2 (below that R's default trend window goes negative). period, the type of sWindow, inner and outer
 * are checked first; spans, degrees and jumps after the length test (as in R, whose defaults depend on n), so a
 * too-short series returns `insufficient` before an invalid span would throw.
 *
 * Missing values: R stops on NA (`na.fail`); here any NaN or ±Infinity makes the result `insufficient`
 * (fill or interpolate first, e.g. with `fillSeries`).
 *
 * @param series observations in time order, equally spaced, `period` per cycle (any unit).
 * @param options see {@link StlOptions}; `period` and `sWindow` are required.
 * @returns the components (same unit as `series`), the final robustness weights and the parameters used; or
 *   `insufficient` when n ≤ 2·period (R: "series is not periodic or has less than two periods") or a value is
 *   not finite.
 * @throws {RangeError} when period (integer ≥ 2), a span (integer; sWindow ≥ 2), a degree (0/1), a jump (≥ 1) or
 *   an iteration count (inner ≥ 1, outer ≥ 0) is invalid.
 * @throws {TypeError} when `series` is not array-like or `sWindow` is neither a number nor `'periodic'`.
 * @example
 * const y = Array.from({ length: 28 }, (_, i) => [1, 2, 3, 9, 3, 2, 1][i % 7]! + i / 10);
 * const r = stl(y, { period: 7, sWindow: 'periodic' });
 * // => r.seasonal.slice(0, 4) = [-2.0610374316934670, -1.0580335864547035, -0.0318391024425447, 6.0001145072377300]
 * //    r.trend[0] = 3.05238334073613, r.trend[27] = 5.64754564706784 (as R: stl(ts(y, frequency = 7), 'periodic'))
 */
export function stl(series: ArrayLike<number>, options: StlOptions): StlResult | InsufficientResult {
  if (series === null || typeof series !== 'object' || typeof series.length !== 'number') {
    throw new TypeError(`stl: series must be an array of numbers, got ${series === null ? 'null' : typeof series}`);
  }
  const period = checkInteger('period', options.period, 2);
  const periodic = options.sWindow === 'periodic';
  if (!periodic && typeof options.sWindow !== 'number') {
    throw new TypeError(`stl: sWindow must be a number or 'periodic', got ${JSON.stringify(options.sWindow)}`);
  }
  const robust = options.robust ?? false;
  const inner = checkInteger('inner', options.inner ?? (robust ? 1 : 2), 1);
  const outer = checkInteger('outer', options.outer ?? (robust ? 15 : 0), 0);
  const n = series.length;
  const methodName = `stl${periodic ? '-periodic' : ''}${outer > 0 ? '-robust' : ''}`;
  // checked before the defaults that depend on n, as R does
  if (n <= 2 * period) {
    return insufficient(methodName, `stl: needs more than two periods (n > 2 × ${period}), got n = ${n}`);
  }
  const sWindow = periodic ? 10 * n + 1 : checkInteger('sWindow', options.sWindow as number, 2);
  const sDegree = periodic ? 0 : checkDegree('sDegree', options.sDegree ?? 0);
  const tDegree = checkDegree('tDegree', options.tDegree ?? 1);
  const lDegree = checkDegree('lDegree', options.lDegree ?? tDegree);
  const tWindow = checkInteger('tWindow', options.tWindow ?? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow))), 1);
  const lWindow = checkInteger('lWindow', options.lWindow ?? nextOdd(period), 1);
  const sJump = checkInteger('sJump', options.sJump ?? Math.ceil(sWindow / 10), 1);
  const tJump = checkInteger('tJump', options.tJump ?? Math.ceil(tWindow / 10), 1);
  const lJump = checkInteger('lJump', options.lJump ?? Math.ceil(lWindow / 10), 1);

  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = series[i] as number;
    if (!Number.isFinite(v)) {
      return insufficient(methodName, `stl: series must have no missing or infinite values, got ${String(v)} at index ${i}`);
    }
    y[i] = v;
  }

  const warnings: AnalysisWarning[] = [];
  const spans = { sWindow, tWindow, lWindow };
  for (const [name, value] of Object.entries(spans)) {
    if (kernelSpan(value) !== value) {
      warnings.push({
        code: STL_WARNINGS.spanAdjusted,
        message: `stl: ${name} = ${value} was raised to the odd span ${kernelSpan(value)}, as R does`,
      });
    }
  }
  const kernel: StlKernelParameters = {
    period,
    seasonalSpan: kernelSpan(sWindow),
    trendSpan: kernelSpan(tWindow),
    lowPassSpan: kernelSpan(lWindow),
    seasonalDegree: sDegree,
    trendDegree: tDegree,
    lowPassDegree: lDegree,
    seasonalJump: sJump,
    trendJump: tJump,
    lowPassJump: lJump,
    innerIterations: inner,
  };

  const seasonal = new Float64Array(n);
  const trend = new Float64Array(n);
  const weights = new Float64Array(n);
  const fit = new Float64Array(n);
  const work = innerLoopWork(n, period);
  // outer loop: one unweighted pass, then `outer` passes each re-weighted from the previous fit
  innerLoop(y, n, kernel, false, weights, seasonal, trend, work);
  for (let k = 0; k < outer; k++) {
    for (let i = 0; i < n; i++) fit[i] = (trend[i] as number) + (seasonal[i] as number);
    robustnessWeights(y, fit, n, weights, work.averages);
    innerLoop(y, n, kernel, true, weights, seasonal, trend, work);
  }
  if (outer <= 0) weights.fill(1);

  if (periodic) {
    // R makes the seasonal exactly periodic: each value becomes the mean of its cycle position
    for (let c = 0; c < period && c < n; c++) {
      const mean = cycleMean(seasonal, c, period, n);
      for (let i = c; i < n; i += period) seasonal[i] = mean;
    }
  }
  const remainder = new Array<number>(n);
  for (let i = 0; i < n; i++) remainder[i] = (y[i] as number) - (seasonal[i] as number) - (trend[i] as number);

  return {
    status: 'ok',
    method: methodName,
    warnings,
    seasonal: Array.from(seasonal),
    trend: Array.from(trend),
    remainder,
    weights: Array.from(weights),
    parameters: {
      period, periodic, sWindow, sDegree, tWindow, tDegree, lWindow, lDegree, sJump, tJump, lJump, inner, outer, robust,
    },
  };
}
