/**
 * Cost-complexity pruning of a fitted tree to a complexity parameter (rpart `prune.rpart` + `snip.rpart`).
 */
import { variableImportance } from './export-tree.js';
import type { CartCpRow, CartNode, CartTree } from './types.js';

/** How to choose the cp: a number, the row with the least xerror, or the smallest tree within one xstd of it. */
export type CartPruneRule = number | 'min-xerror' | 'one-se';

/**
 * The cp a rule selects from a cross-validated cp table: the row with the least xerror, or the first (smallest) tree
 * whose xerror is within one xstd of that minimum.
 *
 * Method: Breiman et al. (1984, §3.4.3) 1-SE rule; Therneau & Atkinson (rpart vignette, §4.2) `printcp`/`plotcp`.
 * @param cpTable A cp table from {@link cart} fitted with xval > 1 or `folds`.
 * @param rule `'min-xerror'` or `'one-se'`.
 * @returns The CP column of the chosen row (relative to the root risk), to pass to {@link pruneTree}.
 * @throws RangeError when the table has no xerror (no cross-validation).
 * @example
 * // cp table rows (cp, nsplit, xerror, xstd): (0.63, 0, 1, 0.17), (0.053, 1, 0.42, 0.13), (0.026, 2, 0.42, 0.13), …
 * selectCp(tree.cpTable, 'one-se'); // => 0.05263157894736842
 */
export function selectCp(cpTable: readonly CartCpRow[], rule: 'min-xerror' | 'one-se'): number {
  let best = 0;
  for (let i = 0; i < cpTable.length; i++) {
    const x = cpTable[i]!.xerror;
    if (x === null) throw new RangeError(`pruneTree: rule '${rule}' needs a cross-validated cp table (xval > 1), got none`);
    if (x < cpTable[best]!.xerror!) best = i;
  }
  if (rule === 'min-xerror') return cpTable[best]!.cp;
  // Breiman et al. (1984, §3.4.3): the simplest tree whose xerror is within one standard error of the minimum
  const limit = cpTable[best]!.xerror! + cpTable[best]!.xstd!;
  for (const row of cpTable) if (row.xerror! <= limit) return row.cp;
  return cpTable[best]!.cp;
}

/**
 * Prunes a tree: every split whose complexity is ≤ cp becomes a leaf (rpart `prune.rpart`).
 *
 * Method: weakest-link cost-complexity pruning (Breiman et al. 1984, §3.3); each node's complexity is the scaled
 * cp at which its split stops paying for itself, so the result is the optimal subtree for that cp. The cp table is
 * cut as rpart does (rows with CP below cp dropped, the last row's CP set to cp), `where` moves rows to their
 * surviving ancestor, and variable importance is recomputed.
 *
 * @param tree A tree from {@link cart}.
 * @param rule A cp (relative to the root risk, as in the cp table), `'min-xerror'`, or `'one-se'` (1-SE rule).
 * @returns The pruned tree (the same object when nothing is pruned).
 * @throws RangeError for a non-finite cp, or a rule on a tree without cross-validation.
 * @example
 * const wait = Array.from({ length: 40 }, (_, i) => i * 15);
 * const satisfied = wait.map((w, i) => (w > 300 ? (i % 7 === 0 ? 'yes' : 'no') : i % 5 === 0 ? 'no' : 'yes'));
 * const tree = cart({ features: { wait }, target: satisfied }, { minSplit: 4, cp: 0, seed: 3 });
 * tree.status === 'ok' && [tree.nodes.length, pruneTree(tree, 'one-se').nodes.length]; // => [27, 3]
 */
export function pruneTree(tree: CartTree, rule: CartPruneRule): CartTree {
  const cp = typeof rule === 'number' ? rule : selectCp(tree.cpTable, rule);
  if (typeof rule === 'number' && !Number.isFinite(rule)) throw new RangeError(`pruneTree: cp must be finite, got ${rule}`);
  const old = tree.nodes;
  const toss = new Set<number>();
  for (const node of old) if (node.split && node.complexity <= cp) toss.add(node.id);
  if (toss.size === 0) return tree;

  // keep a node unless a strict ancestor is tossed; tossed nodes become leaves
  const kept: number[] = [];
  const removed = new Uint8Array(old.length);
  const mark = (i: number, gone: boolean): void => {
    removed[i] = gone ? 1 : 0;
    const node = old[i]!;
    if (node.left >= 0) {
      const childGone = gone || toss.has(node.id);
      mark(node.left, childGone);
      mark(node.right, childGone);
    }
  };
  mark(0, false);
  const newIndex = new Int32Array(old.length).fill(-1);
  for (let i = 0; i < old.length; i++) {
    if (!removed[i]) {
      newIndex[i] = kept.length;
      kept.push(i);
    }
  }
  const nodes: CartNode[] = kept.map((i) => {
    const node = old[i]!;
    if (node.left < 0 || toss.has(node.id)) return { ...node, split: null, surrogates: [], left: -1, right: -1 };
    return { ...node, left: newIndex[node.left]!, right: newIndex[node.right]! };
  });
  const parentOf = new Int32Array(old.length).fill(-1);
  old.forEach((node, i) => {
    if (node.left >= 0) {
      parentOf[node.left] = i;
      parentOf[node.right] = i;
    }
  });
  const where = new Int32Array(tree.where.length);
  for (let r = 0; r < where.length; r++) {
    let i = tree.where[r]!;
    if (i < 0) {
      where[r] = -1;
      continue;
    }
    while (removed[i]) i = parentOf[i]!;
    where[r] = newIndex[i]!;
  }
  // rpart: keep the first row of each distinct max(CP, cp), then set the last CP to cp
  const seen = new Set<number>();
  const cpTable: CartCpRow[] = [];
  for (const row of tree.cpTable) {
    const t = Math.max(row.cp, cp);
    if (seen.has(t)) continue;
    seen.add(t);
    cpTable.push(row);
  }
  cpTable[cpTable.length - 1] = { ...cpTable[cpTable.length - 1]!, cp };
  // the rows kept are a prefix of the table, so the held-out predictions keep the same prefix
  const xpred = tree.xpred ? { xpred: { folds: tree.xpred.folds, predictions: tree.xpred.predictions.slice(0, cpTable.length) } } : {};
  return { ...tree, nodes, where, cpTable, variableImportance: variableImportance(nodes, tree.method === 'anova'), ...xpred };
}
