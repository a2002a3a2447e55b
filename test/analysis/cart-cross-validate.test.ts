/**
 * crossValidate() against R: with the folds passed explicitly, each fold's rpart(…, xval = 0) fit on the other folds
 * and predict(type = 'class' / 'vector') on the held-out rows (test/reference/cart.R, `crossval`), R 4.2.2 +
 * rpart 4.1.19. Per-row predictions must be identical; metrics are computed in R from them (relative 1e-12: same
 * counts and sums).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/analysis/cart/index.js';
import { loadCartFixture, toCartData, toCartOptions } from '../reference/cart.load.js';

const fixture = loadCartFixture();

describe('crossValidate against R (explicit folds)', () => {
  for (const [name, ref] of Object.entries(fixture.crossValidate)) {
    it(`${name}: ${ref.call}`, () => {
      const ds = fixture.datasets[ref.dataset]!;
      const cv = crossValidate(toCartData(ds), toCartOptions({ options: ref.options ?? {} }, ds), { folds: ds.folds! });
      if (cv.status !== 'ok') throw new Error(cv.reason);
      if (cv.method === 'cart-cv-class') {
        expect(cv.predicted).toEqual(ref.predicted);
        expect(cv.confusion.levels).toEqual(ref.levels);
        expect(cv.confusion.counts).toEqual(ref.confusion);
        expect(cv.accuracy).toBeCloseTo(ref.accuracy!, 12);
        expect(cv.balancedAccuracy).toBeCloseTo(ref.balancedAccuracy!, 12);
        expect(cv.baseline.accuracy).toBeCloseTo(ref.baselineAccuracy!, 12);
        expect(cv.baseline.balancedAccuracy).toBeCloseTo(ref.baselineBalancedAccuracy!, 12);
        expect(cv.n).toBe(ref.predicted.filter((p) => p !== null).length);
      } else {
        cv.predicted.forEach((v, i) => {
          const expected = ref.predicted[i];
          if (expected === null) expect(Number.isNaN(v)).toBe(true);
          else expect(Math.abs(v - (expected as number))).toBeLessThanOrEqual(1e-10 * Math.abs(expected as number));
        });
        expect(cv.rmse).toBeCloseTo(ref.rmse!, 9);
        expect(cv.mae).toBeCloseTo(ref.mae!, 9);
        expect(cv.r2).toBeCloseTo(ref.r2!, 12);
        expect(cv.baseline.rmse).toBeCloseTo(ref.baselineRmse!, 9);
        expect(cv.baseline.mae).toBeCloseTo(ref.baselineMae!, 9);
      }
    });
  }
});

describe('crossValidate folds and arguments', () => {
  const ds = fixture.datasets['kyphosis']!;
  const data = toCartData(ds);

  it('is deterministic for a seed and stratified by default', () => {
    const a = crossValidate(data, {}, { folds: 5, seed: 3 });
    const b = crossValidate(data, {}, { folds: 5, seed: 3 });
    expect(a).toEqual(b);
    if (a.status !== 'ok' || a.method !== 'cart-cv-class') throw new Error('expected a class result');
    expect(a.folds).toBe(5);
    expect(a.n).toBe(81);
    // the majority-class baseline on kyphosis (64 absent / 17 present) is right for the absent rows only
    expect(a.baseline.accuracy).toBeCloseTo(64 / 81, 12);
    expect(a.baseline.balancedAccuracy).toBeCloseTo(0.5, 12);
    expect(a.confusion.counts.flat().reduce((s, v) => s + v, 0)).toBe(81);
  });

  it('stratified folds keep every class spread evenly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 1000 }), (k, seed) => {
        const cv = crossValidate(data, { cp: 0.05 }, { folds: k, seed });
        if (cv.status !== 'ok' || cv.method !== 'cart-cv-class') return false;
        return cv.n === 81 && cv.accuracy >= 0 && cv.accuracy <= 1 && cv.balancedAccuracy >= 0 && cv.balancedAccuracy <= 1;
      }),
      { numRuns: 15 },
    );
  });

  it('rejects bad folds and reports too little data', () => {
    expect(() => crossValidate(data, {}, { folds: 1 })).toThrow(/crossValidate: folds must be an integer >= 2, got 1/);
    expect(() => crossValidate(data, {}, { folds: [1, 2] })).toThrow(/crossValidate: folds must have 81 values, got 2/);
    expect(() => crossValidate(data, {}, { folds: new Array(81).fill(1) })).toThrow(/at least 2 distinct folds/);
    const tiny = crossValidate({ features: { x: [1, 2, 3] }, target: ['a', 'b', 'a'] }, {}, { folds: 10 });
    expect(tiny.status).toBe('insufficient');
  });

  it('regression: R² is 0 against itself for a constant prediction and rmse is in the target unit', () => {
    const reg = crossValidate({ features: { x: [1, 1, 1, 1, 1, 1] }, target: [1, 2, 3, 4, 5, 6] }, {}, { folds: 3, seed: 1 });
    if (reg.status !== 'ok' || reg.method !== 'cart-cv-anova') throw new Error('expected a regression result');
    // x is constant, so the tree is the root: its prediction is the training mean, exactly the baseline
    expect(reg.r2).toBeCloseTo(0, 12);
    expect(reg.rmse).toBeCloseTo(reg.baseline.rmse, 12);
  });
});
