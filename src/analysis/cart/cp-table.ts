/**
 * The complexity-parameter table (rpart `make_cp_list.c`, `make_cp_table.c`, `fix_cp.c`): the distinct
 * complexities at which subtrees are pruned (each node's complexity capped by its parent's, never below α), and
 * for each the number of splits and the resubstitution risk of the optimally pruned subtree (Breiman et al. 1984,
 * §3.3 weakest-link pruning).
 */
import type { GrowNode } from './engine.js';

/** One entry of the cp list, largest cp first. */
export interface CpEntry {
  cp: number;
  risk: number;
  nsplit: number;
  xrisk: number;
  xstd: number;
  forward: CpEntry | null;
  back: CpEntry | null;
}

/** The cp list with its tail and length. */
export interface CpList {
  head: CpEntry;
  tail: CpEntry;
  count: number;
}

function makeCpList(me: GrowNode, parent: number, list: CpList, alpha: number): void {
  if (me.complexity > parent) me.complexity = parent;
  let meCp = me.complexity;
  if (meCp < alpha) meCp = alpha;
  if (me.left) {
    makeCpList(me.left, meCp, list, alpha);
    makeCpList(me.right!, meCp, list, alpha);
  }
  if (meCp < parent) {
    let prev: CpEntry | null = null;
    for (let c: CpEntry | null = list.head; c; c = c.forward) {
      if (meCp === c.cp) return;
      if (meCp > c.cp) break;
      prev = c;
    }
    const after = prev!;
    const entry: CpEntry = { cp: meCp, risk: 0, nsplit: 0, xrisk: 0, xstd: 0, back: after, forward: after.forward };
    if (after.forward) after.forward.back = entry;
    else list.tail = entry;
    after.forward = entry;
    list.count++;
  }
}

function makeCpTable(me: GrowNode, parent: number, nsplit: number, list: CpList): CpEntry {
  let c: CpEntry;
  if (me.left) {
    makeCpTable(me.left, me.complexity, 0, list);
    c = makeCpTable(me.right!, me.complexity, nsplit + 1, list);
  } else c = list.tail;
  while (c.cp < parent) {
    c.risk += me.risk;
    c.nsplit += nsplit;
    c = c.back!;
  }
  return c;
}

/** Builds the cp list of a grown tree (caps node complexities by their parents' as a side effect). */
export function buildCpList(root: GrowNode, alpha: number): CpList {
  const head: CpEntry = { cp: root.complexity, risk: root.risk, nsplit: 0, xrisk: 0, xstd: 0, forward: null, back: null };
  const list: CpList = { head, tail: head, count: 1 };
  if (root.right) {
    makeCpList(root, root.complexity, list, alpha);
    makeCpTable(root, root.complexity, 0, list);
  }
  return list;
}

/** Caps every node's complexity by its parent's (rpart `fix_cp`). */
export function fixCp(me: GrowNode, parentCp: number): void {
  if (me.complexity > parentCp) me.complexity = parentCp;
  if (me.left) {
    fixCp(me.left, me.complexity);
    fixCp(me.right!, me.complexity);
  }
}
