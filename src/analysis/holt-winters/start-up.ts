/**
 * Stage 1 of Holt-Winters: start values, exactly as R's `HoltWinters` chooses them.
 *
 * - Seasonal: decompose the first `startPeriods · period` observations (R `start.periods = 2`) with the
 *   model's seasonal type; regress the non-missing moving-average trend on 1, 2, …, m: the intercept is the
 *   start level (`l.start`), the slope the start trend (`b.start`); the decomposition's figure is the start
 *   season (`s.start`). Forecasting starts at observation period + 1 (R `start.time = f + 1`).
 * - Non-seasonal with trend (Holt): level x₂, trend x₂ − x₁, forecasting from observation 3.
 * - Simple exponential smoothing: level x₁, forecasting from observation 2.
 */
import { decompose } from '../decompose.js';

/** Start values and where forecasting begins (0-based). */
export interface StartValues {
  readonly startIndex: number;
  readonly level0: number;
  readonly trend0: number;
  readonly season0: Float64Array;
}

/** The start-up choices a model needs. */
export interface StartSpec {
  readonly period: number;
  readonly multiplicative: boolean;
  readonly doTrend: boolean;
  readonly doSeason: boolean;
  readonly startPeriods: number;
}

/**
 * Start values for series `x`, or a reason string when the first periods cannot be decomposed (callers have
 * already checked the length). Ordinary least squares in centred form gives R's `.lm.fit` coefficients up to
 * rounding.
 */
export function startValues(x: Float64Array, spec: StartSpec): StartValues | string {
  if (!spec.doSeason) {
    const expSmooth = !spec.doTrend;
    return {
      startIndex: expSmooth ? 1 : 2,
      level0: expSmooth ? (x[0] as number) : (x[1] as number),
      trend0: spec.doTrend ? (x[1] as number) - (x[0] as number) : 0,
      season0: new Float64Array(0),
    };
  }
  const { period } = spec;
  const window = x.subarray(0, spec.startPeriods * period);
  const parts = decompose(window, { period, type: spec.multiplicative ? 'multiplicative' : 'additive' });
  if (parts.status !== 'ok') return parts.reason;
  const trend = parts.trend.filter((v) => !Number.isNaN(v));
  const m = trend.length;
  // Regression of the trend on t = 1..m (R: .lm.fit(cbind(1, seq_along(dat)), dat)).
  const tMean = (m + 1) / 2;
  let yMean = 0;
  for (let i = 0; i < m; i++) yMean += trend[i] as number;
  yMean /= m;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < m; i++) {
    const dt = i + 1 - tMean;
    sxy += dt * ((trend[i] as number) - yMean);
    sxx += dt * dt;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return {
    startIndex: period,
    level0: yMean - slope * tMean,
    trend0: slope,
    season0: Float64Array.from(parts.figure),
  };
}
