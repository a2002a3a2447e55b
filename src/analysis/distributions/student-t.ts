/**
 * Student's t distribution with real degrees of freedom (Welch's df is not an integer): both tails, on the
 * linear and log scales, the density and the quantile.
 *
 * Method: P(|T| > |t|) = I_(df/(df+t²))(df/2, ½), the regularized incomplete beta function (Abramowitz &
 * Stegun 26.7.1), evaluated with both x and 1 − x formed exactly; beyond t² > 10^100·df the leading term of
 * A&S 26.5.4 (as R's `pt`). df = Infinity is the standard normal. The quantile solves the tail equation by a
 * safeguarded Newton iteration on the log scale to full double precision (R `qt` polishes Hill's 1970
 * approximation the same way), with the closed forms for df = 1 (Cauchy) and df = 2.
 */
import { betaLogTails } from './beta.js';
import { log1mExp, logBeta } from './gamma.js';
import type { LogTails } from './gamma.js';
import { normalCdf, normalLogCdf, normalQuantile, normalSurvival } from './normal.js';
import { solveLogTail } from './solve-quantile.js';

function checkDf(name: string, df: number): void {
  if (!(df > 0)) throw new RangeError(`${name}: df must be > 0 (Infinity allowed), got df = ${df}`);
}

function checkT(name: string, t: number): void {
  if (Number.isNaN(t)) throw new RangeError(`${name}: t must be a number, got NaN`);
}

/** ln P(T ≤ t) and ln P(T > t). @internal validated arguments */
export function studentTLogTails(t: number, df: number): LogTails {
  if (df === Infinity) return { logLower: normalLogCdf(t), logUpper: normalLogCdf(-t) };
  if (t === Infinity) return { logLower: 0, logUpper: -Infinity };
  if (t === -Infinity) return { logLower: -Infinity, logUpper: 0 };
  const t2 = t * t;
  let logTwoSided: number;
  if (t2 > 1e100 * df) {
    // A&S 26.5.4: I_z(a, b) ≈ z^a / (a B(a, b)) with z = df / t² → 0.
    const a = 0.5 * df;
    logTwoSided = -a * (2 * Math.log(Math.abs(t)) - Math.log(df)) - logBeta(a, 0.5) - Math.log(a);
  } else {
    const x = df / (df + t2);
    const y = t2 / (df + t2);
    logTwoSided = betaLogTails(x, y, 0.5 * df, 0.5).logLower;
  }
  const logSmall = logTwoSided - Math.LN2;
  const logLarge = log1mExp(logSmall);
  return t <= 0 ? { logLower: logSmall, logUpper: logLarge } : { logLower: logLarge, logUpper: logSmall };
}

/** ln of the t density. @internal validated arguments, finite df */
export function studentTLogDensity(t: number, df: number): number {
  const t2 = t * t;
  const log1pTerm = t2 / df < 1e300 ? Math.log1p(t2 / df) : 2 * Math.log(Math.abs(t)) - Math.log(df);
  return -0.5 * Math.log(df) - logBeta(0.5 * df, 0.5) - 0.5 * (df + 1) * log1pTerm;
}

/**
 * Student t distribution function P(T ≤ t) (R `pt(t, df)`).
 *
 * Method: regularized incomplete beta (see the file header); relative error about 1e-14 in both tails.
 * @param t statistic
 * @param df degrees of freedom, > 0, real (Welch), Infinity for the normal
 * @returns P(T ≤ t)
 * @throws RangeError when df ≤ 0 or an argument is NaN
 * @example studentTCdf(2.0, 10) // => 0.96330598261463 (R pt(2, 10))
 */
export function studentTCdf(t: number, df: number): number {
  checkT('studentTCdf', t);
  checkDf('studentTCdf', df);
  if (df === Infinity) return normalCdf(t);
  return Math.exp(studentTLogTails(t, df).logLower);
}

/**
 * Student t upper tail P(T > t), computed directly (R `pt(t, df, lower.tail = FALSE)`); a two-sided p-value is
 * `2 * studentTSurvival(Math.abs(t), df)` and stays positive down to ~1e-308.
 * @param t statistic
 * @param df degrees of freedom, > 0, real, Infinity for the normal
 * @returns P(T > t)
 * @throws RangeError when df ≤ 0 or an argument is NaN
 * @example studentTSurvival(2.0, 10) // => 0.0366940173853702
 */
export function studentTSurvival(t: number, df: number): number {
  checkT('studentTSurvival', t);
  checkDf('studentTSurvival', df);
  if (df === Infinity) return normalSurvival(t);
  return Math.exp(studentTLogTails(t, df).logUpper);
}

/**
 * ln P(T > t), for p-values below the smallest double (R `pt(t, df, lower.tail = FALSE, log.p = TRUE)`).
 * @param t statistic
 * @param df degrees of freedom, > 0, real, Infinity for the normal
 * @returns ln P(T > t)
 * @throws RangeError when df ≤ 0 or an argument is NaN
 * @example studentTLogSurvival(1e6, 3) // => -41.3488082348518 (P = 1.1e-18)
 */
export function studentTLogSurvival(t: number, df: number): number {
  checkT('studentTLogSurvival', t);
  checkDf('studentTLogSurvival', df);
  return studentTLogTails(t, df).logUpper;
}

/**
 * ln P(T ≤ t) (R `pt(t, df, log.p = TRUE)`).
 * @param t statistic
 * @param df degrees of freedom, > 0, real, Infinity for the normal
 * @returns ln P(T ≤ t)
 * @throws RangeError when df ≤ 0 or an argument is NaN
 * @example studentTLogCdf(0, 5) // => -0.6931471805599453
 */
export function studentTLogCdf(t: number, df: number): number {
  checkT('studentTLogCdf', t);
  checkDf('studentTLogCdf', df);
  return studentTLogTails(t, df).logLower;
}

/**
 * Student t density (R `dt(t, df)`).
 * @param t statistic
 * @param df degrees of freedom, > 0, real, Infinity for the normal
 * @returns density at t
 * @throws RangeError when df ≤ 0 or an argument is NaN
 * @example studentTDensity(0, 1) // => 0.3183098861837907 (= 1/π)
 */
export function studentTDensity(t: number, df: number): number {
  checkT('studentTDensity', t);
  checkDf('studentTDensity', df);
  if (df === Infinity) return Math.exp(-0.5 * t * t) * 0.398942280401432677939946059934;
  return Math.exp(studentTLogDensity(t, df));
}

/** Positive t with P(T > t) = exp(logQ), logQ < ln ½. */
function upperQuantile(logQ: number, df: number): number {
  const q = Math.exp(logQ);
  // Start from the larger of a Cornish–Fisher normal start and the power-law tail P(T > t) ≈ df^(df/2−1) t^(−df) / B.
  const z = q > 0 ? -normalQuantile(q) : Math.sqrt(-2 * logQ);
  const normalStart = z + (z * z * z + z) / (4 * df);
  const powerStart = Math.exp(((0.5 * df - 1) * Math.log(df) - logBeta(0.5 * df, 0.5) - logQ) / df);
  const x0 = Number.isFinite(powerStart) ? Math.max(normalStart, powerStart) : normalStart;
  return solveLogTail(
    (t) => {
      const logUpper = studentTLogTails(t, df).logUpper;
      return { logTail: logUpper, slope: -Math.exp(studentTLogDensity(t, df) - logUpper) };
    },
    false,
    logQ,
    x0 > 0 && Number.isFinite(x0) ? x0 : 1,
    0,
    Infinity,
  );
}

/**
 * Student t quantile: t with P(T ≤ t) = p (R `qt(p, df)`).
 *
 * Method: closed forms for df = 1 and 2; otherwise Newton on ln(tail) with a bracket (see the file header),
 * converged to about 2e-16 relative; the smaller tail is always the one solved, so qt(1e-300, 3) works.
 * @param p lower-tail probability in [0, 1]
 * @param df degrees of freedom, > 0, real, Infinity for the normal
 * @returns the quantile; −Infinity at p = 0, Infinity at p = 1
 * @throws RangeError when p is outside [0, 1] or df ≤ 0
 * @example studentTQuantile(0.975, 10) // => 2.228138851986274
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got p = ${p}`);
  checkDf('studentTQuantile', df);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  const sign = p < 0.5 ? -1 : 1;
  const tail = p < 0.5 ? p : 1 - p; // exact for p ≥ 0.5 (Sterbenz)
  if (df === 1) return (sign * 1) / Math.tan(Math.PI * tail);
  if (df === 2) {
    // q = √(2 / (P(2 − P)) − 2) with P = 2·tail, rewritten as u √(2 / (P(2 − P))), u = 1 − P, to avoid cancellation.
    const P2 = 2 * tail;
    const u = 1 - P2;
    return sign * u * Math.sqrt(2 / (P2 * (2 - P2)));
  }
  return sign * upperQuantile(Math.log(tail), df);
}
