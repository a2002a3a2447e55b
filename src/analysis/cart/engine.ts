/**
 * The working state of one rpart-style fit: encoded columns, the presorted index matrix, node structures and the
 * node evaluation functions (rpart's `ginidev`/`anovass` and their error functions `ginipred`/`anovapred`).
 *
 * Integer class codes are 0-based here (rpart's are 1-based); arithmetic and the order of every accumulation
 * follow rpart 4.1.19's C code so sums agree to the last bit where possible.
 */

/** rpart's LEFT/RIGHT direction codes (a categorical split stores one per level; 0 = level absent). */
export const LEFT = -1;
export const RIGHT = 1;

/** A primary or surrogate split (rpart `struct split`). */
export interface SplitRec {
  varNum: number;
  improve: number;
  /** Split point (numeric variables). */
  spoint: number;
  /** Numeric: csplit[0] is the direction of `x < spoint`; categorical: a direction per level. */
  csplit: Int8Array;
  count: number;
  adj: number;
  /**
   * Numeric primary splits: the dense ranks of the two searched values around the split point, so rows are routed
   * by rank (`rank <= rankCut` ⟹ `x < spoint`, `rank >= rankHi` ⟹ not); a rank in between (a zero-weight row, left
   * out of the search) compares values. rankCut = -1 when the mid-point rounds onto a data value: values always.
   */
  rankCut: number;
  rankHi: number;
}

/** A node while growing (rpart `struct node`). */
export interface GrowNode {
  complexity: number;
  risk: number;
  numObs: number;
  sumWt: number;
  /** Class index (0-based) or mean. */
  yval: number;
  /** Weighted class counts (class method). */
  counts: Float64Array | null;
  primary: SplitRec | null;
  surrogates: SplitRec[];
  lastSurrogate: number;
  left: GrowNode | null;
  right: GrowNode | null;
}

/** The shared state of a fit (rpart's global `rp`). */
export interface Engine {
  n: number;
  nvar: number;
  x: readonly ArrayLike<number>[];
  /** Number of levels of each variable, 0 for numeric. */
  ncat: Int32Array;
  maxcat: number;
  isClass: boolean;
  yc: Uint16Array;
  yn: Float64Array;
  wt: Float64Array;
  /** All weights are 1: the searches skip reading them (multiplying by 1 is exact, so results are identical). */
  unit: boolean;
  /** nvar × n sort indices; a missing value is stored as -(1 + row). */
  sorts: Int32Array;
  /**
   * nvar × n, aligned with `sorts`: the dense rank of the value among the variable's distinct values (numeric) or the
   * level code 1..k (categorical); -1 when missing. Lets the split search read values sequentially.
   */
  rank: Int32Array;
  which: Int32Array;
  tempvec: Int32Array;
  temprank: Int32Array;
  /** Per row: 1 = goes left, 2 = goes right, 0 = stays, while a node is split. */
  side: Uint8Array;
  tempy: Int8Array;
  /** Compacted ranks / level codes of the rows searched for one variable. */
  rtemp: Int32Array;
  /** Compacted row numbers of the rows searched for one variable. */
  rowtemp: Int32Array;
  yctemp: Uint16Array;
  yntemp: Float64Array;
  /** Compacted weights (weighted fits only; empty when `unit`). */
  wtemp: Float64Array;
  minNode: number;
  minSplit: number;
  alpha: number;
  maxnode: number;
  maxsur: number;
  useSurrogate: number;
  surAgree: number;
  iscale: number;
  numclass: number;
  prior: Float64Array;
  aprior: Float64Array;
  loss: Float64Array;
  information: boolean;
  /**
   * Per variable, 1 when its surrogates can never be used (numeric, no missing value anywhere in the data being
   * predicted): set only for cross-validation trees, whose surrogates are not reported.
   */
  skipSurrogates: Uint8Array | null;
  /** Largest number of levels searched exhaustively for more than two classes. */
  maxExhaustiveLevels: number;
  manyLevelsSeen: boolean;
}

/** A new node with zeroed fields. */
export function newNode(numclass: number): GrowNode {
  return {
    complexity: 0,
    risk: 0,
    numObs: 0,
    sumWt: 0,
    yval: 0,
    counts: numclass > 0 ? new Float64Array(numclass) : null,
    primary: null,
    surrogates: [],
    lastSurrogate: 0,
    left: null,
    right: null,
  };
}

/**
 * rpart `giniinit` with the default prior (observed class proportions) and 0/1 loss: `prior[i]` becomes
 * prior/frequency and `aprior[i]` the altered prior. `priorR` is R's `counts / sum(counts)`.
 */
export function initGini(e: Engine, priorR: Float64Array): void {
  const k = e.numclass;
  const freq = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < e.n; i++) {
    const j = e.yc[i]!;
    const w = e.unit ? 1 : e.wt[i]!;
    freq[j]! += w;
    total += w;
  }
  for (let i = 0; i < k; i++) freq[i]! /= total;
  let temp = 0;
  for (let i = 0; i < k; i++) {
    e.prior[i] = priorR[i]!;
    e.aprior[i] = 0;
    for (let j = 0; j < k; j++) {
      const idx = k * j + i;
      e.loss[idx] = i === j ? 0 : 1;
      temp += e.loss[idx]! * e.prior[i]!;
      e.aprior[i]! += e.loss[idx]! * e.prior[i]!;
    }
  }
  for (let i = 0; i < k; i++) {
    if (freq[i]! > 0) {
      e.prior[i]! /= freq[i]!;
      e.aprior[i]! /= temp * freq[i]!;
    }
  }
}

/**
 * Evaluates a node from `count` rows listed in `idx[from..from+count)` (row numbers, negative = -(1+row)):
 * sets risk, prediction, class counts, number of rows and weight (rpart `ginidev` / `anovass`).
 */
export function evalNode(e: Engine, me: GrowNode, idx: Int32Array, from: number, count: number): void {
  let twt = 0;
  if (e.isClass) {
    const freq = me.counts!;
    const k = e.numclass;
    const yc = e.yc;
    freq.fill(0);
    if (e.unit) {
      for (let i = from; i < from + count; i++) {
        let j = idx[i]!;
        if (j < 0) j = -(1 + j);
        freq[yc[j]!]! += 1;
      }
      twt = count;
    } else {
      for (let i = from; i < from + count; i++) {
        let j = idx[i]!;
        if (j < 0) j = -(1 + j);
        const w = e.wt[j]!;
        freq[yc[j]!]! += w;
        twt += w;
      }
    }
    let dev = 0;
    let best = 0;
    for (let i = 0; i < k; i++) {
      let temp = 0;
      for (let j = 0; j < k; j++) temp += freq[j]! * e.loss[i * k + j]! * e.prior[j]!;
      if (i === 0 || temp < dev) {
        best = i;
        dev = temp;
      }
    }
    me.yval = best;
    me.risk = dev;
  } else {
    let temp = 0;
    for (let i = from; i < from + count; i++) {
      let j = idx[i]!;
      if (j < 0) j = -(1 + j);
      const w = e.unit ? 1 : e.wt[j]!;
      temp += e.yn[j]! * w;
      twt += w;
    }
    const mean = temp / twt;
    let ss = 0;
    for (let i = from; i < from + count; i++) {
      let j = idx[i]!;
      if (j < 0) j = -(1 + j);
      const d = e.yn[j]! - mean;
      ss += d * d * (e.unit ? 1 : e.wt[j]!);
    }
    me.yval = mean;
    me.risk = ss;
  }
  me.numObs = count;
  me.sumWt = twt;
}

/** The loss of predicting node `node` for row `obs` (rpart `ginipred` / `anovapred`). */
export function predictionError(e: Engine, obs: number, node: GrowNode): number {
  if (e.isClass) {
    const i = e.yc[obs]!;
    return e.prior[i]! * e.loss[i * e.numclass + node.yval]!;
  }
  const d = e.yn[obs]! - node.yval;
  return d * d;
}
