/**
 * Stages 6–7 of kmeans: assigning every row to its nearest fitted centre (after a fit on a sample), and the
 * sums of squares of a partition: centres recomputed as exact means (as R does after AS 136), within-cluster
 * sums of squares by two passes, and the total sum of squares about the grand mean.
 */

/**
 * Assigns each row to its nearest centre (lowest index on ties).
 * @param x row-major data, n × p
 * @param centers k × p
 * @param labels written, length n
 */
export function assignNearest(x: Float64Array, n: number, p: number, centers: Float64Array, k: number, labels: Int32Array): void {
  for (let i = 0; i < n; i++) {
    const a = i * p;
    let best = 0;
    let bestD2 = Infinity;
    for (let l = 0; l < k; l++) {
      const b = l * p;
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const diff = (x[a + j] as number) - (centers[b + j] as number);
        d2 += diff * diff;
      }
      if (d2 < bestD2) {
        bestD2 = d2;
        best = l;
      }
    }
    labels[i] = best;
  }
}

/**
 * Centres as the means of their rows and the within-cluster sums of squares about them. A cluster with no row
 * keeps the centre it had (size 0, withinSS 0).
 * @param centers k × p, overwritten with the means (left as is for an empty cluster)
 * @param sizes written, length k
 * @param withinSS written, length k
 * @returns the total within-cluster sum of squares
 */
export function clusterSums(
  x: Float64Array,
  n: number,
  p: number,
  labels: Int32Array,
  k: number,
  centers: Float64Array,
  sizes: Int32Array,
  withinSS: Float64Array,
): number {
  const sums = new Float64Array(k * p);
  sizes.fill(0);
  for (let i = 0; i < n; i++) {
    const l = labels[i] as number;
    sizes[l] = (sizes[l] as number) + 1;
    const a = i * p;
    const b = l * p;
    for (let j = 0; j < p; j++) sums[b + j] = (sums[b + j] as number) + (x[a + j] as number);
  }
  for (let l = 0; l < k; l++) {
    const size = sizes[l] as number;
    if (size === 0) continue;
    for (let j = 0; j < p; j++) centers[l * p + j] = (sums[l * p + j] as number) / size;
  }
  withinSS.fill(0);
  for (let i = 0; i < n; i++) {
    const l = labels[i] as number;
    const a = i * p;
    const b = l * p;
    let d2 = 0;
    for (let j = 0; j < p; j++) {
      const diff = (x[a + j] as number) - (centers[b + j] as number);
      d2 += diff * diff;
    }
    withinSS[l] = (withinSS[l] as number) + d2;
  }
  let total = 0;
  for (let l = 0; l < k; l++) total += withinSS[l] as number;
  return total;
}

/** Total sum of squares about the column means (two passes), R's `totss`. */
export function totalSumOfSquares(x: Float64Array, n: number, p: number): number {
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) means[j] = (means[j] as number) + (x[i * p + j] as number);
  }
  for (let j = 0; j < p; j++) means[j] = (means[j] as number) / n;
  // same summation order as clusterSums, so that k = 1 gives withinSS = totSS exactly
  let total = 0;
  for (let i = 0; i < n; i++) {
    let d2 = 0;
    for (let j = 0; j < p; j++) {
      const diff = (x[i * p + j] as number) - (means[j] as number);
      d2 += diff * diff;
    }
    total += d2;
  }
  return total;
}

/**
 * Relabels clusters in order of first appearance among the rows (row 0 is in cluster 0), so results do not
 * depend on the arbitrary order of the starting centres; clusters with no row go last. Returns old → new.
 */
export function firstAppearanceOrder(labels: Int32Array, k: number): Int32Array {
  const map = new Int32Array(k).fill(-1);
  let next = 0;
  for (let i = 0; i < labels.length && next < k; i++) {
    const l = labels[i] as number;
    if ((map[l] as number) < 0) map[l] = next++;
  }
  for (let l = 0; l < k; l++) if ((map[l] as number) < 0) map[l] = next++;
  return map;
}
