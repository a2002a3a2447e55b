/**
 * Stage 3 of `servq analyze segments` (see segments.ts): one k-means fit per k, the mean silhouette of each
 * partition, and the k with the highest; the chosen k's fit is returned, not refitted.
 *
 * What chooseK does, with two differences that keep the analysis fast at the row cap (50,000 complaints): the
 * silhouettes of all k are scored in one pass over the shared sample's pairs (silhouettes(): the widths of one
 * silhouette() per k, to rounding), and above SEGMENT_FIT_SAMPLE complaints each k-means is fitted on a seeded
 * sample.
 */
import type { ChooseKPoint } from '../../analysis/choose-k.js';
import type { KMeansOptions, KMeansResult } from '../../analysis/kmeans/index.js';
import { kmeans } from '../../analysis/kmeans/index.js';
import type { FlatMatrix } from '../../analysis/kmeans/matrix.js';
import { silhouettes } from '../../analysis/silhouettes.js';

/** Complaints up to which every k-means is fitted on all of them; above, on a seeded sample of this many. */
export const SEGMENT_FIT_SAMPLE = 5000;
/**
 * k-means++ starts per k when fitting on the sample (10, R's usual nstart, up to SEGMENT_FIT_SAMPLE rows). On these
 * features (two continuous, the rest ordinal or 0/1) Hartigan–Wong's quick-transfer stage moves a few points per
 * sweep for dozens of sweeps, 10–35 ms a start on 5,000 rows. On the scale benchmark's complaints
 * (bench/analysis/segments-js.ts, 2 data sets × 3 seeds) 2 greedy k-means++ starts on the sample gave a total
 * within-SS within 1 % of 10 starts' on the same sample at every k (identical at most k), and for seed 1 within 1 %
 * of the fits on all 45,966 rows with 10 starts; the same chosen k throughout, and mean silhouettes within their
 * sampling error (seed to seed ±0.005).
 */
export const SEGMENT_FIT_RESTARTS_SAMPLED = 2;

/** Options of {@link segmentFits}. */
export interface SegmentFitOptions {
  readonly seed: number;
  readonly kMin: number;
  readonly kMax: number;
  /** Points the silhouettes are computed on (exact up to it, else a seeded sample of this many). */
  readonly silhouetteSampleSize: number;
}

/** The k chosen, the curve over k and the chosen k's fit. */
export interface SegmentFits {
  readonly recommendedK: number;
  readonly curve: readonly ChooseKPoint[];
  readonly fit: KMeansResult;
  /** Whether the fits were made on a seeded sample of SEGMENT_FIT_SAMPLE rows. */
  readonly fittedOnSample: boolean;
}

/**
 * k-means for k = kMin…kMax and the mean silhouette of each partition; the recommended k has the highest mean
 * silhouette (Kaufman & Rousseeuw 1990, ch. 2), the smallest on ties, as chooseK.
 *
 * Method: kmeans (Hartigan–Wong, greedy k-means++ starts seeded by `seed`, best within-SS kept): up to
 * SEGMENT_FIT_SAMPLE rows on all rows with kmeans' defaults (10 starts, the swap local search on small fits), as
 * chooseK; above, centres fitted on a seeded sample of SEGMENT_FIT_SAMPLE rows (the same sample for every k) with
 * SEGMENT_FIT_RESTARTS_SAMPLED starts and no local search, then every row assigned to its nearest centre and the
 * sums of squares recomputed on all rows (kmeans' `sampleSize`). Silhouettes (Rousseeuw 1987) of all k on the
 * same seeded sample of `silhouetteSampleSize` points, as scikit-learn's `silhouette_score(sample_size=…)`.
 * The curve stops at the first k that cannot be fitted (fewer distinct points) or scored.
 *
 * @param matrix the complete feature matrix, row-major.
 * @param options `seed`, `kMin` ≥ 2, `kMax`, `silhouetteSampleSize`.
 * @returns the chosen k, the curve and the chosen fit, or `{ reason }` when no k could be fitted and scored.
 * @example
 * segmentFits({ values: Float64Array.of(0, 0, 0, 1, 10, 0, 10, 1), rows: 4, columns: 2 }, { seed: 1, kMin: 2, kMax: 2, silhouetteSampleSize: 4000 }).recommendedK
 * // => 2
 */
export function segmentFits(matrix: FlatMatrix, options: SegmentFitOptions): SegmentFits | { readonly reason: string } {
  const n = matrix.rows;
  if (n < 3) return { reason: `segments: needs at least 3 complete rows, got ${n}` };
  const fittedOnSample = n > SEGMENT_FIT_SAMPLE;
  const kmeansOptions: KMeansOptions = fittedOnSample
    ? { seed: options.seed, sampleSize: SEGMENT_FIT_SAMPLE, restarts: SEGMENT_FIT_RESTARTS_SAMPLED, localSearch: false }
    : { seed: options.seed };
  const fits: KMeansResult[] = [];
  for (let k = options.kMin; k <= options.kMax; k++) {
    const fit = kmeans(matrix, k, kmeansOptions);
    if (fit.status !== 'ok') break;
    fits.push(fit);
  }
  const scores = silhouettes(
    matrix,
    fits.map((f) => f.clusters),
    { sampleSize: options.silhouetteSampleSize, seed: options.seed },
  );
  const curve: ChooseKPoint[] = [];
  let best = -Infinity;
  let chosen: KMeansResult | null = null;
  for (let i = 0; i < fits.length; i++) {
    const fit = fits[i] as KMeansResult;
    const score = scores[i];
    if (score === undefined || score.status !== 'ok') break;
    curve.push({ k: fit.k, totalWithinSS: fit.totalWithinSS, betweenShare: fit.totSS > 0 ? fit.betweenSS / fit.totSS : 0, meanSilhouette: score.meanSilhouette });
    if (score.meanSilhouette > best) {
      best = score.meanSilhouette;
      chosen = fit;
    }
  }
  if (chosen === null) return { reason: `segments: no k in ${options.kMin}..${options.kMax} could be fitted and scored on ${n} complete rows` };
  return { recommendedK: chosen.k, curve, fit: chosen, fittedOnSample };
}
