/**
 * Multiple-comparison adjustment of p-values, as R's `p.adjust`.
 */

/** The adjustment methods, named as in R's `p.adjust.methods` (without the alias `"fdr"` = `"BH"`). */
export const P_ADJUST_METHODS = ['BH', 'BY', 'holm', 'hochberg', 'bonferroni', 'hommel', 'none'] as const;

/** One of {@link P_ADJUST_METHODS}. */
export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

/** Adjusted p-values in the positions of the input. */
export interface AdjustedPValues {
  readonly status: 'ok';
  readonly method: PAdjustMethod;
  /** Number of non-missing p-values: the m of the correction. */
  readonly m: number;
  /** Same length as the input; `null` where the input was missing (null or NaN). */
  readonly adjusted: readonly (number | null)[];
  /** Always empty; present for the shared result shape. */
  readonly warnings: readonly [];
}

/**
 * Adjusts p-values for multiple comparisons exactly as R's `p.adjust(p, method)`.
 *
 * Methods: Bonferroni; Holm (1979) step-down; Hochberg (1988) step-up; Hommel (1988), by R's O(m²) algorithm;
 * Benjamini & Hochberg (1995) false discovery rate; Benjamini & Yekutieli (2001) FDR under dependence
 * (factor Σ_{k≤m} 1/k). Missing values (null or NaN) keep their position, come back as null and are left out of
 * m (R's default `n = length(p)` after NAs are removed). With m ≤ 1 the values are returned unchanged.
 *
 * @param p raw p-values, each in [0, 1], or null/NaN for missing.
 * @param method adjustment method, see {@link P_ADJUST_METHODS}.
 * @returns the adjusted p-values in input order and m.
 * @throws {RangeError} when a p-value lies outside [0, 1] or the method is unknown.
 * @example
 * adjustPValues([0.01, 0.02, 0.03, null, 0.5], 'BH').adjusted // => [0.04, 0.04, 0.04, null, 0.5] (0.0399…96 as R)
 * adjustPValues([0.01, 0.02, 0.03], 'holm').adjusted // => [0.03, 0.04, 0.04]
 */
export function adjustPValues(p: readonly (number | null)[] | ArrayLike<number>, method: PAdjustMethod): AdjustedPValues {
  if (!(P_ADJUST_METHODS as readonly string[]).includes(method)) {
    throw new RangeError(`adjustPValues: method must be one of ${P_ADJUST_METHODS.join(', ')}, got ${String(method)}`);
  }
  const positions: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const value = p[i];
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new RangeError(`adjustPValues: p-values must lie in [0, 1] or be null/NaN, got ${String(value)} at index ${i}`);
    }
    positions.push(i);
    values.push(value);
  }
  const m = values.length;
  const adjusted: (number | null)[] = new Array<number | null>(p.length).fill(null);
  const result = m <= 1 ? Float64Array.from(values) : adjustComplete(Float64Array.from(values), method);
  for (let k = 0; k < m; k++) adjusted[positions[k] as number] = result[k] as number;
  return { status: 'ok', method, m, adjusted, warnings: [] };
}

/** Ascending stable order (R's `order` is stable, which matters only for Hommel's tied values). */
function ascendingOrder(p: Float64Array): Uint32Array {
  const order = Array.from({ length: p.length }, (_, i) => i);
  order.sort((a, b) => (p[a] as number) - (p[b] as number));
  return Uint32Array.from(order);
}

function adjustComplete(p: Float64Array, method: PAdjustMethod): Float64Array {
  const n = p.length;
  const out = new Float64Array(n);
  if (method === 'none') return p;
  if (method === 'bonferroni') {
    for (let k = 0; k < n; k++) out[k] = Math.min(1, n * (p[k] as number));
    return out;
  }
  if (method === 'hommel' && n > 2) return hommel(p);
  const order = ascendingOrder(p);
  if (method === 'holm') {
    // Step-down: the i-th smallest p times (n + 1 − i), made non-decreasing by a running maximum.
    let running = 0;
    for (let k = 0; k < n; k++) {
      const index = order[k] as number;
      running = Math.max(running, (n - k) * (p[index] as number));
      out[index] = Math.min(1, running);
    }
    return out;
  }
  // Step-up methods walk from the largest p down with a running minimum; i is the ascending rank (1-based).
  // Hommel with n = 2 equals Hochberg (as in R).
  let factor = 1;
  if (method === 'BY') factor = harmonicSum(n);
  let running = Infinity;
  for (let k = n - 1; k >= 0; k--) {
    const index = order[k] as number;
    const i = k + 1;
    const value = p[index] as number;
    // Same operation order as R so results agree to the last bit: (n + 1 − i) * p, n / i * p, q * n / i * p.
    const candidate =
      method === 'BH' ? (n / i) * value : method === 'BY' ? ((factor * n) / i) * value : (n + 1 - i) * value;
    running = Math.min(running, candidate);
    out[index] = Math.min(1, running);
  }
  return out;
}

/** Σ_{k=1}^{n} 1/k with Neumaier compensation (R sums in long double). */
function harmonicSum(n: number): number {
  let sum = 0;
  let compensation = 0;
  for (let k = 1; k <= n; k++) {
    const term = 1 / k;
    const t = sum + term;
    compensation += Math.abs(sum) >= term ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Hommel (1988) adjusted p-values by R's algorithm: for each subset size j, Simes-type minima, then maxima. */
function hommel(raw: Float64Array): Float64Array {
  const n = raw.length;
  const order = ascendingOrder(raw);
  const p = new Float64Array(n);
  for (let k = 0; k < n; k++) p[k] = raw[order[k] as number] as number;
  let start = Infinity;
  for (let k = 0; k < n; k++) start = Math.min(start, (n * (p[k] as number)) / (k + 1));
  const q = new Float64Array(n).fill(start);
  const pa = new Float64Array(n).fill(start);
  for (let j = n - 1; j >= 2; j--) {
    // In R's 1-based terms: i1 = 1..n−j+1, i2 = n−j+2..n; q1 = min(j * p[i2] / (2..j)).
    const split = n - j + 1;
    let q1 = Infinity;
    for (let k = split; k < n; k++) q1 = Math.min(q1, (j * (p[k] as number)) / (k - split + 2));
    for (let k = 0; k < split; k++) q[k] = Math.min(j * (p[k] as number), q1);
    const last = q[split - 1] as number;
    for (let k = split; k < n; k++) q[k] = last;
    for (let k = 0; k < n; k++) if ((q[k] as number) > (pa[k] as number)) pa[k] = q[k] as number;
  }
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[order[k] as number] = Math.max(pa[k] as number, p[k] as number);
  return out;
}
