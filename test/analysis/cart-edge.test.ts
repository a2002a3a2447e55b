/**
 * cart(), predict() and pruneTree() on edge cases and invariants: empty input, n = 1, constant target/feature, ties,
 * missing values, huge/tiny magnitudes, argument errors, and fast-check properties (row order, monotone transforms,
 * constant weights, minBucket, where ≡ predict, cp table monotonicity, pruning). Reference-free checks; the R and
 * sklearn comparisons are in cart.test.ts, cart-sklearn.test.ts and cart-cross-validate.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CartData, CartOptions, CartTree } from '../../src/analysis/cart/index.js';
import { CART_PREDICT_WARNINGS, CART_WARNINGS, cart, predict, pruneTree, selectCp } from '../../src/analysis/cart/index.js';
import { stratifiedFolds } from '../../src/analysis/cart/folds.js';
import { loadCartFixture, toCartData, toCartOptions } from '../reference/cart.load.js';

function ok(data: CartData, options: CartOptions = {}): CartTree {
  const tree = cart(data, options);
  if (tree.status !== 'ok') throw new Error(`expected a tree, got insufficient: ${tree.reason}`);
  return tree;
}

function canonical(groups: ArrayLike<number>): number[] {
  const first = new Map<number, number>();
  return Array.from(groups, (g, i) => {
    if (!first.has(g)) first.set(g, i);
    return first.get(g)!;
  });
}

const fixture = loadCartFixture();
const kyphosis = toCartData(fixture.datasets['kyphosis']!);

describe('cart: small and degenerate data', () => {
  it('empty input and all-missing targets are insufficient', () => {
    const empty = cart({ features: { x: [] }, target: [] });
    expect(empty).toMatchObject({ status: 'insufficient', method: 'anova' });
    const noTarget = cart({ features: { x: [1, 2] }, target: [null, null] as (string | null)[] });
    expect(noTarget.status).toBe('insufficient');
    const noFeature = cart({ features: { x: [NaN, NaN] }, target: ['a', 'b'] });
    expect(noFeature.status).toBe('insufficient');
  });

  it('n = 1 gives a single leaf with a warning', () => {
    const tree = ok({ features: { x: [3] }, target: ['a'] });
    expect(tree.nodes).toHaveLength(1);
    expect(tree.nodes[0]).toMatchObject({ id: 1, n: 1, prediction: 'a', probabilities: [1], split: null });
    expect(Array.from(tree.where)).toEqual([0]);
    expect(tree.cpTable).toEqual([{ cp: 0.01, nsplit: 0, relError: 1, xerror: null, xstd: null }]);
    expect(tree.warnings.map((w) => w.code)).toEqual([CART_WARNINGS.noSplit]);
  });

  it('a constant target or a constant feature gives the root only', () => {
    const constant = ok({ features: { x: [1, 2, 3, 4, 5, 6] }, target: [7, 7, 7, 7, 7, 7] }, { minSplit: 2 });
    expect(constant.nodes).toHaveLength(1);
    expect(constant.nodes[0]!.prediction).toBe(7);
    expect(constant.nodes[0]!.deviance).toBe(0);
    const flat = ok({ features: { x: [5, 5, 5, 5, 5, 5] }, target: ['a', 'b', 'a', 'b', 'a', 'b'] }, { minSplit: 2 });
    expect(flat.nodes).toHaveLength(1);
    expect(flat.nodes[0]!.probabilities).toEqual([0.5, 0.5]);
    // a tie in the majority goes to the first class, as rpart
    expect(flat.nodes[0]!.prediction).toBe('a');
  });

  it('splits at the mid-point between distinct values, with ties kept together', () => {
    const tree = ok({ features: { wait: [10, 20, 20, 200, 300, 300] }, target: ['ok', 'ok', 'ok', 'bad', 'bad', 'bad'] }, { minSplit: 2, minBucket: 1, xval: 0 });
    expect(tree.nodes[0]!.split).toMatchObject({ kind: 'numeric', variable: 'wait', threshold: 110 });
    expect(tree.nodes.filter((n) => n.split === null).map((n) => n.n).sort()).toEqual([3, 3]);
  });

  it('of two identical columns the first one splits (rpart keeps the first of equal improvements)', () => {
    const x = Float64Array.from(kyphosis.features['Start'] as Float64Array);
    const target = kyphosis.target;
    const ab = ok({ features: { a: x, b: Float64Array.from(x) }, target }, { xval: 0 });
    const ba = ok({ features: { b: x, a: Float64Array.from(x) }, target }, { xval: 0 });
    expect(ab.nodes[0]!.split!.variable).toBe('a');
    expect(ba.nodes[0]!.split!.variable).toBe('b');
    expect(canonical(ab.where)).toEqual(canonical(ba.where));
  });

  it('drops rows with a missing target or with every feature missing (where = -1) and warns', () => {
    const tree = ok({
      features: { x: [1, 2, 3, NaN, 5, 6, 7, 8], g: ['a', 'b', 'a', null, 'b', 'a', null, 'b'] },
      target: ['y', 'n', 'y', 'y', null, 'n', 'y', 'n'],
    });
    expect(tree.nUsed).toBe(6);
    expect(tree.where[3]).toBe(-1);
    expect(tree.where[4]).toBe(-1);
    expect(tree.warnings.map((w) => w.code)).toContain(CART_WARNINGS.rowsDropped);
  });

  it('huge and tiny magnitudes give the same partition (splits are rank-based, anova improvement is relative)', () => {
    const ds = fixture.datasets['cars']!;
    const speed = Float64Array.from(ds.features['speed'] as number[]);
    const dist = Float64Array.from(ds.target as number[]);
    const base = ok({ features: { speed }, target: dist }, { minSplit: 6, cp: 0.005, xval: 0 });
    for (const [sx, sy] of [
      [1e300, 1e150],
      [1e-300, 1e-100],
    ] as const) {
      const scaled = ok({ features: { speed: speed.map((v) => v * sx) }, target: dist.map((v) => v * sy) }, { minSplit: 6, cp: 0.005, xval: 0 });
      expect(canonical(scaled.where)).toEqual(canonical(base.where));
      scaled.cpTable.forEach((row, i) => expect(row.relError).toBeCloseTo(base.cpTable[i]!.relError, 12));
    }
  });
});

describe('cart: argument errors', () => {
  const data = { features: { x: [1, 2, 3] }, target: ['a', 'b', 'a'] };
  it.each([
    [{ minSplit: 0 }, /cart: minSplit must be an integer >= 1, got 0/],
    [{ minBucket: 1.5 }, /cart: minBucket must be an integer >= 1, got 1.5/],
    [{ maxDepth: 31 }, /cart: maxDepth must be an integer in 1..30, got 31/],
    [{ cp: NaN }, /cart: cp must be a finite number, got NaN/],
    [{ xval: -1 }, /cart: xval must be an integer >= 0, got -1/],
    [{ weights: [1, -1, 1] }, /cart: weights must be finite and >= 0, got -1 at row 1/],
    [{ weights: [1, 1] }, /cart: weights must have 3 values, got 2/],
    [{ folds: [1, 2] }, /cart: folds must have 3 values, got 2/],
    [{ folds: [1, 0, 2] }, /cart: folds must be integers >= 1, got 0/],
    [{ useSurrogate: 3 as 2 }, /cart: useSurrogate must be 0, 1 or 2, got 3/],
  ] as [CartOptions, RegExp][])('%o', (options, message) => {
    expect(() => cart(data, options)).toThrow(message);
  });

  it('rejects malformed data', () => {
    expect(() => cart({ features: {}, target: [1] })).toThrow(RangeError);
    expect(() => cart({ features: { x: [1, 2] }, target: [1] })).toThrow(/cart: feature 'x' must have 1 values \(the target's length\), got 2/);
    expect(() => cart({ features: { x: [1, 'a'] as never }, target: [1, 2] })).toThrow(/cart: feature 'x' mixes numbers and strings/);
    expect(() => cart({ features: { x: [1, 2] }, target: ['a', 2] as never })).toThrow(/cart: target mixes numbers and labels/);
    expect(() => cart({ features: { x: [1, 2] }, target: ['a', 'b'] }, { method: 'anova' })).toThrow(TypeError);
  });
});

describe('cart: properties', () => {
  const rows = fc.integer({ min: 8, max: 60 }).chain((n) =>
    fc.record({
      x1: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
      // on a 1e-6 grid: mid-points of subnormal neighbours round onto a data value (as in rpart), which no transform keeps
      x2: fc.array(fc.double({ min: -5, max: 5, noNaN: true }).map((v) => Math.round(v * 1e6) / 1e6), { minLength: n, maxLength: n }),
      g: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: n, maxLength: n }),
      y: fc.array(fc.constantFrom('p', 'q', 'r'), { minLength: n, maxLength: n }),
    }),
  );
  const opts: CartOptions = { minSplit: 4, minBucket: 2, cp: 0, xval: 0 };
  const dataOf = (r: { x1: number[]; x2: number[]; g: string[]; y: string[] }): CartData => ({
    features: { x1: r.x1, x2: r.x2, g: r.g },
    target: r.y,
  });

  it('leaves hold at least minBucket rows, where agrees with leaf sizes and with predict', () => {
    fc.assert(
      fc.property(rows, (r) => {
        const tree = ok(dataOf(r), opts);
        const counts = new Map<number, number>();
        for (const w of tree.where) counts.set(w, (counts.get(w) ?? 0) + 1);
        for (const [i, count] of counts) {
          const node = tree.nodes[i]!;
          if (node.split !== null || node.n !== count || node.n < 2) return false;
        }
        const p = predict(tree, dataOf(r).features);
        return Array.from(p.node).every((v, i) => v === tree.where[i]) && tree.nodes.every((n) => n.depth <= 30);
      }),
      { numRuns: 60 },
    );
  });

  // transforms must keep distinct values distinct: exp of small integers, and scaling by a power of two
  it('is invariant to row order and to strictly increasing transforms of a numeric feature', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 0, max: 1000 }), (r, seed) => {
        const base = ok(dataOf(r), opts);
        const n = r.y.length;
        const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919 + seed) % n) - ((b * 7919 + seed) % n) || a - b);
        const pick = <T>(a: T[]): T[] => perm.map((i) => a[i]!);
        const shuffled = ok({ features: { x1: pick(r.x1), x2: pick(r.x2), g: pick(r.g) }, target: pick(r.y) }, opts);
        const back = new Int32Array(n);
        perm.forEach((i, k) => (back[i] = shuffled.where[k]!));
        const transformed = ok({ features: { x1: r.x1.map((v) => Math.exp(v / 4) + 3), x2: r.x2.map((v) => v * 4 - 0), g: r.g }, target: r.y }, opts);
        return (
          JSON.stringify(canonical(back)) === JSON.stringify(canonical(base.where)) &&
          JSON.stringify(canonical(transformed.where)) === JSON.stringify(canonical(base.where))
        );
      }),
      { numRuns: 40 },
    );
  });

  it('constant case weights leave the tree and the relative errors unchanged', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom(0.5, 2, 3), (r, w) => {
        const base = ok(dataOf(r), opts);
        const weighted = ok(dataOf(r), { ...opts, weights: r.y.map(() => w) });
        return (
          JSON.stringify(canonical(weighted.where)) === JSON.stringify(canonical(base.where)) &&
          weighted.cpTable.every((row, i) => Math.abs(row.relError - base.cpTable[i]!.relError) < 1e-12)
        );
      }),
      { numRuns: 30 },
    );
  });

  it('the cp table decreases in cp and relative error while nsplit grows', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 99 }), (r, seed) => {
        const tree = ok(dataOf(r), { ...opts, xval: 4, seed });
        return tree.cpTable.every(
          (row, i) =>
            i === 0 ||
            (row.cp < tree.cpTable[i - 1]!.cp && row.nsplit > tree.cpTable[i - 1]!.nsplit && row.relError <= tree.cpTable[i - 1]!.relError),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('stratified folds spread each class evenly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 200 }), fc.integer({ min: 2, max: 10 }), fc.nat(), (ys, k, seed) => {
        const folds = stratifiedFolds(Int32Array.from(ys), 4, k, seed);
        for (let c = 0; c < 4; c++) {
          const per = new Array<number>(k).fill(0);
          ys.forEach((y, i) => y === c && per[folds[i]! - 1]!++);
          if (Math.max(...per) - Math.min(...per) > 1) return false;
        }
        return true;
      }),
      { numRuns: 50 },
    );
  });
});

describe('cart: cross-validation, pruning and prediction', () => {
  const c = fixture.cases['kyphosis_cp0']!;
  const ds = fixture.datasets['kyphosis']!;
  const tree = ok(toCartData(ds), toCartOptions(c, ds));

  it('random folds are deterministic for a seed; relError does not depend on them', () => {
    const a = ok(kyphosis, { seed: 5 });
    const b = ok(kyphosis, { seed: 5 });
    const d = ok(kyphosis, { seed: 6 });
    expect(a.cpTable).toEqual(b.cpTable);
    expect(d.cpTable.map((r) => r.relError)).toEqual(a.cpTable.map((r) => r.relError));
  });

  it('pruning to a cp above the root complexity leaves the root; cp 0 changes nothing', () => {
    expect(pruneTree(tree, 1).nodes).toHaveLength(1);
    expect(pruneTree(tree, 1).where.every((w) => w === 0)).toBe(true);
    expect(pruneTree(tree, 0)).toBe(tree);
  });

  it('pruning by rule picks the cp-table row, and the pruned tree has that many splits', () => {
    for (const rule of ['min-xerror', 'one-se'] as const) {
      const cp = selectCp(tree.cpTable, rule);
      const row = tree.cpTable.find((r) => r.cp === cp)!;
      const pruned = pruneTree(tree, rule);
      expect(pruned.nodes.filter((n) => n.split !== null)).toHaveLength(row.nsplit);
      expect(pruned.cpTable[pruned.cpTable.length - 1]!.cp).toBe(cp);
    }
    const oneSe = tree.cpTable.find((r) => r.cp === selectCp(tree.cpTable, 'one-se'))!;
    const best = tree.cpTable.reduce((m, r) => (r.xerror! < m.xerror! ? r : m));
    expect(oneSe.xerror!).toBeLessThanOrEqual(best.xerror! + best.xstd!);
    expect(oneSe.nsplit).toBeLessThanOrEqual(best.nsplit);
    expect(() => pruneTree(ok(kyphosis, { xval: 0 }), 'one-se')).toThrow(/pruneTree: rule 'one-se' needs a cross-validated cp table/);
  });

  it('predict accepts columns or row objects, treats unknown levels as missing, and checks its input', () => {
    const survey = fixture.cases['survey2_deep']!;
    const sds = fixture.datasets['survey2']!;
    const st = ok(toCartData(sds), toCartOptions(survey, sds));
    const cols = toCartData(sds).features as Record<string, ArrayLike<unknown>>;
    const rowObjects = Array.from({ length: 50 }, (_, i) =>
      Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, typeof v[i] === 'number' && Number.isNaN(v[i]) ? null : v[i]])),
    ) as Record<string, string | number | null>[];
    const byRows = predict(st, rowObjects);
    const byCols = predict(st, toCartData(sds).features);
    expect(Array.from(byRows.node)).toEqual(Array.from(byCols.node).slice(0, 50));
    const unknown = predict(st, [{ ...rowObjects[0]!, channel: 'fax' }]);
    expect(unknown.warnings.map((w) => w.code)).toEqual([CART_PREDICT_WARNINGS.unknownLevel]);
    const missing = predict(st, [{ ...rowObjects[0]!, channel: null }]);
    expect(unknown.node[0]).toBe(missing.node[0]);
    expect(() => predict(st, { wait: [1] })).toThrow(/predict: input lacks feature 'channel'/);
    expect(() => predict(st, [{ ...rowObjects[0]!, wait: 'long' }])).toThrow(/predict: feature 'wait' is numeric, got string/);
    expect(predict(st, []).node).toHaveLength(0);
  });

  it('a categorical feature with many levels and three classes falls back to ordered levels, with a warning', () => {
    const n = 400;
    const levels = Array.from({ length: 20 }, (_, i) => `l${String(i).padStart(2, '0')}`);
    const g = Array.from({ length: n }, (_, i) => levels[(i * 7) % 20]!);
    const y = g.map((level, i) => (Number(level.slice(1)) < 7 ? 'a' : Number(level.slice(1)) < 14 ? (i % 5 === 0 ? 'a' : 'b') : 'c'));
    const t = ok({ features: { g }, target: y }, { xval: 0 });
    expect(t.warnings.map((w) => w.code)).toContain(CART_WARNINGS.manyLevels);
    expect(t.nodes[0]!.split!.kind).toBe('categorical');
    expect(t.cpTable[t.cpTable.length - 1]!.relError).toBeLessThan(0.5);
  });
});
