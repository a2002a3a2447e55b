/**
 * Mann–Kendall test for a monotonic trend (Mann 1945; Kendall 1975), with the tie-corrected variance of S and
 * the ±1 continuity correction of z, as R `trend::mk.test(x, continuity = TRUE)`, `Kendall::MannKendall` and
 * `cor.test(x, seq_along(x), method = 'kendall', exact = FALSE)`; field names follow pyMannKendall.
 */
import { normalCdf, normalSurvival } from './distributions/index.js';
import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** Warning codes of {@link mannKendall}. */
export const MANN_KENDALL_WARNINGS = {
  /** Missing values (NaN, null) were dropped; the order of the rest is kept. */
  missingDropped: 'mann-kendall-missing-dropped',
  /** Fewer than 10 values: the normal approximation of S is rough. */
  smallSample: 'mann-kendall-small-sample',
} as const;

/** Which trend the test looks for: any (two-sided), increasing ('greater') or decreasing ('less'). */
export type MannKendallAlternative = 'two-sided' | 'greater' | 'less';

/** Direction read from the test at level alpha, as pyMannKendall's `trend`. */
export type MannKendallTrend = 'increasing' | 'decreasing' | 'no trend';

export interface MannKendallOptions {
  /** Default 'two-sided'. */
  readonly alternative?: MannKendallAlternative;
  /** Significance level for `significant` and `trend`, in (0, 1); default 0.05. */
  readonly alpha?: number;
}

export interface MannKendallResult {
  readonly status: 'ok';
  readonly method: 'mann-kendall';
  readonly warnings: readonly AnalysisWarning[];
  /** Number of non-missing values used. */
  readonly n: number;
  /** S = Σ_{i<j} sign(x_j − x_i). */
  readonly s: number;
  /** Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18, t the sizes of groups of tied values. */
  readonly varS: number;
  /** z = (S − sign S) / √Var(S) (continuity-corrected; 0 when S = 0). */
  readonly z: number;
  /** p-value of z under the standard normal for the chosen alternative. */
  readonly pValue: number;
  /** Kendall's tau-b of the values against time, S / √[(N − Σ t(t−1)/2) · N], N = n(n−1)/2 (R's tau). */
  readonly tau: number;
  /** Kendall's tau-a, S / N (pyMannKendall's `Tau`); equals `tau` without ties. */
  readonly tauA: number;
  readonly alternative: MannKendallAlternative;
  /** pValue < alpha. */
  readonly significant: boolean;
  /** 'increasing' / 'decreasing' when significant (by the sign of z), else 'no trend'. */
  readonly trend: MannKendallTrend;
}

const ALTERNATIVES: readonly string[] = ['two-sided', 'greater', 'less'];

/** The non-missing values of `series` in their order, and how many entries (NaN / null) were dropped. */
function presentValues(fn: string, series: ArrayLike<number | null>): { values: Float64Array; dropped: number } {
  if (series === null || typeof series !== 'object' || typeof series.length !== 'number') {
    throw new TypeError(`${fn}: series must be an array of numbers, got ${series === null ? 'null' : typeof series}`);
  }
  const out = new Float64Array(series.length);
  let m = 0;
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') throw new TypeError(`${fn}: series[${i}] must be a number or null, got ${typeof v}`);
    if (Number.isNaN(v)) continue;
    out[m++] = v;
  }
  return { values: out.subarray(0, m), dropped: series.length - m };
}

/** Fenwick-tree prefix count of ranks < r (1-based ranks). */
function prefixCount(tree: Int32Array, r: number): number {
  let total = 0;
  for (let i = r; i > 0; i -= i & -i) total += tree[i] as number;
  return total;
}

function addRank(tree: Int32Array, r: number): void {
  for (let i = r; i < tree.length; i += i & -i) tree[i] = (tree[i] as number) + 1;
}

/**
 * S and the tie terms of a series in O(n log n): values are ranked (ties share a rank) and, walking in time
 * order, each value adds (#earlier smaller) − (#earlier larger) to S.
 */
function kendallScore(values: Float64Array): { s: number; tieVariance: number; tiePairs: number } {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let tieVariance = 0;
  let tiePairs = 0;
  let distinct = 0;
  const uniques = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      tieVariance += t * (t - 1) * (2 * t + 5);
      tiePairs += (t * (t - 1)) / 2;
    }
    uniques[distinct++] = sorted[i] as number;
    i = j;
  }
  const tree = new Int32Array(distinct + 1);
  let s = 0;
  for (let k = 0; k < n; k++) {
    const rank = lowerBound(uniques, distinct, values[k] as number) + 1;
    const smaller = prefixCount(tree, rank - 1);
    const notLarger = prefixCount(tree, rank);
    s += smaller - (k - notLarger);
    addRank(tree, rank);
  }
  return { s, tieVariance, tiePairs };
}

function lowerBound(a: Float64Array, length: number, v: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mann–Kendall trend test of a series in time order.
 *
 * Method: S = Σ_{i<j} sign(x_j − x_i); Var(S) with the tie correction; z = (S − sign S)/√Var(S); p from the
 * normal distribution (Mann 1945, Kendall 1975; Hipel & McLeod 1994, §23.3). Same numbers as R
 * `trend::mk.test(x)` and `cor.test(x, seq_along(x), method = 'kendall', exact = FALSE)` (no exact p-value).
 * Missing values (NaN, null) are dropped and the remaining order kept (warning `mann-kendall-missing-dropped`).
 *
 * @param series observations in time order (any unit; only their order matters).
 * @param options alternative ('two-sided' default, 'greater' = increasing, 'less' = decreasing) and alpha.
 * @returns S, Var(S), z, p, tau-b, tau-a, and the trend read at alpha; `insufficient` with fewer than 3
 *   non-missing values or when all values are equal (Var(S) = 0).
 * @throws {TypeError} when series is not an array of numbers/null, or alternative is unknown.
 * @throws {RangeError} when alpha is not in (0, 1).
 * @example
 * mannKendall([1, 2, 3, 5, 4, 6, 7])
 * // => { s: 19, varS: 44.333…, z: 2.70338134133750, pValue: 0.00686379498544904, tau: 0.904761904761905,
 * //      trend: 'increasing', warnings: [{ code: 'mann-kendall-small-sample', … }], … }  (R cor.test agrees)
 */
export function mannKendall(
  series: ArrayLike<number | null>,
  options: MannKendallOptions = {},
): MannKendallResult | InsufficientResult {
  const alternative = options.alternative ?? 'two-sided';
  if (!ALTERNATIVES.includes(alternative)) {
    throw new TypeError(`mannKendall: alternative must be 'two-sided', 'greater' or 'less', got ${String(alternative)}`);
  }
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`mannKendall: alpha must be in (0, 1), got alpha = ${alpha}`);
  const { values, dropped } = presentValues('mannKendall', series);
  const n = values.length;
  if (n < 3) return insufficient('mann-kendall', `mannKendall: needs at least 3 non-missing values, got ${n}`);
  const { s, tieVariance, tiePairs } = kendallScore(values);
  const varS = (n * (n - 1) * (2 * n + 5) - tieVariance) / 18;
  if (!(varS > 0)) return insufficient('mann-kendall', `mannKendall: all ${n} values are equal, so Var(S) = 0`);

  const warnings: AnalysisWarning[] = [];
  if (dropped > 0) {
    warnings.push({
      code: MANN_KENDALL_WARNINGS.missingDropped,
      message: `mannKendall: ${dropped} missing value(s) dropped, ${n} used`,
    });
  }
  if (n < 10) {
    warnings.push({
      code: MANN_KENDALL_WARNINGS.smallSample,
      message: `mannKendall: only ${n} values; the normal approximation of S is rough below 10`,
    });
  }
  // continuity correction: S moves one step toward 0 before standardising
  const z = s === 0 ? 0 : (Math.sign(s) * (Math.abs(s) - 1)) / Math.sqrt(varS);
  let pValue: number;
  if (alternative === 'greater') pValue = normalSurvival(z);
  else if (alternative === 'less') pValue = normalCdf(z);
  else pValue = 2 * Math.min(0.5, normalSurvival(Math.abs(z)));
  const pairs = (n * (n - 1)) / 2;
  const tau = s / Math.sqrt((pairs - tiePairs) * pairs);
  const significant = pValue < alpha;
  const trend: MannKendallTrend = !significant ? 'no trend' : z > 0 ? 'increasing' : z < 0 ? 'decreasing' : 'no trend';
  return {
    status: 'ok',
    method: 'mann-kendall',
    warnings,
    n,
    s,
    varS,
    z,
    pValue,
    tau,
    tauA: s / pairs,
    alternative,
    significant,
    trend,
  };
}
