/**
 * Stage 3 of kmeans: k-means++ seeding (Arthur & Vassilvitskii 2007, "k-means++: the advantages of careful
 * seeding"), in its greedy form as in scikit-learn: each new centre is the best (lowest potential) of
 * `localTrials` candidates drawn with probability proportional to D(x)², the squared distance to the nearest
 * centre chosen so far. `localTrials = 1` is the original algorithm; the default 2 + ⌊ln k⌋ is scikit-learn's.
 *
 * A candidate always has D(x)² > 0, so the centres are distinct data points. When the potential (Σ D²) reaches
 * 0 before k centres are chosen, every point coincides with a chosen centre: the data has exactly that many
 * distinct points, which the caller reports as insufficient for k clusters.
 */
import type { SeededRandom } from './seeded-random.js';

/** The chosen centres (row-major, count × columns) and how many could be chosen (< k: too few distinct points). */
export interface Seeding {
  readonly centers: Float64Array;
  readonly count: number;
  /** Σ D² to the chosen centres: 0 means every point is one of the centres. */
  readonly potential: number;
}

/**
 * Greedy k-means++ on a row-major matrix.
 * @param x row-major data, n × p
 * @param n rows
 * @param p columns
 * @param k centres wanted (1 ≤ k ≤ n)
 * @param localTrials candidates per centre (≥ 1)
 * @param random the seeded stream (advanced)
 */
export function seedPlusPlus(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  localTrials: number,
  random: SeededRandom,
): Seeding {
  const centers = new Float64Array(k * p);
  const first = random.nextInt(n);
  centers.set(x.subarray(first * p, first * p + p), 0);
  if (k === 1) return { centers, count: 1, potential: NaN };

  const closest = new Float64Array(n);
  const nearest = new Int32Array(n); // which chosen centre gives closest[i]
  let potential = 0;
  for (let i = 0; i < n; i++) {
    let d2 = 0;
    for (let j = 0; j < p; j++) {
      const diff = (x[i * p + j] as number) - (x[first * p + j] as number);
      d2 += diff * diff;
    }
    closest[i] = d2;
    potential += d2;
  }
  // D² to each candidate, floored by the current D²: one row of n per candidate
  const trials = new Float64Array(localTrials * n);
  const candidates = new Int32Array(localTrials);
  const candidateRows = new Float64Array(localTrials * p);
  const separations = new Float64Array(localTrials * k);
  const potentials = new Float64Array(localTrials);
  const cumulative = new Float64Array(n);
  let count = 1;
  for (; count < k; count++) {
    if (!(potential > 0)) break;
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i] as number;
      cumulative[i] = running;
    }
    for (let t = 0; t < localTrials; t++) {
      const candidate = drawProportional(cumulative, n, closest, random.nextDouble() * running);
      candidates[t] = candidate;
      candidateRows.set(x.subarray(candidate * p, candidate * p + p), t * p);
      for (let a = 0; a < count; a++) {
        let d2 = 0;
        for (let j = 0; j < p; j++) {
          const diff = (centers[a * p + j] as number) - (x[candidate * p + j] as number);
          d2 += diff * diff;
        }
        separations[t * k + a] = d2;
      }
    }
    candidateDistances(x, n, p, k, candidateRows, localTrials, closest, nearest, separations, trials, potentials);
    let best = 0;
    for (let t = 1; t < localTrials; t++) if ((potentials[t] as number) < (potentials[best] as number)) best = t;
    const bestIndex = candidates[best] as number;
    centers.set(x.subarray(bestIndex * p, bestIndex * p + p), count * p);
    const row = best * n;
    for (let i = 0; i < n; i++) {
      const d2 = trials[row + i] as number;
      if (d2 < (closest[i] as number)) {
        closest[i] = d2;
        nearest[i] = count;
      }
    }
    potential = potentials[best] as number;
  }
  return { centers, count, potential };
}

/**
 * For each candidate t: min(D²(x_i), ‖x_i − candidate_t‖²) into `out[t·n + i]`, and its sum into
 * `potentials[t]`. A point whose nearest chosen centre a is at least twice as far from the candidate as from
 * the point (‖c_a − cand‖² ≥ 4·D²(x_i)) cannot be closer to the candidate (triangle inequality): its distance is
 * not computed. On clustered data this skips most points.
 */
function candidateDistances(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  candidateRows: Float64Array,
  trials: number,
  closest: Float64Array,
  nearest: Int32Array,
  separations: Float64Array,
  out: Float64Array,
  potentials: Float64Array,
): void {
  for (let t = 0; t < trials; t++) {
    const b = t * p;
    const row = t * n;
    const sep = t * k;
    let potential = 0;
    for (let i = 0; i < n; i++) {
      const floor = closest[i] as number;
      let d2 = floor;
      if ((separations[sep + (nearest[i] as number)] as number) < 4 * floor) {
        const a = i * p;
        let e2 = 0;
        for (let j = 0; j < p; j++) {
          const diff = (x[a + j] as number) - (candidateRows[b + j] as number);
          e2 += diff * diff;
        }
        if (e2 < d2) d2 = e2;
      }
      out[row + i] = d2;
      potential += d2;
    }
    potentials[t] = potential;
  }
}

/** First index whose cumulative weight exceeds `target` (binary search); never an index of weight 0. */
function drawProportional(cumulative: Float64Array, n: number, weights: Float64Array, target: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  // target rounded up to the total: fall back to the last point with positive weight
  while (lo > 0 && !((weights[lo] as number) > 0)) lo--;
  return lo;
}
