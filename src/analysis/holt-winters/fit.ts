/**
 * Stage 4 of Holt-Winters: validate, run start-up and optimiser, and assemble the model from the final
 * recursion on the original data (R `HoltWinters`).
 */
import { type AnalysisWarning, type InsufficientResult, insufficient } from '../result.js';
import {
  HOLT_WINTERS_WARNINGS,
  type HoltWintersModel,
  type HoltWintersOptions,
  type HoltWintersSeasonal,
} from './model.js';
import { fitParameters } from './optimiser.js';
import { type RecursionSpec, recursionFilter } from './recursion.js';
import { type StartSpec, startValues } from './start-up.js';

function checkUnit(name: string, value: number | undefined, allowZero: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(allowZero ? value >= 0 : value > 0) || !(value <= 1)) {
    throw new RangeError(
      `holtWinters: ${name} must be a number in ${allowZero ? '[0, 1]' : '(0, 1]'}, got ${name} = ${String(value)}`,
    );
  }
}

/** Power of two bringing the largest |x| into [1, 2): scaling by it is exact, so the optimiser sees the same
 * surface (times 4^k) without overflow or underflow whatever the units. */
function exactScale(x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] as number));
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const e = Math.floor(Math.log2(max));
  return 2 ** -Math.max(-1020, Math.min(1020, e));
}

function methodName(seasonal: HoltWintersSeasonal | 'none', doTrend: boolean): string {
  if (seasonal === 'none') return doTrend ? 'holt' : 'exponential-smoothing';
  return `holt-winters-${seasonal}${doTrend ? '' : '-no-trend'}`;
}

/**
 * Fits a Holt-Winters exponential smoothing model exactly as R's `HoltWinters` (additive or multiplicative
 * season, optional trend and season), fitting the parameters not given by minimising the one-step SSE.
 *
 * Method: Holt (1957), Winters (1960); R 4.2 `stats::HoltWinters`: start values from `decompose` of the first
 * two periods (level/trend = intercept/slope of a regression on the moving-average trend, season = the
 * figure), or x₂ and x₂ − x₁ (Holt), or x₁ (simple smoothing); SSE summed from observation period + 1 (3 for
 * Holt, 2 for simple smoothing). Free parameters are fitted over [0, 1] by box-constrained Levenberg-Marquardt
 * with exact gradients, multi-started from R's (0.3, 0.1, 0.1) and a coarse grid (see optimiser.ts): in ~7,900
 * comparisons with R's finite-difference L-BFGS-B the SSE reached was never above R's by more than 6e-12
 * (relative), often below; the parameters themselves can differ where the SSE is flat. Missing or non-finite
 * values make the data insufficient (R's recursion cannot skip them either). A constant series is fitted
 * exactly by any parameters: the free ones are left at R's starting values, with a warning.
 *
 * @param series observations in time order, equally spaced; series[0] is season position 0.
 * @param options period, seasonal type, which components, fixed parameters (see {@link HoltWintersOptions}).
 * @returns the model, or `insufficient` when values are missing, there are fewer than
 *   max(startPeriods · period, period + 2) observations (seasonal), fewer than 4 (Holt) or 3 (simple
 *   smoothing), a multiplicative series contains 0, or the fit diverges (non-finite SSE).
 * @throws {RangeError} for a period that is not an integer ≥ 2 when a season is modelled, alpha outside (0, 1],
 *   beta or gamma outside [0, 1], beta/gamma given for an absent component, or an unknown seasonal type.
 * @example
 * const m = holtWinters([1, 2, 3, 4, 5, 6], { season: false, alpha: 0.5, beta: 0.5 });
 * m.status === 'ok' && m.coefficients
 * // => { level: 6, trend: 1, season: [] }
 */
export function holtWinters(
  series: ArrayLike<number | null>,
  options: HoltWintersOptions = {},
): HoltWintersModel | InsufficientResult {
  const seasonalOption = options.seasonal ?? 'additive';
  if (seasonalOption !== 'additive' && seasonalOption !== 'multiplicative') {
    throw new RangeError(`holtWinters: seasonal must be 'additive' or 'multiplicative', got ${String(seasonalOption)}`);
  }
  const doTrend = options.trend ?? true;
  const doSeason = options.season ?? true;
  checkUnit('alpha', options.alpha, false);
  checkUnit('beta', options.beta, true);
  checkUnit('gamma', options.gamma, true);
  if (!doTrend && options.beta !== undefined) {
    throw new RangeError(`holtWinters: beta was given (${options.beta}) but trend is false`);
  }
  if (!doSeason && options.gamma !== undefined) {
    throw new RangeError(`holtWinters: gamma was given (${options.gamma}) but season is false`);
  }
  const startPeriods = options.startPeriods ?? 2;
  if (!Number.isInteger(startPeriods) || startPeriods < 2) {
    throw new RangeError(`holtWinters: startPeriods must be an integer >= 2, got ${startPeriods}`);
  }
  let period = 1;
  if (doSeason) {
    period = options.period ?? Number.NaN;
    if (!Number.isInteger(period) || period < 2) {
      throw new RangeError(
        `holtWinters: period must be an integer >= 2 for a seasonal model, got period = ${String(options.period)}`,
      );
    }
  }
  const seasonal: HoltWintersSeasonal | 'none' = doSeason ? seasonalOption : 'none';
  const multiplicative = seasonal === 'multiplicative';
  const method = methodName(seasonal, doTrend);

  const n = series.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = series[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      return insufficient(
        method,
        `holtWinters: value ${i} is missing or not finite (${String(v)}); the recursion cannot skip it`,
      );
    }
    x[i] = v;
  }
  const needed = doSeason ? Math.max(startPeriods * period, period + 2) : doTrend ? 4 : 3;
  if (n < needed) {
    return insufficient(method, `holtWinters: needs at least ${needed} observations for this model, got ${n}`);
  }
  if (multiplicative && (options.gamma === undefined || options.gamma > 0) && x.includes(0)) {
    return insufficient(method, 'holtWinters: a multiplicative season needs non-zero data, got a 0');
  }

  const startSpec: StartSpec = { period, multiplicative, doTrend, doSeason, startPeriods };
  const start = startValues(x, startSpec);
  if (typeof start === 'string') return insufficient(method, start);
  const spec: RecursionSpec = { x, period, multiplicative, doTrend, doSeason, ...start };

  const fixed: [number | undefined, number | undefined, number | undefined] = [
    options.alpha,
    doTrend ? options.beta : 0,
    doSeason ? options.gamma : 0,
  ];
  const warnings: AnalysisWarning[] = [];
  let alpha = fixed[0] ?? 0.3;
  let beta = fixed[1] ?? 0.1;
  let gamma = fixed[2] ?? 0.1;
  let evaluations = 0;
  const anyFree = fixed.some((v) => v === undefined);
  let constant = true;
  for (let i = 1; i < n; i++) if (x[i] !== x[0]) constant = false;
  if (constant) {
    warnings.push({
      code: HOLT_WINTERS_WARNINGS.constantSeries,
      message: 'holtWinters: the series is constant; every parameter value fits it exactly (SSE 0)',
    });
  }
  if (anyFree && !constant) {
    const scale = exactScale(x);
    const scaledX = x.map((v) => v * scale);
    const scaledStart = startValues(scaledX, startSpec);
    if (typeof scaledStart === 'string') return insufficient(method, scaledStart);
    const fit = fitParameters({ x: scaledX, period, multiplicative, doTrend, doSeason, ...scaledStart }, { fixed });
    alpha = fit.alpha;
    beta = fit.beta;
    gamma = fit.gamma;
    evaluations = fit.evaluations;
    if (!Number.isFinite(fit.sse)) {
      return insufficient(method, 'holtWinters: the recursion diverged (non-finite SSE) for every parameter tried');
    }
    if (!fit.converged) {
      warnings.push({
        code: HOLT_WINTERS_WARNINGS.notConverged,
        message: `holtWinters: the parameter search stopped at its iteration limit (${evaluations} evaluations)`,
      });
    }
  }

  const run = recursionFilter(spec, alpha, beta, gamma);
  if (Number.isNaN(run.sse)) {
    return insufficient(method, 'holtWinters: the recursion diverged (NaN SSE) with these parameters');
  }
  if (run.sse === Number.POSITIVE_INFINITY) {
    warnings.push({
      code: HOLT_WINTERS_WARNINGS.sseOverflow,
      message: 'holtWinters: the SSE overflows double precision on the data scale; parameters were fitted on a rescaled copy',
    });
  }
  const len = n - start.startIndex;
  const fitted = new Array<number>(len);
  const residuals = new Array<number>(len);
  const level = new Array<number>(len);
  const trend = doTrend ? new Array<number>(len) : null;
  const season = doSeason ? new Array<number>(len) : null;
  for (let t = 0; t < len; t++) {
    const l = run.level[t] as number;
    const b = run.trend[t] as number;
    let xhat = doTrend ? l + b : l;
    if (season) {
      const s = run.season[t] as number;
      season[t] = s;
      xhat = multiplicative ? xhat * s : xhat + s;
    }
    if (trend) trend[t] = b;
    level[t] = l;
    fitted[t] = xhat;
    residuals[t] = (x[start.startIndex + t] as number) - xhat;
  }
  return {
    status: 'ok',
    method,
    warnings,
    seasonal,
    period,
    alpha,
    beta: doTrend ? beta : null,
    gamma: doSeason ? gamma : null,
    estimated: {
      alpha: options.alpha === undefined,
      beta: doTrend && options.beta === undefined,
      gamma: doSeason && options.gamma === undefined,
    },
    sse: run.sse,
    startIndex: start.startIndex,
    fitted,
    residuals,
    level,
    trend,
    season,
    coefficients: {
      level: run.level[len] as number,
      trend: doTrend ? (run.trend[len] as number) : null,
      season: doSeason ? Array.from(run.season.subarray(len, len + period)) : [],
    },
    start: {
      level: start.level0,
      trend: doTrend ? start.trend0 : null,
      season: Array.from(start.season0),
    },
    seriesLength: n,
    evaluations,
  };
}
