import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHI_SQUARE_WARNINGS, proportionsTest } from '../../src/analysis/proportions-test.js';

interface Case {
  readonly call: string;
  readonly x: readonly number[];
  readonly n: readonly number[];
  readonly continuity: boolean;
  readonly statistic: number;
  readonly df: number;
  readonly p_value: number;
  readonly estimate: readonly number[];
  readonly method: string;
  readonly warned: boolean;
}

// R 4.2.2 prop.test(x, n, correct) with k groups — test/reference/proportions.R
const cases: readonly Case[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.json', import.meta.url), 'utf8'),
).k_proportions;

/** Relative 1e-10 (same formula); absolute 1e-12 for a statistic that is ~0 (equal proportions). */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-10 * Math.abs(expected), 1e-12));
}

describe('proportionsTest against R prop.test (k groups)', () => {
  it('has the fixture', () => expect(cases.length).toBe(18));
  for (const c of cases) {
    it(c.call, () => {
      const r = proportionsTest(c.x, c.n, { continuity: c.continuity });
      if (r.status !== 'ok') throw new Error(r.reason);
      expectClose(r.statistic, c.statistic);
      expect(r.df).toBe(c.df);
      expectClose(r.pValue, c.p_value);
      expect(r.estimates).toEqual(c.estimate);
      expect(r.method === 'k-proportions-yates').toBe(c.method.includes('with continuity'));
      expect(r.warnings.some((w) => w.code === CHI_SQUARE_WARNINGS.expectedCountBelow5)).toBe(c.warned);
    });
  }
});

describe('proportionsTest edge cases', () => {
  it('fewer than 2 groups, an empty group, or a pooled proportion of 0 or 1 is insufficient', () => {
    expect(proportionsTest([], []).status).toBe('insufficient');
    expect(proportionsTest([3], [10]).status).toBe('insufficient');
    expect(proportionsTest([3, 0, 2], [10, 0, 5]).status).toBe('insufficient');
    expect(proportionsTest([0, 0, 0], [10, 4, 5]).status).toBe('insufficient');
    expect(proportionsTest([10, 4, 5], [10, 4, 5]).status).toBe('insufficient');
  });

  it('ignores the continuity option for more than 2 groups, as R', () => {
    const a = proportionsTest([1, 2, 3], [10, 10, 10], { continuity: true });
    const b = proportionsTest([1, 2, 3], [10, 10, 10], { continuity: false });
    expect(a).toEqual(b);
  });

  it('reports the expected-count warning with the count and the smallest value', () => {
    const r = proportionsTest([1, 2, 3], [10, 10, 10]);
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.message).toMatch(/^Chi-squared approximation may be incorrect: 3 of 6 expected counts/);
  });

  it('huge counts give a p-value near 1e-300 that stays positive', () => {
    // R: prop.test(c(5e8 + 720000, 5e8, 5e8), c(1e9, 1e9, 1e9))$p.value = 6.540108e-301
    const r = proportionsTest([500_720_000, 5e8, 5e8], [1e9, 1e9, 1e9]);
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(Math.abs(r.pValue - 6.540108e-301)).toBeLessThan(1e-6 * 6.540108e-301);
  });

  it('rejects mismatched lengths and invalid counts', () => {
    expect(() => proportionsTest([1, 2], [3])).toThrow('proportionsTest: x and n must have the same length, got 2 and 1');
    expect(() => proportionsTest([1, 5], [3, 4])).toThrow(
      'proportionsTest: x[1] must be an integer in 0..n[1], got x[1] = 5, n[1] = 4',
    );
  });
});
