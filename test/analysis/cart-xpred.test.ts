/**
 * cart(…, { xpred: true }).xpred against R's xpred.rpart (rpart 4.1.19, R 4.2.2; calls in
 * test/reference/cart-xpred.R, data and folds from cart.json): for every cp-table row, the held-out prediction
 * of every input row from its fold's tree cut back to that row's complexity. Tolerance: relative 1e-10 (the
 * same C algorithm; the JSON keeps 15 significant digits).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cart, pruneTree, selectCp, type CartTree } from '../../src/analysis/cart/index.js';
import { loadCartFixture, toCartData } from '../reference/cart.load.js';

interface XpredCase {
  dataset: string;
  call: string;
  options: Record<string, unknown>;
  cp: number[];
  keptRows: number[];
  xpred: number[][];
  levels: string[] | null;
}
const fixture = loadCartFixture();
const xpredFixture = JSON.parse(readFileSync(new URL('../reference/cart-xpred.json', import.meta.url), 'utf8')) as { cases: Record<string, XpredCase> };

function fitWithXpred(c: XpredCase): CartTree {
  const ds = fixture.datasets[c.dataset]!;
  const tree = cart(toCartData(ds), { ...c.options, folds: ds.folds!, xpred: true });
  if (tree.status !== 'ok') throw new Error(tree.reason);
  return tree;
}

describe.each(Object.entries(xpredFixture.cases))('xpred %s', (_name, c) => {
  it(`matches ${c.call}`, () => {
    const tree = fitWithXpred(c);
    expect(tree.cpTable.map((r) => r.cp).length).toBe(c.cp.length);
    const xpred = tree.xpred!;
    expect(xpred.predictions).toHaveLength(c.xpred.length);
    const ds = fixture.datasets[c.dataset]!;
    const kept = new Set(c.keptRows.map((r) => r - 1));
    for (let r = 0; r < ds.target.length; r++) {
      if (!kept.has(r)) {
        expect(xpred.folds[r]).toBe(0);
        expect(xpred.predictions.every((p) => Number.isNaN(p[r]!))).toBe(true);
      } else expect(xpred.folds[r]).toBe(ds.folds![r]);
    }
    c.xpred.forEach((column, j) => {
      // xpred.rpart's first cp is (1 + CP₁)/2, not a root-only tree; servq's first column is rpart's xval one (10 ×
      // CP₁: the root of each fold's tree, the training folds' mean or class), checked below
      if (j === 0) return;
      const ours = xpred.predictions[j]!;
      column.forEach((expected, i) => {
        const r = c.keptRows[i]! - 1;
        // R numbers classes from 1; servq's index is 0-based in classLevels
        const value = c.levels ? ours[r]! + 1 : ours[r]!;
        if (Math.abs(value - expected) > 1e-10 * Math.max(1, Math.abs(expected))) expect({ row: r + 1, cpRow: j + 1, value }).toEqual({ row: r + 1, cpRow: j + 1, value: expected });
      });
    });
    if (c.levels) expect(tree.classLevels).toEqual(c.levels);
    if (!c.levels) {
      // the first column: every held-out row gets the mean of the kept rows of the other folds
      const y = ds.target as (number | null)[];
      for (const r of kept) {
        let sum = 0;
        let n = 0;
        for (const o of kept) if (ds.folds![o] !== ds.folds![r]) (sum += y[o]!), n++;
        expect(xpred.predictions[0]![r]).toBeCloseTo(sum / n, 9);
      }
    }
  });
});

describe('xpred', () => {
  const c = xpredFixture.cases['surveyReg_deep']!;

  it('is absent unless asked for, and without cross-validation', () => {
    const ds = fixture.datasets[c.dataset]!;
    const plain = cart(toCartData(ds), { ...c.options, folds: ds.folds! });
    expect(plain.status === 'ok' && plain.xpred).toBeUndefined();
    const noXval = cart(toCartData(ds), { ...c.options, xval: 0, xpred: true });
    expect(noXval.status === 'ok' && noXval.xpred).toBeUndefined();
  });

  it('is cut with the cp table by pruneTree, keeping the columns of the rows kept', () => {
    const tree = fitWithXpred(c);
    const chosen = tree.cpTable[4]!.cp;
    const pruned = pruneTree(tree, chosen);
    expect(pruned.cpTable).toHaveLength(5);
    expect(pruned.xpred!.predictions).toHaveLength(5);
    expect(pruned.xpred!.predictions[4]).toBe(tree.xpred!.predictions[4]);
    expect(pruned.xpred!.folds).toBe(tree.xpred!.folds);
  });
});

describe('servq analyze tree\'s cross-validated metrics', () => {
  const ref = (xpredFixture as unknown as { treeMetrics: { dataset: string; chosenRow: number; n: number; auc: number; accuracy: number; baselineAccuracy: number; r2: number; rmse: number; baselineRmse: number; call: string } }).treeMetrics;

  it(`match R on a 0/1 anova tree: ${ref.call}`, async () => {
    const { treeCrossValidatedRows } = await import('../../src/analyze/analyses/tree.js');
    const ds = fixture.datasets[ref.dataset]!;
    const data = toCartData(ds);
    const target = Float64Array.from(ds.target, (v) => (v === null ? NaN : v === 'dissatisfied' ? 1 : 0));
    const grown = cart({ features: data.features, target }, { method: 'anova', cp: 0.002, minSplit: 30, minBucket: 10, maxDepth: 4, folds: ds.folds!, xpred: true });
    if (grown.status !== 'ok') throw new Error(grown.reason);
    const chosen = grown.cpTable.findIndex((r) => r.cp === selectCp(grown.cpTable, 'one-se'));
    expect(chosen + 1).toBe(ref.chosenRow);
    const rows = treeCrossValidatedRows({}, grown.xpred!, chosen, target);
    const row = (metric: string) => rows.find((r) => r.metric === metric)!;
    expect(row('cv_auc').n).toBe(ref.n);
    expect(row('cv_auc').value).toBeCloseTo(ref.auc, 12);
    expect(row('cv_accuracy')).toMatchObject({ value: expect.closeTo(ref.accuracy, 12), extra: { baseline: expect.closeTo(ref.baselineAccuracy, 12) } });
    expect(row('cv_r_squared').value).toBeCloseTo(ref.r2, 12);
    expect(row('cv_r_squared').extra).toMatchObject({ rmse: expect.closeTo(ref.rmse, 12), baseline_rmse: expect.closeTo(ref.baselineRmse, 12) });
  });
});
