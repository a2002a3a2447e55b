/**
 * treeRules(): exact texts on small trees whose splits are fixed by construction, ordering options, and the
 * property that, on data without missing values, every row satisfies exactly the rule of the leaf it ends in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CartData, CartRule, CartTree } from '../../src/analysis/cart/index.js';
import { cart, treeRules } from '../../src/analysis/cart/index.js';

function ok(data: CartData, options: Parameters<typeof cart>[1] = {}): CartTree {
  const tree = cart(data, options);
  if (tree.status !== 'ok') throw new Error(tree.reason);
  return tree;
}

/** 2 408 calls: waits 0..2407 s over four channels; long phone/web waits are dissatisfied, long chat/email ones often. */
function survey(): CartData {
  const n = 2408;
  const wait = Array.from({ length: n }, (_, i) => i);
  const channel = Array.from({ length: n }, (_, i) => ['phone', 'chat', 'web', 'email'][i % 4]!);
  const target = wait.map((w, i) => {
    if (w < 1204) return 'sat';
    if (channel[i] === 'phone' || channel[i] === 'web') return 'dis';
    return i % 8 === 1 ? 'dis' : 'sat';
  });
  return { features: { wait, channel }, target };
}

function satisfies(rule: CartRule, data: CartData, row: number): boolean {
  return rule.conditions.every((c) => {
    const value = (data.features[c.variable] as ArrayLike<unknown>)[row];
    if (c.kind === 'categorical') return c.levels.includes(value as string);
    const x = value as number;
    return (c.lower === null || x >= c.lower) && (c.upper === null || x < c.upper);
  });
}

describe('treeRules', () => {
  it('one numeric split, with a unit', () => {
    const tree = ok({ features: { wait: [10, 20, 200, 300] }, target: ['ok', 'ok', 'bad', 'bad'] }, { minSplit: 2, minBucket: 1, xval: 0 });
    expect(treeRules(tree, { units: { wait: 's' } }).map((r) => r.text)).toEqual([
      'wait ≥ 110 s → 100 % bad, n = 2',
      'wait < 110 s → 100 % ok, n = 2',
    ]);
  });

  it('numeric and categorical conditions, labels, thousands separators and purity', () => {
    const tree = ok(survey(), { xval: 0 });
    const rules = treeRules(tree, { units: { wait: 's' }, labels: { dis: 'dissatisfied', sat: 'satisfied', wait: 'waiting time' } });
    expect(rules.map((r) => r.text)).toEqual([
      'waiting time ≥ 1203.5 s and channel ∈ {phone, web} → 100 % dissatisfied, n = 602',
      'waiting time ≥ 1203.5 s and channel ∈ {chat, email} → 75 % satisfied, n = 602',
      'waiting time < 1203.5 s → 100 % satisfied, n = 1,204',
    ]);
    expect(rules[1]!.purity).toBeCloseTo(452 / 602, 12);
    expect(rules.map((r) => r.n).reduce((a, b) => a + b)).toBe(2408);
    expect(rules[2]!.conditions).toEqual([{ kind: 'numeric', variable: 'wait', lower: null, upper: 1203.5 }]);
  });

  it('sorts by n or purity and reports a focus class', () => {
    const tree = ok(survey(), { xval: 0 });
    const byN = treeRules(tree, { sortBy: 'n', focusClass: 'dis', digits: 4 });
    expect(byN.map((r) => r.text)).toEqual([
      'wait < 1204 → 0 % dis, n = 1,204',
      'wait ≥ 1204 and channel ∈ {phone, web} → 100 % dis, n = 602',
      'wait ≥ 1204 and channel ∈ {chat, email} → 25 % dis, n = 602',
    ]);
    const byPurity = treeRules(tree, { sortBy: 'purity' });
    expect(byPurity.map((r) => r.purity)).toEqual([...byPurity.map((r) => r.purity!)].sort((a, b) => b - a));
    expect(() => treeRules(tree, { focusClass: 'neutral' })).toThrow(/treeRules: focusClass must be one of the tree's classes, got 'neutral'/);
    expect(() => treeRules(tree, { digits: 0 })).toThrow(/treeRules: digits must be an integer in 1..21, got 0/);
  });

  it('regression rules show the mean with the target unit; a root-only tree is one rule', () => {
    const tree = ok(
      { features: { speed: [4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] }, target: [2, 4, 16, 10, 18, 17, 24, 34, 26, 54, 32, 40] },
      { minSplit: 4, xval: 0 },
    );
    const texts = treeRules(tree, { units: { '*target': 'ft' } }).map((r) => r.text);
    expect(texts[0]).toBe('speed < 7.5 → mean 3 ft, n = 2');
    expect(texts[1]).toBe('7.5 ≤ speed < 11.5 → mean 15.25 ft, n = 4');
    const root = ok({ features: { x: [1, 1, 1] }, target: ['a', 'a', 'b'] });
    expect(treeRules(root).map((r) => r.text)).toEqual(['all rows → 67 % a, n = 3']);
  });

  it('every row satisfies exactly the rule of its leaf (property, no missing values)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 80 }).chain((n) =>
          fc.record({
            a: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: n, maxLength: n }),
            g: fc.array(fc.constantFrom('x', 'y', 'z', 'w'), { minLength: n, maxLength: n }),
            y: fc.array(fc.constantFrom('u', 'v'), { minLength: n, maxLength: n }),
          }),
        ),
        (r) => {
          const data: CartData = { features: { a: r.a, g: r.g }, target: r.y };
          const tree = ok(data, { minSplit: 4, minBucket: 1, cp: 0, xval: 0 });
          const rules = treeRules(tree);
          return r.y.every((_, row) => {
            const matching = rules.filter((rule) => satisfies(rule, data, row));
            return matching.length === 1 && matching[0]!.node === tree.where[row];
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
