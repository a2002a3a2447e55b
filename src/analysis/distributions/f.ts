/**
 * Snedecor's F distribution: upper tail (the p-value of an F test), lower tail, and on the log scale.
 *
 * Method: P(F > x) = I_(df2/(df2 + df1 x))(df2/2, df1/2) (A&S 26.6.2), with both beta arguments formed exactly;
 * df2 = Infinity reduces to χ²(df1)/df1 and df1 = Infinity to df2/χ²(df2), as R's `pf`.
 */
import { betaLogTails } from './beta.js';
import { chiSquareLogTails } from './chi-square.js';
import type { LogTails } from './gamma.js';

function checkArgs(name: string, x: number, df1: number, df2: number): void {
  if (Number.isNaN(x)) throw new RangeError(`${name}: x must be a number, got NaN`);
  if (!(df1 > 0) || !(df2 > 0)) {
    throw new RangeError(`${name}: df1 and df2 must be > 0 (Infinity allowed), got df1 = ${df1}, df2 = ${df2}`);
  }
  if (df1 === Infinity && df2 === Infinity) {
    throw new RangeError(`${name}: df1 and df2 cannot both be Infinity`);
  }
}

/** ln P(F ≤ x), ln P(F > x). @internal validated arguments */
export function fLogTails(x: number, df1: number, df2: number): LogTails {
  if (x <= 0) return { logLower: -Infinity, logUpper: 0 };
  if (x === Infinity) return { logLower: 0, logUpper: -Infinity };
  if (df2 === Infinity) return chiSquareLogTails(x * df1, df1);
  if (df1 === Infinity) {
    const t = chiSquareLogTails(df2 / x, df2);
    return { logLower: t.logUpper, logUpper: t.logLower };
  }
  const u = df1 * x;
  return betaLogTails(u / (u + df2), df2 / (u + df2), 0.5 * df1, 0.5 * df2);
}

/**
 * F upper tail P(F > x), computed directly (R `pf(x, df1, df2, lower.tail = FALSE)`).
 * @param x statistic; values ≤ 0 give 1
 * @param df1 numerator degrees of freedom, > 0, real, Infinity allowed
 * @param df2 denominator degrees of freedom, > 0, real, Infinity allowed
 * @returns P(F > x)
 * @throws RangeError when a df is not positive, both are Infinity, or an argument is NaN
 * @example fSurvival(4.964602743730711, 1, 10) // => 0.05
 */
export function fSurvival(x: number, df1: number, df2: number): number {
  checkArgs('fSurvival', x, df1, df2);
  return Math.exp(fLogTails(x, df1, df2).logUpper);
}

/**
 * F distribution function P(F ≤ x) (R `pf(x, df1, df2)`).
 * @param x statistic; values ≤ 0 give 0
 * @param df1 numerator degrees of freedom, > 0, real, Infinity allowed
 * @param df2 denominator degrees of freedom, > 0, real, Infinity allowed
 * @returns P(F ≤ x)
 * @throws RangeError when a df is not positive, both are Infinity, or an argument is NaN
 * @example fCdf(4.964602743730711, 1, 10) // => 0.95
 */
export function fCdf(x: number, df1: number, df2: number): number {
  checkArgs('fCdf', x, df1, df2);
  return Math.exp(fLogTails(x, df1, df2).logLower);
}

/**
 * ln P(F > x), for p-values below the smallest double (R `pf(x, df1, df2, lower.tail = FALSE, log.p = TRUE)`).
 * @param x statistic
 * @param df1 numerator degrees of freedom, > 0
 * @param df2 denominator degrees of freedom, > 0
 * @returns ln P(F > x)
 * @throws RangeError when a df is not positive, both are Infinity, or an argument is NaN
 * @example fLogSurvival(1e6, 3, 1000) // => -4000.12175323919
 */
export function fLogSurvival(x: number, df1: number, df2: number): number {
  checkArgs('fLogSurvival', x, df1, df2);
  return fLogTails(x, df1, df2).logUpper;
}
