/**
 * Turns the grown node structures into the public, serialisable tree (rpart `rpmatrix.c` + the frame built in
 * `rpart.R`): nodes in depth-first order, the final node of every row (rpart's `where`, fixed up for subtrees that
 * were collapsed after their rows had been sent down), and variable importance as rpart's `importance()`.
 */
import type { Engine, GrowNode, SplitRec } from './engine.js';
import { LEFT } from './engine.js';
import type { EncodedData } from './prepare.js';
import type { CartNode, CartSplit } from './types.js';

function exportSplit(rec: SplitRec, enc: EncodedData, surrogate: boolean): CartSplit {
  const info = enc.features[rec.varNum]!;
  const adjustedAgreement = surrogate ? rec.adj : 0;
  if (info.kind === 'numeric') {
    return {
      kind: 'numeric',
      variable: info.name,
      threshold: rec.spoint,
      lessGoes: rec.csplit[0] === LEFT ? 'left' : 'right',
      improve: rec.improve,
      count: rec.count,
      adjustedAgreement,
    };
  }
  const levels = info.levels!;
  const left: string[] = [];
  const right: string[] = [];
  const unseen: string[] = [];
  levels.forEach((level, i) => {
    const dir = rec.csplit[i];
    (dir === LEFT ? left : dir === 0 ? unseen : right).push(level);
  });
  return { kind: 'categorical', variable: info.name, left, right, unseen, improve: rec.improve, count: rec.count, adjustedAgreement };
}

/** Class probabilities as rpart.R: counts × prior / total class count, normalised. */
function classProbabilities(counts: Float64Array, priorOverCount: Float64Array): number[] {
  const temp = Array.from(counts, (c, i) => c * priorOverCount[i]!);
  let total = 0;
  for (const t of temp) total += t;
  return temp.map((t) => t / total);
}

/** The exported nodes and a lookup from rpart node number to index. */
export interface ExportedTree {
  readonly nodes: CartNode[];
  readonly index: Map<number, number>;
}

/** Flattens the tree depth-first; `scale` is 1 / root risk (rpart's cp scale). */
export function exportNodes(e: Engine, root: GrowNode, enc: EncodedData, scale: number, priorOverCount: Float64Array): ExportedTree {
  const nodes: CartNode[] = [];
  const index = new Map<number, number>();
  const visit = (me: GrowNode, id: number, depth: number): number => {
    const position = nodes.length;
    index.set(id, position);
    const isLeaf = me.complexity <= e.alpha || !me.left;
    const base = {
      id,
      depth,
      n: me.numObs,
      weight: me.sumWt,
      deviance: me.risk,
      complexity: me.complexity * scale,
      prediction: e.isClass ? enc.classLevels![me.yval]! : me.yval,
      classCounts: e.isClass ? Array.from(me.counts!) : null,
      probabilities: e.isClass ? classProbabilities(me.counts!, priorOverCount) : null,
    };
    if (isLeaf) {
      nodes.push({ ...base, split: null, surrogates: [], left: -1, right: -1 });
      return position;
    }
    const node = {
      ...base,
      split: exportSplit(me.primary!, enc, false),
      surrogates: me.surrogates.map((s) => exportSplit(s, enc, true)),
      left: -1,
      right: -1,
    };
    nodes.push(node);
    node.left = visit(me.left!, 2 * id, depth + 1);
    node.right = visit(me.right!, 2 * id + 1, depth + 1);
    return position;
  };
  visit(root, 1, 0);
  return { nodes, index };
}

/** rpart's `where` for every input row (-1 for dropped rows): the deepest surviving ancestor of `which`. */
export function exportWhere(which: Int32Array, enc: EncodedData, index: Map<number, number>): Int32Array {
  const where = new Int32Array(enc.nInput).fill(-1);
  for (let k = 0; k < enc.n; k++) {
    let id = which[k]!;
    let position = index.get(id);
    while (position === undefined) {
      id = Math.floor(id / 2);
      position = index.get(id);
    }
    where[enc.rows ? enc.rows[k]! : k] = position;
  }
  return where;
}

/**
 * rpart's variable importance: each primary split credits its variable with its improvement (anova: × the node's
 * sum of squares, making it absolute), each surrogate its variable with that amount × its adjusted agreement.
 */
export function variableImportance(
  nodes: readonly CartNode[],
  anova: boolean,
): { readonly variable: string; readonly importance: number }[] {
  const sums = new Map<string, number>();
  for (const node of nodes) {
    if (!node.split) continue;
    const scaled = anova ? node.split.improve * node.deviance : node.split.improve;
    sums.set(node.split.variable, (sums.get(node.split.variable) ?? 0) + scaled);
    for (const s of node.surrogates) sums.set(s.variable, (sums.get(s.variable) ?? 0) + scaled * s.adjustedAgreement);
  }
  const out = [...sums.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([variable, importance]) => ({ variable, importance }));
  return out.sort((a, b) => b.importance - a.importance);
}
