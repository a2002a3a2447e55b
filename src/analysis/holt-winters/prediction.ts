/**
 * Stage 5 of Holt-Winters: point forecasts and prediction intervals exactly as R's `predict.HoltWinters(…,
 * prediction.interval = TRUE)`.
 */
import { normalQuantile } from '../distributions/index.js';
import { rMean } from '../decompose.js';
import { type AnalysisWarning, type InsufficientResult } from '../result.js';
import { type ForecastOptions, HOLT_WINTERS_WARNINGS, type HoltWintersForecast, type HoltWintersModel } from './model.js';

/** Sample variance with denominator n − 1, two-pass as R's `var`. */
function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const mean = rMean(values);
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return ss / (n - 1);
}

/**
 * h-step-ahead forecasts of a Holt-Winters model with normal prediction intervals, as R `predict.HoltWinters`.
 *
 * Method: R 4.2 `predict.HoltWinters`. Mean: a + h·b, plus (or times) the seasonal coefficient
 * s_{(h−1) mod f + 1}. Variance: σ² = var(residuals) (denominator n − 1) times, for additive and non-seasonal
 * models, 1 + Σ_{j=1}^{h−1} ψ_j² with ψ_j = α(1 + jβ) + 1[j mod f = 0] γ(1 − α), the ψ-weights of the additive
 * model (Yar & Chatfield 1990, "Prediction intervals for the Holt-Winters forecasting procedure", IJF 6); for
 * multiplicative models R's Σ_{j=0}^{h−1} (ψ_j · c[2 + r] / c[2 + (r − j) mod f])², with c the coefficient
 * vector (a, b, s₁…s_f) and r = 1 + (h − 1) mod f, reproduced including its indexing (it can divide by b, or
 * read past the vector's end and give NaN without a trend; see the warning). Interval: mean ± z·σ_h with
 * z = Φ⁻¹((1 + level)/2). Absent β or γ count as 0. A model without a season uses the additive formula (R
 * takes its multiplicative branch, giving NA, if `seasonal = "multiplicative"` is passed with `gamma = FALSE`).
 *
 * @param model a {@link HoltWintersModel} (an `insufficient` result is passed through).
 * @param horizon number of steps ahead, an integer ≥ 1.
 * @param options `level`: interval coverage in (0, 1), default 0.95.
 * @returns mean, lower, upper and standard error per step 1..horizon.
 * @throws {RangeError} when horizon is not a positive integer or level is not in (0, 1).
 * @example
 * const m = holtWinters([1, 2, 3, 4, 5, 6], { season: false, alpha: 0.5, beta: 0.5 });
 * m.status === 'ok' && forecast(m, 2).mean
 * // => [7, 8]
 */
export function forecast(
  model: HoltWintersModel,
  horizon: number,
  options?: ForecastOptions,
): HoltWintersForecast;
export function forecast(
  model: HoltWintersModel | InsufficientResult,
  horizon: number,
  options?: ForecastOptions,
): HoltWintersForecast | InsufficientResult;
export function forecast(
  model: HoltWintersModel | InsufficientResult,
  horizon: number,
  options: ForecastOptions = {},
): HoltWintersForecast | InsufficientResult {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new RangeError(`forecast: horizon must be an integer >= 1, got horizon = ${horizon}`);
  }
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`forecast: level must be in (0, 1), got level = ${level}`);
  }
  if (model.status !== 'ok') return model;
  const { alpha, coefficients, seasonal, period } = model;
  const beta = model.beta ?? 0;
  const gamma = model.gamma ?? 0;
  const b = coefficients.trend ?? 0;
  const s = coefficients.season;
  // R's coefficient vector c(a, b, s1..sf) (b only with a trend), 1-based; NA (NaN) past its end.
  const coef = [coefficients.level, ...(coefficients.trend === null ? [] : [coefficients.trend]), ...s];
  const coefAt = (k: number): number => (k >= 1 && k <= coef.length ? (coef[k - 1] as number) : Number.NaN);
  const sigma2 = sampleVariance(model.residuals);
  const z = normalQuantile((1 + level) / 2);
  const psi = (j: number): number => alpha * (1 + j * beta) + (j % period === 0 ? gamma * (1 - alpha) : 0);

  const mean = new Array<number>(horizon);
  const lower = new Array<number>(horizon);
  const upper = new Array<number>(horizon);
  const standardError = new Array<number>(horizon);
  let additiveSum = 1;
  for (let h = 1; h <= horizon; h++) {
    let fit = coefficients.level + h * b;
    let factor: number;
    if (seasonal === 'multiplicative') {
      fit *= s[(h - 1) % period] as number;
      const rel = 1 + ((h - 1) % period);
      factor = 0;
      for (let j = 0; j < h; j++) {
        const w = (psi(j) * coefAt(2 + rel)) / coefAt(2 + ((((rel - j) % period) + period) % period));
        factor += w * w;
      }
    } else {
      if (seasonal === 'additive') fit += s[(h - 1) % period] as number;
      if (h > 1) {
        const p = psi(h - 1);
        additiveSum += p * p;
      }
      factor = additiveSum;
    }
    const se = Math.sqrt(sigma2 * factor);
    mean[h - 1] = fit;
    standardError[h - 1] = se;
    lower[h - 1] = fit - z * se;
    upper[h - 1] = fit + z * se;
  }
  const warnings: AnalysisWarning[] = [];
  if (seasonal === 'multiplicative') {
    warnings.push({
      code: HOLT_WINTERS_WARNINGS.multiplicativeIntervals,
      message:
        "forecast: multiplicative prediction intervals follow R's predict.HoltWinters approximation, " +
        'including its coefficient indexing',
    });
  }
  return { status: 'ok', method: model.method, warnings, horizon, level, mean, lower, upper, standardError };
}
