/**
 * The chi-square distribution with real degrees of freedom: both tails (linear and log scale) and the quantile.
 *
 * Method: P(X ≤ x) = P(df/2, x/2), the regularized incomplete gamma function (A&S 26.4.19), see gamma.ts;
 * the quantile solves the tail equation by a safeguarded Newton iteration on the log scale, started from the
 * Wilson–Hilferty cube-root approximation (or the small-x power law when that is negative), as accurate as R's
 * `qchisq` (AS 91 plus Taylor polishing).
 */
import { gammaLogTails, logGamma, logPoissonTerm } from './gamma.js';
import type { LogTails } from './gamma.js';
import { normalQuantile } from './normal.js';
import { solveLogTail } from './solve-quantile.js';

function checkArgs(name: string, x: number, df: number): void {
  if (Number.isNaN(x)) throw new RangeError(`${name}: x must be a number, got NaN`);
  if (!(df >= 0) || df === Infinity) throw new RangeError(`${name}: df must be finite and ≥ 0, got df = ${df}`);
}

/** ln P(X ≤ x), ln P(X > x). @internal validated arguments */
export function chiSquareLogTails(x: number, df: number): LogTails {
  return gammaLogTails(0.5 * df, 0.5 * x);
}

/** ln of the chi-square density at x > 0. */
function chiSquareLogDensity(x: number, df: number): number {
  const a = 0.5 * df;
  return logPoissonTerm(a, 0.5 * x) + Math.log(a) - Math.log(x);
}

/**
 * Chi-square distribution function P(X ≤ x) (R `pchisq(x, df)`).
 * @param x statistic; values ≤ 0 give 0
 * @param df degrees of freedom, finite, ≥ 0, real
 * @returns P(X ≤ x)
 * @throws RangeError when df is negative, infinite or NaN, or x is NaN
 * @example chiSquareCdf(3.841458820694124, 1) // => 0.95 (to 1e-15)
 */
export function chiSquareCdf(x: number, df: number): number {
  checkArgs('chiSquareCdf', x, df);
  return Math.exp(chiSquareLogTails(x, df).logLower);
}

/**
 * Chi-square upper tail P(X > x), computed directly (R `pchisq(x, df, lower.tail = FALSE)`): the p-value of a
 * chi-square test, positive down to ~1e-308.
 * @param x statistic; values ≤ 0 give 1
 * @param df degrees of freedom, finite, ≥ 0, real
 * @returns P(X > x)
 * @throws RangeError when df is negative, infinite or NaN, or x is NaN
 * @example chiSquareSurvival(3.841458820694124, 1) // => 0.05 (to 1e-15)
 */
export function chiSquareSurvival(x: number, df: number): number {
  checkArgs('chiSquareSurvival', x, df);
  return Math.exp(chiSquareLogTails(x, df).logUpper);
}

/**
 * ln P(X > x), for p-values below the smallest double (R `pchisq(x, df, lower.tail = FALSE, log.p = TRUE)`).
 * @param x statistic
 * @param df degrees of freedom, finite, ≥ 0, real
 * @returns ln P(X > x)
 * @throws RangeError when df is negative, infinite or NaN, or x is NaN
 * @example chiSquareLogSurvival(2000, 1) // => -1004.02674195895
 */
export function chiSquareLogSurvival(x: number, df: number): number {
  checkArgs('chiSquareLogSurvival', x, df);
  return chiSquareLogTails(x, df).logUpper;
}

/**
 * Chi-square quantile: x with P(X ≤ x) = p (R `qchisq(p, df)`).
 * @param p lower-tail probability in [0, 1]
 * @param df degrees of freedom, finite, > 0, real
 * @returns the quantile; 0 at p = 0, Infinity at p = 1
 * @throws RangeError when p is outside [0, 1] or df is not finite and > 0
 * @example chiSquareQuantile(0.95, 1) // => 3.841458820694124
 */
export function chiSquareQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`chiSquareQuantile: p must be in [0, 1], got p = ${p}`);
  if (!(df > 0) || df === Infinity) {
    throw new RangeError(`chiSquareQuantile: df must be finite and > 0, got df = ${df}`);
  }
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const a = 0.5 * df;
  const z = normalQuantile(p);
  const c = 2 / (9 * df);
  const wh = df * Math.pow(1 - c + z * Math.sqrt(c), 3);
  // Small-x power law P(a, x/2) ≈ (x/2)^a / Γ(a + 1); when even that is below the smallest double the quantile
  // underflows (R returns 0 too, e.g. qchisq(1e-300, 1)).
  const logSmallX = Math.LN2 + (Math.log(p) + logGamma(a + 1)) / a;
  if (logSmallX < -745) return 0;
  const smallX = Math.exp(logSmallX);
  const x0 = wh > 0.01 * df ? wh : Math.min(smallX, Math.max(wh, smallX));
  const lower = p <= 0.5;
  const logTarget = lower ? Math.log(p) : Math.log1p(-p);
  return solveLogTail(
    (x) => {
      const tails = chiSquareLogTails(x, df);
      const logTail = lower ? tails.logLower : tails.logUpper;
      const ratio = Math.exp(chiSquareLogDensity(x, df) - logTail);
      return { logTail, slope: lower ? ratio : -ratio };
    },
    lower,
    logTarget,
    x0 > 0 && Number.isFinite(x0) ? x0 : df,
    0,
    Infinity,
  );
}
