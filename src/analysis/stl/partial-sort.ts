/**
 * STL helper: the partial quicksort R's stl.f uses to find the median absolute residual (`psort`, a Singleton
 * 1969 / ACM Algorithm 347 style quicksort that only descends into parts holding requested ranks, finishing
 * short parts by insertion sort).
 *
 * Why not simply sort: R asks for the ranks (n/2 + 1, n/2) in that (descending) order, while the routine's
 * bookkeeping assumes ascending ranks. For odd n both ranks are the same and the result is the true median;
 * for even n one of the two positions can be left holding a value that is not its order statistic, so R's
 * robustness scale is then not exactly 6 × median. Matching R's weights (and everything after them) therefore
 * needs this same procedure, step for step: the same pivots, the same scans, the same rank bookkeeping.
 */

/** Index helpers: the algorithm is stated with 1-based positions. */
function get(a: Float64Array, i: number): number {
  return a[i - 1] as number;
}

function put(a: Float64Array, i: number, v: number): void {
  a[i - 1] = v;
}

/** Stack of pending segments [lo, hi] with the slice of requested ranks that falls in each. */
interface SegmentStack {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly rankFrom: Int32Array;
  readonly rankTo: Int32Array;
}

const STACK_SIZE = 64;

/**
 * Partially sorts `a[0 .. n-1]` in place so that, as in R's `psort`, the 1-based positions listed in `ranks`
 * (normally ascending) hold their order statistics; with other orders it behaves exactly as R's routine does.
 */
export function partialSortLikeR(a: Float64Array, n: number, ranks: readonly number[]): void {
  const count = ranks.length;
  if (n < 2 || count === 0) return;
  const rank = (r: number): number => ranks[r - 1] as number;
  const stack: SegmentStack = {
    lo: new Int32Array(STACK_SIZE),
    hi: new Int32Array(STACK_SIZE),
    rankFrom: new Int32Array(STACK_SIZE),
    rankTo: new Int32Array(STACK_SIZE),
  };
  // current segment [i, j] and the requested ranks rank(jl..ju) believed to lie in it
  let jl = 1;
  let ju = count;
  stack.rankFrom[1] = 1;
  stack.rankTo[1] = count;
  let i = 1;
  let j = n;
  let depth = 1;

  type Step = 'start' | 'pop' | 'check' | 'partition' | 'finish';
  let step: Step = 'start';
  for (;;) {
    if (step === 'start') {
      step = i < j ? 'partition' : 'pop';
    } else if (step === 'pop') {
      depth--;
      if (depth === 0) return;
      i = stack.lo[depth] as number;
      j = stack.hi[depth] as number;
      jl = stack.rankFrom[depth] as number;
      ju = stack.rankTo[depth] as number;
      step = jl <= ju ? 'check' : 'pop';
    } else if (step === 'check') {
      step = j - i > 10 ? 'partition' : 'finish';
    } else if (step === 'partition') {
      // median of a(i), a(middle), a(j) as pivot t; afterwards a(i) ≤ t ≤ a(j) act as sentinels
      let k = i;
      const ij = Math.trunc((i + j) / 2);
      let t = get(a, ij);
      if (get(a, i) > t) {
        put(a, ij, get(a, i));
        put(a, i, t);
        t = get(a, ij);
      }
      let l = j;
      if (get(a, j) < t) {
        put(a, ij, get(a, j));
        put(a, j, t);
        t = get(a, ij);
        if (get(a, i) > t) {
          put(a, ij, get(a, i));
          put(a, i, t);
          t = get(a, ij);
        }
      }
      // scan l down for values ≤ t and k up for values ≥ t, exchanging until they cross
      for (;;) {
        l--;
        const tt = get(a, l);
        if (tt <= t) {
          do k++;
          while (!(get(a, k) >= t));
          if (k > l) break;
          put(a, l, get(a, k));
          put(a, k, tt);
        }
      }
      stack.rankFrom[depth] = jl;
      stack.rankTo[depth] = ju;
      const pushed = depth;
      depth++;
      step = 'check';
      if (l - i <= j - k) {
        // keep the left part [i, l], push the right part [k, j]
        stack.lo[pushed] = k;
        stack.hi[pushed] = j;
        j = l;
        for (;;) {
          if (jl > ju) {
            step = 'pop';
            break;
          }
          if (rank(ju) > j) ju--;
          else break;
        }
        if (step !== 'pop') stack.rankFrom[pushed] = ju + 1;
      } else {
        // keep the right part [k, j], push the left part [i, l]
        stack.lo[pushed] = i;
        stack.hi[pushed] = l;
        i = k;
        for (;;) {
          if (jl > ju) {
            step = 'pop';
            break;
          }
          if (rank(jl) < i) jl++;
          else break;
        }
        if (step !== 'pop') stack.rankTo[pushed] = jl - 1;
      }
    } else {
      // short segment: straight insertion, using a(i − 1) as the sentinel; the first segment has none and
      // is partitioned again instead
      if (i === 1) {
        step = 'start';
        continue;
      }
      for (let s = i; s < j; s++) {
        const t = get(a, s + 1);
        if (get(a, s) > t) {
          let k = s;
          do {
            put(a, k + 1, get(a, k));
            k--;
          } while (!(t >= get(a, k)));
          put(a, k + 1, t);
        }
      }
      step = 'pop';
    }
  }
}
