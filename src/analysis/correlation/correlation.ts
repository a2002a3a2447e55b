/**
 * `correlation(x, y)`: one coefficient with its test, as R's `cor.test`.
 */
import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { kendallPair } from './kendall.js';
import { pearsonPair, type PairSettings } from './pearson.js';
import { spearmanPair } from './spearman.js';
import {
  ALTERNATIVES,
  CORRELATION_WARNINGS,
  METHODS,
  type CorrelationMethod,
  type CorrelationOptions,
  type CorrelationResult,
  type PairOutcome,
} from './types.js';

/** Validates options once; shared with {@link correlationMatrix}. */
export function readSettings(fn: string, options: CorrelationOptions): { method: CorrelationMethod; settings: PairSettings } {
  const method = options.method ?? 'pearson';
  if (!METHODS.includes(method)) throw new TypeError(`${fn}: method must be 'pearson', 'spearman' or 'kendall', got ${String(method)}`);
  const alternative = options.alternative ?? 'two-sided';
  if (!ALTERNATIVES.includes(alternative)) {
    throw new TypeError(`${fn}: alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
  }
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new RangeError(`${fn}: level must be in (0, 1), got ${String(level)}`);
  for (const key of ['exact', 'continuity'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${fn}: ${key} must be a boolean, got ${typeof value}`);
  }
  return { method, settings: { alternative, exact: options.exact, level, continuity: options.continuity ?? false } };
}

/** Runs one method's core on complete pairs. */
export function testPair(method: CorrelationMethod, x: Float64Array, y: Float64Array, settings: PairSettings): PairOutcome {
  if (method === 'pearson') return pearsonPair(x, y, settings);
  if (method === 'spearman') return spearmanPair(x, y, settings);
  return kendallPair(x, y, settings);
}

/** Warnings for a pair's fallbacks, worded for people. */
export function outcomeWarnings(fn: string, outcome: PairOutcome & { ok: true }): AnalysisWarning[] {
  const warnings: AnalysisWarning[] = [];
  if (outcome.tiesPreventedExact) {
    warnings.push({
      code: CORRELATION_WARNINGS.tiesPreventExact,
      message: `${fn}: cannot compute the exact p-value with ties; ${outcome.result.method === 'kendall-normal' ? 'normal' : 't'} approximation used`,
    });
  }
  if (outcome.exactUnavailable) {
    warnings.push({
      code: CORRELATION_WARNINGS.exactUnavailable,
      message: `${fn}: Kendall's exact distribution is limited to n ≤ 170; normal approximation used`,
    });
  }
  return warnings;
}

function completePairs(x: readonly (number | null)[] | ArrayLike<number>, y: readonly (number | null)[] | ArrayLike<number>) {
  for (const [name, values] of [['x', x], ['y', y]] as const) {
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new TypeError(`correlation: ${name} must be an array of numbers, got ${values === null ? 'null' : typeof values}`);
    }
  }
  if (x.length !== y.length) throw new RangeError(`correlation: x and y must have the same length, got ${x.length} and ${y.length}`);
  const xs = new Float64Array(x.length);
  const ys = new Float64Array(x.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== null && a !== undefined && typeof a !== 'number') throw new TypeError(`correlation: x[${i}] must be a number or null, got ${typeof a}`);
    if (b !== null && b !== undefined && typeof b !== 'number') throw new TypeError(`correlation: y[${i}] must be a number or null, got ${typeof b}`);
    if (a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b)) continue;
    xs[n] = a;
    ys[n] = b;
    n++;
  }
  return { xs: xs.subarray(0, n), ys: ys.subarray(0, n), dropped: x.length - n };
}

/**
 * Correlation coefficient with its significance test, as R's `cor.test(x, y, method, alternative, exact,
 * conf.level, continuity)`.
 *
 * Methods: Pearson's r with the t test on n − 2 df and Fisher's z interval (n > 3); Spearman's rho (Pearson's r
 * of average ranks) with AS 89 (Best & Roberts 1975) for n ≤ 1290 without ties, else Student's t; Kendall's tau-b
 * by Knight's (1966) O(n log n) algorithm with the exact distribution of T for n < 50 without ties, else the
 * normal approximation with tie-corrected variance (Kendall 1970). Missing values: a pair is dropped when x or y is
 * null or NaN (R's `complete.cases`); `n` reports the pairs used. ±Infinity is ranked by the rank methods and makes
 * Pearson's r insufficient.
 *
 * @param x first variable (any unit).
 * @param y second variable, same length as x.
 * @param options method (default 'pearson'), alternative, exact, level (Pearson interval), continuity.
 * @returns estimate, statistic, p-value, n and (Pearson) interval; `insufficient` with fewer than 3 complete pairs
 *   (Pearson) or 2 (rank methods), a constant variable, or infinite values for Pearson.
 * @throws {TypeError} when x or y is not an array of numbers/null, or an option has the wrong type.
 * @throws {RangeError} when x and y differ in length or level is outside (0, 1).
 * @example
 * correlation([44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1], [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8])
 * // => { method: 'pearson', estimate: 0.5711816…, statistic: 1.8411…, df: 7, pValue: 0.1081731…,
 * //      confidenceInterval: { lower: -0.1497426…, upper: 0.8955795…, level: 0.95 } … }
 * correlation([44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1], [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8], { method: 'kendall' })
 * // => { method: 'kendall-exact', estimate: 0.4444444…, statistic: 26, pValue: 0.1194389… }
 */
export function correlation(
  x: readonly (number | null)[] | ArrayLike<number>,
  y: readonly (number | null)[] | ArrayLike<number>,
  options: CorrelationOptions = {},
): CorrelationResult | InsufficientResult {
  const { method, settings } = readSettings('correlation', options);
  const { xs, ys, dropped } = completePairs(x, y);
  const outcome = testPair(method, xs, ys, settings);
  if (!outcome.ok) return insufficient(method, `correlation: ${outcome.reason}`);
  const warnings = outcomeWarnings('correlation', outcome);
  if (dropped > 0) {
    warnings.push({ code: CORRELATION_WARNINGS.missingDropped, message: `correlation: ${dropped} incomplete pair(s) dropped, ${xs.length} used` });
  }
  return { status: 'ok', ...outcome.result, warnings, n: xs.length, alternative: settings.alternative };
}
