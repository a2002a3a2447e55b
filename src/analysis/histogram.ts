/**
 * Histogram counts as R's `hist(x, plot = FALSE)`: class-count rules (Sturges, Freedman–Diaconis, Scott), R's
 * `pretty()` breakpoints, fuzzed bin edges, and counts, densities and mid-points.
 *
 * Stages: 1. drop missing / infinite values; 2. number of classes (`nclass.Sturges`/`FD`/`scott` or a count);
 * 3. breakpoints by `pretty(range(x), n = classes, min.n = 1)` unless breaks are given; 4. count with R's
 * fuzz (1e−7 of the median bin width) so values sitting on a break up to rounding fall on the closed side.
 */

import { checkProbabilities, quantileInPlace } from './quantile.js';
import { insufficient, type AnalysisWarning, type InsufficientResult } from './result.js';

/** Warning codes `histogram` can emit. */
export const HISTOGRAM_WARNINGS = {
  /** NaN/null values were dropped (`missingCount`). */
  missingDropped: 'missing-values-dropped',
  /** ±Infinity values were dropped, as R's hist does (`infiniteCount`). */
  infiniteDropped: 'infinite-values-dropped',
  /** More than 1e6 classes were asked for (or computed); R caps the count at 1e6. */
  tooManyBins: 'too-many-bins',
} as const;

/** How the class count is chosen when no breaks are given. */
export type HistogramBinRule = 'sturges' | 'fd' | 'scott';

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /**
   * Suggested number of classes, or the rule computing it: `'sturges'` (default, ⌈log₂ n + 1⌉), `'fd'`
   * (Freedman–Diaconis) or `'scott'`. As in R it is only a suggestion: `pretty()` picks round breakpoints.
   */
  readonly bins?: number | HistogramBinRule;
  /** Explicit breakpoints (sorted here; at least 2, finite, distinct, spanning the data). Overrides `bins`. */
  readonly breaks?: readonly number[];
  /** Which end of each bin is closed: `'right'` (default, (a, b], first bin [a, b]) or `'left'` ([a, b), last bin [a, b]). */
  readonly closed?: 'right' | 'left';
}

/** The result of {@link histogram}; breaks and mids are in the unit of the values, densities per unit. */
export interface HistogramResult {
  readonly status: 'ok';
  /** The rule that produced the breaks: `'sturges'`, `'fd'`, `'scott'`, `'bins'` (a count) or `'breaks'` (given). */
  readonly method: HistogramBinRule | 'bins' | 'breaks';
  /** Number of finite values counted. */
  readonly n: number;
  readonly missingCount: number;
  readonly infiniteCount: number;
  /** Breakpoints, ascending; bins are between consecutive breaks. */
  readonly breaks: readonly number[];
  /** Values per bin (breaks.length − 1 entries). */
  readonly counts: readonly number[];
  /** counts / (n · bin width): the histogram as a density, integrating to 1. */
  readonly densities: readonly number[];
  /** Bin mid-points. */
  readonly mids: readonly number[];
  readonly closed: 'right' | 'left';
  /** True when all bins have the same width (to 1e−7 of the mean width), as R's `equidist`. */
  readonly equidistant: boolean;
  readonly warnings: readonly AnalysisWarning[];
}

const MAX_BINS = 1e6;

/**
 * Histogram of `values`, identical to R's `hist(x, breaks, right, plot = FALSE)` (include.lowest = TRUE).
 *
 * Method: class counts by Sturges (1926) ⌈log₂ n + 1⌉, Freedman & Diaconis (1981) h = 2·IQR·n^(−1/3) on the
 * values rounded to 5 significant digits, or Scott (1979) h = 3.5·s·n^(−1/3), exactly as R's `nclass.*`;
 * breakpoints by R's `pretty` (R 4.2 `src/appl/pretty.c`, see {@link prettyBreaks}); each break moved by
 * 1e−7 × the median bin width toward the open side before counting, as `hist.default` does. Missing values
 * (NaN, null) and ±Infinity are dropped and counted (R drops non-finite values silently).
 * Deviations from R: n = 1 with `'fd'`/`'scott'` gives 1 class (R errors on `var` of one value); duplicated
 * explicit breaks throw (R returns zero-width bins with infinite density).
 *
 * @param values Observations (plain or typed array); not modified.
 * @param options `bins` (count or rule), `breaks` (explicit), `closed` side.
 * @returns breaks, counts, densities, mids; `insufficient` when no finite value remains.
 * @throws {RangeError} for a non-positive or non-finite `bins`, fewer than 2 / non-finite / duplicated
 *   `breaks`, breaks not spanning the data, or an unknown `closed`/rule.
 * @example
 * const h = histogram([1, 2, 2, 3, 3, 3, 4, 4, 5]);
 * h.status === 'ok' && [h.breaks, h.counts]; // => [[1, 2, 3, 4, 5], [3, 3, 2, 1]]
 */
export function histogram(values: ArrayLike<number | null>, options: HistogramOptions = {}): HistogramResult | InsufficientResult {
  const closed = options.closed ?? 'right';
  if (closed !== 'right' && closed !== 'left') {
    throw new RangeError(`histogram: closed must be 'right' or 'left', got ${String(closed)}`);
  }
  const bins = options.bins ?? 'sturges';
  const given = options.breaks;
  if (given === undefined) checkBins(bins);
  let method: HistogramResult['method'] = given !== undefined ? 'breaks' : typeof bins === 'number' ? 'bins' : bins;

  const len = values.length;
  const x = new Float64Array(len);
  let n = 0;
  let missingCount = 0;
  let infiniteCount = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < len; i++) {
    const v = values[i];
    if (v == null || v !== v) {
      missingCount++;
      continue;
    }
    if (v === Infinity || v === -Infinity) {
      infiniteCount++;
      continue;
    }
    x[n++] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const warnings: AnalysisWarning[] = [];
  if (missingCount > 0) {
    warnings.push({ code: HISTOGRAM_WARNINGS.missingDropped, message: `histogram: dropped ${missingCount} missing value(s) (NaN or null)` });
  }
  if (infiniteCount > 0) {
    warnings.push({ code: HISTOGRAM_WARNINGS.infiniteDropped, message: `histogram: dropped ${infiniteCount} infinite value(s)` });
  }
  if (n === 0) {
    method = given !== undefined ? 'breaks' : method;
    return insufficient(method, `histogram: needs at least 1 finite value, got 0 (${missingCount} missing, ${infiniteCount} infinite)`);
  }
  const data = x.subarray(0, n);

  let breaks: number[];
  if (given !== undefined) {
    breaks = checkBreaks(given);
  } else {
    let classes = typeof bins === 'number' ? bins : classCount(bins, data, min, max);
    if (classes > MAX_BINS) {
      warnings.push({ code: HISTOGRAM_WARNINGS.tooManyBins, message: `histogram: ${classes} classes is too many; set to 1e6 as R does` });
      classes = MAX_BINS;
    }
    // R: pretty(range(x), n = breaks, min.n = 1); pretty's n is an integer (as.integer truncates).
    breaks = prettyBreaks(min, max, Math.trunc(classes), 1);
  }
  const nB = breaks.length;
  const widths = new Array<number>(nB - 1);
  for (let i = 0; i < nB - 1; i++) widths[i] = (breaks[i + 1] as number) - (breaks[i] as number);
  const meanWidth = widths.reduce((a, b) => a + b, 0) / widths.length;
  const equidistant = given === undefined || Math.max(...widths) - Math.min(...widths) < 1e-7 * meanWidth;

  // hist.default's fuzz: 1e-7 × median width (nB > 5), × the data range (nB ≤ 3), else × the smallest width.
  const diddle = 1e-7 * (nB > 5 ? median(widths) : nB <= 3 ? max - min : Math.min(...widths.filter((w) => w > 0)));
  const right = closed === 'right';
  const fuzzy = new Float64Array(nB);
  for (let i = 0; i < nB; i++) {
    // right-closed: first break −diddle (include.lowest), the rest +diddle; left-closed: mirrored.
    const f = right ? (i === 0 ? -diddle : diddle) : i === nB - 1 ? diddle : -diddle;
    fuzzy[i] = (breaks[i] as number) + f;
  }
  const counts = binCount(data, fuzzy, right);
  let counted = 0;
  for (const c of counts) counted += c;
  if (counted < n) {
    throw new RangeError(
      `histogram: breaks must span the data range [${min}, ${max}], got [${breaks[0]}, ${breaks[nB - 1]}] (${n - counted} value(s) outside)`,
    );
  }
  const densities = counts.map((c, i) => c / (n * (widths[i] as number)));
  const mids = widths.map((_, i) => 0.5 * ((breaks[i + 1] as number) + (breaks[i] as number)));
  return {
    status: 'ok',
    method,
    n,
    missingCount,
    infiniteCount,
    breaks,
    counts,
    densities,
    mids,
    closed,
    equidistant,
    warnings,
  };
}

function checkBins(bins: unknown): void {
  if (typeof bins === 'number') {
    if (!Number.isFinite(bins) || bins < 1) {
      throw new RangeError(`histogram: bins must be a finite number ≥ 1, got ${bins}`);
    }
  } else if (bins !== 'sturges' && bins !== 'fd' && bins !== 'scott') {
    throw new RangeError(`histogram: bins must be a number or 'sturges' | 'fd' | 'scott', got ${String(bins)}`);
  }
}

function checkBreaks(given: readonly number[]): number[] {
  if (given.length < 2) throw new RangeError(`histogram: breaks must have at least 2 values, got ${given.length}`);
  const b = [...given];
  for (const v of b) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`histogram: breaks must be finite numbers, got ${String(v)}`);
  }
  b.sort((p, q) => p - q);
  for (let i = 1; i < b.length; i++) {
    if (b[i] === b[i - 1]) throw new RangeError(`histogram: breaks must be distinct, got ${b[i]} twice`);
  }
  return b;
}

/** R's nclass.Sturges / nclass.FD / nclass.scott (grDevices, R 4.2). */
function classCount(rule: HistogramBinRule, x: Float64Array, min: number, max: number): number {
  const n = x.length;
  if (rule === 'sturges') return Math.ceil(Math.log2(n) + 1);
  if (rule === 'scott') {
    const h = 3.5 * Math.sqrt(sampleVariance(x)) * n ** (-1 / 3);
    return h > 0 ? Math.max(1, Math.ceil((max - min) / h)) : 1;
  }
  // Freedman–Diaconis on signif(x, 5); if the IQR is 0 try the 1/8, 1/16, …, 1/512 quantile ranges, then Scott's h.
  const rounded = new Float64Array(n);
  for (let i = 0; i < n; i++) rounded[i] = signif(x[i] as number, 5);
  let h = 2 * iqrRange(rounded, 0.25);
  if (h === 0) {
    rounded.sort();
    let al = 1 / 4;
    while (h === 0 && (al /= 2) >= 1 / 512) h = iqrRange(rounded, al) / (1 - 2 * al);
  }
  if (h === 0) h = 3.5 * Math.sqrt(sampleVariance(x));
  return h > 0 ? Math.ceil(((max - min) / h) * n ** (1 / 3)) : 1;
}

/** quantile(x, 1 − al) − quantile(x, al), type 7. */
function iqrRange(x: Float64Array, al: number): number {
  const q = quantileInPlace(x, x.length, checkProbabilities('histogram', [al, 1 - al]), 7, false);
  return (q[1] as number) - (q[0] as number);
}

/** Two-pass variance with divisor n − 1 (NaN for n = 1, which callers treat as "not > 0"). */
function sampleVariance(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] as number;
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - m;
    ss += d * d;
  }
  return ss / (n - 1);
}

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const half = Math.floor((s.length + 1) / 2);
  return s.length % 2 === 1 ? (s[half - 1] as number) : ((s[half - 1] as number) + (s[half] as number)) / 2;
}

/** R's fprec (signif): round to `digits` significant digits, halves to even as C's nearbyint. */
function signif(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const sgn = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const l10 = Math.log10(ax);
  let e10 = Math.trunc(digits - 1 - Math.floor(l10));
  const max10e = 308;
  if (Math.abs(l10) < max10e - 2) {
    let p10 = 1;
    if (e10 > max10e) {
      p10 = powDi(10, e10 - max10e);
      e10 = max10e;
    }
    if (e10 > 0) {
      const pow10 = powDi(10, e10);
      return (sgn * (roundHalfEven(ax * pow10 * p10) / pow10)) / p10;
    }
    const pow10 = powDi(10, -e10);
    return sgn * (roundHalfEven(ax / pow10) * pow10);
  }
  // Extreme magnitudes (|log10 x| ≥ 306): R's separate branch.
  const doRound = max10e - l10 >= powDi(10, -digits);
  const e2 = digits + (e10 > 0 ? 1 : -1) * 22;
  const p10 = powDi(10, e2);
  const P10 = powDi(10, e10 - e2);
  let y = ax * p10 * P10;
  if (doRound) y += 0.5;
  y = Math.floor(y) / p10;
  return (sgn * y) / P10;
}

/** R_pow_di: x^n by repeated squaring (the same rounding as R). */
function powDi(x: number, n: number): number {
  let xn = 1;
  const neg = n < 0;
  let k = Math.abs(n);
  let b = x;
  while (k > 0) {
    if (k & 1) xn *= b;
    k >>= 1;
    if (k > 0) b *= b;
  }
  return neg ? 1 / xn : xn;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  // Math.round sends halves up; C's nearbyint (round-to-even mode) sends them to the even neighbour.
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** C_bincount of R's graphics package: binary search over the (fuzzed) breaks, include.lowest = TRUE. */
function binCount(x: Float64Array, breaks: Float64Array, right: boolean): number[] {
  const nb1 = breaks.length - 1;
  const counts = new Array<number>(nb1).fill(0);
  const first = breaks[0] as number;
  const last = breaks[nb1] as number;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!(first <= v && v <= last)) continue;
    let lo = 0;
    let hi = nb1;
    while (hi - lo >= 2) {
      const mid = (hi + lo) >> 1;
      const b = breaks[mid] as number;
      if (v > b || (!right && v === b)) lo = mid;
      else hi = mid;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return counts;
}

/**
 * Round breakpoints covering [min, max], as R's `pretty(c(min, max), n, min.n)` (R 4.2 defaults: shrink.sml
 * 0.75, high.u.bias 1.5, u5.bias 2.75, f.min 2^−20, no eps correction).
 *
 * Method: R's `R_pretty` (src/appl/pretty.c): the cell (max − min)/n is rounded to a unit in {1, 2, 5, 10}·10^k
 * (biased toward larger units), the range is widened to multiples of the unit, and the breaks are
 * `seq(lo, hi, length.out = k + 1)` with values within 1e−14 of a step of zero set to 0.
 * @param min Lower end of the range (any unit).
 * @param max Upper end (≥ min).
 * @param n Desired number of intervals (integer ≥ 0); default 5.
 * @param minN Minimal number of intervals; default ⌊n/3⌋.
 * @returns The breakpoints, ascending.
 * @throws {RangeError} when min/max are not finite with min ≤ max, or n/minN are not integers with 0 ≤ minN ≤ n.
 * @example
 * prettyBreaks(0.3, 9.7, 5); // => [0, 2, 4, 6, 8, 10]
 */
export function prettyBreaks(min: number, max: number, n = 5, minN = Math.floor(n / 3)): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`prettyBreaks: min and max must be finite with min ≤ max, got ${min}, ${max}`);
  }
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(minN) || minN < 0 || minN > n) {
    throw new RangeError(`prettyBreaks: n and minN must be integers with 0 ≤ minN ≤ n, got n = ${n}, minN = ${minN}`);
  }
  const z = rPretty(min, max, n, minN);
  const count = z.ndiv + 1;
  const s = new Array<number>(count);
  // seq.int(lo, up, length.out = ndiv + 1): ends exact, interior lo + i·by.
  s[0] = z.lo;
  if (count > 1) s[count - 1] = z.up;
  if (count > 2) {
    const del = z.up - z.lo;
    const by = Number.isFinite(del) ? del / (count - 1) : z.up / (count - 1) - z.lo / (count - 1);
    for (let i = 1; i < count - 1; i++) {
      s[i] = Number.isFinite(del) ? z.lo + i * by : 4 * (z.lo / 4 + i * (by / 4));
    }
  }
  if (z.ndiv > 0) {
    // pretty.default zaps seq() rounding noise: |s| < 1e-14 · (up/ndiv − lo/ndiv) becomes 0.
    const delta = z.up / z.ndiv - z.lo / z.ndiv;
    for (let i = 0; i < count; i++) if (Math.abs(s[i] as number) < 1e-14 * delta) s[i] = 0;
  }
  return s;
}

const DBL_EPSILON = Number.EPSILON;
const DBL_MIN = 2.2250738585072014e-308;
const DBL_MAX = Number.MAX_VALUE;
const ROUNDING_EPS = 1e-10;

interface PrettyRange {
  readonly lo: number;
  readonly up: number;
  readonly ndiv: number;
}

/** R_pretty with return_bounds = TRUE and R 4.2's default biases. */
function rPretty(lo: number, up: number, ndiv: number, minN: number): PrettyRange {
  const h = 1.5;
  const h5 = 0.5 + 1.5 * h;
  const fMin = 2 ** -20;
  const shrink = 0.75;
  const dx = up - lo;
  let cell: number;
  let iSmall: boolean;
  if (dx === 0 && up === 0) {
    cell = 1;
    iSmall = true;
  } else {
    cell = Math.max(Math.abs(lo), Math.abs(up));
    let U = 1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5));
    U *= Math.max(1, ndiv) * DBL_EPSILON;
    iSmall = dx < cell * U * 3;
  }
  if (iSmall) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= shrink;
    if (minN > 1) cell /= minN;
  } else {
    cell = dx;
    if (Number.isFinite(dx)) {
      if (ndiv > 1) cell /= ndiv;
    } else if (ndiv >= 2) {
      cell = up / ndiv - lo / ndiv;
    }
  }
  const subsmall = fMin * DBL_MIN || DBL_MIN;
  if (cell < subsmall) cell = subsmall;
  else if (cell > DBL_MAX / 1.25) cell = DBL_MAX / 1.25;

  // C pow(10, k) is correctly rounded; V8's 10 ** k is not for k < 0 (10 ** -4 = 0.00009999999999999999).
  const base = Number(`1e${Math.floor(Math.log10(cell))}`);
  // unit from {1, 2, 5, 10}·base, favouring the larger unit (h > 1) and 5 over 2 (h5 > h).
  let unit = base;
  let U: number;
  if ((U = 2 * base) - cell < h * (cell - unit)) {
    unit = U;
    if ((U = 5 * base) - cell < h5 * (cell - unit)) {
      unit = U;
      if ((U = 10 * base) - cell < h * (cell - unit)) unit = U;
    }
  }
  let ns = Math.floor(lo / unit + ROUNDING_EPS);
  let nu = Math.ceil(up / unit - ROUNDING_EPS);
  while (ns * unit > lo + ROUNDING_EPS * unit) ns--;
  while (!Number.isFinite(ns * unit)) ns++;
  while (nu * unit < up - ROUNDING_EPS * unit) nu++;
  while (!Number.isFinite(nu * unit)) nu--;

  let k = Math.trunc(0.5 + nu - ns);
  let outDiv: number;
  if (k < minN) {
    k = minN - k;
    const half = Math.trunc(k / 2);
    if (lo === 0 && ns === 0 && up !== 0) {
      nu += k;
    } else if (up === 0 && nu === 0 && lo !== 0) {
      ns -= k;
    } else if (ns >= 0) {
      nu += half;
      ns -= half + (k % 2);
    } else {
      ns -= half;
      nu += half + (k % 2);
    }
    outDiv = minN;
  } else {
    outDiv = k;
  }
  // return_bounds: widen [lo, up] to the unit multiples, never narrow it.
  let outLo = lo;
  let outUp = up;
  if (ns * unit < outLo) outLo = ns * unit;
  if (nu * unit > outUp) outUp = nu * unit;
  return { lo: outLo, up: outUp, ndiv: outDiv };
}
