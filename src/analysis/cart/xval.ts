/**
 * Cross-validated risk for every row of the cp table (rpart `xval.c`, `rundown.c`, `branch.c`; Breiman et al.
 * 1984, §3.4.2). For each fold a tree is grown on the other folds with α and the cp list scaled by the training
 * weight share; each held-out row is run down it once per cp value (the geometric means of adjacent table cps),
 * stopping where the node's complexity falls below that cp, and its loss is added to xerror. xstd is the standard
 * deviation of the summed per-row losses: sqrt(Σ w·l² − (Σ w·l)² / Σ w).
 */
import type { CpList } from './cp-table.js';
import { fixCp } from './cp-table.js';
import type { Engine, GrowNode } from './engine.js';
import { LEFT, evalNode, newNode, predictionError } from './engine.js';
import type { GrowScratch } from './grow.js';
import { partition } from './grow.js';
import { restoreSorts } from './presort.js';

/** One step down the tree for row `obs` (rpart `branch`): null at a leaf. */
export function branch(e: Engine, tree: GrowNode, obs: number): GrowNode | null {
  if (!tree.left) return null;
  const primary = tree.primary!;
  let v = primary.varNum;
  let xv = e.x[v]![obs]!;
  if (Number.isFinite(xv)) {
    if (e.ncat[v] === 0) {
      const dir = xv < primary.spoint ? primary.csplit[0]! : -primary.csplit[0]!;
      return dir === LEFT ? tree.left : tree.right;
    }
    const dir = primary.csplit[xv - 1]!;
    if (dir !== 0) return dir === LEFT ? tree.left : tree.right;
  }
  if (e.useSurrogate === 0) return null;
  for (const s of tree.surrogates) {
    v = s.varNum;
    xv = e.x[v]![obs]!;
    if (!Number.isFinite(xv)) continue;
    if (e.ncat[v] === 0) {
      const dir = xv < s.spoint ? s.csplit[0]! : -s.csplit[0]!;
      return dir === LEFT ? tree.left : tree.right;
    }
    const dir = s.csplit[xv - 1]!;
    if (dir !== 0) return dir === LEFT ? tree.left : tree.right;
  }
  if (e.useSurrogate < 2) return null;
  return tree.lastSurrogate === LEFT ? tree.left : tree.right;
}

/**
 * Fills `xrisk`/`xstd` of every cp-list entry. `group[i]` is the fold (1..nFolds) of row i; `savesort` the full
 * sort matrix; `xpred`, when given (rows × cp-list entries, row-major), receives each held-out row's prediction
 * per cp (rpart `xpred.rpart`). Restores `e.alpha` afterwards; `e.which` and the sort matrix are left in use.
 */
export function crossValidateCp(
  e: Engine,
  list: CpList,
  group: Int32Array,
  nFolds: number,
  savesort: Int32Array,
  g: GrowScratch,
  xpred: Float64Array | null = null,
): void {
  const n = e.n;
  const m = list.count;
  const alphaSave = e.alpha;
  const cp = new Float64Array(m);
  const xtemp = new Float64Array(m);
  const xrisk = new Float64Array(m);
  const xstd = new Float64Array(m);
  cp[0] = 10 * list.head.cp;
  let c = list.head;
  for (let i = 1; i < m; i++) {
    cp[i] = Math.sqrt(c.cp * c.forward!.cp);
    c = c.forward!;
  }
  let totalWt = 0;
  for (let i = 0; i < n; i++) totalWt += e.unit ? 1 : e.wt[i]!;
  let oldWt = totalWt;
  // training rows of a fold, for the root's evaluation only (the buffer is growth scratch afterwards)
  const trainRows = e.rowtemp;
  const sorts = e.sorts;
  // a numeric variable with no missing value never consults surrogates, in training or held-out rows
  const skip = new Uint8Array(e.nvar);
  for (let v = 0; v < e.nvar; v++) {
    if (e.ncat[v]! > 0) continue;
    let missing = false;
    for (let i = 0; i < n && !missing; i++) missing = savesort[v * n + i]! < 0;
    skip[v] = missing ? 0 : 1;
  }
  const skipSave = e.skipSurrogates;
  e.skipSurrogates = skip;

  for (let fold = 1; fold <= nFolds; fold++) {
    let k = restoreSorts(e.x, e.ncat, n, savesort, sorts, e.rank, group, fold);
    let last = k;
    k = 0;
    let temp = 0;
    for (let i = 0; i < n; i++) {
      e.which[i] = 1;
      if (group[i] === fold) sorts[last++] = i;
      else {
        trainRows[k++] = i;
        temp += e.unit ? 1 : e.wt[i]!;
      }
    }
    const ratio = temp / oldWt;
    for (let j = 0; j < m; j++) cp[j]! *= ratio;
    e.alpha *= ratio;
    oldWt = temp;
    if (k === n) continue; // nothing held out: the fold contributes no error

    const xtree = newNode(e.numclass);
    evalNode(e, xtree, trainRows, 0, k);
    xtree.complexity = xtree.risk;
    partition(e, 1, xtree, 0, k, g);
    fixCp(xtree, xtree.complexity);

    for (let i = k; i < n; i++) {
      const obs = sorts[i]!;
      rundown(e, xtree, obs, cp, xtemp, xpred, obs * m);
      const w = e.unit ? 1 : e.wt[obs]!;
      for (let j = 0; j < m; j++) {
        xrisk[j]! += xtemp[j]! * w;
        xstd[j]! += xtemp[j]! * xtemp[j]! * w;
      }
    }
  }
  c = list.head;
  for (let j = 0; j < m; j++) {
    c.xrisk = xrisk[j]!;
    c.xstd = Math.sqrt(xstd[j]! - (xrisk[j]! * xrisk[j]!) / totalWt);
    c = c.forward!;
  }
  e.alpha = alphaSave;
  e.skipSurrogates = skipSave;
}

/**
 * Runs row `obs` down `tree` for each cp (decreasing), writing its loss per cp into `xtemp` (rpart `rundown`).
 * When a step is impossible (a missing value with useSurrogate < 2) the remaining entries keep their previous
 * values, as in rpart.
 */
function rundown(
  e: Engine,
  tree: GrowNode,
  obs: number,
  cp: Float64Array,
  xtemp: Float64Array,
  xpred: Float64Array | null,
  at: number,
): void {
  let node = tree;
  for (let i = 0; i < cp.length; i++) {
    while (cp[i]! < node.complexity) {
      const next = branch(e, node, obs);
      if (!next) {
        // rpart: the remaining cps predict with the node where the row stopped
        if (xpred) for (let j = i; j < cp.length; j++) xpred[at + j] = node.yval;
        return;
      }
      node = next;
    }
    xtemp[i] = predictionError(e, obs, node);
    if (xpred) xpred[at + i] = node.yval;
  }
}
