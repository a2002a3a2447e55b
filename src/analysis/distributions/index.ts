/**
 * Probability distributions and special functions for the analysis layer: every p-value and every interval
 * in src/analysis goes through these. Accurate to about 1e-14 relative against R 4.2 (`pnorm`, `qnorm`, `pt`,
 * `qt`, `pchisq`, `qchisq`, `pf`, `lgamma`, `pgamma`, `pbeta`) at central and extreme arguments, with tail
 * probabilities computed directly (never 1 − lower) so p-values stay positive down to ~1e-308, and log-scale
 * variants for anything smaller.
 *
 * Stages / files:
 *   1. gamma.ts          — ln Γ, ln B, Loader's Stirling error and deviance, regularized incomplete gamma P, Q
 *   2. beta.ts           — regularized incomplete beta I_x(a, b) (continued fraction, both tails)
 *   3. normal.ts         — Φ, 1 − Φ, ln Φ (Cody), Φ⁻¹ (Wichura AS 241)
 *   4. solve-quantile.ts — safeguarded Newton on ln(tail), shared by the t and chi-square quantiles
 *   5. student-t.ts      — t tails, density, quantile (real df; Infinity = normal)
 *   6. chi-square.ts     — chi-square tails and quantile (real df)
 *   7. f.ts              — F tails
 *
 * Missing values: these functions take numbers, not data; a NaN argument throws a RangeError naming the function.
 */
export { logBeta, logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
export { regularizedBeta } from './beta.js';
export { betaQuantile } from './beta-quantile.js';
export {
  normalCdf,
  normalDensity,
  normalLogCdf,
  normalLogSurvival,
  normalQuantile,
  normalQuantileFromLog,
  normalSurvival,
  normalUpperQuantile,
} from './normal.js';
export {
  studentTCdf,
  studentTDensity,
  studentTLogCdf,
  studentTLogSurvival,
  studentTQuantile,
  studentTSurvival,
} from './student-t.js';
export { chiSquareCdf, chiSquareLogSurvival, chiSquareQuantile, chiSquareSurvival } from './chi-square.js';
export { fCdf, fLogSurvival, fSurvival } from './f.js';
