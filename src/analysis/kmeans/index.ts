/**
 * k-means clustering on typed arrays: seeded greedy k-means++ starts, Hartigan–Wong (R's default) or Lloyd
 * refinement, restarts keeping the lowest total within-cluster sum of squares, and on small fits a swap local
 * search from the best run.
 *
 * Stages (one file each):
 *   0. options.ts       validate k and the options, fill in defaults
 *   1. matrix.ts        accept row arrays or a flat Float64Array; drop rows with a missing value (reported,
 *                       cluster −1)
 *   2. ../standardize   optional z-scores (R `scale()`), constant column → scale 1; then a power-of-two rescale
 *                       when |x| > 2^500 or < 2^−500 so squared distances cannot overflow (exact, undone at the end)
 *   3. seeded-random.ts the fit set: every row, or a seeded sample of `sampleSize` rows
 *   4. plus-plus.ts     greedy k-means++ starting centres, one set per restart
 *   5. hartigan-wong.ts AS 136 (default) | lloyd.ts Lloyd with Hamerly bounds
 *   6. (here)           restarts: keep the run with the lowest total within-SS
 *   6b. swap-search.ts  Hartigan–Wong on small fits: swap local search from the best run (Kanungo et al. 2004)
 *   7. summarize.ts     assign every row when fitted on a sample; means, within/total/between SS; relabel by
 *                       first appearance; centres and profiles back in original units
 */
import type { AnalysisWarning, InsufficientResult } from '../result.js';
import { insufficient } from '../result.js';
import { scaleColumnsInPlace } from '../standardize.js';
import { hartiganWong } from './hartigan-wong.js';
import { lloyd } from './lloyd.js';
import type { MatrixInput } from './matrix.js';
import { completeRows, powerOfTwoRescale } from './matrix.js';
import { seedPlusPlus } from './plus-plus.js';
import type { KMeansAlgorithm, KMeansOptions } from './options.js';
import { LOCAL_SEARCH_LIMIT, checkOptions } from './options.js';
import { SeededRandom, sampleIndices } from './seeded-random.js';
import { swapSearch } from './swap-search.js';
import { assignNearest, clusterSums, firstAppearanceOrder, totalSumOfSquares } from './summarize.js';

export type { FlatMatrix, MatrixInput, RowsMatrix } from './matrix.js';
export type { KMeansAlgorithm, KMeansOptions } from './options.js';
export { KMEANS_ALGORITHMS, LOCAL_SEARCH_LIMIT } from './options.js';

/** Warning codes of {@link kmeans}. */
export const KMEANS_WARNINGS = {
  /** Rows with a missing value (NaN/null) were left out; their cluster is −1. */
  missingRowsDropped: 'missing-rows-dropped',
  /** With `standardize`, a feature had no spread and was scaled by 1 (see standardize). */
  constantColumn: 'constant-column',
  /** The best run stopped at `maxIterations` before converging. */
  notConverged: 'not-converged',
  /**
   * Hartigan–Wong's quick-transfer stage hit its 50·n step limit (where R stops with ifault 4): optimal transfer
   * was resumed once; a second hit ended the run unconverged (then `not-converged` is reported too).
   */
  quickTransferLimit: 'quick-transfer-limit',
  /** Lloyd emptied a cluster and gave it the farthest point as a new centre. */
  emptyClusterRelocated: 'empty-cluster-relocated',
  /** Centres were fitted on a seeded sample, then every row was assigned to its nearest centre. */
  fittedOnSample: 'fitted-on-sample',
  /** After assigning every row to the sample-fitted centres a cluster had no row. */
  emptyCluster: 'empty-cluster',
} as const;

/** Consecutive unsuccessful swaps that end the local search. */
const SWAP_PATIENCE = 100;

/** One cluster described in original units. */
export interface KMeansProfile {
  /** 0-based cluster number, as in `clusters`. */
  readonly cluster: number;
  /** Number of rows in the cluster. */
  readonly size: number;
  /** Share of the clustered (complete) rows, 0–1. */
  readonly share: number;
  /** Mean of each feature over the cluster's rows, in the data's original units. */
  readonly means: readonly number[];
}

/** Successful result of {@link kmeans}. */
export interface KMeansResult {
  readonly status: 'ok';
  readonly method: KMeansAlgorithm;
  readonly k: number;
  /**
   * 0-based cluster of each input row (−1 for a row dropped for a missing value). Clusters are numbered in
   * order of first appearance: row 0 (if complete) is in cluster 0.
   */
  readonly clusters: readonly number[];
  /** Cluster centres (means) in original units, k × features. */
  readonly centers: readonly (readonly number[])[];
  /** Cluster centres in standardized units when `standardize` was set, else null. */
  readonly standardizedCenters: readonly (readonly number[])[] | null;
  /** Column centres and scales used when `standardize` was set (to place new rows), else null. */
  readonly standardization: { readonly centers: readonly number[]; readonly scales: readonly number[] } | null;
  /** Rows per cluster. */
  readonly sizes: readonly number[];
  /** Within-cluster sum of squares per cluster (in standardized units when standardized, like R on scale(x)). */
  readonly withinSS: readonly number[];
  /** Σ withinSS (R's tot.withinss). */
  readonly totalWithinSS: number;
  /** Sum of squares about the grand mean (R's totss). */
  readonly totSS: number;
  /** totSS − totalWithinSS (R's betweenss), clamped at 0. */
  readonly betweenSS: number;
  /** Iterations of the kept run. */
  readonly iterations: number;
  /** Whether the kept run converged. */
  readonly converged: boolean;
  /** Number of starts made. */
  readonly restarts: number;
  /** Swaps accepted by the local search (0 when it did not run or found nothing better). */
  readonly localSearchSwaps: number;
  /** Rows the centres were fitted on (the sample size, or all complete rows). */
  readonly fittedRows: number;
  /** Input rows left out for a missing value. */
  readonly droppedRows: number;
  /** Size, share and feature means of each cluster, in original units. */
  readonly profiles: readonly KMeansProfile[];
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Partitions rows into k clusters minimising the total within-cluster sum of squares.
 *
 * Method: greedy k-means++ seeding (Arthur & Vassilvitskii 2007; scikit-learn's 2 + ⌊ln k⌋ candidates per
 * centre), refined by Hartigan & Wong (1979, AS 136, R's default, same bookkeeping as R so equal starts give
 * equal partitions) or Lloyd (1982) with Hamerly (2010) bounds; `restarts` seeded starts, the lowest total
 * within-SS kept; for Hartigan–Wong on small fits (rows × k ≤ 20 000) a swap local search from the best run
 * (Kanungo et al. 2004), which on iris reaches R's best of nstart = 50 with the default 10 restarts. With
 * `sampleSize`, the centres are fitted on a seeded sample, then every row is assigned to its nearest centre and
 * the centres, sums of squares and profiles are recomputed on all rows (one mean step).
 * Missing values: a row with any NaN/null is left out (cluster −1, warning `missing-rows-dropped`).
 * Differences from R's `kmeans(x, k, nstart)`: the starts (R draws k random rows), the local search, k = n
 * allowed (R's Hartigan–Wong refuses it), and a quick-transfer stage that exceeds 50·n steps ends that stage
 * instead of the whole run (R: ifault 4).
 *
 * @param data rows × features: row arrays, or `{ values: Float64Array, rows, columns }` row-major (preferred
 *   beyond ~100k rows: no copy is made unless rows must be dropped, standardized or rescaled).
 * @param k number of clusters, integer ≥ 1.
 * @param options `seed` (required), `restarts` (10), `maxIterations` (100), `algorithm` ('hartigan-wong'),
 *   `standardize` (false), `sampleSize` (all rows), `localTrials` (2 + ⌊ln k⌋), `tolerance` (Lloyd; 0),
 *   `localSearch` (Hartigan–Wong; on when rows × k ≤ 20 000).
 * @returns clusters per row, centres (original and standardized units), sizes, withinSS, totSS, betweenSS,
 *   iterations, converged, profiles; `insufficient` when there is no complete row or k exceeds the number of
 *   distinct complete rows (of the sample, when sampling).
 * @throws {TypeError} on a malformed `data` or missing seed; {RangeError} on ragged rows, ±Infinity, a
 *   non-integer or < 1 k, restarts, maxIterations, localTrials or sampleSize (< k), an unknown algorithm, a
 *   negative tolerance, or localSearch with Lloyd.
 * @example
 * kmeans([[1, 1], [1.2, 0.8], [8, 8], [8.2, 7.9]], 2, { seed: 1 })
 * // => { status: 'ok', method: 'hartigan-wong', clusters: [0, 0, 1, 1], sizes: [2, 2],
 * //      centers: [[1.1, 0.9], [8.1, 7.95]], totalWithinSS: 0.065 (0.06499999999999981), totSS: 98.7675, … }
 */
export function kmeans(data: MatrixInput, k: number, options: KMeansOptions): KMeansResult | InsufficientResult {
  const opts = checkOptions(k, options);
  const method = opts.algorithm;
  const prepared = completeRows('kmeans', data, false);
  const n = prepared.rows;
  const p = prepared.columns;
  const warnings: AnalysisWarning[] = [];
  const droppedRows = prepared.inputRows - n;
  if (n === 0) return insufficient(method, `kmeans: needs at least 1 complete row, got 0 of ${prepared.inputRows}`);
  if (k > n) return insufficient(method, `kmeans: k = ${k} exceeds the ${n} complete rows`);
  if (droppedRows > 0) {
    warnings.push({
      code: KMEANS_WARNINGS.missingRowsDropped,
      message: `${droppedRows} of ${prepared.inputRows} rows had a missing value and were left out (cluster -1)`,
    });
  }

  // stage 2: the clustering space
  let x = prepared.values;
  let owned = prepared.owned;
  let standardization: { readonly centers: Float64Array; readonly scales: Float64Array } | null = null;
  if (opts.standardize) {
    if (!owned) {
      x = x.slice();
      owned = true;
    }
    const fit = scaleColumnsInPlace(x, n, p, true, true);
    standardization = { centers: fit.centers, scales: fit.scales };
    for (const w of fit.warnings) warnings.push(w);
  }
  const magnitude = powerOfTwoRescale(x);
  if (magnitude !== 1) {
    if (!owned) x = x.slice();
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) / magnitude;
  }

  // stage 3: the fit set
  const random = new SeededRandom(opts.seed);
  let fitX = x;
  let m = n;
  if (opts.sampleSize !== undefined && opts.sampleSize < n) {
    m = opts.sampleSize;
    const rows = sampleIndices(n, m, random);
    fitX = new Float64Array(m * p);
    for (let r = 0; r < m; r++) {
      const i = rows[r] as number;
      fitX.set(x.subarray(i * p, i * p + p), r * p);
    }
    warnings.push({
      code: KMEANS_WARNINGS.fittedOnSample,
      message: `centres fitted on a seeded sample of ${m} of ${n} rows (seed ${opts.seed}), then every row assigned to its nearest centre`,
    });
  }
  const localSearch = opts.localSearch ?? (method === 'hartigan-wong' && m * k <= LOCAL_SEARCH_LIMIT);
  const shiftTolerance = opts.tolerance > 0 ? opts.tolerance * meanVariance(fitX, m, p) : 0;

  // stages 4–6: starts, refinement, keep the best
  let labels = new Int32Array(m);
  let bestLabels = new Int32Array(m);
  const centers = new Float64Array(k * p);
  const bestCenters = new Float64Array(k * p);
  const sizes = new Int32Array(k);
  const withinSS = new Float64Array(k);
  let bestSS = Infinity;
  let bestIterations = 0;
  let bestConverged = false;
  let bestQuickLimit = false;
  let relocations = 0;
  let runs = 0;
  for (let run = 0; run < opts.restarts; run++) {
    runs++;
    const seeding = seedPlusPlus(fitX, m, p, k, opts.localTrials, random);
    if (seeding.count < k) {
      const where = m < n ? `the sample of ${m} rows has` : `the data have`;
      return insufficient(method, `kmeans: k = ${k} exceeds the number of distinct points: ${where} ${seeding.count}`);
    }
    centers.set(seeding.centers);
    let iterations = 1;
    let converged = true;
    let quickLimit = false;
    // k = 1 and "every point is a centre" are solved by the starting partition (one optimum, no restarts needed)
    const trivial = k === 1 || seeding.potential === 0;
    if (trivial) {
      assignNearest(fitX, m, p, centers, k, labels);
    } else if (method === 'hartigan-wong') {
      const hw = hartiganWong(fitX, m, p, centers, k, opts.maxIterations, labels);
      if (hw.end === 'empty-cluster') {
        // cannot happen from distinct data-point starts; Lloyd is the safe fallback
        centers.set(seeding.centers);
        const ll = lloyd(fitX, m, p, centers, k, opts.maxIterations, 0, labels);
        iterations = ll.iterations;
        converged = ll.converged;
        relocations += ll.relocations;
      } else {
        iterations = hw.iterations;
        converged = hw.end === 'converged';
        quickLimit = hw.quickTransferLimitHits > 0;
      }
    } else {
      const ll = lloyd(fitX, m, p, centers, k, opts.maxIterations, shiftTolerance, labels);
      iterations = ll.iterations;
      converged = ll.converged;
      relocations += ll.relocations;
    }
    const ss = clusterSums(fitX, m, p, labels, k, centers, sizes, withinSS);
    if (ss < bestSS) {
      bestSS = ss;
      const swap = bestLabels;
      bestLabels = labels;
      labels = swap;
      bestCenters.set(centers);
      bestIterations = iterations;
      bestConverged = converged;
      bestQuickLimit = quickLimit;
    }
    if (trivial) break;
  }
  // stage 6b: swap local search from the best run (R's best of nstart = 50 is matched or beaten on small data)
  let swaps = 0;
  if (localSearch && bestSS > 0 && k > 1) {
    const searched = swapSearch(fitX, m, p, k, bestCenters, bestLabels, bestSS, opts.maxIterations, SWAP_PATIENCE, random);
    swaps = searched.swaps;
    if (searched.swaps > 0) {
      bestSS = searched.totalWithinSS;
      bestIterations = searched.iterations;
      bestConverged = searched.converged;
    }
  }

  // stage 7: every row, sums of squares, labels, original units
  let rowLabels = bestLabels;
  if (m < n) {
    rowLabels = new Int32Array(n);
    assignNearest(x, n, p, bestCenters, k, rowLabels);
  }
  const totalWithin = clusterSums(x, n, p, rowLabels, k, bestCenters, sizes, withinSS);
  const totSSScaled = totalSumOfSquares(x, n, p);
  const order = firstAppearanceOrder(rowLabels, k);
  for (let i = 0; i < n; i++) rowLabels[i] = order[rowLabels[i] as number] as number;
  // a plain array (not the Int32Array) so that results serialize to JSON as a list
  let clusters: number[];
  if (prepared.rowIndex === null) {
    clusters = Array.from(rowLabels);
  } else {
    clusters = new Array<number>(prepared.inputRows).fill(-1);
    for (let r = 0; r < n; r++) clusters[prepared.rowIndex[r] as number] = rowLabels[r] as number;
  }

  const ssFactor = magnitude * magnitude;
  const sizesOut: number[] = new Array<number>(k);
  const withinOut: number[] = new Array<number>(k);
  const fitted: number[][] = new Array<number[]>(k);
  const original: number[][] = new Array<number[]>(k);
  for (let l = 0; l < k; l++) {
    const to = order[l] as number;
    sizesOut[to] = sizes[l] as number;
    withinOut[to] = (withinSS[l] as number) * ssFactor;
    const row = new Array<number>(p);
    const back = new Array<number>(p);
    for (let j = 0; j < p; j++) {
      const v = (bestCenters[l * p + j] as number) * magnitude;
      row[j] = v;
      back[j] = standardization === null ? v : v * (standardization.scales[j] as number) + (standardization.centers[j] as number);
    }
    fitted[to] = row;
    original[to] = back;
  }
  if (sizesOut.some((s) => s === 0)) {
    warnings.push({
      code: KMEANS_WARNINGS.emptyCluster,
      message: `after assigning all ${n} rows to the centres fitted on the sample, ${sizesOut.filter((s) => s === 0).length} cluster(s) had no row`,
    });
  }
  if (!bestConverged) {
    warnings.push({
      code: KMEANS_WARNINGS.notConverged,
      message:
        bestIterations < opts.maxIterations
          ? `the best of ${runs} runs stopped unconverged at its second quick-transfer step limit (iteration ${bestIterations})`
          : `the best of ${runs} runs did not converge in ${opts.maxIterations} iterations`,
    });
  }
  if (bestQuickLimit) {
    warnings.push({
      code: KMEANS_WARNINGS.quickTransferLimit,
      message: `a Hartigan-Wong quick-transfer stage exceeded its ${50 * m} steps (R stops there with ifault 4); optimal transfer was resumed once, and a second such stage ends the run`,
    });
  }
  if (relocations > 0) {
    warnings.push({
      code: KMEANS_WARNINGS.emptyClusterRelocated,
      message: `Lloyd emptied a cluster ${relocations} time(s); each was restarted at the point farthest from its centre`,
    });
  }
  const totalWithinSS = totalWithin * ssFactor;
  const totSS = totSSScaled * ssFactor;
  const profiles: KMeansProfile[] = [];
  for (let l = 0; l < k; l++) {
    profiles.push({ cluster: l, size: sizesOut[l] as number, share: (sizesOut[l] as number) / n, means: original[l] as number[] });
  }
  return {
    status: 'ok',
    method,
    k,
    clusters,
    centers: original,
    standardizedCenters: standardization === null ? null : fitted,
    standardization:
      standardization === null
        ? null
        : { centers: Array.from(standardization.centers), scales: Array.from(standardization.scales) },
    sizes: sizesOut,
    withinSS: withinOut,
    totalWithinSS,
    totSS,
    // non-negative by definition; rounding could make the difference −1e-13
    betweenSS: Math.max(0, totSS - totalWithinSS),
    iterations: bestIterations,
    converged: bestConverged,
    restarts: runs,
    localSearchSwaps: swaps,
    fittedRows: m,
    droppedRows,
    profiles,
    warnings,
  };
}

/** Mean over features of the population variance (scikit-learn's scale for `tol`). */
function meanVariance(x: Float64Array, n: number, p: number): number {
  let total = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * p + j] as number;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = (x[i * p + j] as number) - mean;
      ss += d * d;
    }
    total += ss / n;
  }
  return total / p;
}
