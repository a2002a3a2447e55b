import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHI_SQUARE_WARNINGS, twoProportionTest } from '../../src/analysis/two-proportion-test.js';
import type { IntervalAlternative } from '../../src/analysis/wilson-interval.js';

interface Case {
  readonly call: string;
  readonly x1: number;
  readonly n1: number;
  readonly x2: number;
  readonly n2: number;
  readonly continuity: boolean;
  readonly alternative: IntervalAlternative;
  readonly level: number;
  readonly statistic: number;
  readonly p_value: number;
  readonly estimate: readonly number[];
  readonly conf_int: readonly (number | string)[];
  readonly method: string;
  readonly warned: boolean;
}

// R 4.2.2 prop.test(c(x1, x2), c(n1, n2), correct, alternative, conf.level) — test/reference/proportions.R
const cases: readonly Case[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.json', import.meta.url), 'utf8'),
).two_proportion;

/**
 * Relative 1e-10 for statistic, p-value and interval (same formulas; p-values down to 1e-294 here). When the
 * statistic is tiny (p1 ≈ p2) it is the square of a difference of nearly equal numbers and both sides carry
 * rounding of ~1e-16 of the counts, so an absolute 1e-12 applies there.
 */
function expectClose(actual: number, expected: number, absolute = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-10 * Math.abs(expected), absolute));
}

describe('twoProportionTest against R prop.test (2 groups)', () => {
  it('has the fixture, with p-values near 1e-300', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(Math.min(...cases.map((c) => c.p_value).filter((p) => p > 0))).toBeLessThan(1e-290);
  });
  for (const c of cases) {
    it(c.call, () => {
      const r = twoProportionTest(c.x1, c.n1, c.x2, c.n2, {
        continuity: c.continuity,
        alternative: c.alternative,
        level: c.level,
      });
      if (r.status !== 'ok') throw new Error(r.reason);
      expectClose(r.statistic, c.statistic, 1e-12);
      expectClose(r.pValue, c.p_value, 1e-12);
      if (c.p_value > 0) expect(r.pValue).toBeGreaterThan(0);
      expect(r.estimate1).toBe(c.estimate[0]);
      expect(r.estimate2).toBe(c.estimate[1]);
      expectClose(r.confidenceInterval.lower, c.conf_int[0] as number, 1e-15);
      expectClose(r.confidenceInterval.upper, c.conf_int[1] as number, 1e-15);
      expect(r.method === 'two-proportion-z-yates').toBe(c.method.includes('with continuity'));
      expect(r.warnings.some((w) => w.code === CHI_SQUARE_WARNINGS.expectedCountBelow5)).toBe(c.warned);
      expect(r.z * r.z).toBeCloseTo(r.statistic, 8);
    });
  }
});

describe('twoProportionTest edge cases', () => {
  it('no successes or only successes in both groups is insufficient (R gives NaN)', () => {
    expect(twoProportionTest(0, 10, 0, 20).status).toBe('insufficient');
    expect(twoProportionTest(10, 10, 20, 20).status).toBe('insufficient');
    expect(twoProportionTest(0, 0, 2, 3).status).toBe('insufficient');
  });

  it('log p-value stays finite beyond double range', () => {
    const r = twoProportionTest(600_000_000, 1e9, 5e8, 1e9);
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(r.pValue).toBe(0);
    expect(r.logPValue).toBeLessThan(-20000);
    expect(Number.isFinite(r.logPValue)).toBe(true);
  });

  it('rejects invalid arguments with the function name', () => {
    expect(() => twoProportionTest(5, 4, 1, 2)).toThrow('twoProportionTest: x1 must be an integer in 0..n1, got x1 = 5, n1 = 4');
    expect(() => twoProportionTest(1, 4, 1, 2, { level: 2 })).toThrow(/^twoProportionTest: level/);
    expect(() => twoProportionTest(1, 4, 1, 2, { alternative: 'up' as IntervalAlternative })).toThrow(RangeError);
  });

  it('uncorrected X² equals the square of the pooled z statistic (property)', () => {
    const group = fc.integer({ min: 1, max: 1e7 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const r = twoProportionTest(x1, n1, x2, n2, { continuity: false });
        if (r.status !== 'ok') return;
        const p = (x1 + x2) / (n1 + n2);
        const z = (x1 / n1 - x2 / n2) / Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
        expect(Math.abs(r.z - z)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(z)));
        const corrected = twoProportionTest(x1, n1, x2, n2);
        if (corrected.status === 'ok') expect(corrected.pValue).toBeGreaterThanOrEqual(r.pValue * (1 - 1e-12));
      }),
    );
  });
});
