import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newcombeDifference } from '../../src/analysis/newcombe-difference.js';

interface Case {
  readonly call: string;
  readonly x1: number;
  readonly n1: number;
  readonly x2: number;
  readonly n2: number;
  readonly continuity?: boolean;
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

// R 4.2.2, Newcombe (1998) formulas hand-coded in closed form (methods 10 and 11) — test/reference/proportions.R
const rCases: readonly Case[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.json', import.meta.url), 'utf8'),
).newcombe;
// statsmodels 0.13.5 confint_proportions_2indep(method='newcomb') (method 10) — proportions.statsmodels.py
const smCases: readonly Case[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.statsmodels.json', import.meta.url), 'utf8'),
).newcombe;

function interval(c: Case, continuity: boolean): { lower: number; upper: number } {
  const result = newcombeDifference(c.x1, c.n1, c.x2, c.n2, { level: c.level, continuity });
  if (result.status !== 'ok') throw new Error(result.reason);
  return result;
}

/**
 * Relative 1e-10, or absolute 1e-12: the references form each Wilson bound as "centre ± half-width", which
 * keeps only absolute precision (~1e-16) near 0 and 1 while servq's bounds are relative-accurate; a difference
 * of proportions near 0 therefore differs by rounding of order 1e-16 absolute.
 */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-10 * Math.abs(expected), 1e-12));
}

describe('newcombeDifference against the hand-coded Newcombe (1998) formulas in R', () => {
  it('has the fixture', () => expect(rCases.length).toBe(72));
  for (const c of rCases) {
    it(c.call, () => {
      const got = interval(c, c.continuity === true);
      expectClose(got.lower, c.lower);
      expectClose(got.upper, c.upper);
    });
  }
});

describe('newcombeDifference against statsmodels (method 10)', () => {
  for (const c of smCases) {
    it(c.call, () => {
      const got = interval(c, false);
      expectClose(got.lower, c.lower);
      expectClose(got.upper, c.upper);
    });
  }
});

describe('newcombeDifference edge cases', () => {
  it("reproduces Newcombe's worked example (56/70 − 48/80)", () => {
    // Newcombe 1998, Stat Med 17:873, Table II, example (a): method 10 0.0524 to 0.3339, method 11 0.0428 to 0.3422.
    const m10 = interval({ x1: 56, n1: 70, x2: 48, n2: 80, level: 0.95 } as Case, false);
    const m11 = interval({ x1: 56, n1: 70, x2: 48, n2: 80, level: 0.95 } as Case, true);
    expect(m10.lower).toBeCloseTo(0.0524, 4);
    expect(m10.upper).toBeCloseTo(0.3339, 4);
    expect(m11.lower).toBeCloseTo(0.0428, 4);
    expect(m11.upper).toBeCloseTo(0.3422, 4);
  });

  it('an empty group is insufficient', () => {
    expect(newcombeDifference(0, 0, 3, 10).status).toBe('insufficient');
    expect(newcombeDifference(3, 10, 0, 0, { continuity: true }).method).toBe('newcombe-cc');
  });

  it('rejects invalid counts with the function name', () => {
    expect(() => newcombeDifference(11, 10, 3, 10)).toThrow(
      'newcombeDifference: x1 must be an integer in 0..n1, got x1 = 11, n1 = 10',
    );
    expect(() => newcombeDifference(1, 10, 3, 2.5)).toThrow(/^newcombeDifference: n2 must be a non-negative integer/);
    expect(() => newcombeDifference(1, 10, 3, 10, { level: 0 })).toThrow(RangeError);
  });

  it('contains the difference, stays in [−1, 1] and is antisymmetric in the groups (property)', () => {
    const group = fc.integer({ min: 1, max: 1e6 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, fc.boolean(), ([x1, n1], [x2, n2], continuity) => {
        const a = newcombeDifference(x1, n1, x2, n2, { continuity });
        const b = newcombeDifference(x2, n2, x1, n1, { continuity });
        if (a.status !== 'ok' || b.status !== 'ok') throw new Error('unexpected insufficient');
        expect(a.lower).toBeGreaterThanOrEqual(-1);
        expect(a.upper).toBeLessThanOrEqual(1);
        expect(a.lower).toBeLessThanOrEqual(a.difference + 1e-15);
        expect(a.upper).toBeGreaterThanOrEqual(a.difference - 1e-15);
        expect(Math.abs(a.lower + b.upper)).toBeLessThan(1e-12);
      }),
    );
  });
});
