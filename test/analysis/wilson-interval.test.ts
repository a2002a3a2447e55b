import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/analysis/wilson-interval.js';
import type { IntervalAlternative } from '../../src/analysis/wilson-interval.js';

interface RCase {
  readonly call: string;
  readonly x: number;
  readonly n: number;
  readonly continuity: boolean;
  readonly level: number;
  readonly alternative: IntervalAlternative;
  readonly lower: number;
  readonly upper: number;
}
interface StatsmodelsCase {
  readonly call: string;
  readonly x: number;
  readonly n: number;
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

// R 4.2.2 prop.test(x, n, correct, conf.level, alternative)$conf.int — test/reference/proportions.R
const rCases: readonly RCase[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.json', import.meta.url), 'utf8'),
).wilson;
// statsmodels 0.13.5 proportion_confint(method='wilson') — test/reference/proportions.statsmodels.py
const smCases: readonly StatsmodelsCase[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.statsmodels.json', import.meta.url), 'utf8'),
).wilson;

/** Relative 1e-10 (same closed form; we use a cancellation-free rearrangement, so differences are rounding). */
function close(actual: number, expected: number): boolean {
  if (expected === 0 || expected === 1) return actual === expected;
  return Math.abs(actual - expected) <= 1e-10 * Math.abs(expected);
}

function bounds(x: number, n: number, options: Parameters<typeof wilsonInterval>[2]): { lower: number; upper: number } {
  const result = wilsonInterval(x, n, options);
  if (result.status !== 'ok') throw new Error(`unexpected ${result.reason}`);
  return result;
}

describe('wilsonInterval against R prop.test()$conf.int', () => {
  it('has the fixture', () => expect(rCases.length).toBeGreaterThan(150));
  for (const c of rCases) {
    it(c.call, () => {
      const got = bounds(c.x, c.n, { continuity: c.continuity, level: c.level, alternative: c.alternative });
      expect(close(got.lower, c.lower), `lower ${got.lower} vs ${c.lower}`).toBe(true);
      expect(close(got.upper, c.upper), `upper ${got.upper} vs ${c.upper}`).toBe(true);
    });
  }
});

describe('wilsonInterval against statsmodels proportion_confint(method="wilson")', () => {
  for (const c of smCases) {
    it(c.call, () => {
      const got = bounds(c.x, c.n, { level: c.level });
      // statsmodels forms the bounds as centre ± half-width: near 0 or 1 it keeps only absolute precision
      // (e.g. x = 0 gives lower ≈ 1e-17 there, exactly 0 here), hence relative 1e-10 or absolute 1e-15.
      expect(Math.abs(got.lower - c.lower)).toBeLessThanOrEqual(Math.max(1e-10 * Math.abs(c.lower), 1e-15));
      expect(Math.abs(got.upper - c.upper)).toBeLessThanOrEqual(Math.max(1e-10 * Math.abs(c.upper), 1e-15));
    });
  }
});

describe('wilsonInterval edge cases', () => {
  it('x = 0 gives lower exactly 0 and x = n upper exactly 1, also at n = 10^9', () => {
    for (const continuity of [false, true]) {
      expect(bounds(0, 1e9, { continuity }).lower).toBe(0);
      expect(bounds(1e9, 1e9, { continuity }).upper).toBe(1);
      expect(bounds(0, 1, { continuity }).lower).toBe(0);
      expect(bounds(1, 1, { continuity }).upper).toBe(1);
    }
  });

  it('keeps relative accuracy for a tiny lower bound (x = 1, n = 10^9)', () => {
    // R: prop.test(1, 1e9, correct = FALSE)$conf.int[1] = 1.7652e-10 (checked in the fixture above too).
    const { lower } = bounds(1, 1e9, {});
    expect(lower).toBeGreaterThan(1.76e-10);
    expect(lower).toBeLessThan(1.77e-10);
  });

  it('n = 0 is insufficient, not NaN', () => {
    const result = wilsonInterval(0, 0);
    expect(result.status).toBe('insufficient');
    expect(result.method).toBe('wilson');
  });

  it('applies no correction at x = n/2, as R', () => {
    const cc = bounds(5, 10, { continuity: true });
    const plain = bounds(5, 10, { continuity: false });
    expect([cc.lower, cc.upper]).toEqual([plain.lower, plain.upper]);
  });

  it('rejects invalid arguments with the function name', () => {
    expect(() => wilsonInterval(7, 5)).toThrow('wilsonInterval: x must be an integer in 0..n, got x = 7, n = 5');
    expect(() => wilsonInterval(1.5, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(1, -5)).toThrow('wilsonInterval: n must be a non-negative integer, got n = -5');
    expect(() => wilsonInterval(NaN, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 5, { level: 1 })).toThrow('wilsonInterval: level must be in (0, 1), got level = 1');
    expect(() => wilsonInterval(1, 5, { alternative: 'both' as IntervalAlternative })).toThrow(RangeError);
  });

  it('contains the estimate, stays in [0, 1], widens with level and with the correction (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        ([x, n], level) => {
          const plain = bounds(x, n, { level });
          const wider = bounds(x, n, { level: Math.min(0.99999, level + 0.0001) });
          const cc = bounds(x, n, { level, continuity: true });
          const p = x / n;
          expect(plain.lower).toBeGreaterThanOrEqual(0);
          expect(plain.upper).toBeLessThanOrEqual(1);
          expect(plain.lower).toBeLessThanOrEqual(p);
          expect(plain.upper).toBeGreaterThanOrEqual(p);
          expect(wider.lower).toBeLessThanOrEqual(plain.lower);
          expect(wider.upper).toBeGreaterThanOrEqual(plain.upper);
          expect(cc.lower).toBeLessThanOrEqual(plain.lower);
          expect(cc.upper).toBeGreaterThanOrEqual(plain.upper);
          // Symmetry: the interval of the failures mirrors the interval of the successes.
          const mirror = bounds(n - x, n, { level });
          expect(Math.abs(mirror.lower - (1 - plain.upper))).toBeLessThan(1e-15);
        },
      ),
    );
  });
});
