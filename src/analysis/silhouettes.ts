/**
 * Silhouettes of several partitions of the same rows (one k-means fit per k, say), scored on one shared set of
 * points with each pairwise distance computed once.
 */
import type { InsufficientResult } from './result.js';
import { insufficient } from './result.js';
import type { MatrixInput } from './kmeans/matrix.js';
import { matrixShape } from './kmeans/matrix.js';
import type { DensePartition, SilhouetteOptions, SilhouetteResult } from './silhouette.js';
import { densePartition, gatherPoints, silhouette, silhouettePoints, silhouetteSummary, silhouetteWidths, tooFewClusters } from './silhouette.js';

/**
 * The silhouette (Rousseeuw 1987) of each of several partitions of the same rows: for each, what
 * {@link silhouette}`(data, partition, options)` returns (the same points and sample; widths equal to rounding,
 * ~1e-15, as the distance sums are added in another order), at the cost of one distance computation instead of
 * one per partition.
 *
 * Method: as {@link silhouette}: Euclidean distances; exact up to `sampleSize` evaluable points, above that on a
 * seeded uniform sample of `sampleSize` points with distances only among the sampled points (scikit-learn's
 * `silhouette_score(X, labels, sample_size=…, random_state=…)`, with servq's generator). When every partition
 * leaves out the same rows (the usual case: labels ≥ 0 on the same complete rows) the points, hence the sample,
 * are the same for all, and one pass over the m(m−1)/2 pairs adds each distance into every partition's sums;
 * otherwise each partition is scored on its own. Cost O(m²·p + m²·P) for P partitions instead of O(P·m²·p).
 *
 * @param data rows × features: row arrays or `{ values: Float64Array, rows, columns }` row-major.
 * @param partitions cluster labels of each row, one array per partition (NaN or negative = not clustered).
 * @param options `sampleSize` (default 10 000) and `seed` (default 1, used only when sampling), as silhouette.
 * @returns one result per partition, in order: mean, per-cluster means and per-row widths, or `insufficient`
 *   when that partition has fewer than 2 or more than m − 1 clusters among the evaluated points.
 * @throws {TypeError} on a malformed `data`, `partitions` or labels; {RangeError} as silhouette.
 * @example
 * silhouettes([[0, 0], [0, 1], [10, 0], [10, 1]], [[0, 0, 1, 1], [0, 1, 0, 1]]).map((r) => r.status === 'ok' ? r.meanSilhouette : null)
 * // => [0.9002487577582194, -0.4475062189439555]   (sklearn silhouette_score gives the same two values)
 */
export function silhouettes(
  data: MatrixInput,
  partitions: readonly ArrayLike<number>[],
  options: SilhouetteOptions = {},
): (SilhouetteResult | InsufficientResult)[] {
  if (!Array.isArray(partitions)) throw new TypeError('silhouettes: partitions must be an array of label arrays, one per partition');
  const { rows, columns: p } = matrixShape('silhouettes', data);
  const chosen = partitions.map((clusters) => silhouettePoints('silhouettes', data, rows, p, clusters, options));
  const first = chosen[0];
  if (first === undefined) return [];
  const shared = chosen.every((points) => sameRows(points.chosen, first.chosen));
  // different rows left out per partition: different points and samples, nothing to share
  if (!shared) return partitions.map((clusters) => silhouette(data, clusters, options));

  const m = first.chosen.length;
  const dense = partitions.map((clusters) => densePartition(clusters, first.chosen));
  const scored = dense.filter((d): d is DensePartition => d !== null);
  const x = scored.length > 0 ? gatherPoints('silhouettes', data, p, first.chosen) : new Float64Array(0);
  const widths = silhouetteWidths(x, m, p, scored);
  let next = 0;
  return partitions.map((clusters, q) => {
    const partition = dense[q];
    const points = chosen[q] ?? first;
    if (partition === null || partition === undefined) return insufficient(points.method, tooFewClusters(m, clusters, first.chosen));
    return silhouetteSummary(rows, points, partition, widths[next++] as Float64Array);
  });
}

function sameRows(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
