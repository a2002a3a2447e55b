/**
 * Silhouette widths of a partition (Rousseeuw 1987): how much closer each point is to its own cluster than to
 * the nearest other cluster, averaged overall and per cluster.
 */
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { insufficient } from './result.js';
import type { MatrixInput } from './kmeans/matrix.js';
import { matrixShape, powerOfTwoRescale, readRow } from './kmeans/matrix.js';
import { SeededRandom, checkSeed, sampleIndices } from './kmeans/seeded-random.js';

/** Warning codes of {@link silhouette}. */
export const SILHOUETTE_WARNINGS = {
  /** More evaluable rows than `sampleSize`: widths were computed on a seeded sample of rows. */
  sampled: 'silhouette-sampled',
  /** Rows with a missing value or a missing/negative cluster label were left out. */
  rowsLeftOut: 'rows-left-out',
  /** Some clusters have a single point; by definition its width is 0. */
  singletonCluster: 'singleton-cluster',
} as const;

/** Default number of points above which silhouettes are computed on a seeded sample (O(n²) distances). */
export const SILHOUETTE_EXACT_LIMIT = 10_000;

/** Options of {@link silhouette}. */
export interface SilhouetteOptions {
  /** Compute exactly up to this many points; above it, on a seeded sample of this size. Default 10 000. */
  readonly sampleSize?: number;
  /** Seed of the sample (used only when sampling). Default 1. */
  readonly seed?: number;
}

/** Silhouette summary of one cluster. */
export interface SilhouetteCluster {
  /** The cluster label as given in `clusters`. */
  readonly cluster: number;
  /** Points of this cluster that were evaluated. */
  readonly size: number;
  /** Mean silhouette width of those points (R `summary(sil)$clus.avg.widths`). */
  readonly meanSilhouette: number;
}

/** Successful result of {@link silhouette}. */
export interface SilhouetteResult {
  readonly status: 'ok';
  /** `'exact'` (all evaluable points) or `'sampled'` (a seeded sample of `sampleSize` points). */
  readonly method: 'exact' | 'sampled';
  /** Mean silhouette width over the evaluated points (sklearn `silhouette_score`, R `summary(sil)$avg.width`). */
  readonly meanSilhouette: number;
  /** Per cluster, in increasing label order. */
  readonly clusters: readonly SilhouetteCluster[];
  /** Width s(i) of each input row; NaN for rows not evaluated (left out, or outside the sample). */
  readonly widths: readonly number[];
  /** Number of points evaluated. */
  readonly evaluatedRows: number;
  /** The seed used when sampling, else null. */
  readonly seed: number | null;
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Mean silhouette width of a clustering, overall and per cluster, with Euclidean distances.
 *
 * Method (Rousseeuw 1987, "Silhouettes: a graphical aid to the interpretation and validation of cluster
 * analysis", J. Comput. Appl. Math. 20:53–65): a(i) = mean distance from i to the other points of its cluster,
 * b(i) = smallest mean distance from i to the points of another cluster, s(i) = (b − a) / max(a, b); s(i) = 0
 * for a point alone in its cluster, and 0 when a = b = 0 (duplicates). Exact (all pairs, O(n²·p) on typed
 * arrays) up to `sampleSize` points; above that, exact on a seeded uniform sample of `sampleSize` points, as
 * scikit-learn's `silhouette_score(sample_size=…)` (distances only among sampled points).
 * Missing: rows with a NaN/null feature, and rows whose label is NaN or negative (kmeans' −1), are left out.
 * Equals R `summary(cluster::silhouette(cl, dist(x)))$avg.width` and sklearn `silhouette_score(x, cl)`.
 *
 * @param data rows × features: row arrays or `{ values: Float64Array, rows, columns }` row-major.
 * @param clusters cluster label of each row: integers (any values, e.g. 0-based or R's 1-based); NaN or
 *   negative = not clustered.
 * @param options `sampleSize` (default 10 000) and `seed` (default 1, used only when sampling).
 * @returns mean width, per-cluster means and per-row widths; `insufficient` unless the evaluated points fall in
 *   at least 2 clusters and fewer clusters than points (the range scikit-learn accepts).
 * @throws {TypeError} on a malformed `data`/`clusters`; {RangeError} when lengths differ, a label is not an
 *   integer, a value is ±Infinity, or sampleSize is not an integer ≥ 2.
 * @example
 * silhouette([[0, 0], [0, 1], [10, 0], [10, 1]], [0, 0, 1, 1]).meanSilhouette
 * // => 0.9002487577582194
 */
export function silhouette(
  data: MatrixInput,
  clusters: ArrayLike<number>,
  options: SilhouetteOptions = {},
): SilhouetteResult | InsufficientResult {
  const { rows, columns: p } = matrixShape('silhouette', data);
  if (clusters === null || typeof clusters !== 'object' || typeof clusters.length !== 'number') {
    throw new TypeError('silhouette: clusters must be an array of integer labels, one per row');
  }
  if (clusters.length !== rows) {
    throw new RangeError(`silhouette: clusters must have one label per row (${rows}), got ${clusters.length}`);
  }
  const sampleSize = options.sampleSize ?? SILHOUETTE_EXACT_LIMIT;
  if (!Number.isInteger(sampleSize) || sampleSize < 2) {
    throw new RangeError(`silhouette: sampleSize must be an integer ≥ 2, got ${String(sampleSize)}`);
  }
  const seed = options.seed === undefined ? 1 : checkSeed('silhouette', options.seed);

  // rows that can be evaluated: complete, with a label ≥ 0
  const scratch = new Float64Array(p);
  const eligible = new Int32Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const label = clusters[i] as number;
    if (typeof label !== 'number') throw new TypeError(`silhouette: labels must be numbers, got ${typeof label} at row ${i}`);
    if (label !== label || label < 0) continue;
    if (!Number.isInteger(label)) throw new RangeError(`silhouette: labels must be integers, got ${label} at row ${i}`);
    if (readRow('silhouette', data, p, i, scratch, 0)) eligible[count++] = i;
  }
  const warnings: AnalysisWarning[] = [];
  if (count < rows) {
    warnings.push({
      code: SILHOUETTE_WARNINGS.rowsLeftOut,
      message: `${rows - count} of ${rows} rows had a missing value or no cluster label and were left out`,
    });
  }
  let chosen = eligible.subarray(0, count);
  const sampled = count > sampleSize;
  if (sampled) {
    const picks = sampleIndices(count, sampleSize, new SeededRandom(seed));
    const subset = new Int32Array(sampleSize);
    for (let r = 0; r < sampleSize; r++) subset[r] = chosen[picks[r] as number] as number;
    chosen = subset;
    warnings.push({
      code: SILHOUETTE_WARNINGS.sampled,
      message: `silhouettes computed on a seeded sample of ${sampleSize} of ${count} points (seed ${seed})`,
    });
  }
  const m = chosen.length;
  const method = sampled ? 'sampled' : 'exact';

  // dense cluster numbers 0..K-1 in increasing label order
  const labelValues = Array.from(new Set(Array.from(chosen, (i) => clusters[i] as number))).sort((a, b) => a - b);
  const K = labelValues.length;
  if (K < 2 || K > m - 1) {
    return insufficient(method, `silhouette: needs 2 to n − 1 clusters among the n = ${m} evaluated points, got ${K}`);
  }
  const dense = new Map<number, number>();
  labelValues.forEach((v, idx) => dense.set(v, idx));
  const x = new Float64Array(m * p);
  const lab = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const i = chosen[r] as number;
    readRow('silhouette', data, p, i, x, r * p);
    lab[r] = dense.get(clusters[i] as number) as number;
  }

  // widths are scale-free: an exact power-of-two rescale keeps distances of extreme magnitudes finite
  const magnitude = powerOfTwoRescale(x);
  if (magnitude !== 1) for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) / magnitude;
  const s = silhouetteWidths(x, m, p, lab, K);
  const sizes = new Int32Array(K);
  const sums = new Float64Array(K);
  let total = 0;
  for (let r = 0; r < m; r++) {
    const c = lab[r] as number;
    sizes[c] = (sizes[c] as number) + 1;
    sums[c] = (sums[c] as number) + (s[r] as number);
    total += s[r] as number;
  }
  const singletons = labelValues.filter((_, c) => sizes[c] === 1);
  if (singletons.length > 0) {
    warnings.push({
      code: SILHOUETTE_WARNINGS.singletonCluster,
      message: `cluster${singletons.length > 1 ? 's' : ''} ${singletons.join(', ')} ha${singletons.length > 1 ? 've' : 's'} a single point, whose width is 0 by definition`,
    });
  }
  const widths = new Array<number>(rows).fill(NaN);
  for (let r = 0; r < m; r++) widths[chosen[r] as number] = s[r] as number;
  return {
    status: 'ok',
    method,
    meanSilhouette: total / m,
    clusters: labelValues.map((cluster, c) => ({
      cluster,
      size: sizes[c] as number,
      meanSilhouette: (sums[c] as number) / (sizes[c] as number),
    })),
    widths,
    evaluatedRows: m,
    seed: sampled ? seed : null,
    warnings,
  };
}

/**
 * Silhouette width of every point of a row-major matrix with dense labels 0..K-1: one pass over the n(n−1)/2
 * pairs accumulating, for each point, the distance sums to each cluster.
 */
function silhouetteWidths(x: Float64Array, m: number, p: number, lab: Int32Array, K: number): Float64Array {
  const sums = new Float64Array(m * K);
  const sizes = new Int32Array(K);
  for (let i = 0; i < m; i++) sizes[lab[i] as number] = (sizes[lab[i] as number] as number) + 1;
  for (let i = 0; i < m; i++) {
    const li = lab[i] as number;
    const a = i * p;
    const rowSumsAt = i * K;
    for (let j = i + 1; j < m; j++) {
      const b = j * p;
      let d2 = 0;
      for (let t = 0; t < p; t++) {
        const diff = (x[a + t] as number) - (x[b + t] as number);
        d2 += diff * diff;
      }
      const d = Math.sqrt(d2);
      const lj = lab[j] as number;
      sums[rowSumsAt + lj] = (sums[rowSumsAt + lj] as number) + d;
      sums[j * K + li] = (sums[j * K + li] as number) + d;
    }
  }
  const s = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const own = lab[i] as number;
    const nOwn = sizes[own] as number;
    if (nOwn <= 1) continue; // Rousseeuw: s(i) = 0 for a singleton
    const a = (sums[i * K + own] as number) / (nOwn - 1);
    let b = Infinity;
    for (let c = 0; c < K; c++) {
      if (c === own) continue;
      const size = sizes[c] as number;
      if (size === 0) continue;
      const mean = (sums[i * K + c] as number) / size;
      if (mean < b) b = mean;
    }
    const denominator = a > b ? a : b;
    s[i] = denominator > 0 ? (b - a) / denominator : 0;
  }
  return s;
}
