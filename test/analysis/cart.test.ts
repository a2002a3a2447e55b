/**
 * cart() against R rpart 4.1.19 (R 4.2.2, Debian r-cran-rpart): see test/reference/cart.R for every call.
 *
 * Judged by the partition of rows (fit$where as node ids), leaf counts, the cp table (rel error, and xerror/xstd with
 * the folds passed explicitly, as rpart's xval = <fold vector>), node deviances and complexities, splits and
 * surrogates, variable importance and predict(newdata =) on the training rows.
 * Tolerance: relative 1e-10 for doubles (same algorithm and accumulation order; observed differences ≤ 1e-15),
 * exact for counts, node ids, variables and levels.
 */
import { describe, expect, it } from 'vitest';
import type { CartSplit, CartTree } from '../../src/analysis/cart/index.js';
import { cart, predict, pruneTree } from '../../src/analysis/cart/index.js';
import type { RefCase, RefSplit } from '../reference/cart.load.js';
import { loadCartFixture, toCartData, toCartOptions } from '../reference/cart.load.js';

const fixture = loadCartFixture();
const REL = 1e-10;

function close(actual: number, expected: number, rel = REL): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (Math.abs(actual - expected) > rel * scale && Math.abs(actual - expected) > 1e-13) {
    expect(actual).toBe(expected);
  }
}

function fit(c: RefCase): CartTree {
  const ds = fixture.datasets[c.dataset]!;
  const tree = cart(toCartData(ds), toCartOptions(c, ds));
  if (tree.status !== 'ok') throw new Error(`insufficient: ${tree.reason}`);
  return tree;
}

function checkSplit(actual: CartSplit, expected: RefSplit, surrogate: boolean): void {
  expect(actual.variable).toBe(expected.variable);
  close(actual.improve, expected.improve);
  expect(actual.count).toBe(expected.count);
  if (surrogate) close(actual.adjustedAgreement, expected.adj);
  if (expected.threshold !== undefined) {
    expect(actual.kind).toBe('numeric');
    if (actual.kind === 'numeric') {
      close(actual.threshold, expected.threshold);
      expect(actual.lessGoes).toBe(expected.lessGoes);
    }
  } else {
    expect(actual.kind).toBe('categorical');
    if (actual.kind === 'categorical') {
      expect(actual.left).toEqual(expected.left);
      expect(actual.right).toEqual(expected.right);
    }
  }
}

function checkTree(tree: CartTree, c: RefCase): void {
  expect(tree.method).toBe(c.method);
  // the partition: node ids in frame order, and the node of every kept row
  expect(tree.nodes.map((n) => n.id)).toEqual(c.nodeIds);
  const kept = new Set(c.whereRows.map((r) => r - 1));
  expect(c.whereRows.map((r) => tree.nodes[tree.where[r - 1]!]!.id)).toEqual(c.whereNode);
  for (let r = 0; r < tree.where.length; r++) if (!kept.has(r)) expect(tree.where[r]).toBe(-1);
  tree.nodes.forEach((node, i) => {
    expect(node.n).toBe(c.n[i]);
    close(node.weight, c.wt[i]!);
    close(node.deviance, c.dev[i]!);
    close(node.complexity, c.complexity[i]!);
    expect(node.split === null).toBe(c.var[i] === '<leaf>');
    if (c.method === 'class') {
      expect(node.prediction).toBe(c.yval[i]);
      node.probabilities!.forEach((p, k) => close(p, c.prob![i]![k]!));
    } else close(node.prediction as number, c.yval[i] as number);
  });
  // cp table: rel error exactly as rpart (to rounding), xerror/xstd from the same folds
  expect(tree.cpTable.map((r) => r.nsplit)).toEqual(c.cptable.nsplit);
  tree.cpTable.forEach((row, i) => {
    close(row.cp, c.cptable.CP[i]!);
    close(row.relError, c.cptable.relError[i]!);
    if (c.cptable.xerror) {
      close(row.xerror!, c.cptable.xerror[i]!);
      close(row.xstd!, c.cptable.xstd![i]!);
    } else expect(row.xerror).toBeNull();
  });
  // variable importance (rpart: primary improvements + adj × improvement of surrogates)
  const imp = new Map(tree.variableImportance.map((v) => [v.variable, v.importance]));
  expect([...imp.keys()].sort()).toEqual([...c.importance.variable].sort());
  c.importance.variable.forEach((v, i) => close(imp.get(v)!, c.importance.value[i]!));
  // splits and surrogates
  for (const s of c.splits) {
    const node = tree.nodes.find((n) => n.id === s.node)!;
    checkSplit(node.split!, s.primary, false);
    expect(node.surrogates.length).toBe(s.surrogates.length);
    node.surrogates.forEach((sur, k) => checkSplit(sur, s.surrogates[k]!, true));
  }
}

function checkPredictions(tree: CartTree, c: RefCase): void {
  const ds = fixture.datasets[c.dataset]!;
  const p = predict(tree, toCartData(ds).features);
  if (p.method === 'class') {
    expect(p.classes).toEqual(c.predictClass);
    p.probabilities.forEach((row, i) => row.forEach((v, k) => close(v, c.predictProb![i]![k]!)));
  } else {
    p.values.forEach((v, i) => close(v, c.predictValue![i]!));
  }
}

describe('cart against rpart 4.1.19', () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    if (c.pruneCp !== undefined) continue;
    it(`${name}: ${c.call}`, () => {
      const tree = fit(c);
      checkTree(tree, c);
      checkPredictions(tree, c);
    });
  }

  it('prune(): kyphosis_cp0_pruned', () => {
    const c = fixture.cases['kyphosis_cp0_pruned']!;
    const pruned = pruneTree(fit(c), c.pruneCp!);
    checkTree(pruned, c);
    checkPredictions(pruned, c);
  });

  it('the survey data really exercise missing values, categorical splits and surrogates', () => {
    const c = fixture.cases['survey2_deep']!;
    const tree = fit(c);
    expect(tree.warnings.map((w) => w.code)).toContain('cart-rows-dropped');
    expect(tree.nUsed).toBe(c.whereRows.length);
    expect(tree.nodes.some((n) => n.split?.kind === 'categorical')).toBe(true);
    expect(tree.nodes.some((n) => n.surrogates.length > 0)).toBe(true);
    const three = fit(fixture.cases['survey3_deep']!);
    // more than two classes: some categorical split must come from the exhaustive subset search
    expect(three.classLevels).toEqual(['high', 'low', 'mid']);
    expect(three.nodes.some((n) => n.split?.kind === 'categorical')).toBe(true);
  });
});
