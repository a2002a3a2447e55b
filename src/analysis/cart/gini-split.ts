/**
 * Best classification split of one variable within a node (rpart `gini.c`, Therneau & Atkinson, "An Introduction
 * to Recursive Partitioning Using the RPART Routines", §3): the split minimising the weighted impurity of the two
 * children, impurity = Gini Σ p(1 − p) or information −Σ p log p over altered-prior class proportions.
 *
 * Numeric variables: one pass over the rows sorted by x, evaluating a cut only between distinct values with at
 * least `edge` (minbucket) rows on each side; the first best cut wins ties. Categorical variables: levels ordered by
 * first-class proportion for two classes (k − 1 cuts), all 2^(k−1) subsets for more classes.
 */
import type { Engine } from './engine.js';
import { LEFT, RIGHT } from './engine.js';
import type { GrayCode } from './graycode.js';
import { grayInitOrdered, grayInitSubsets, grayNext } from './graycode.js';

/** Scratch and results shared by the split searches. */
export interface SplitScratch {
  improve: number;
  split: number;
  rankCut: number;
  rankHi: number;
  /** Directions chosen (csplit[0] for numeric, one per level for categorical). */
  csplit: Int8Array;
  tsplit: Int8Array;
  left: Float64Array;
  right: Float64Array;
  ccnt: Float64Array;
  awt: Float64Array;
  rate: Float64Array;
  countn: Int32Array;
  sums: Float64Array;
  wts: Float64Array;
  gray: GrayCode;
}

function impurity(p: number, information: boolean): number {
  if (information) return p === 0 ? 0 : -p * Math.log(p);
  return p * (1 - p);
}

/**
 * Numeric variable `v`: compacted rows 0..k-1 (`e.rtemp` ranks, `e.rowtemp` rows, `e.yctemp`, `e.wtemp`), sorted by
 * x. Sets `s.improve`, and when positive `s.split`, `s.csplit[0]` and `s.where` (the last row index sent by the cut).
 */
export function giniNumeric(e: Engine, s: SplitScratch, v: number, k: number, edge: number): void {
  const nc = e.numclass;
  const left = s.left;
  const right = s.right;
  const aprior = e.aprior;
  const x = e.rtemp;
  const y = e.yctemp;
  const wt = e.wtemp;
  const unit = e.unit;
  const info = e.information;
  for (let i = 0; i < nc; i++) {
    left[i] = 0;
    right[i] = 0;
  }
  let lwt = 0;
  let rwt = 0;
  let rtot = 0;
  let ltot = 0;
  for (let i = 0; i < k; i++) {
    const j = y[i]!;
    const w = unit ? 1 : wt[i]!;
    rwt += aprior[j]! * w;
    right[j]! += w;
    rtot++;
  }
  let totalSs = 0;
  for (let i = 0; i < nc; i++) totalSs += rwt * impurity((aprior[i]! * right[i]!) / rwt, info);
  let best = totalSs;
  let where = 0;
  let direction = LEFT;
  for (let i = 0; rtot > edge; i++) {
    const j = y[i]!;
    const w = unit ? 1 : wt[i]!;
    rwt -= aprior[j]! * w;
    lwt += aprior[j]! * w;
    rtot--;
    ltot++;
    right[j]! -= w;
    left[j]! += w;
    if (ltot >= edge && x[i + 1] !== x[i]) {
      let temp = 0;
      let lmean = 0;
      let rmean = 0;
      for (let c = 0; c < nc; c++) {
        let p = (aprior[c]! * left[c]!) / lwt;
        temp += lwt * impurity(p, info);
        lmean += p * c;
        p = (aprior[c]! * right[c]!) / rwt;
        temp += rwt * impurity(p, info);
        rmean += p * c;
      }
      if (temp < best) {
        best = temp;
        where = i;
        direction = lmean < rmean ? LEFT : RIGHT;
      }
    }
  }
  s.improve = totalSs - best;
  if (s.improve > 0) {
    s.csplit[0] = direction;
    setMidpoint(e, s, v, where);
  }
}

/** rpart's split point (x[where] + x[where + 1]) / 2, read from the original values, and its rank cut. */
export function setMidpoint(e: Engine, s: SplitScratch, v: number, where: number): void {
  const col = e.x[v]!;
  const lo = col[e.rowtemp[where]!]!;
  const hi = col[e.rowtemp[where + 1]!]!;
  s.split = (lo + hi) / 2;
  s.rankCut = lo < s.split && !(hi < s.split) ? e.rtemp[where]! : -1;
  s.rankHi = e.rtemp[where + 1]!;
}

/** Categorical variable with `numcat` levels (codes 1..numcat in `e.rtemp`). Sets `s.improve` and `s.csplit`. */
export function giniCategorical(e: Engine, s: SplitScratch, k: number, numcat: number, edge: number): void {
  const nc = e.numclass;
  const left = s.left;
  const right = s.right;
  const aprior = e.aprior;
  const x = e.rtemp;
  const y = e.yctemp;
  const wt = e.wtemp;
  const unit = e.unit;
  const info = e.information;
  const { ccnt, awt, countn, tsplit, rate, csplit } = s;
  for (let i = 0; i < nc; i++) {
    left[i] = 0;
    right[i] = 0;
  }
  let lwt = 0;
  let rwt = 0;
  let rtot = 0;
  let ltot = 0;
  for (let i = 0; i < k; i++) {
    const j = y[i]!;
    const w = unit ? 1 : wt[i]!;
    rwt += aprior[j]! * w;
    right[j]! += w;
    rtot++;
  }
  let totalSs = 0;
  for (let i = 0; i < nc; i++) totalSs += rwt * impurity((aprior[i]! * right[i]!) / rwt, info);
  let best = totalSs;

  // ccnt[class * numcat + level]: weighted class counts per level
  for (let j = 0; j < numcat; j++) {
    awt[j] = 0;
    countn[j] = 0;
    for (let i = 0; i < nc; i++) ccnt[i * numcat + j] = 0;
  }
  for (let i = 0; i < k; i++) {
    const j = y[i]!;
    const lev = x[i]! - 1;
    const w = unit ? 1 : wt[i]!;
    awt[lev]! += aprior[j]! * w;
    countn[lev]!++;
    ccnt[j * numcat + lev]! += w;
  }
  for (let i = 0; i < numcat; i++) {
    if (awt[i] === 0) tsplit[i] = 0;
    else {
      rate[i] = ccnt[i]! / awt[i]!;
      tsplit[i] = RIGHT;
    }
  }
  if (nc === 2) grayInitOrdered(s.gray, numcat, countn, rate);
  else if (numcat <= e.maxExhaustiveLevels) grayInitSubsets(s.gray, numcat, countn);
  else {
    // Deviation from rpart (documented): 2^(k-1) subsets is too many; order levels by their share of the
    // node's most frequent class instead, which is exact for two classes and a common heuristic otherwise.
    let top = 0;
    for (let c = 1; c < nc; c++) if (right[c]! > right[top]!) top = c;
    for (let i = 0; i < numcat; i++) if (awt[i] !== 0) rate[i] = ccnt[top * numcat + i]! / awt[i]!;
    grayInitOrdered(s.gray, numcat, countn, rate);
    e.manyLevelsSeen = true;
  }

  let i: number;
  while ((i = grayNext(s.gray)) < numcat) {
    if (tsplit[i] === LEFT) {
      tsplit[i] = RIGHT;
      rwt += awt[i]!;
      lwt -= awt[i]!;
      rtot += countn[i]!;
      ltot -= countn[i]!;
      for (let j = 0; j < nc; j++) {
        right[j]! += ccnt[j * numcat + i]!;
        left[j]! -= ccnt[j * numcat + i]!;
      }
    } else {
      tsplit[i] = LEFT;
      rwt -= awt[i]!;
      lwt += awt[i]!;
      rtot -= countn[i]!;
      ltot += countn[i]!;
      for (let j = 0; j < nc; j++) {
        right[j]! -= ccnt[j * numcat + i]!;
        left[j]! += ccnt[j * numcat + i]!;
      }
    }
    if (ltot >= edge && rtot >= edge) {
      let temp = 0;
      let lmean = 0;
      let rmean = 0;
      for (let c = 0; c < nc; c++) {
        let p = (aprior[c]! * left[c]!) / lwt;
        temp += lwt * impurity(p, info);
        lmean += p * c;
        p = (aprior[c]! * right[c]!) / rwt;
        temp += rwt * impurity(p, info);
        rmean += p * c;
      }
      if (temp < best) {
        best = temp;
        if (lmean < rmean) for (let j = 0; j < numcat; j++) csplit[j] = tsplit[j]!;
        else for (let j = 0; j < numcat; j++) csplit[j] = -tsplit[j]!;
      }
    }
  }
  s.improve = totalSs - best;
}
