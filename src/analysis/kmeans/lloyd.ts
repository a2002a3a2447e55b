/**
 * Stage 4 of kmeans (alternative): Lloyd's algorithm (Lloyd 1982, "Least squares quantization in PCM"), the
 * batch alternation of "assign every point to its nearest centre" and "move every centre to its points' mean",
 * as in R `kmeans(algorithm = "Lloyd")` and scikit-learn `KMeans(algorithm = "lloyd")`.
 *
 * The assignment step is accelerated with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): each
 * point keeps an upper bound on the distance to its centre and a lower bound on the distance to any other
 * centre; after the centres move by δ the bounds widen by δ, and a point whose upper bound is below
 * max(lower bound, half the distance from its centre to the nearest other centre) cannot change cluster, so its
 * k distances are not computed. The partition sequence is the same as plain Lloyd's (up to exact ties).
 *
 * Stopping: no point changed cluster (R's rule; iterations count assignment passes as R does), or, with a
 * positive `tolerance`, the squared centre shift summed over clusters fell to `tolerance` × the mean feature
 * variance (scikit-learn's rule), followed by one last assignment to the final centres. An empty cluster gets the
 * point farthest from its centre as its new centre (scikit-learn's relocation; R stops with an error instead).
 */

/** Outcome of one Lloyd run: `labels` and `centers` are written in place. */
export interface LloydRun {
  readonly converged: boolean;
  readonly iterations: number;
  /** Number of times an empty cluster was given a new centre. */
  readonly relocations: number;
}

/**
 * Runs Lloyd's algorithm with Hamerly bounds from the given centres.
 * @param x row-major data, n × p
 * @param n rows
 * @param p columns
 * @param centers k × p starting centres; overwritten with the final centres
 * @param k clusters (≥ 1)
 * @param maxIterations maximum number of assignment passes
 * @param shiftTolerance absolute threshold on Σ‖Δc‖² (0: stop only when no label changes)
 * @param labels length n, written with the 0-based cluster of each row
 */
export function lloyd(
  x: Float64Array,
  n: number,
  p: number,
  centers: Float64Array,
  k: number,
  maxIterations: number,
  shiftTolerance: number,
  labels: Int32Array,
): LloydRun {
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k);
  const shift = new Float64Array(k);
  const sums = new Float64Array(k * p);
  const counts = new Int32Array(k);
  const previous = new Float64Array(k * p);
  let relocations = 0;

  fullAssign(x, n, p, centers, k, labels, upper, lower);
  let iterations = 1;
  let converged = false;
  for (;;) {
    // exact sums now and then; in between they follow the points that move (O(p) per move, not O(np))
    if (iterations % EXACT_SUMS_EVERY === 1) exactSums(x, n, p, labels, sums, counts);
    previous.set(centers);
    relocations += updateCenters(x, n, p, centers, k, labels, sums, counts, upper, lower);
    let totalShift = 0;
    let maxShift = 0;
    let secondShift = 0;
    let maxAt = -1;
    for (let l = 0; l < k; l++) {
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const diff = (centers[l * p + j] as number) - (previous[l * p + j] as number);
        d2 += diff * diff;
      }
      totalShift += d2;
      const d = Math.sqrt(d2);
      shift[l] = d;
      if (d > maxShift) {
        secondShift = maxShift;
        maxShift = d;
        maxAt = l;
      } else if (d > secondShift) {
        secondShift = d;
      }
    }
    if (iterations >= maxIterations) break;
    const tolerant = shiftTolerance > 0 && totalShift <= shiftTolerance;
    halfSeparations(centers, k, p, half);
    const changed = boundedAssign(x, n, p, centers, k, labels, upper, lower, half, shift, maxAt, maxShift, secondShift, sums, counts);
    iterations++;
    if (changed === 0 || tolerant) {
      converged = true;
      if (changed !== 0) {
        exactSums(x, n, p, labels, sums, counts);
        updateCenters(x, n, p, centers, k, labels, sums, counts, upper, lower);
      }
      break;
    }
  }
  return { converged, iterations, relocations };
}

/** Iterations between exact recomputations of the cluster sums (bounds the drift of incremental updates). */
const EXACT_SUMS_EVERY = 10;

/** Exact nearest and second-nearest centre of every point; bounds set to those distances. */
function fullAssign(
  x: Float64Array,
  n: number,
  p: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const a = i * p;
    let best = 0;
    let bestD2 = Infinity;
    let secondD2 = Infinity;
    for (let l = 0; l < k; l++) {
      let d2 = 0;
      const b = l * p;
      for (let j = 0; j < p; j++) {
        const diff = (x[a + j] as number) - (c[b + j] as number);
        d2 += diff * diff;
      }
      if (d2 < bestD2) {
        secondD2 = bestD2;
        bestD2 = d2;
        best = l;
      } else if (d2 < secondD2) {
        secondD2 = d2;
      }
    }
    labels[i] = best;
    upper[i] = Math.sqrt(bestD2);
    lower[i] = Math.sqrt(secondD2);
  }
}

/** Half the distance from each centre to its nearest other centre. */
function halfSeparations(c: Float64Array, k: number, p: number, half: Float64Array): void {
  half.fill(Infinity);
  for (let l = 0; l < k; l++) {
    for (let m = l + 1; m < k; m++) {
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const diff = (c[l * p + j] as number) - (c[m * p + j] as number);
        d2 += diff * diff;
      }
      const h = 0.5 * Math.sqrt(d2);
      if (h < (half[l] as number)) half[l] = h;
      if (h < (half[m] as number)) half[m] = h;
    }
  }
}

/**
 * Hamerly's assignment step: widen each point's bounds by the centre shifts, skip it when the bounds prove its
 * centre is still the nearest, otherwise rescan; moved points update the cluster sums. Returns the moves.
 */
function boundedAssign(
  x: Float64Array,
  n: number,
  p: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  half: Float64Array,
  shift: Float64Array,
  maxAt: number,
  maxShift: number,
  secondShift: number,
  sums: Float64Array,
  counts: Int32Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i] as number;
    let u = (upper[i] as number) + (shift[a] as number);
    const lo = (lower[i] as number) - (a === maxAt ? secondShift : maxShift);
    const h = half[a] as number;
    const bound = h > lo ? h : lo;
    if (u <= bound) {
      upper[i] = u;
      lower[i] = lo;
      continue;
    }
    // tighten the upper bound to the exact distance before scanning all centres
    const base = i * p;
    let d2 = 0;
    const cb = a * p;
    for (let j = 0; j < p; j++) {
      const diff = (x[base + j] as number) - (c[cb + j] as number);
      d2 += diff * diff;
    }
    u = Math.sqrt(d2);
    if (u <= bound) {
      upper[i] = u;
      lower[i] = lo;
      continue;
    }
    let best = 0;
    let bestD2 = Infinity;
    let secondD2 = Infinity;
    for (let l = 0; l < k; l++) {
      let e2 = 0;
      const b = l * p;
      for (let j = 0; j < p; j++) {
        const diff = (x[base + j] as number) - (c[b + j] as number);
        e2 += diff * diff;
      }
      if (e2 < bestD2) {
        secondD2 = bestD2;
        bestD2 = e2;
        best = l;
      } else if (e2 < secondD2) {
        secondD2 = e2;
      }
    }
    upper[i] = Math.sqrt(bestD2);
    lower[i] = Math.sqrt(secondD2);
    if (best !== a) {
      labels[i] = best;
      changed++;
      counts[a] = (counts[a] as number) - 1;
      counts[best] = (counts[best] as number) + 1;
      const from = a * p;
      const to = best * p;
      for (let j = 0; j < p; j++) {
        const v = x[base + j] as number;
        sums[from + j] = (sums[from + j] as number) - v;
        sums[to + j] = (sums[to + j] as number) + v;
      }
    }
  }
  return changed;
}

/** Cluster sums and counts from scratch. */
function exactSums(x: Float64Array, n: number, p: number, labels: Int32Array, sums: Float64Array, counts: Int32Array): void {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const l = labels[i] as number;
    counts[l] = (counts[l] as number) + 1;
    const a = i * p;
    const b = l * p;
    for (let j = 0; j < p; j++) sums[b + j] = (sums[b + j] as number) + (x[a + j] as number);
  }
}

/**
 * Centres := sums / counts. An empty cluster takes the point farthest from its centre (distances made exact
 * first), which leaves its old cluster; returns the number of relocations.
 */
function updateCenters(
  x: Float64Array,
  n: number,
  p: number,
  c: Float64Array,
  k: number,
  labels: Int32Array,
  sums: Float64Array,
  counts: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): number {
  let relocations = 0;
  for (let l = 0; l < k; l++) {
    if ((counts[l] as number) > 0) continue;
    if (relocations === 0) exactDistances(x, n, p, c, labels, upper);
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      const owner = labels[i] as number;
      if ((counts[owner] as number) > 1 && (upper[i] as number) > farD) {
        farD = upper[i] as number;
        far = i;
      }
    }
    if (far < 0) break;
    const owner = labels[far] as number;
    counts[owner] = (counts[owner] as number) - 1;
    for (let j = 0; j < p; j++) {
      const v = x[far * p + j] as number;
      sums[owner * p + j] = (sums[owner * p + j] as number) - v;
      sums[l * p + j] = v;
    }
    labels[far] = l;
    counts[l] = 1;
    upper[far] = 0;
    lower[far] = 0; // its old centre is now "another" centre: force a rescan
    relocations++;
  }
  for (let l = 0; l < k; l++) {
    const size = counts[l] as number;
    if (size === 0) continue;
    for (let j = 0; j < p; j++) c[l * p + j] = (sums[l * p + j] as number) / size;
  }
  return relocations;
}

function exactDistances(x: Float64Array, n: number, p: number, c: Float64Array, labels: Int32Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const a = i * p;
    const b = (labels[i] as number) * p;
    let d2 = 0;
    for (let j = 0; j < p; j++) {
      const diff = (x[a + j] as number) - (c[b + j] as number);
      d2 += diff * diff;
    }
    out[i] = Math.sqrt(d2);
  }
}
