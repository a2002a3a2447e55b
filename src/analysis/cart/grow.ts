/**
 * Recursive partitioning with the complexity-parameter rule (rpart `partition.c`, `bsplit.c`; Breiman et al.
 * 1984, ch. 3 and 8; Therneau & Atkinson §4). A node is split when it has at least minSplit rows, its risk (or
 * the bound inherited from its parent) exceeds α = cp × root risk, and it lies above maxDepth. After the children
 * are grown, the node's own complexity — the α at which its subtree would be pruned, accounting for children
 * that collapse first — is computed; a split whose complexity is ≤ α is undone.
 */
import { anovaCategorical, anovaNumeric } from './anova-split.js';
import type { Engine, GrowNode, SplitRec } from './engine.js';
import { evalNode, newNode } from './engine.js';
import type { SplitScratch } from './gini-split.js';
import { giniCategorical, giniNumeric } from './gini-split.js';
import { newGrayCode } from './graycode.js';
import { insertSplit } from './insert-split.js';
import type { NodeSplitCounts } from './node-split.js';
import { splitNode } from './node-split.js';
import type { SurrogateScratch } from './surrogate.js';
import { findSurrogates, newSurrogateScratch } from './surrogate.js';

/** Per-fit scratch for the growing stage. */
export interface GrowScratch {
  split: SplitScratch;
  surrogate: SurrogateScratch;
  counts: NodeSplitCounts;
  /** Risk of the subtree returned by the last {@link partition} call (rpart's `*sumrisk`). */
  sumRisk: number;
}

/** Scratch sized for the engine. */
export function newGrowScratch(e: Engine): GrowScratch {
  const m = Math.max(1, e.maxcat);
  const nc = Math.max(1, e.numclass);
  return {
    split: {
      improve: 0,
      split: 0,
      rankCut: -1,
      rankHi: -1,
      csplit: new Int8Array(m),
      tsplit: new Int8Array(m),
      left: new Float64Array(nc),
      right: new Float64Array(nc),
      ccnt: new Float64Array(nc * m),
      awt: new Float64Array(m),
      rate: new Float64Array(m),
      countn: new Int32Array(m),
      sums: new Float64Array(m),
      wts: new Float64Array(m),
      gray: newGrayCode(m),
    },
    surrogate: newSurrogateScratch(m),
    counts: { nleft: 0, nright: 0 },
    sumRisk: 0,
  };
}

/** Finds the primary split of rows n1..n2-1 (rpart `bsplit`); leaves `me.primary` null when none helps. */
function bestSplit(e: Engine, me: GrowNode, n1: number, n2: number, g: GrowScratch): void {
  const s = g.split;
  const n = e.n;
  const list: SplitRec[] = [];
  me.primary = null;
  for (let v = 0; v < e.nvar; v++) {
    const nc = e.ncat[v]!;
    const k = gather(e, v * n + n1, v * n + n2);
    if (k === 0 || (nc === 0 && e.rtemp[0] === e.rtemp[k - 1])) continue;
    if (e.isClass) {
      if (nc === 0) giniNumeric(e, s, v, k, e.minNode);
      else giniCategorical(e, s, k, nc, e.minNode);
    } else if (nc === 0) anovaNumeric(e, s, v, k, e.minNode, me.risk);
    else anovaCategorical(e, s, k, nc, e.minNode, me.risk);
    const improve = s.improve;
    // rpart: compare to the largest improvement seen so far, so rounding noise never counts as a split
    if (improve > e.iscale) e.iscale = improve;
    if (improve > e.iscale * 1e-10) {
      const rec = insertSplit(list, improve, 1, nc);
      if (rec) {
        rec.improve = improve;
        rec.varNum = v;
        rec.spoint = s.split;
        rec.rankCut = nc === 0 ? s.rankCut : -1;
        rec.rankHi = s.rankHi;
        rec.count = k;
        if (nc === 0) rec.csplit[0] = s.csplit[0]!;
        else for (let c = 0; c < nc; c++) rec.csplit[c] = s.csplit[c]!;
      }
    }
  }
  if (list.length > 0) me.primary = list[0]!;
}

/**
 * Compacts the non-missing, positive-weight rows of sort-matrix positions from..to-1 into `e.rtemp` (ranks or level
 * codes), `e.rowtemp`, `e.yctemp`/`e.yntemp` and (weighted fits) `e.wtemp`; returns their number.
 */
function gather(e: Engine, from: number, to: number): number {
  const sorts = e.sorts;
  const rank = e.rank;
  const rt = e.rtemp;
  const rows = e.rowtemp;
  let k = 0;
  if (e.isClass) {
    const yc = e.yc;
    const yt = e.yctemp;
    if (e.unit) {
      for (let j = from; j < to; j++) {
        const kk = sorts[j]!;
        if (kk >= 0) {
          rt[k] = rank[j]!;
          rows[k] = kk;
          yt[k] = yc[kk]!;
          k++;
        }
      }
      return k;
    }
    const wt = e.wt;
    const wtemp = e.wtemp;
    for (let j = from; j < to; j++) {
      const kk = sorts[j]!;
      if (kk >= 0 && wt[kk]! > 0) {
        rt[k] = rank[j]!;
        rows[k] = kk;
        yt[k] = yc[kk]!;
        wtemp[k] = wt[kk]!;
        k++;
      }
    }
    return k;
  }
  const yn = e.yn;
  const yt = e.yntemp;
  const wt = e.wt;
  const wtemp = e.wtemp;
  const unit = e.unit;
  for (let j = from; j < to; j++) {
    const kk = sorts[j]!;
    if (kk >= 0 && (unit || wt[kk]! > 0)) {
      rt[k] = rank[j]!;
      rows[k] = kk;
      yt[k] = yn[kk]!;
      if (!unit) wtemp[k] = wt[kk]!;
      k++;
    }
  }
  return k;
}

function makeLeaf(e: Engine, me: GrowNode, g: GrowScratch): number {
  me.complexity = e.alpha;
  g.sumRisk = me.risk;
  me.left = null;
  me.right = null;
  me.primary = null;
  me.surrogates = [];
  return 0;
}

/**
 * Grows the subtree of node `nodenum` over rows n1..n2-1 of the sort matrix (rpart `partition`). Returns the
 * number of splits kept; `g.sumRisk` receives the subtree's risk.
 */
export function partition(e: Engine, nodenum: number, me: GrowNode, n1: number, n2: number, g: GrowScratch): number {
  let tempcp: number;
  if (nodenum > 1) {
    evalNode(e, me, e.sorts, n1, n2 - n1);
    tempcp = me.risk;
    if (tempcp > me.complexity) tempcp = me.complexity;
  } else tempcp = me.risk;

  if (me.numObs < e.minSplit || tempcp <= e.alpha || nodenum > e.maxnode) return makeLeaf(e, me, g);
  bestSplit(e, me, n1, n2, g);
  if (!me.primary) return makeLeaf(e, me, g);
  if (e.maxsur > 0 && !(e.skipSurrogates && e.skipSurrogates[me.primary.varNum] === 1)) {
    findSurrogates(e, me, n1, n2, g.surrogate);
  } else me.surrogates = [];
  splitNode(e, me, nodenum, n1, n2, g.counts);
  const nleft = g.counts.nleft;
  const nright = g.counts.nright;

  const left = newNode(e.numclass);
  me.left = left;
  left.complexity = tempcp - e.alpha;
  let leftSplit = partition(e, 2 * nodenum, left, n1, n1 + nleft, g);
  let leftRisk = g.sumRisk;

  tempcp = (me.risk - leftRisk) / (leftSplit + 1);
  const tempcp2 = me.risk - left.risk;
  if (tempcp < tempcp2) tempcp = tempcp2;
  if (tempcp > me.complexity) tempcp = me.complexity;

  const right = newNode(e.numclass);
  me.right = right;
  right.complexity = tempcp - e.alpha;
  let rightSplit = partition(e, 1 + 2 * nodenum, right, n1 + nleft, n1 + nleft + nright, g);
  let rightRisk = g.sumRisk;

  // Which collapses first: this split, the left child's subtree, or the right child's?
  tempcp = (me.risk - (leftRisk + rightRisk)) / (leftSplit + rightSplit + 1);
  if (right.complexity > left.complexity) {
    if (tempcp > left.complexity) {
      leftRisk = left.risk;
      leftSplit = 0;
      tempcp = (me.risk - (leftRisk + rightRisk)) / (leftSplit + rightSplit + 1);
      if (tempcp > right.complexity) {
        rightRisk = right.risk;
        rightSplit = 0;
      }
    }
  } else if (tempcp > right.complexity) {
    rightSplit = 0;
    rightRisk = right.risk;
    tempcp = (me.risk - (leftRisk + rightRisk)) / (leftSplit + rightSplit + 1);
    if (tempcp > left.complexity) {
      leftRisk = left.risk;
      leftSplit = 0;
    }
  }
  me.complexity = (me.risk - (leftRisk + rightRisk)) / (leftSplit + rightSplit + 1);

  if (me.complexity <= e.alpha) {
    // the split does not pay for itself after all: undo it
    me.left = null;
    me.right = null;
    me.primary = null;
    me.surrogates = [];
    g.sumRisk = me.risk;
    const base = 0;
    for (let i = n1; i < n2; i++) {
      let j = e.sorts[base + i]!;
      if (j < 0) j = -(1 + j);
      e.which[j] = nodenum;
    }
    return 0;
  }
  g.sumRisk = leftRisk + rightRisk;
  return leftSplit + rightSplit + 1;
}
