/**
 * Choosing the number of k-means clusters: the elbow curve (total within-cluster sum of squares per k) and the
 * mean silhouette per k, recommending the k with the highest mean silhouette.
 */
import type { AnalysisWarning, InsufficientResult } from './result.js';
import { insufficient } from './result.js';
import type { KMeansAlgorithm } from './kmeans/index.js';
import { KMEANS_WARNINGS, kmeans } from './kmeans/index.js';
import type { FlatMatrix, MatrixInput } from './kmeans/matrix.js';
import { completeRows } from './kmeans/matrix.js';
import { checkSeed } from './kmeans/seeded-random.js';
import { silhouette, SILHOUETTE_EXACT_LIMIT } from './silhouette.js';
import { scaleColumnsInPlace } from './standardize.js';

/** Warning codes of {@link chooseK}. */
export const CHOOSE_K_WARNINGS = {
  /** Rows with a missing value were left out. */
  missingRowsDropped: 'missing-rows-dropped',
  /** kMax exceeded what the data allow (distinct points, or n − 1 for silhouettes): the curve stops earlier. */
  kRangeTruncated: 'k-range-truncated',
  /** With `standardize`, a feature had no spread and was scaled by 1. */
  constantColumn: 'constant-column',
  /** Silhouettes were computed on a seeded sample of points. */
  silhouetteSampled: 'silhouette-sampled',
  /** The k-means fits were made on a seeded sample of rows. */
  fittedOnSample: 'fitted-on-sample',
  /** Some k-means run stopped before converging. */
  notConverged: 'not-converged',
} as const;

/** Options of {@link chooseK}; the k-means options apply to every k. */
export interface ChooseKOptions {
  /** Seed of every k-means fit and of the silhouette sample. Required. */
  readonly seed: number;
  /** Smallest k tried, integer ≥ 1 (k = 1 has an elbow point but no silhouette). Default 2. */
  readonly kMin?: number;
  /** Largest k tried, integer ≥ kMin. Default 10. */
  readonly kMax?: number;
  /** k-means starts per k. Default 10. */
  readonly restarts?: number;
  /** k-means iterations per run. Default 100. */
  readonly maxIterations?: number;
  /** `'hartigan-wong'` (default) or `'lloyd'`. */
  readonly algorithm?: KMeansAlgorithm;
  /** Cluster z-scores; within-SS and silhouettes are then in standardized units. Default false. */
  readonly standardize?: boolean;
  /** Fit each k-means on a seeded sample of this many rows (then assign all rows). */
  readonly sampleSize?: number;
  /** Points for the silhouettes (exact up to this many, else a seeded sample of this size). Default 10 000. */
  readonly silhouetteSampleSize?: number;
}

/** One k of the curve. */
export interface ChooseKPoint {
  readonly k: number;
  /** Total within-cluster sum of squares (the elbow curve). */
  readonly totalWithinSS: number;
  /** Between-cluster share of the total sum of squares, betweenSS / totSS, 0–1. */
  readonly betweenShare: number;
  /** Mean silhouette width; null for k = 1. */
  readonly meanSilhouette: number | null;
}

/** Successful result of {@link chooseK}. */
export interface ChooseKResult {
  readonly status: 'ok';
  /** `'max-silhouette'`: the recommended k maximises the mean silhouette (smallest such k on ties). */
  readonly method: 'max-silhouette';
  readonly recommendedK: number;
  /** One point per k from kMin up to kMax (or the largest feasible k). */
  readonly curve: readonly ChooseKPoint[];
  /** Total sum of squares of the clustered data (the within-SS at k = 1). */
  readonly totSS: number;
  readonly warnings: readonly AnalysisWarning[];
}

/**
 * Runs k-means for each k in kMin..kMax and reports the elbow curve and the mean silhouette per k.
 *
 * Method: {@link kmeans} (greedy k-means++ starts, Hartigan–Wong or Lloyd, best of `restarts`) for every k
 * with the same options and seed; {@link silhouette} (Rousseeuw 1987) of each partition, on the same seeded
 * sample of points for every k when there are more than `silhouetteSampleSize`. The recommended k has the
 * highest mean silhouette (Kaufman & Rousseeuw 1990, ch. 2); the within-SS curve is returned for an elbow
 * reading, not used in the recommendation. Missing: rows with any NaN/null are left out.
 *
 * @param data rows × features: row arrays or `{ values: Float64Array, rows, columns }` row-major.
 * @param options `seed` (required), `kMin` (2), `kMax` (10), `restarts` (10), `maxIterations`, `algorithm`,
 *   `standardize`, `sampleSize`, `silhouetteSampleSize` (10 000).
 * @returns the recommended k and the curve; `insufficient` when no k ≥ 2 in range can be fitted and scored
 *   (fewer than 3 complete rows or fewer than 2 distinct points).
 * @throws {TypeError}/{RangeError} on malformed data or options (as kmeans), kMin < 1, or kMax < kMin.
 * @example
 * chooseK([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]], { seed: 1, kMax: 4 }).recommendedK
 * // => 2
 */
export function chooseK(data: MatrixInput, options: ChooseKOptions): ChooseKResult | InsufficientResult {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`chooseK: options with a seed are required, e.g. { seed: 1 }, got ${String(options)}`);
  }
  const seed = checkSeed('chooseK', options.seed);
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 10;
  if (!Number.isInteger(kMin) || kMin < 1) throw new RangeError(`chooseK: kMin must be an integer ≥ 1, got ${String(kMin)}`);
  if (!Number.isInteger(kMax) || kMax < kMin) {
    throw new RangeError(`chooseK: kMax must be an integer ≥ kMin = ${kMin}, got ${String(kMax)}`);
  }
  const silhouetteSampleSize = options.silhouetteSampleSize ?? SILHOUETTE_EXACT_LIMIT;
  const method = 'max-silhouette';
  const standardize = options.standardize ?? false;

  // one complete, optionally standardized copy shared by every k
  const prepared = completeRows('chooseK', data, standardize);
  const n = prepared.rows;
  const p = prepared.columns;
  const warnings: AnalysisWarning[] = [];
  if (prepared.inputRows > n) {
    warnings.push({
      code: CHOOSE_K_WARNINGS.missingRowsDropped,
      message: `${prepared.inputRows - n} of ${prepared.inputRows} rows had a missing value and were left out`,
    });
  }
  if (n < 3) return insufficient(method, `chooseK: needs at least 3 complete rows, got ${n}`);
  if (standardize) {
    const fit = scaleColumnsInPlace(prepared.values, n, p, true, true);
    for (const w of fit.warnings) warnings.push(w);
  }
  const matrix: FlatMatrix = { values: prepared.values, rows: n, columns: p };

  const curve: ChooseKPoint[] = [];
  let totSS = NaN;
  let truncatedAt = 0;
  let sampledFit = false;
  let sampledSilhouette = false;
  let notConverged = 0;
  for (let k = kMin; k <= kMax; k++) {
    const fit = kmeans(matrix, k, {
      seed,
      ...(options.restarts === undefined ? {} : { restarts: options.restarts }),
      ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
      ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }),
      ...(options.sampleSize === undefined ? {} : { sampleSize: options.sampleSize }),
    });
    if (fit.status !== 'ok') {
      truncatedAt = k;
      break;
    }
    totSS = fit.totSS;
    if (fit.warnings.some((w) => w.code === KMEANS_WARNINGS.fittedOnSample)) sampledFit = true;
    if (!fit.converged) notConverged++;
    let meanSilhouette: number | null = null;
    if (k >= 2) {
      const sil = silhouette(matrix, fit.clusters, { sampleSize: silhouetteSampleSize, seed });
      if (sil.status !== 'ok') {
        truncatedAt = k;
        break;
      }
      if (sil.method === 'sampled') sampledSilhouette = true;
      meanSilhouette = sil.meanSilhouette;
    }
    curve.push({
      k,
      totalWithinSS: fit.totalWithinSS,
      betweenShare: fit.totSS > 0 ? fit.betweenSS / fit.totSS : 0,
      meanSilhouette,
    });
  }
  let recommendedK = -1;
  let best = -Infinity;
  for (const point of curve) {
    if (point.meanSilhouette !== null && point.meanSilhouette > best) {
      best = point.meanSilhouette;
      recommendedK = point.k;
    }
  }
  if (recommendedK < 0) {
    return insufficient(method, `chooseK: no k in ${kMin}..${kMax} could be fitted and scored on ${n} complete rows`);
  }
  if (truncatedAt > 0) {
    warnings.push({
      code: CHOOSE_K_WARNINGS.kRangeTruncated,
      message: `k = ${truncatedAt} and above cannot be fitted or scored on these ${n} rows: the curve stops at k = ${truncatedAt - 1}`,
    });
  }
  if (sampledFit) {
    warnings.push({
      code: CHOOSE_K_WARNINGS.fittedOnSample,
      message: `each k-means was fitted on a seeded sample of ${options.sampleSize} of ${n} rows (seed ${seed})`,
    });
  }
  if (sampledSilhouette) {
    warnings.push({
      code: CHOOSE_K_WARNINGS.silhouetteSampled,
      message: `silhouettes computed on the same seeded sample of ${silhouetteSampleSize} of ${n} points for every k (seed ${seed})`,
    });
  }
  if (notConverged > 0) {
    warnings.push({
      code: CHOOSE_K_WARNINGS.notConverged,
      message: `the k-means fit did not converge for ${notConverged} value(s) of k`,
    });
  }
  return { status: 'ok', method, recommendedK, curve, totSS, warnings };
}
