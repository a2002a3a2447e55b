/**
 * Stage 6b of kmeans (Hartigan–Wong on fit sets up to a size limit): a swap local search from the best of the
 * restarts, escaping the local optimum it ended in (Kanungo et al. 2004, "A local search approximation
 * algorithm for k-means clustering", Comput. Geom. 28:89–112, single-swap heuristic).
 *
 * A swap replaces one centre by a data point. Candidate points are drawn with probability proportional to their
 * squared distance to the nearest centre (as k-means++ draws), and for each candidate the best centre to give up
 * is found in O(n) from every point's nearest and second-nearest distances: with centres held fixed, the cost
 * after the swap is Σ min(d_keep(i), d_candidate(i)), where d_keep is the distance to the nearest centre that
 * stays. The most promising swap is refined by Hartigan–Wong and kept only if it lowers the total within-SS; the
 * search stops after `patience` swaps in a row that did not.
 */
import { hartiganWong } from './hartigan-wong.js';
import type { SeededRandom } from './seeded-random.js';
import { clusterSums } from './summarize.js';

/** Outcome of a swap search: `centers` and `labels` hold the best partition found. */
export interface SwapSearch {
  readonly totalWithinSS: number;
  /** Accepted swaps. */
  readonly swaps: number;
  /** Iterations of the last accepted Hartigan–Wong run (or of none: 0). */
  readonly iterations: number;
  /** Whether the last accepted run converged (true when no swap was accepted). */
  readonly converged: boolean;
}

/** Candidate points drawn per swap attempt. */
const CANDIDATES = 3;

/**
 * Improves a converged partition by single swaps.
 * @param centers k × p cluster means of `labels` (updated when a swap is accepted)
 * @param labels length m (updated when a swap is accepted)
 * @param totalWithinSS the partition's total within-SS
 * @param patience consecutive unsuccessful swaps before stopping
 */
export function swapSearch(
  x: Float64Array,
  m: number,
  p: number,
  k: number,
  centers: Float64Array,
  labels: Int32Array,
  totalWithinSS: number,
  maxIterations: number,
  patience: number,
  random: SeededRandom,
): SwapSearch {
  const near1 = new Int32Array(m);
  const d1 = new Float64Array(m);
  const d2 = new Float64Array(m);
  const dc = new Float64Array(m);
  const cumulative = new Float64Array(m);
  const correction = new Float64Array(k);
  const trialCenters = new Float64Array(k * p);
  const trialLabels = new Int32Array(m);
  const sizes = new Int32Array(k);
  const withinSS = new Float64Array(k);
  let best = totalWithinSS;
  let swaps = 0;
  let iterations = 0;
  let converged = true;
  let failures = 0;
  while (failures < patience) {
    // nearest and second-nearest centre of every point, and the D² weights for drawing candidates
    let running = 0;
    for (let i = 0; i < m; i++) {
      let b1 = Infinity;
      let b2 = Infinity;
      let l1 = 0;
      const a = i * p;
      for (let l = 0; l < k; l++) {
        let s = 0;
        const b = l * p;
        for (let j = 0; j < p; j++) {
          const diff = (x[a + j] as number) - (centers[b + j] as number);
          s += diff * diff;
        }
        if (s < b1) {
          b2 = b1;
          b1 = s;
          l1 = l;
        } else if (s < b2) {
          b2 = s;
        }
      }
      near1[i] = l1;
      d1[i] = b1;
      d2[i] = b2;
      running += b1;
      cumulative[i] = running;
    }
    if (!(running > 0)) break;
    let bestEstimate = Infinity;
    let bestPoint = -1;
    let bestDrop = -1;
    for (let t = 0; t < CANDIDATES; t++) {
      const c = drawIndex(cumulative, m, d1, random.nextDouble() * running);
      let base = 0;
      correction.fill(0);
      const cb = c * p;
      for (let i = 0; i < m; i++) {
        let s = 0;
        const a = i * p;
        for (let j = 0; j < p; j++) {
          const diff = (x[a + j] as number) - (x[cb + j] as number);
          s += diff * diff;
        }
        dc[i] = s;
        const first = d1[i] as number;
        const keep = first < s ? first : s;
        base += keep;
        // if the nearest centre is the one given up, the point falls back to its second or to the candidate
        const second = d2[i] as number;
        const fallback = second < s ? second : s;
        const l = near1[i] as number;
        correction[l] = (correction[l] as number) + (fallback - keep);
      }
      for (let l = 0; l < k; l++) {
        const estimate = base + (correction[l] as number);
        if (estimate < bestEstimate) {
          bestEstimate = estimate;
          bestPoint = c;
          bestDrop = l;
        }
      }
    }
    // the fixed-centre estimate only ranks the swaps: it rarely shows a gain before the centres move, so the
    // most promising swap is always refined and judged by its true within-SS
    let accepted = false;
    trialCenters.set(centers);
    trialCenters.set(x.subarray(bestPoint * p, bestPoint * p + p), bestDrop * p);
    const run = hartiganWong(x, m, p, trialCenters, k, maxIterations, trialLabels);
    if (run.end !== 'empty-cluster') {
      const ss = clusterSums(x, m, p, trialLabels, k, trialCenters, sizes, withinSS);
      if (ss < best * (1 - 1e-12)) {
        best = ss;
        centers.set(trialCenters);
        labels.set(trialLabels);
        swaps++;
        iterations = run.iterations;
        converged = run.end === 'converged';
        accepted = true;
      }
    }
    failures = accepted ? 0 : failures + 1;
  }
  return { totalWithinSS: best, swaps, iterations, converged };
}

/** First index whose cumulative weight exceeds `target`; never an index of weight 0. */
function drawIndex(cumulative: Float64Array, n: number, weights: Float64Array, target: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  while (lo > 0 && !((weights[lo] as number) > 0)) lo--;
  return lo;
}
