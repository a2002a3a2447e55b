/**
 * Holt-Winters exponential smoothing, as R's `HoltWinters` and `predict.HoltWinters`.
 *
 * Stages (one file each):
 * 1. start-up.ts   start values: decompose of the first two periods (seasonal), x₂ / x₂ − x₁ (Holt), x₁ (simple);
 * 2. recursion.ts  the smoothing recursion in R's operation order: SSE only, SSE + exact gradient, full states;
 * 3. optimiser.ts  free parameters by box-constrained Levenberg-Marquardt over [0, 1], multi-started;
 * 4. fit.ts        validation and assembly of the model (`holtWinters`);
 * 5. prediction.ts point forecasts and prediction intervals (`forecast`).
 */
export { holtWinters } from './fit.js';
export { forecast } from './prediction.js';
export {
  HOLT_WINTERS_WARNINGS,
  type ForecastOptions,
  type HoltWintersForecast,
  type HoltWintersModel,
  type HoltWintersOptions,
  type HoltWintersSeasonal,
  type HoltWintersState,
} from './model.js';
