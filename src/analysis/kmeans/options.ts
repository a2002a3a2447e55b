/**
 * The options of kmeans and their validation (stage 0 of kmeans, see index.ts).
 */
import { checkSeed } from './seeded-random.js';

/** The refinement algorithms of {@link kmeans}. */
export const KMEANS_ALGORITHMS = { hartiganWong: 'hartigan-wong', lloyd: 'lloyd' } as const;
export type KMeansAlgorithm = (typeof KMEANS_ALGORITHMS)[keyof typeof KMEANS_ALGORITHMS];

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Seed of the random starts (and of the sample); any safe integer. Required: results are reproducible. */
  readonly seed: number;
  /** Number of k-means++ starts; the run with the lowest total within-SS is kept. Default 10. */
  readonly restarts?: number;
  /**
   * Maximum iterations per run: optimal-transfer passes (Hartigan–Wong) or assignment passes (Lloyd).
   * Default 100 (R's `iter.max` default is 10, scikit-learn's `max_iter` 300).
   */
  readonly maxIterations?: number;
  /** `'hartigan-wong'` (default, R's default) or `'lloyd'` (scikit-learn's; faster per pass on large data). */
  readonly algorithm?: KMeansAlgorithm;
  /** Cluster z-scores (R `scale()`: mean, sd with n − 1) instead of raw values. Default false. */
  readonly standardize?: boolean;
  /** Fit on a seeded sample of this many complete rows (when fewer than the rows), then assign every row. */
  readonly sampleSize?: number;
  /** k-means++ candidates per centre (greedy k-means++). Default 2 + ⌊ln k⌋ as scikit-learn; 1 = classic. */
  readonly localTrials?: number;
  /**
   * Lloyd only: stop when Σ‖Δcentre‖² ≤ tolerance × mean feature variance (scikit-learn's `tol`, whose default
   * is 1e-4). Default 0: stop when no point changes cluster (R's rule).
   */
  readonly tolerance?: number;
  /**
   * Hartigan–Wong only: after the restarts, a swap local search from the best partition (Kanungo et al. 2004;
   * see swap-search.ts) until 100 swaps in a row fail to lower the within-SS. Default: on when fitted rows × k
   * ≤ 20 000 (cheap there, and it reaches R's best of nstart = 50 with 10 restarts), off above.
   */
  readonly localSearch?: boolean;
}

/** Fit sizes (rows × k) up to which the swap local search runs by default (≤ ~0.4 s there). */
export const LOCAL_SEARCH_LIMIT = 20_000;

/** Options with defaults filled in. */
export interface CheckedOptions {
  readonly seed: number;
  readonly restarts: number;
  readonly maxIterations: number;
  readonly algorithm: KMeansAlgorithm;
  readonly standardize: boolean;
  readonly sampleSize: number | undefined;
  readonly localTrials: number;
  readonly tolerance: number;
  readonly localSearch: boolean | undefined;
}

/**
 * Validates k and the options of kmeans and fills in the defaults.
 * @throws {TypeError}/{RangeError} as documented on kmeans.
 */
export function checkOptions(k: number, options: KMeansOptions): CheckedOptions {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`kmeans: k must be an integer ≥ 1, got ${String(k)}`);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`kmeans: options with a seed are required, e.g. { seed: 1 }, got ${String(options)}`);
  }
  const seed = checkSeed('kmeans', options.seed);
  const restarts = positiveInteger('restarts', options.restarts, 10);
  const maxIterations = positiveInteger('maxIterations', options.maxIterations, 100);
  const localTrials = positiveInteger('localTrials', options.localTrials, 2 + Math.floor(Math.log(k)));
  const algorithm = options.algorithm ?? 'hartigan-wong';
  if (algorithm !== 'hartigan-wong' && algorithm !== 'lloyd') {
    throw new RangeError(`kmeans: algorithm must be 'hartigan-wong' or 'lloyd', got ${String(algorithm)}`);
  }
  const standardize = options.standardize ?? false;
  if (typeof standardize !== 'boolean') throw new TypeError(`kmeans: standardize must be a boolean, got ${String(standardize)}`);
  let sampleSize: number | undefined;
  if (options.sampleSize !== undefined) {
    sampleSize = positiveInteger('sampleSize', options.sampleSize, 0);
    if (sampleSize < k) throw new RangeError(`kmeans: sampleSize must be ≥ k = ${k}, got ${sampleSize}`);
  }
  const tolerance = options.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !(tolerance >= 0) || tolerance === Infinity) {
    throw new RangeError(`kmeans: tolerance must be a finite number ≥ 0, got ${String(tolerance)}`);
  }
  const localSearch = options.localSearch;
  if (localSearch !== undefined && typeof localSearch !== 'boolean') {
    throw new TypeError(`kmeans: localSearch must be a boolean, got ${String(localSearch)}`);
  }
  if (localSearch === true && algorithm !== 'hartigan-wong') {
    throw new RangeError(`kmeans: localSearch applies to algorithm 'hartigan-wong' only, got algorithm '${algorithm}'`);
  }
  return { seed, restarts, maxIterations, algorithm, standardize, sampleSize, localTrials, tolerance, localSearch };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`kmeans: ${name} must be an integer ≥ 1, got ${String(value)}`);
  }
  return value;
}
