/**
 * Silhouette widths of a partition (Rousseeuw 1987): how much closer each point is to its own cluster than to
 * the nearest other cluster, averaged overall and per cluster.
 *
 * Stages, exported for silhouettes.ts (several partitions on shared points): silhouettePoints (validate, pick
 * the evaluable rows or their seeded sample) → densePartition (labels 0..K-1) → gatherPoints (the points'
 * matrix, power-of-two rescaled) → silhouetteWidths (distance sums per cluster, one pass over the pairs) →
 * silhouetteSummary (means, per-row widths, warnings).
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
  const points = silhouettePoints('silhouette', data, rows, p, clusters, options);
  const partition = densePartition(clusters, points.chosen);
  if (partition === null) return insufficient(points.method, tooFewClusters(points.chosen.length, clusters, points.chosen));
  const x = gatherPoints('silhouette', data, p, points.chosen);
  const [s] = silhouetteWidths(x, points.chosen.length, p, [partition]);
  return silhouetteSummary(rows, points, partition, s as Float64Array);
}

/** The rows a silhouette is computed on: the evaluable ones, or their seeded sample. */
export interface SilhouettePoints {
  /** Input row numbers of the evaluated points, increasing. */
  readonly chosen: Int32Array;
  readonly method: 'exact' | 'sampled';
  /** The seed when sampling, else null. */
  readonly seed: number | null;
  /** rows-left-out and silhouette-sampled warnings. */
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Validates the labels and options and picks the points to evaluate: complete rows with a label ≥ 0, or a seeded
 * uniform sample of `sampleSize` of them (partial Fisher–Yates, sampleIndices). The sample depends only on the
 * number of evaluable rows and the seed, so partitions that leave out the same rows share it.
 * @throws as {@link silhouette}.
 */
export function silhouettePoints(
  fn: string,
  data: MatrixInput,
  rows: number,
  p: number,
  clusters: ArrayLike<number>,
  options: SilhouetteOptions,
): SilhouettePoints {
  if (clusters === null || typeof clusters !== 'object' || typeof clusters.length !== 'number') {
    throw new TypeError(`${fn}: clusters must be an array of integer labels, one per row`);
  }
  if (clusters.length !== rows) {
    throw new RangeError(`${fn}: clusters must have one label per row (${rows}), got ${clusters.length}`);
  }
  const sampleSize = options.sampleSize ?? SILHOUETTE_EXACT_LIMIT;
  if (!Number.isInteger(sampleSize) || sampleSize < 2) {
    throw new RangeError(`${fn}: sampleSize must be an integer ≥ 2, got ${String(sampleSize)}`);
  }
  const seed = options.seed === undefined ? 1 : checkSeed(fn, options.seed);

  // rows that can be evaluated: complete, with a label ≥ 0
  const scratch = new Float64Array(p);
  const eligible = new Int32Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const label = clusters[i] as number;
    if (typeof label !== 'number') throw new TypeError(`${fn}: labels must be numbers, got ${typeof label} at row ${i}`);
    if (label !== label || label < 0) continue;
    if (!Number.isInteger(label)) throw new RangeError(`${fn}: labels must be integers, got ${label} at row ${i}`);
    if (readRow(fn, data, p, i, scratch, 0)) eligible[count++] = i;
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
  return { chosen, method: sampled ? 'sampled' : 'exact', seed: sampled ? seed : null, warnings };
}

/**
 * The chosen rows as a row-major matrix, divided by an exact power of two when needed: widths are scale-free, and
 * the rescale keeps distances of extreme magnitudes finite.
 */
export function gatherPoints(fn: string, data: MatrixInput, p: number, chosen: Int32Array): Float64Array {
  const m = chosen.length;
  const x = new Float64Array(m * p);
  for (let r = 0; r < m; r++) readRow(fn, data, p, chosen[r] as number, x, r * p);
  const magnitude = powerOfTwoRescale(x);
  if (magnitude !== 1) for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) / magnitude;
  return x;
}

/** A partition of the chosen points with dense cluster numbers 0..K-1 in increasing label order. */
export interface DensePartition {
  /** The labels as given, increasing; index = dense number. */
  readonly labelValues: readonly number[];
  /** Dense cluster number of each chosen point. */
  readonly lab: Int32Array;
  readonly K: number;
}

/** Dense cluster numbers of the chosen points; null unless there are 2 to m − 1 clusters (sklearn's range). */
export function densePartition(clusters: ArrayLike<number>, chosen: Int32Array): DensePartition | null {
  const m = chosen.length;
  const labelValues = Array.from(new Set(Array.from(chosen, (i) => clusters[i] as number))).sort((a, b) => a - b);
  const K = labelValues.length;
  if (K < 2 || K > m - 1) return null;
  const dense = new Map<number, number>();
  labelValues.forEach((v, idx) => dense.set(v, idx));
  const lab = new Int32Array(m);
  for (let r = 0; r < m; r++) lab[r] = dense.get(clusters[chosen[r] as number] as number) as number;
  return { labelValues, lab, K };
}

/** The insufficient-result reason when a partition has fewer than 2 or more than m − 1 clusters. */
export function tooFewClusters(m: number, clusters: ArrayLike<number>, chosen: Int32Array): string {
  const K = new Set(Array.from(chosen, (i) => clusters[i] as number)).size;
  return `silhouette: needs 2 to n − 1 clusters among the n = ${m} evaluated points, got ${K}`;
}

/** Means overall and per cluster, widths per input row, singleton warnings: the result of {@link silhouette}. */
export function silhouetteSummary(rows: number, points: SilhouettePoints, partition: DensePartition, s: Float64Array): SilhouetteResult {
  const { chosen } = points;
  const { labelValues, lab, K } = partition;
  const m = chosen.length;
  const sizes = new Int32Array(K);
  const sums = new Float64Array(K);
  let total = 0;
  for (let r = 0; r < m; r++) {
    const c = lab[r] as number;
    sizes[c] = (sizes[c] as number) + 1;
    sums[c] = (sums[c] as number) + (s[r] as number);
    total += s[r] as number;
  }
  const warnings = [...points.warnings];
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
    method: points.method,
    meanSilhouette: total / m,
    clusters: labelValues.map((cluster, c) => ({
      cluster,
      size: sizes[c] as number,
      meanSilhouette: (sums[c] as number) / (sizes[c] as number),
    })),
    widths,
    evaluatedRows: m,
    seed: points.seed,
    warnings,
  };
}

/**
 * Most points × label combinations for which {@link silhouetteWidths} shares one pass among partitions: its two
 * sum arrays then take at most 16 MB each (4,000 points × 115 combinations, segments' case, take 3.7 MB).
 */
const SHARED_SUMS_LIMIT = 2_097_152;

/**
 * Silhouette widths of every point of a row-major matrix under each of several partitions (dense labels
 * 0..K-1), with each pairwise distance computed once.
 *
 * The points are grouped by their combination of labels across the partitions (for nested-looking k-means
 * partitions of k = 2…8, a few dozen to a few hundred combinations); one pass over the m(m−1)/2 pairs adds each
 * distance to the two points' sums per combination, and a partition's sum to its cluster c is then the sum of the
 * combinations labelled c in it. With one partition the combinations are its clusters and the additions happen in
 * pair order, as a plain silhouette loop; with several, each sum is regrouped by combination, equal to rounding
 * (~1e-16 relative). With one partition, or when points × combinations would exceed SHARED_SUMS_LIMIT, each
 * partition gets its own pass with its clusters as the groups.
 */
export function silhouetteWidths(x: Float64Array, m: number, p: number, partitions: readonly DensePartition[]): Float64Array[] {
  const sizesOf = (partition: DensePartition): Int32Array => {
    const sizes = new Int32Array(partition.K);
    for (let i = 0; i < m; i++) sizes[partition.lab[i] as number] = (sizes[partition.lab[i] as number] as number) + 1;
    return sizes;
  };
  const combined = partitions.length > 1 ? labelCombinations(m, partitions) : null;
  if (combined === null) {
    // one partition (its clusters are the groups), or too many combinations: a pass per partition
    return partitions.map((partition) => widthsFromSums(m, partition, pairSums(x, m, p, partition.lab, partition.K), sizesOf(partition)));
  }
  const { combination, count: T, labelOf } = combined;
  const sums = pairSums(x, m, p, combination, T);
  return partitions.map((partition, q) => {
    const { K } = partition;
    const labels = labelOf[q] as Int32Array;
    const clusterSums = new Float64Array(m * K);
    for (let i = 0; i < m; i++) {
      for (let t = 0; t < T; t++) {
        const at = i * K + (labels[t] as number);
        clusterSums[at] = (clusterSums[at] as number) + (sums[i * T + t] as number);
      }
    }
    return widthsFromSums(m, partition, clusterSums, sizesOf(partition));
  });
}

/**
 * Dense numbers 0..T-1 of the points' label combinations across the partitions (in order of first appearance),
 * and the label of each combination in each partition; null when m × T would exceed SHARED_SUMS_LIMIT.
 */
function labelCombinations(
  m: number,
  partitions: readonly DensePartition[],
): { combination: Int32Array; count: number; labelOf: Int32Array[] } | null {
  const combination = new Int32Array(m);
  const ids = new Map<string, number>();
  const firstPoint: number[] = [];
  for (let i = 0; i < m; i++) {
    let key = '';
    for (const partition of partitions) key += `${partition.lab[i] as number},`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      firstPoint.push(i);
      if (m * ids.size > SHARED_SUMS_LIMIT) return null;
    }
    combination[i] = id;
  }
  const labelOf = partitions.map((partition) => Int32Array.from(firstPoint, (i) => partition.lab[i] as number));
  return { combination, count: ids.size, labelOf };
}

/**
 * For every point i and group g (0..G-1), the sum of the distances from i to the other points of g: one pass over
 * the pairs, i ascending then j > i, so each sum receives its terms in pair order (the terms from j < i first).
 * The terms for the later point j go to a group-major array (`later[g·m + j]`), read in j order: with a hundred
 * groups a point-major array would be written a cache line per pair.
 */
function pairSums(x: Float64Array, m: number, p: number, group: Int32Array, G: number): Float64Array {
  const sums = new Float64Array(m * G);
  const later = new Float64Array(G * m);
  for (let i = 0; i < m; i++) {
    const gi = group[i] as number;
    const a = i * p;
    const rowSumsAt = i * G;
    // the terms from the earlier points j < i, accumulated in j order
    for (let g = 0; g < G; g++) sums[rowSumsAt + g] = later[g * m + i] as number;
    const laterAt = gi * m;
    for (let j = i + 1; j < m; j++) {
      const b = j * p;
      let d2 = 0;
      for (let t = 0; t < p; t++) {
        const diff = (x[a + t] as number) - (x[b + t] as number);
        d2 += diff * diff;
      }
      const d = Math.sqrt(d2);
      const gj = group[j] as number;
      sums[rowSumsAt + gj] = (sums[rowSumsAt + gj] as number) + d;
      later[laterAt + j] = (later[laterAt + j] as number) + d;
    }
  }
  return sums;
}

/** s(i) = (b − a) / max(a, b) from the per-cluster distance sums; 0 for a singleton and when a = b = 0. */
function widthsFromSums(m: number, partition: DensePartition, sums: Float64Array, sizes: Int32Array): Float64Array {
  const { lab, K } = partition;
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
