import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEN_SLOPE_WARNINGS, senSlope, type SenSlopeResult } from '../../src/analysis/sen-slope.js';

// Reference 1: R 4.2.2, the formulas of trend::sens.slope (equally spaced series; trend is not in Debian 12) and
// Sen (1968) eq. 2.6 for explicit x with ties, written out in test/reference/trend.R → trend.json.
// Reference 2: SciPy 1.10.1 scipy.stats.theilslopes(y, x, alpha=level) for the same inputs,
// test/reference/trend.py → trend.scipy.json (it agrees with reference 1 to the last bit on every case).
// Tolerance: slope and interval limits are order statistics of the same pairwise quotients, so they must be
// identical; intercept relative 1e-15 (one product and one difference); varS exact.
interface SenCase {
  readonly name: string;
  readonly call: string;
  readonly y: (number | null)[];
  readonly x: (number | null)[] | null;
  readonly level: number;
  readonly n: number;
  readonly N: number;
  readonly slope: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly lowerClamped: number;
  readonly upperClamped: number;
  readonly rankLower: number;
  readonly rankUpper: number;
  readonly intercept: number;
  readonly varS: number;
}
interface ScipyCase {
  readonly name: string;
  readonly call: string;
  readonly slope: number;
  readonly intercept: number;
  readonly lower: number;
  readonly upper: number;
}
const ref = JSON.parse(readFileSync(new URL('../reference/trend.json', import.meta.url), 'utf8')) as {
  senSlope: SenCase[];
};
const scipy = JSON.parse(readFileSync(new URL('../reference/trend.scipy.json', import.meta.url), 'utf8')) as ScipyCase[];

function ok(r: ReturnType<typeof senSlope>): SenSlopeResult {
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

function withNaN(x: readonly (number | null)[]): number[] {
  return x.map((v) => (v === null ? Number.NaN : v));
}

function run(c: SenCase): SenSlopeResult {
  const y = withNaN(c.y);
  return ok(c.x === null ? senSlope(y, { level: c.level }) : senSlope(withNaN(c.x), y, { level: c.level }));
}

function closeRel(got: number, want: number, rel: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want) + Number.MIN_VALUE);
}

describe('senSlope against R (trend::sens.slope formulas, Sen 1968)', () => {
  it.each(ref.senSlope.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = run(c);
    expect(r.n).toBe(c.n);
    expect(r.pairs).toBe(c.N);
    expect(r.slope).toBe(c.slope);
    expect(r.varS).toBe(c.varS);
    closeRel(r.intercept, c.intercept, 1e-15);
    expect(r.level).toBe(c.level);
    // trend::sens.slope returns NA where a rank leaves 1..N; servq clamps (as SciPy) and says so
    expect(r.slopeLower).toBe(c.lowerClamped);
    expect(r.slopeUpper).toBe(c.upperClamped);
    const clamped = c.lower === null || c.upper === null;
    expect(r.warnings.some((w) => w.code === SEN_SLOPE_WARNINGS.intervalClamped)).toBe(clamped);
    if (!clamped) expect([r.slopeLower, r.slopeUpper]).toEqual([c.lower, c.upper]);
  });
});

describe('senSlope against SciPy theilslopes', () => {
  it.each(scipy.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const r = run(ref.senSlope.find((q) => q.name === name) as SenCase);
    expect(r.slope).toBe(c.slope);
    expect(r.slopeLower).toBe(c.lower);
    expect(r.slopeUpper).toBe(c.upper);
    closeRel(r.intercept, c.intercept, 1e-15);
  });
});

describe('senSlope edge cases', () => {
  it('needs two complete points and a pair with distinct x', () => {
    expect(senSlope([]).status).toBe('insufficient');
    expect(senSlope([3]).status).toBe('insufficient');
    expect(senSlope([3, Number.NaN, null]).status).toBe('insufficient');
    expect(senSlope([5, 5, 5], [1, 2, 3]).status).toBe('insufficient');
    expect(senSlope([1, Number.NaN], [1, 2]).status).toBe('insufficient');
  });

  it('keeps the positions of the values around a gap and warns', () => {
    const r = ok(senSlope([0, null, Number.NaN, 3]));
    expect(r.slope).toBe(1);
    expect(r.intercept).toBe(0);
    expect(r.warnings.map((w) => w.code)).toContain(SEN_SLOPE_WARNINGS.missingDropped);
  });

  it('matches the docstring example', () => {
    const r = ok(senSlope([1, 3, 2, 5, 4, 6, 8]));
    expect([r.slope, r.slopeLower, r.slopeUpper, r.intercept, r.pairs]).toEqual([1, 0.5, 2, 1, 21]);
  });

  it('rejects invalid arguments', () => {
    expect(() => senSlope([1, 2, 3], { level: 1 })).toThrow(/^senSlope: level/);
    expect(() => senSlope([1, 2, 3], { level: 0 })).toThrow(RangeError);
    expect(() => senSlope([1, 2], [1, 2, 3])).toThrow(/same length/);
    expect(() => senSlope(null as unknown as number[])).toThrow(TypeError);
    expect(() => senSlope(['a', 2] as unknown as number[])).toThrow(/y\[0\]/);
  });

  it('accepts typed arrays for x and y', () => {
    const r = ok(senSlope(Float64Array.of(0, 1, 2, 3), Float64Array.of(1, 3, 5, 7)));
    expect(r.slope).toBe(2);
    expect(r.intercept).toBe(1);
  });
});

/** Median of all pairwise slopes by sorting, for the property test. */
function bruteSlope(x: readonly number[], y: readonly number[]): number {
  const d: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = (x[j] as number) - (x[i] as number);
      if (dx !== 0) d.push(((y[j] as number) - (y[i] as number)) / dx);
    }
  }
  d.sort((a, b) => a - b);
  const h = d.length >> 1;
  return d.length % 2 === 1 ? (d[h] as number) : ((d[h - 1] as number) + (d[h] as number)) / 2;
}

describe('senSlope properties', () => {
  const points = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -50, max: 50 })), { minLength: 2, maxLength: 60 })
    .filter((p) => p.some(([x]) => x !== (p[0] as [number, number])[0]));

  it('the selection gives the median of the sorted pairwise slopes, and lower ≤ slope ≤ upper', () => {
    fc.assert(
      fc.property(points, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (p, level) => {
        const x = p.map(([a]) => a);
        const y = p.map(([, b]) => b);
        const r = ok(senSlope(x, y, { level }));
        expect(r.slope).toBe(bruteSlope(x, y));
        expect(r.slopeLower).toBeLessThanOrEqual(r.slope);
        expect(r.slopeUpper).toBeGreaterThanOrEqual(r.slope);
      }),
    );
  });

  it('a wider level never gives a narrower interval', () => {
    fc.assert(
      fc.property(points, (p) => {
        const x = p.map(([a]) => a);
        const y = p.map(([, b]) => b);
        const a = ok(senSlope(x, y, { level: 0.8 }));
        const b = ok(senSlope(x, y, { level: 0.99 }));
        expect(b.slopeLower).toBeLessThanOrEqual(a.slopeLower);
        expect(b.slopeUpper).toBeGreaterThanOrEqual(a.slopeUpper);
      }),
    );
  });

  it('adding a line b·x adds b to the slope (the limits may move otherwise: ties in y, and so Var(S), change)', () => {
    fc.assert(
      fc.property(points, fc.integer({ min: -5, max: 5 }), (p, b) => {
        const x = p.map(([u]) => u);
        const y = p.map(([, v]) => v);
        const r0 = ok(senSlope(x, y));
        const r1 = ok(senSlope(x, y.map((v, i) => v + b * (x[i] as number))));
        expect(Math.abs(r1.slope - (r0.slope + b))).toBeLessThan(1e-9);
      }),
    );
  });
});
