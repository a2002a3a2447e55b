/**
 * Stage 4 of kmeans (default): the Hartigan–Wong algorithm, Applied Statistics algorithm AS 136 (Hartigan &
 * Wong 1979, "A K-means clustering algorithm", JRSS C 28(1):100–108), R's default in `stats::kmeans`.
 *
 * Unlike Lloyd, a point moves as soon as moving it lowers the within-cluster sum of squares, and the gain
 * accounts for the centre shift the move causes: moving point i from cluster L1 (n1 points) to L2 (n2 points)
 * changes the total by n2/(n2+1)·‖x−c2‖² − n1/(n1−1)·‖x−c1‖². The optimal-transfer stage tests every cluster for
 * each point (skipping clusters not in the "live set", i.e. unchanged within the last n steps); the
 * quick-transfer stage tests only each point's runner-up cluster, and loops until no move happens within n
 * steps. The result is a local optimum in which no single point can be moved to lower the total, which Lloyd's
 * fixed points need not be. Bookkeeping (live sets, step stamps, the 50·n quick-transfer step limit) follows
 * AS 136 as R runs it, so from the same starting centres the same partition results — except on large data
 * where a quick-transfer stage runs into its 50·n step limit: R stops there (ifault 4, warning "Quick-TRANSfer
 * stage steps exceeded maximum"); here that stage ends and optimal transfer resumes once, reaching a lower sum,
 * and a second cut ends the run.
 */

/** Why a Hartigan–Wong run ended. */
export type HartiganWongEnd = 'converged' | 'max-iterations' | 'quick-transfer-limit' | 'empty-cluster';

/** Outcome of one run: `labels` and `centers` are written in place. */
export interface HartiganWongRun {
  readonly end: HartiganWongEnd;
  readonly iterations: number;
  /** Quick-transfer stages cut at the 50·m step limit (where R stops with ifault 4). */
  readonly quickTransferLimitHits: number;
}

/** Quick-transfer stages that may be cut at the step limit before the run ends (R: 1). */
const MAX_QUICK_TRANSFER_CUTS = 2;

/** A large number standing in for n/(n−1) when n = 1 (AS 136's BIG). */
const BIG = 1e30;

interface State {
  readonly x: Float64Array;
  readonly m: number;
  readonly p: number;
  readonly k: number;
  readonly c: Float64Array;
  readonly ic1: Int32Array;
  readonly ic2: Int32Array;
  readonly nc: Int32Array;
  readonly an1: Float64Array;
  readonly an2: Float64Array;
  readonly ncp: Int32Array;
  readonly d: Float64Array;
  readonly itran: Uint8Array;
  readonly live: Int32Array;
  /** Steps since the last transfer (AS 136's INDX). */
  indx: number;
}

/**
 * Runs AS 136 from the given centres.
 * @param x row-major data, m × p
 * @param m rows (needs 2 ≤ k < m)
 * @param p columns
 * @param centers k × p starting centres; overwritten with the final cluster means
 * @param k clusters
 * @param maxIterations passes of optimal transfer (R's iter.max)
 * @param labels length m; written with the 0-based cluster of each row
 */
export function hartiganWong(
  x: Float64Array,
  m: number,
  p: number,
  centers: Float64Array,
  k: number,
  maxIterations: number,
  labels: Int32Array,
): HartiganWongRun {
  const s: State = {
    x,
    m,
    p,
    k,
    c: centers,
    ic1: labels,
    ic2: new Int32Array(m),
    nc: new Int32Array(k),
    an1: new Float64Array(k),
    an2: new Float64Array(k),
    ncp: new Int32Array(k),
    d: new Float64Array(m),
    itran: new Uint8Array(k),
    live: new Int32Array(k),
    indx: 0,
  };
  assignTwoClosest(s);
  if (!centersAsMeans(s)) return { end: 'empty-cluster', iterations: 0, quickTransferLimitHits: 0 };
  const maxQuickSteps = 50 * m;
  let end: HartiganWongEnd = 'max-iterations';
  let quickTransferLimitHits = 0;
  let iterations = maxIterations;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    optimalTransfer(s);
    // no transfer in the last m optimal-transfer steps: a local optimum
    if (s.indx === m) {
      end = 'converged';
      iterations = iteration;
      break;
    }
    const completed = quickTransfer(s, maxQuickSteps);
    if (!completed) {
      // R stops here (ifault 4, a warning) with a partition that is not a local optimum. We end only this
      // quick-transfer stage: the own-cluster terms D(i) may be stale after the cut, so they are recomputed,
      // and optimal transfer resumes. The limit is usually hit on large data where rounding in the incremental
      // centre updates makes transfers cycle, so a second cut ends the run as in R.
      quickTransferLimitHits++;
      if (quickTransferLimitHits >= MAX_QUICK_TRANSFER_CUTS) {
        end = 'quick-transfer-limit';
        iterations = iteration;
        break;
      }
      refreshOwnTerms(s);
    }
    // with two clusters a completed quick transfer has already tested the only alternative
    if (k === 2 && completed) {
      end = 'converged';
      iterations = iteration;
      break;
    }
    s.ncp.fill(0);
  }
  centersAsMeans(s);
  return { end, iterations, quickTransferLimitHits };
}

/** D(i) := n1/(n1−1)·‖x_i − c_IC1(i)‖² for every point (AS 136's own-cluster term). */
function refreshOwnTerms(s: State): void {
  const { x, m, p, c, ic1, an1, d } = s;
  for (let i = 0; i < m; i++) {
    const l = ic1[i] as number;
    d[i] = distance2(x, i, c, l, p) * (an1[l] as number);
  }
}

function distance2(x: Float64Array, i: number, c: Float64Array, l: number, p: number): number {
  let sum = 0;
  const a = i * p;
  const b = l * p;
  for (let j = 0; j < p; j++) {
    const diff = (x[a + j] as number) - (c[b + j] as number);
    sum += diff * diff;
  }
  return sum;
}

/** For each point its closest (IC1) and second-closest (IC2) centre; the point joins IC1. */
function assignTwoClosest(s: State): void {
  const { x, m, p, k, c, ic1, ic2 } = s;
  for (let i = 0; i < m; i++) {
    let l1 = 0;
    let l2 = 1;
    let dt1 = distance2(x, i, c, 0, p);
    let dt2 = distance2(x, i, c, 1, p);
    if (dt1 > dt2) {
      l1 = 1;
      l2 = 0;
      const t = dt1;
      dt1 = dt2;
      dt2 = t;
    }
    const a = i * p;
    for (let l = 2; l < k; l++) {
      let db = 0;
      const b = l * p;
      let far = false;
      for (let j = 0; j < p; j++) {
        const diff = (x[a + j] as number) - (c[b + j] as number);
        db += diff * diff;
        if (db >= dt2) {
          far = true;
          break;
        }
      }
      if (far) continue;
      if (db >= dt1) {
        dt2 = db;
        l2 = l;
      } else {
        dt2 = dt1;
        l2 = l1;
        dt1 = db;
        l1 = l;
      }
    }
    ic1[i] = l1;
    ic2[i] = l2;
  }
}

/** Centres := means of their points; sets counts and the n/(n∓1) factors. False when a cluster is empty. */
function centersAsMeans(s: State): boolean {
  const { x, m, p, k, c, ic1, nc, an1, an2, itran, ncp } = s;
  nc.fill(0);
  c.fill(0);
  for (let i = 0; i < m; i++) {
    const l = ic1[i] as number;
    nc[l] = (nc[l] as number) + 1;
    const a = i * p;
    const b = l * p;
    for (let j = 0; j < p; j++) c[b + j] = (c[b + j] as number) + (x[a + j] as number);
  }
  for (let l = 0; l < k; l++) {
    const size = nc[l] as number;
    if (size === 0) return false;
    for (let j = 0; j < p; j++) c[l * p + j] = (c[l * p + j] as number) / size;
    an2[l] = size / (size + 1);
    an1[l] = size > 1 ? size / (size - 1) : BIG;
    itran[l] = 1;
    ncp[l] = -1;
  }
  return true;
}

/** Moves point i from l1 to l2, updating both centres incrementally and their factors. */
function transfer(s: State, i: number, l1: number, l2: number): void {
  const { x, p, c, nc, an1, an2, ic1, ic2 } = s;
  const n1 = nc[l1] as number;
  const n1Less = n1 - 1;
  const n2 = nc[l2] as number;
  const n2More = n2 + 1;
  const a = i * p;
  const b1 = l1 * p;
  const b2 = l2 * p;
  for (let j = 0; j < p; j++) {
    const v = x[a + j] as number;
    c[b1 + j] = ((c[b1 + j] as number) * n1 - v) / n1Less;
    c[b2 + j] = ((c[b2 + j] as number) * n2 + v) / n2More;
  }
  nc[l1] = n1Less;
  nc[l2] = n2More;
  an2[l1] = n1Less / n1;
  an1[l1] = n1Less > 1 ? n1Less / (n1Less - 1) : BIG;
  an1[l2] = n2More / n2;
  an2[l2] = n2More / (n2More + 1);
  ic1[i] = l2;
  ic2[i] = l1;
}

/**
 * Optimal-transfer stage (AS 136.1): one pass over the points; each moves to the cluster with the largest
 * reduction of the within-cluster sum of squares, if any. Steps are numbered 1..m as in AS 136.
 */
function optimalTransfer(s: State): void {
  const { x, m, p, k, c, ic1, ic2, nc, an1, an2, ncp, d, itran, live } = s;
  for (let l = 0; l < k; l++) if (itran[l] === 1) live[l] = m + 1;
  for (let i = 0; i < m; i++) {
    const step = i + 1;
    s.indx++;
    const l1 = ic1[i] as number;
    // a point alone in its cluster stays
    if ((nc[l1] as number) !== 1) {
      // the distance to the own cluster changes only when that cluster changed in this stage
      if ((ncp[l1] as number) !== 0) d[i] = distance2(x, i, c, l1, p) * (an1[l1] as number);
      const ll = ic2[i] as number;
      let l2 = ll;
      let r2 = distance2(x, i, c, ll, p) * (an2[ll] as number);
      const a = i * p;
      const l1Stale = step >= (live[l1] as number);
      for (let l = 0; l < k; l++) {
        if ((l1Stale && step >= (live[l] as number)) || l === l1 || l === ll) continue;
        const rr = r2 / (an2[l] as number);
        const b = l * p;
        let dc = 0;
        let far = false;
        for (let j = 0; j < p; j++) {
          const diff = (x[a + j] as number) - (c[b + j] as number);
          dc += diff * diff;
          if (dc >= rr) {
            far = true;
            break;
          }
        }
        if (far) continue;
        r2 = dc * (an2[l] as number);
        l2 = l;
      }
      if (r2 >= (d[i] as number)) {
        ic2[i] = l2;
      } else {
        s.indx = 0;
        live[l1] = m + step;
        live[l2] = m + step;
        ncp[l1] = step;
        ncp[l2] = step;
        transfer(s, i, l1, l2);
      }
    }
    if (s.indx === m) return;
  }
  for (let l = 0; l < k; l++) {
    itran[l] = 0;
    live[l] = (live[l] as number) - m;
  }
}

/**
 * Quick-transfer stage (AS 136.2): each point is tested only against its runner-up cluster, cycling through the
 * points until m consecutive steps move nothing. Returns false when the step limit is hit (R's ifault 4).
 */
function quickTransfer(s: State, maxSteps: number): boolean {
  const { x, m, p, c, ic1, ic2, nc, an1, an2, ncp, d, itran } = s;
  let sinceMove = 0;
  let step = 0;
  for (;;) {
    for (let i = 0; i < m; i++) {
      sinceMove++;
      step++;
      if (step >= maxSteps) return false;
      const l1 = ic1[i] as number;
      if ((nc[l1] as number) !== 1) {
        // cluster l1 changed within the last m steps: recompute the own-cluster term
        if (step <= (ncp[l1] as number)) d[i] = distance2(x, i, c, l1, p) * (an1[l1] as number);
        const l2 = ic2[i] as number;
        if (step < (ncp[l1] as number) || step < (ncp[l2] as number)) {
          const r2 = (d[i] as number) / (an2[l2] as number);
          const a = i * p;
          const b = l2 * p;
          let dd = 0;
          let far = false;
          for (let j = 0; j < p; j++) {
            const diff = (x[a + j] as number) - (c[b + j] as number);
            dd += diff * diff;
            if (dd >= r2) {
              far = true;
              break;
            }
          }
          if (!far) {
            sinceMove = 0;
            s.indx = 0;
            itran[l1] = 1;
            itran[l2] = 1;
            ncp[l1] = step + m;
            ncp[l2] = step + m;
            transfer(s, i, l1, l2);
          }
        }
      }
      if (sinceMove === m) return true;
    }
  }
}
