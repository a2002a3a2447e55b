/**
 * Kendall's tau-b and its p-value, as R's `cor.test(method = "kendall")`: tau-b by Knight's (1966) O(n log n)
 * algorithm (sort by x then y, count the swaps a merge sort of y needs); the exact distribution of the number of
 * concordant pairs T without ties (R's `ckendall` recursion, default for n < 50), otherwise the normal
 * approximation of S with the tie-corrected variance of Kendall (1970, ch. 4).
 */
import { normalCdf, normalSurvival } from '../distributions/index.js';
import { sortOrder } from '../ranks.js';
import type { PairSettings } from './pearson.js';
import type { PairOutcome } from './types.js';

/** Beyond this n, n! overflows a double and R's exact distribution breaks down. */
const EXACT_MAX_N = 170;

/** Integer codes of values: equal values share a code, codes increase with the value (gaps allowed). */
export interface ValueCodes {
  readonly codes: Int32Array;
  /** One more than the largest code. */
  readonly size: number;
}

/** Dense codes 0..k−1 of complete values (one stable sort). */
export function denseCodes(values: Float64Array): ValueCodes {
  const order = sortOrder(values);
  const codes = new Int32Array(values.length);
  let code = -1;
  let previous = NaN;
  for (let i = 0; i < order.length; i++) {
    const index = order[i] as number;
    const value = values[index] as number;
    if (value !== previous) {
      code++;
      previous = value;
    }
    codes[index] = code;
  }
  return { codes, size: code + 1 };
}

/** S = concordant − discordant pairs and the tie-group sizes of x and y. */
export interface KendallScore {
  readonly s: number;
  readonly tiesX: readonly number[];
  readonly tiesY: readonly number[];
}

/** Stable counting sort of `order` by `codes[order[i]]`, into `out`. */
function countingSort(order: Uint32Array, codes: Int32Array, size: number, out: Uint32Array): void {
  const counts = new Int32Array(size + 1);
  for (let i = 0; i < order.length; i++) {
    const slot = (codes[order[i] as number] as number) + 1;
    counts[slot] = (counts[slot] as number) + 1;
  }
  for (let c = 0; c < size; c++) counts[c + 1] = (counts[c + 1] as number) + (counts[c] as number);
  for (let i = 0; i < order.length; i++) {
    const index = order[i] as number;
    const code = codes[index] as number;
    const at = counts[code] as number;
    counts[code] = at + 1;
    out[at] = index;
  }
}

/** Number of pairs i < j with a[i] > a[j], sorting `a` in place (bottom-up merge sort). */
function countInversions(a: Int32Array): number {
  const n = a.length;
  let source: Int32Array = a;
  let target: Int32Array = new Int32Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if ((source[j] as number) < (source[i] as number)) {
          inversions += mid - i;
          target[k++] = source[j++] as number;
        } else target[k++] = source[i++] as number;
      }
      while (i < mid) target[k++] = source[i++] as number;
      while (j < hi) target[k++] = source[j++] as number;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  return inversions;
}

/**
 * Knight's algorithm on codes: with pairs sorted by (x, y), S = n0 − n1 − n2 + n3 − 2·swaps, where n1, n2, n3 count
 * pairs tied in x, in y and in both, and swaps the inversions of y.
 */
export function kendallScore(x: ValueCodes, y: ValueCodes): KendallScore {
  const n = x.codes.length;
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const byY = new Uint32Array(n);
  countingSort(identity, y.codes, y.size, byY);
  const order = identity;
  countingSort(byY, x.codes, x.size, order);
  const tiesX: number[] = [];
  let tiedX = 0;
  let tiedBoth = 0;
  let runX = 1;
  let runBoth = 1;
  const ySequence = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const index = order[i] as number;
    ySequence[i] = y.codes[index] as number;
    if (i === 0) continue;
    const previous = order[i - 1] as number;
    const sameX = x.codes[index] === x.codes[previous];
    if (sameX) runX++;
    else {
      if (runX > 1) tiesX.push(runX);
      tiedX += (runX * (runX - 1)) / 2;
      runX = 1;
    }
    if (sameX && y.codes[index] === y.codes[previous]) runBoth++;
    else {
      tiedBoth += (runBoth * (runBoth - 1)) / 2;
      runBoth = 1;
    }
  }
  if (runX > 1) tiesX.push(runX);
  tiedX += (runX * (runX - 1)) / 2;
  tiedBoth += (runBoth * (runBoth - 1)) / 2;
  const countsY = new Int32Array(y.size);
  for (let i = 0; i < n; i++) {
    const code = y.codes[i] as number;
    countsY[code] = (countsY[code] as number) + 1;
  }
  const tiesY: number[] = [];
  let tiedY = 0;
  for (let c = 0; c < y.size; c++) {
    const t = countsY[c] as number;
    if (t > 1) {
      tiesY.push(t);
      tiedY += (t * (t - 1)) / 2;
    }
  }
  const swaps = countInversions(ySequence);
  const n0 = (n * (n - 1)) / 2;
  return { s: n0 - tiedX - tiedY + tiedBoth - 2 * swaps, tiesX, tiesY };
}

/** Kendall's test on complete pairs. */
export function kendallPair(x: Float64Array, y: Float64Array, settings: PairSettings): PairOutcome {
  const n = x.length;
  if (n < 2) return { ok: false, reason: `needs at least 2 complete pairs for Kendall's tau, got ${n}` };
  return kendallFromCodes(denseCodes(x), denseCodes(y), settings);
}

function sumOver(ties: readonly number[], f: (t: number) => number): number {
  let sum = 0;
  for (const t of ties) sum += f(t);
  return sum;
}

const pairsOf = (t: number): number => t * (t - 1);
const varianceTerm = (t: number): number => t * (t - 1) * (2 * t + 5);
const tripletsOf = (t: number): number => t * (t - 1) * (t - 2);

/** Kendall's tau-b and test from the codes of the complete pairs. */
export function kendallFromCodes(x: ValueCodes, y: ValueCodes, settings: PairSettings): PairOutcome {
  const n = x.codes.length;
  if (n < 2) return { ok: false, reason: `needs at least 2 complete pairs for Kendall's tau, got ${n}` };
  if (x.size < 2 || y.size < 2) return { ok: false, reason: 'a constant column has no rank correlation' };
  const { s, tiesX, tiesY } = kendallScore(x, y);
  const n0 = (n * (n - 1)) / 2;
  // R's cor(method = "kendall"): Σ over ordered pairs of sign products, over √(ordered pairs untied in x) · (… y).
  const untiedX = 2 * (n0 - sumOver(tiesX, pairsOf) / 2);
  const untiedY = 2 * (n0 - sumOver(tiesY, pairsOf) / 2);
  let tau = (2 * s) / (Math.sqrt(untiedX) * Math.sqrt(untiedY));
  tau = tau >= 1 ? 1 : tau <= -1 ? -1 : tau;
  const { alternative, continuity } = settings;
  const ties = tiesX.length > 0 || tiesY.length > 0;
  const exact = settings.exact ?? n < 50;
  if (exact && !ties && n <= EXACT_MAX_N) {
    const q = Math.round(((tau + 1) * n * (n - 1)) / 4);
    let pValue: number;
    // R forms the upper tail as 1 − P(T ≤ q − 1); kept for agreement with R, but clamped at 0 where that
    // cancellation goes negative (R returns e.g. −2.2e-16 for a perfect ranking at n = 20).
    if (alternative === 'two-sided') {
      const p = q > (n * (n - 1)) / 4 ? 1 - pkendall(q - 1, n) : pkendall(q, n);
      pValue = Math.max(0, Math.min(2 * p, 1));
    } else if (alternative === 'greater') pValue = Math.max(0, 1 - pkendall(q - 1, n));
    else pValue = pkendall(q, n);
    return {
      ok: true,
      result: { method: 'kendall-exact', estimate: tau, statistic: q, statisticName: 'T', df: null, pValue, confidenceInterval: null },
      tiesPreventedExact: false,
      exactUnavailable: false,
    };
  }
  const t1 = sumOver(tiesX, pairsOf) / 2;
  const t2 = sumOver(tiesY, pairsOf) / 2;
  // As R: S recovered from tau, so that the statistic matches R's bit for bit.
  let score = tau * Math.sqrt((n0 - t1) * (n0 - t2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sumOver(tiesX, varianceTerm);
  const vu = sumOver(tiesY, varianceTerm);
  const v1 = sumOver(tiesX, pairsOf) * sumOver(tiesY, pairsOf);
  const v2 = sumOver(tiesX, tripletsOf) * sumOver(tiesY, tripletsOf);
  // The last term is 0/0 when n = 2 (R: NaN); v2 is necessarily 0 there, so the term is dropped.
  const variance = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + (v2 === 0 ? 0 : v2 / (9 * n * (n - 1) * (n - 2)));
  if (continuity) score = Math.sign(score) * (Math.abs(score) - 1);
  const z = score / Math.sqrt(variance);
  const pValue =
    alternative === 'less' ? normalCdf(z) : alternative === 'greater' ? normalSurvival(z) : 2 * Math.min(normalCdf(z), normalSurvival(z));
  return {
    ok: true,
    result: { method: 'kendall-normal', estimate: tau, statistic: z, statisticName: 'z', df: null, pValue, confidenceInterval: null },
    tiesPreventedExact: exact && ties,
    exactUnavailable: exact && !ties && n > EXACT_MAX_N,
  };
}

/** Row n of R's `ckendall`: number of permutations of n with k concordant pairs, k = 0..n(n−1)/2. */
const countRows = new Map<number, Float64Array>();

function kendallCounts(n: number): Float64Array {
  const cached = countRows.get(n);
  if (cached !== undefined) return cached;
  let row = Float64Array.of(1);
  for (let m = 2; m <= n; m++) {
    const u = (m * (m - 1)) / 2;
    const next = new Float64Array(u + 1);
    const previousMax = row.length - 1;
    for (let k = 0; k <= u; k++) {
      // Same order of additions as R's recursion: s += ckendall(k − i, m − 1) for i = 0..m−1.
      let s = 0;
      for (let i = 0; i < m; i++) {
        const j = k - i;
        if (j >= 0 && j <= previousMax) s += row[j] as number;
      }
      next[k] = s;
    }
    row = next;
  }
  if (n < 50) countRows.set(n, row);
  return row;
}

/** R's `pkendall(q, n)` = P(T ≤ q): the counts summed from 0, divided by n! (R's `gammafn(n + 1)`). */
function pkendall(qIn: number, n: number): number {
  const q = Math.floor(qIn + 1e-7);
  if (q < 0) return 0;
  if (q > (n * (n - 1)) / 2) return 1;
  const counts = kendallCounts(n);
  let p = 0;
  for (let j = 0; j <= q; j++) p += counts[j] as number;
  let factorial = 1;
  for (let i = 2; i <= n; i++) factorial *= i;
  return p / factorial;
}
