/**
 * The shapes shared by the Holt-Winters stages: options, the fitted model and the forecast.
 */
import type { AnalysisWarning } from '../result.js';

/** How the season combines with level and trend. */
export type HoltWintersSeasonal = 'additive' | 'multiplicative';

/** Warning codes of {@link holtWinters} and {@link forecast}. */
export const HOLT_WINTERS_WARNINGS = {
  /** Every observation is equal: any parameters give the same fit; the starting values are returned. */
  constantSeries: 'constant-series',
  /** The local search hit its iteration limit before its convergence test. */
  notConverged: 'optimiser-not-converged',
  /** The SSE overflowed to Infinity on the original scale (values beyond ~1e154). */
  sseOverflow: 'sse-overflow',
  /**
   * Multiplicative prediction intervals use R's `predict.HoltWinters` formula, a rough approximation that
   * indexes the coefficient vector c(a, b, s₁…s_f) so that it divides by the trend coefficient b (or reads past
   * the end, giving NaN, without trend) at some horizons; kept for agreement with R.
   */
  multiplicativeIntervals: 'multiplicative-intervals-approximate',
} as const;

/** Options of {@link holtWinters}. Parameters given are held fixed; those omitted are fitted. */
export interface HoltWintersOptions {
  /** Observations per seasonal cycle (R `frequency(x)`), integer ≥ 2; required when the model has a season. */
  readonly period?: number;
  /** Default `'additive'` (R's default). Irrelevant without a season. */
  readonly seasonal?: HoltWintersSeasonal;
  /** Include a trend component (default true; false is R `beta = FALSE`). */
  readonly trend?: boolean;
  /** Include a seasonal component (default true; false is R `gamma = FALSE`). */
  readonly season?: boolean;
  /** Level smoothing in (0, 1]; fitted when omitted. */
  readonly alpha?: number;
  /** Trend smoothing in [0, 1]; fitted when omitted (only with a trend). */
  readonly beta?: number;
  /** Season smoothing in [0, 1]; fitted when omitted (only with a season). */
  readonly gamma?: number;
  /** Periods decomposed for the seasonal start values (R `start.periods`), integer ≥ 2, default 2. */
  readonly startPeriods?: number;
}

/** Level, trend and season values at one time: start values or the final coefficients. */
export interface HoltWintersState {
  readonly level: number;
  /** `null` without a trend component. */
  readonly trend: number | null;
  /** `period` seasonal values (empty without a season); season[k] applies k + 1 steps after the state. */
  readonly season: readonly number[];
}

/** A fitted Holt-Winters model (R `HoltWinters` object). */
export interface HoltWintersModel {
  readonly status: 'ok';
  /**
   * `'holt-winters-additive'`, `'holt-winters-multiplicative'` (suffix `-no-trend` without a trend),
   * `'holt'` (trend, no season) or `'exponential-smoothing'` (neither).
   */
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
  /** `'none'` when the model has no season. */
  readonly seasonal: HoltWintersSeasonal | 'none';
  /** Season length; 1 without a season. */
  readonly period: number;
  readonly alpha: number;
  /** `null` without a trend (R `beta = FALSE`). */
  readonly beta: number | null;
  /** `null` without a season (R `gamma = FALSE`). */
  readonly gamma: number | null;
  /** Which parameters were fitted (true) rather than given (false); false for absent components. */
  readonly estimated: { readonly alpha: boolean; readonly beta: boolean; readonly gamma: boolean };
  /** Sum of squared one-step-ahead errors over series[startIndex..]. */
  readonly sse: number;
  /** 0-based index of the first observation with a forecast: period (seasonal), 2 (Holt) or 1. */
  readonly startIndex: number;
  /** One-step-ahead forecasts x̂ for series[startIndex..] (R `fitted(m)[, "xhat"]`). */
  readonly fitted: readonly number[];
  /** series[t] − fitted, same alignment. */
  readonly residuals: readonly number[];
  /** Level used for each forecast (the state before observing it), same alignment. */
  readonly level: readonly number[];
  /** Trend used for each forecast; `null` without a trend. */
  readonly trend: readonly number[] | null;
  /** Seasonal value used for each forecast; `null` without a season. */
  readonly season: readonly number[] | null;
  /** State after the last observation (R `coef(m)`: a, b, s1..sf): the forecast origin. */
  readonly coefficients: HoltWintersState;
  /** Start values (R l.start, b.start, s.start). */
  readonly start: HoltWintersState;
  /** Number of observations in the series. */
  readonly seriesLength: number;
  /** Recursion passes the optimiser used (a grid pass scores four points; 0 when every parameter was given). */
  readonly evaluations: number;
}

/** Options of {@link forecast}. */
export interface ForecastOptions {
  /** Prediction-interval coverage in (0, 1), default 0.95. */
  readonly level?: number;
}

/** Point forecasts and prediction intervals h = 1..horizon steps after the series (R `predict.HoltWinters`). */
export interface HoltWintersForecast {
  readonly status: 'ok';
  /** The model's method. */
  readonly method: string;
  readonly warnings: readonly AnalysisWarning[];
  readonly horizon: number;
  readonly level: number;
  readonly mean: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** sqrt of R's forecast-variance approximation at each step. */
  readonly standardError: readonly number[];
}
