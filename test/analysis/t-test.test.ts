import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T_TEST_WARNINGS, tTest } from '../../src/analysis/t-test.js';
import type { TTestSample } from '../../src/analysis/t-test.js';
import type { IntervalAlternative } from '../../src/analysis/wilson-interval.js';

interface Case {
  readonly call: string;
  readonly x: readonly (number | null)[];
  readonly y: readonly (number | null)[] | null;
  readonly paired: boolean;
  readonly var_equal: boolean;
  readonly mu: number;
  readonly alternative: IntervalAlternative;
  readonly level: number;
  readonly statistic: number;
  readonly df: number;
  readonly p_value: number;
  readonly conf_int: readonly (number | string)[];
  readonly estimate: readonly number[];
  readonly stderr: number;
  readonly method: string;
}

// R 4.2.2 t.test(...) on the data stored beside each call — test/reference/t-test.R
const cases: readonly Case[] = JSON.parse(readFileSync(new URL('../reference/t-test.json', import.meta.url), 'utf8'));

function bound(v: number | string): number {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v as number;
}

/**
 * Relative 1e-10: same formulas; R accumulates the mean in long double, we use a corrected two-pass sum, so the
 * estimates agree to ~1e-15 and the statistics and p-values (down to 1.4e-297 here) to ~1e-13.
 */
function expectClose(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * Math.abs(expected));
}

describe('tTest against R t.test', () => {
  it('has the fixture, with a p-value near 1e-300', () => {
    expect(cases.length).toBe(34);
    expect(Math.min(...cases.map((c) => c.p_value))).toBeLessThan(1e-290);
  });
  for (const c of cases) {
    it(c.call, () => {
      const r = tTest(c.x, c.y ?? undefined, {
        paired: c.paired,
        varEqual: c.var_equal,
        mu: c.mu,
        alternative: c.alternative,
        level: c.level,
      });
      if (r.status !== 'ok') throw new Error(r.reason);
      expectClose(r.statistic, c.statistic);
      expectClose(r.df, c.df);
      expectClose(r.pValue, c.p_value);
      if (c.p_value > 0) expect(r.pValue).toBeGreaterThan(0);
      expectClose(r.confidenceInterval.lower, bound(c.conf_int[0] as number | string));
      expectClose(r.confidenceInterval.upper, bound(c.conf_int[1] as number | string));
      expectClose(r.stderr, c.stderr);
      if (c.estimate.length === 2) {
        expectClose(r.meanX, c.estimate[0] as number);
        expectClose(r.meanY as number, c.estimate[1] as number);
      } else {
        expectClose(r.estimate, c.estimate[0] as number);
      }
      const expectedMethod = c.paired ? 'paired' : c.y === null ? 'one-sample' : c.var_equal ? 'student' : 'welch';
      expect(r.method).toBe(expectedMethod);
    });
  }
});

describe('tTest missing values, small and degenerate samples', () => {
  it('drops NaN and null, reports counts and a warning', () => {
    const r = tTest([1, NaN, 2, null, 4], [3, 5, NaN, 7]);
    if (r.status !== 'ok') throw new Error(r.reason);
    expect([r.nX, r.nY, r.missingX, r.missingY]).toEqual([3, 3, 2, 1]);
    expect(r.warnings.map((w) => w.code)).toEqual([T_TEST_WARNINGS.missingDropped]);
    const clean = tTest([1, 2, 4], [3, 5, 7]);
    if (clean.status !== 'ok') throw new Error(clean.reason);
    expect(r.statistic).toBe(clean.statistic);
    expect(clean.warnings).toEqual([]);
  });

  it('paired drops whole pairs and counts which side was missing', () => {
    const r = tTest([1, NaN, 3, 4, 8], [2, 2, null, 5, 6], { paired: true });
    if (r.status !== 'ok') throw new Error(r.reason);
    expect([r.nX, r.nY, r.missingX, r.missingY]).toEqual([3, 3, 1, 1]);
  });

  it('fewer than 2 values (or pairs) is insufficient', () => {
    expect(tTest([])).toMatchObject({ status: 'insufficient', method: 'one-sample' });
    expect(tTest([5])).toMatchObject({ status: 'insufficient', reason: 'tTest: needs at least 2 values in x, got 1' });
    expect(tTest([NaN, 5, null])).toMatchObject({ status: 'insufficient' });
    expect(tTest([1, 2, 3], [4])).toMatchObject({ status: 'insufficient', method: 'welch' });
    expect(tTest([1, NaN], [2, 3], { paired: true })).toMatchObject({
      status: 'insufficient',
      reason: 'tTest: needs at least 2 complete pairs, got 1',
    });
    // Student's test needs 1 per group and 3 in all, as R.
    expect(tTest([1], [4], { varEqual: true }).status).toBe('insufficient');
    expect(tTest([1], [4, 5], { varEqual: true }).status).toBe('ok');
  });

  it('constant data are insufficient with R\'s reason', () => {
    const reason = 'tTest: data are essentially constant';
    expect(tTest([3, 3, 3, 3])).toMatchObject({ status: 'insufficient', reason });
    expect(tTest([0, 0, 0])).toMatchObject({ status: 'insufficient', reason });
    expect(tTest([2, 2, 2], [5, 5, 5, 5])).toMatchObject({ status: 'insufficient', reason });
    expect(tTest([1, 2, 3], [2, 3, 4], { paired: true })).toMatchObject({ status: 'insufficient', reason });
    expect(tTest([1e9, 1e9 + 1e-7, 1e9])).toMatchObject({ status: 'insufficient', reason });
  });

  it('accepts typed arrays and gives the same answer as plain arrays', () => {
    const x = [1.5, 2.5, 2.25, 3.75, 4.5];
    const y = [2.5, 3.5, 5.25, 4.75];
    const a = tTest(x, y);
    const b = tTest(Float64Array.from(x), Float64Array.from(y));
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('insufficient');
    // The typed-array path sums in four lanes: equal up to rounding.
    expect(b.statistic).toBeCloseTo(a.statistic, 13);
    expect(b.df).toBeCloseTo(a.df, 12);
    expect(b.pValue).toBeCloseTo(a.pValue, 14);
    const withNaN = tTest(Float64Array.from([...x, NaN]), Float64Array.from([NaN, ...y]));
    if (withNaN.status !== 'ok') throw new Error(withNaN.reason);
    expect([withNaN.missingX, withNaN.missingY, withNaN.nX, withNaN.nY]).toEqual([1, 1, 5, 4]);
    expect(withNaN.statistic).toBeCloseTo(a.statistic, 13);
    expect(() => tTest(Float64Array.from([1, 2, -Infinity]))).toThrow('got -Infinity at index 2');
  });

  it('rejects invalid arguments with the function name', () => {
    expect(() => tTest([1, Infinity, 2])).toThrow('tTest: x must contain finite numbers (or NaN/null for missing), got Infinity at index 1');
    expect(() => tTest([1, 2], [1, 2, 3], { paired: true })).toThrow('tTest: paired samples must have the same length, got 2 and 3');
    expect(() => tTest([1, 2], undefined, { paired: true })).toThrow('tTest: a paired test needs y');
    expect(() => tTest([1, 2], undefined, { level: 1.5 })).toThrow(/^tTest: level/);
    expect(() => tTest([1, 2], undefined, { mu: NaN })).toThrow(/^tTest: mu must be a finite number/);
    expect(() => tTest([1, 2], undefined, { alternative: 'two' as IntervalAlternative })).toThrow(RangeError);
    expect(() => tTest(['1', 2] as unknown as TTestSample)).toThrow(TypeError);
  });
});

describe('tTest invariants (fast-check)', () => {
  // Realistic values (multiples of 1/16 up to ±10^5): denormal spreads would make every ratio rounding noise.
  const sample = fc.array(fc.integer({ min: -1_600_000, max: 1_600_000 }).map((v) => v / 16), { minLength: 2, maxLength: 40 });
  it('is invariant to shifting both samples and antisymmetric in swapping them', () => {
    fc.assert(
      fc.property(sample, sample, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (x, y, shift) => {
        const a = tTest(x, y);
        if (a.status !== 'ok') return;
        const shifted = tTest(x.map((v) => v + shift), y.map((v) => v + shift));
        const swapped = tTest(y, x);
        if (shifted.status !== 'ok' || swapped.status !== 'ok') throw new Error('insufficient after shift/swap');
        expect(Math.abs(shifted.statistic - a.statistic)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a.statistic)));
        expect(swapped.statistic).toBeCloseTo(-a.statistic, 9);
        expect(swapped.pValue).toBeCloseTo(a.pValue, 12);
        expect(a.confidenceInterval.lower).toBeLessThanOrEqual(a.estimate);
        expect(a.confidenceInterval.upper).toBeGreaterThanOrEqual(a.estimate);
      }),
    );
  });

  it('one-sided p-values sum to 1 and the two-sided one is twice the smaller', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: -10, max: 10, noNaN: true }), (x, mu) => {
        const two = tTest(x, undefined, { mu });
        const less = tTest(x, undefined, { mu, alternative: 'less' });
        const greater = tTest(x, undefined, { mu, alternative: 'greater' });
        if (two.status !== 'ok' || less.status !== 'ok' || greater.status !== 'ok') return;
        expect(less.pValue + greater.pValue).toBeCloseTo(1, 12);
        expect(two.pValue).toBeCloseTo(Math.min(1, 2 * Math.min(less.pValue, greater.pValue)), 12);
      }),
    );
  });
});
