/**
 * Spearman's rank correlation rho and its p-value, as R's `cor.test(method = "spearman")`: rho is Pearson's r of
 * the average ranks; the p-value of S = (n³ − n)(1 − rho)/6 comes from algorithm AS 89 (Best & Roberts 1975:
 * exact enumeration of all n! permutations for n ≤ 9, an Edgeworth series for 10 ≤ n ≤ 1290) or, with ties,
 * `exact: false` or n > 1290, from Student's t with n − 2 degrees of freedom.
 */
import { normalCdf, normalSurvival, studentTCdf, studentTSurvival } from '../distributions/index.js';
import { averageRanks } from '../ranks.js';
import { coefficientFromSums, isConstant, type PairSettings } from './pearson.js';
import type { PairOutcome } from './types.js';

/** R's limit for AS 89: n(n² − 1) stays exact, and the Edgeworth series is used up to here. */
const EXACT_MAX_N = 1290;
/** AS 89 enumerates permutations up to this n (R's `n_small`). */
const ENUMERATION_MAX_N = 9;

/** Ranks centred on their mean (n + 1)/2 (exact in binary: ranks are multiples of ½) and their sum of squares. */
export interface CentredRanks {
  readonly centred: Float64Array;
  readonly sumSquares: number;
  readonly ties: boolean;
  readonly constant: boolean;
}

/** Centred average ranks of complete values. */
export function centredRanks(values: Float64Array): CentredRanks {
  const { ranks, tieSizes } = averageRanks(values);
  const n = values.length;
  const mean = (n + 1) / 2;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const d = (ranks[i] as number) - mean;
    ranks[i] = d;
    sumSquares += d * d;
  }
  return { centred: ranks, sumSquares, ties: tieSizes.length > 0, constant: n > 0 && tieSizes.length === 1 && tieSizes[0] === n };
}

/**
 * Σ a·b for centred ranks. Products are multiples of ¼ and the sum stays below 2^51 for n up to ~2·10^5, so
 * plain double accumulation is exact there (as R's long double sum).
 */
export function rankDot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Spearman's test on complete pairs. */
export function spearmanPair(x: Float64Array, y: Float64Array, settings: PairSettings): PairOutcome {
  const n = x.length;
  if (n < 2) return { ok: false, reason: `needs at least 2 complete pairs for Spearman's rho, got ${n}` };
  if (isConstant(x) || isConstant(y)) return { ok: false, reason: `${isConstant(x) ? 'x' : 'y'} is constant, so rho is undefined` };
  const rx = centredRanks(x);
  const ry = centredRanks(y);
  return spearmanFromRanks(rankDot(rx.centred, ry.centred), rx, ry, n, settings);
}

/** Spearman's test from centred ranks and their cross product Σ (rx − r̄)(ry − r̄) over the n complete pairs. */
export function spearmanFromRanks(sxy: number, rx: CentredRanks, ry: CentredRanks, n: number, settings: PairSettings): PairOutcome {
  if (n < 2) return { ok: false, reason: `needs at least 2 complete pairs for Spearman's rho, got ${n}` };
  if (rx.constant || ry.constant || !(rx.sumSquares > 0) || !(ry.sumSquares > 0)) {
    return { ok: false, reason: 'a constant column has no rank correlation' };
  }
  const rho = coefficientFromSums(sxy, rx.sumSquares, ry.sumSquares, n);
  return spearmanTest(rho, n, rx.ties || ry.ties, settings);
}

/** p-value of rho exactly as R's `cor.test`: S, the tail chosen by S against its mean, AS 89 or t. */
export function spearmanTest(rho: number, n: number, ties: boolean, settings: PairSettings): PairOutcome {
  const { alternative, continuity } = settings;
  let exact = settings.exact ?? true;
  const tiesPreventedExact = ties && exact && n <= EXACT_MAX_N;
  if (ties) exact = false;
  const useAs89 = exact && n <= EXACT_MAX_N;
  if (!useAs89 && n < 3) return { ok: false, reason: `the t approximation for Spearman's rho needs n ≥ 3, got ${n}` };
  const n3 = n * n * n;
  const q = ((n3 - n) * (1 - rho)) / 6;
  const tail = (lowerTail: boolean): number => {
    if (useAs89) return prho(n, Math.round(q) + (lowerTail ? 2 : 0), lowerTail);
    let den = (n * (n * n - 1)) / 6;
    if (continuity) den += 1;
    const r = 1 - q / den;
    const t = r / Math.sqrt((1 - r * r) / (n - 2));
    return lowerTail ? studentTSurvival(t, n - 2) : studentTCdf(t, n - 2);
  };
  let pValue: number;
  if (alternative === 'two-sided') pValue = Math.min(2 * (q > (n3 - n) / 6 ? tail(false) : tail(true)), 1);
  else pValue = tail(alternative === 'greater');
  const method = !useAs89 ? 'spearman-t' : n <= ENUMERATION_MAX_N ? 'spearman-exact' : 'spearman-edgeworth';
  return {
    ok: true,
    result: { method, estimate: rho, statistic: q, statisticName: 'S', df: null, pValue, confidenceInterval: null },
    tiesPreventedExact,
    exactUnavailable: false,
  };
}

/** Edgeworth coefficients of AS 89. */
const C = [0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4] as const;

/**
 * AS 89 as in R's `prho`: P(S ≥ is), or P(S < is) when lowerTail, for S = Σ (i − p_i)² over uniformly random
 * permutations p of 1..n.
 */
export function prho(n: number, is: number, lowerTail: boolean): number {
  const start = lowerTail ? 0 : 1;
  if (n <= 1 || is <= 0) return start;
  const n3 = (n * (n * n - 1)) / 3;
  if (is > n3) return 1 - start;
  if (n <= ENUMERATION_MAX_N) {
    const histogram = permutationHistogram(n);
    let factorial = 1;
    for (let i = 2; i <= n; i++) factorial *= i;
    let atLeast = 0;
    for (let s = Math.max(0, Math.ceil(is)); s < histogram.length; s++) atLeast += histogram[s] as number;
    return (lowerTail ? factorial - atLeast : atLeast) / factorial;
  }
  const [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12] = C;
  const b = 1 / n;
  // Standardized rho with AS 89's continuity shift of one unit in S.
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  let y = x * x;
  const u =
    x * b * (c1 + b * (c2 + c3 * b) + y * (-c4 + b * (c5 + c6 * b) - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
  y = u / Math.exp(y / 2);
  let pv = (lowerTail ? -y : y) + (lowerTail ? normalCdf(x) : normalSurvival(x));
  if (pv < 0) pv = 0;
  if (pv > 1) pv = 1;
  return pv;
}

const histograms = new Map<number, Float64Array>();

/** Number of permutations of 1..n with each value of S = Σ (i − p_i)², for n ≤ 9 (at most 9! = 362 880). */
function permutationHistogram(n: number): Float64Array {
  const cached = histograms.get(n);
  if (cached !== undefined) return cached;
  const maxS = (n * (n * n - 1)) / 3;
  const histogram = new Float64Array(maxS + 1);
  const used = new Uint8Array(n + 1);
  visitPermutations(1, n, 0, used, histogram);
  histograms.set(n, histogram);
  return histogram;
}

/** Places a value at position i (1-based) in every possible way, accumulating (i − p_i)². */
function visitPermutations(i: number, n: number, s: number, used: Uint8Array, histogram: Float64Array): void {
  if (i > n) {
    histogram[s] = (histogram[s] as number) + 1;
    return;
  }
  for (let v = 1; v <= n; v++) {
    if (used[v]) continue;
    used[v] = 1;
    visitPermutations(i + 1, n, s + (i - v) * (i - v), used, histogram);
    used[v] = 0;
  }
}
