import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB } from '../../src/analysis/erlang/index.js';

// Reference: test/reference/erlang.json, written by test/reference/erlang.py (Python 3.11.2, mpmath 1.2.1 at
// 40 digits): B = (A^N/N!) / Σ_{k≤N} A^k/k! summed term by term — the definition, not the recursion used here.
// Tolerance: relative 1e-12 (the recursion's rounding grows like √steps·ε; up to 1 400 steps here).
interface BCase {
  readonly call: string;
  readonly trafficErlangs: number;
  readonly agents: number;
  readonly value: number;
}
const ref = JSON.parse(readFileSync(new URL('../reference/erlang.json', import.meta.url), 'utf8')) as {
  readonly version: string;
  readonly erlangB: readonly BCase[];
};
const REL = 1e-12;

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

/** The plain recursion from B(0) = 1, as every textbook writes it (no shortcut start). */
function plainRecursion(a: number, n: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

describe('erlangB against the mpmath definition', () => {
  it.each(ref.erlangB.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const got = erlangB(c.trafficErlangs, c.agents);
    // Values below 1e-300 are reported as 0 by design.
    if (c.value < 1e-300) expect(got).toBe(0);
    else expect(relErr(got, c.value), `${got} vs ${c.value}`).toBeLessThan(REL);
  });
});

describe('erlangB published table values', () => {
  // The 1 % column of the standard Erlang B table (e.g. the table of Erlang's B-formula in Iversen,
  // "Teletraffic Engineering and Network Planning", DTU 2015, and in ITU-D's Teletraffic Engineering
  // Handbook): N circuits carry A erlangs at 1 % blocking, A rounded to 0.01. So B(A − 0.005) ≤ 1 % ≤ B(A + 0.005).
  it.each([
    [5, 1.36],
    [10, 4.46],
    [20, 12.03],
    [30, 20.34],
    [40, 29.01],
    [50, 37.9],
    [100, 84.06],
  ])('%i circuits at 1 %% carry %f E', (n, a) => {
    expect(erlangB(a - 0.005, n)).toBeLessThanOrEqual(0.01);
    expect(erlangB(a + 0.005, n)).toBeGreaterThanOrEqual(0.01);
  });

  it('gives the closed forms B(A, 1) = A/(1 + A) and B(A, 2) = A²/(2 + 2A + A²)', () => {
    expect(erlangB(1, 1)).toBe(0.5);
    expect(relErr(erlangB(3, 1), 0.75)).toBeLessThan(1e-15);
    expect(relErr(erlangB(3, 2), 9 / 17)).toBeLessThan(1e-15);
  });
});

describe('erlangB edge cases', () => {
  it('is 1 with no agents and 0 with no traffic', () => {
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangB(25, 0)).toBe(1);
    expect(erlangB(0, 1)).toBe(0);
    expect(erlangB(0, 3000)).toBe(0);
  });

  it('stays finite and accurate for A = 2000 and N up to 3000, and underflows to 0 cleanly', () => {
    for (const n of [1, 10, 1000, 1999, 2000, 2001, 2500, 3000]) {
      const got = erlangB(2000, n);
      expect(Number.isFinite(got)).toBe(true);
      expect(got).toBeGreaterThanOrEqual(0);
      expect(relErr(got, plainRecursion(2000, n))).toBeLessThan(1e-12);
    }
    // 10^3000/3000! is about e^(−14111): far below the double range.
    expect(erlangB(10, 3000)).toBe(0);
    expect(erlangB(1e6, 3000)).toBeGreaterThan(0.99);
  });

  it('rejects non-integer or negative agents and invalid traffic with RangeError', () => {
    expect(() => erlangB(10, 2.5)).toThrow(RangeError);
    expect(() => erlangB(10, 2.5)).toThrow(/^erlangB: agents must be a non-negative integer, got 2.5/);
    expect(() => erlangB(10, -1)).toThrow(RangeError);
    expect(() => erlangB(10, NaN)).toThrow(RangeError);
    expect(() => erlangB(-1, 3)).toThrow(/^erlangB: trafficErlangs must be a finite number ≥ 0, got -1/);
    expect(() => erlangB(NaN, 3)).toThrow(RangeError);
    expect(() => erlangB(Infinity, 3)).toThrow(RangeError);
  });
});

describe('erlangB properties', () => {
  it('equals the plain recursion from B(0) = 1 (the shortcut start loses nothing)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 3000, noNaN: true }),
        fc.integer({ min: 0, max: 3000 }),
        (a, n) => {
          const want = plainRecursion(a, n);
          const got = erlangB(a, n);
          if (want < 1e-290) return got < 1e-280;
          return relErr(got, want) < 1e-12;
        },
      ),
      { numRuns: 300, seed: 20240611 },
    );
  });

  it('decreases in N, increases in A, and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2500, noNaN: true }), fc.integer({ min: 0, max: 2999 }), (a, n) => {
        const b = erlangB(a, n);
        const bNext = erlangB(a, n + 1);
        const bMore = erlangB(a * 1.01 + 0.01, n);
        return b >= 0 && b <= 1 && bNext <= b && bMore >= b;
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
