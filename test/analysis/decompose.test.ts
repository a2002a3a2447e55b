import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECOMPOSE_WARNINGS, centredFilter, decompose, seasonalFilterWeights } from '../../src/analysis/decompose.js';

/**
 * Expected values from R 4.2.2 `stats::decompose` (test/reference/decompose.R → decompose.json; each case keeps
 * its call). Same algorithm, so relative tolerance 1e-10. Values near 0 (the additive seasonal figure and the
 * remainder, differences of numbers of the data's size) are compared against 1e-3 × the data's mean magnitude
 * instead of their own: their rounding error scales with the data, not with themselves. R's NA is NaN here.
 */
interface Case {
  readonly name: string;
  readonly call: string;
  readonly x: readonly (number | null)[];
  readonly options: { period: number; type?: 'additive' | 'multiplicative'; filter?: number[] };
  readonly trend: readonly (number | null)[];
  readonly seasonal: readonly (number | null)[];
  readonly random: readonly (number | null)[];
  readonly figure: readonly (number | null)[];
}
const fixture = JSON.parse(readFileSync(new URL('../reference/decompose.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

const REL = 1e-10;

function expectClose(actual: readonly number[], expected: readonly (number | null)[], floor: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (e === null) {
      expect(Number.isNaN(a), `${label}[${i}] should be NaN (R NA), got ${a}`).toBe(true);
    } else {
      const tol = REL * Math.max(Math.abs(e), floor);
      expect(Math.abs(a - e) <= tol, `${label}[${i}]: got ${a}, R ${e}`).toBe(true);
    }
  });
}

function meanMagnitude(x: readonly (number | null)[]): number {
  let s = 0;
  let n = 0;
  for (const v of x) {
    if (v !== null) {
      s += Math.abs(v);
      n++;
    }
  }
  return s / n;
}

describe('decompose against R', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: ${c.call}`, () => {
      const r = decompose(c.x, c.options);
      expect(r.status).toBe('ok');
      if (r.status !== 'ok') return;
      const floor = 1e-3 * meanMagnitude(c.x);
      expectClose(r.trend, c.trend, 0, 'trend');
      expectClose(r.figure, c.figure, c.options.type === 'multiplicative' ? 0 : floor, 'figure');
      expectClose(r.seasonal, c.seasonal, c.options.type === 'multiplicative' ? 0 : floor, 'seasonal');
      expectClose(r.random, c.random, c.options.type === 'multiplicative' ? 0 : floor, 'random');
      expect(r.method).toBe(`decompose-${c.options.type ?? 'additive'}`);
    });
  }

  it('reports missing values at the ends with a warning (R accepts leading/trailing NA)', () => {
    const c = fixture.cases.find((k) => k.name === 'missing values at the ends') as Case;
    const r = decompose(c.x, c.options);
    expect(r.status === 'ok' && r.warnings.map((w) => w.code)).toEqual([DECOMPOSE_WARNINGS.missingValues]);
  });
});

describe('decompose edge cases', () => {
  it('returns insufficient for empty input, n = 1 and fewer than two periods', () => {
    expect(decompose([], { period: 4 }).status).toBe('insufficient');
    expect(decompose([5], { period: 4 }).status).toBe('insufficient');
    const r = decompose([1, 2, 3, 4, 5, 6, 7], { period: 4 });
    expect(r).toEqual({
      status: 'insufficient',
      method: 'decompose-additive',
      reason: 'decompose: needs at least 2 periods (8 values) present, got 7 of 7',
    });
  });

  it('counts only present values towards the two periods (R: length(na.omit(x)) < 2 * f)', () => {
    expect(decompose([1, 2, 3, 4, 5, 6, 7, 8, Number.NaN], { period: 4 }).status).toBe('ok');
    expect(decompose([null, 1, 2, 3, 4, 5, 6, 7, 8], { period: 4 }).status).toBe('ok');
    expect(decompose([null, 1, 2, 3, 4, 5, 6, 7], { period: 4 }).status).toBe('insufficient');
  });

  it('throws on invalid arguments', () => {
    expect(() => decompose([1, 2, 3, 4], { period: 1 })).toThrow(/^decompose: period must be an integer >= 2, got period = 1$/);
    expect(() => decompose([1, 2, 3, 4], { period: 2.5 })).toThrow(RangeError);
    expect(() => decompose([1, 2, 3, 4], { period: 2, type: 'log' as 'additive' })).toThrow(/type must be/);
    expect(() => decompose([1, 2, 3, 4], { period: 2, filter: [] })).toThrow(/filter must hold/);
    expect(() => decompose([1, 2, 3, 4], { period: 2, filter: [1, 1, 1, 1, 1] })).toThrow(/filter/);
    expect(() => decompose([1, 2, 3, 4], { period: 2, filter: [0.5, Number.NaN] })).toThrow(/finite/);
  });

  it('decomposes a constant series into a flat trend and a zero (additive) or unit (multiplicative) figure', () => {
    const x = new Array<number>(24).fill(7);
    const add = decompose(x, { period: 12 });
    const mult = decompose(x, { period: 12, type: 'multiplicative' });
    expect(add.status === 'ok' && add.figure.every((v) => Math.abs(v) < 1e-14)).toBe(true);
    expect(mult.status === 'ok' && mult.figure.every((v) => Math.abs(v - 1) < 1e-14)).toBe(true);
    expect(add.status === 'ok' && add.trend.filter((v) => !Number.isNaN(v)).every((v) => Math.abs(v - 7) < 1e-13)).toBe(true);
  });

  it('returns insufficient for a multiplicative decomposition of zeros (0 / 0 figure)', () => {
    const r = decompose(new Array<number>(16).fill(0), { period: 4, type: 'multiplicative' });
    expect(r.status).toBe('insufficient');
  });

  it('returns insufficient when a season position has no detrended value', () => {
    // Position 0 is present only at the ends, where the moving average is NA.
    const x = [1, 2, 3, 4, null, 6, 7, 8, null, 10, 11, 12, 13, 14, 15, 16].map((v, i) => (i % 4 === 0 && i > 0 && i < 12 ? null : v));
    const r = decompose(x, { period: 4 });
    expect(r.status).toBe('insufficient');
  });

  it('handles internal missing values (R stops instead): NaN trend where the window touches them', () => {
    const x: (number | null)[] = Array.from({ length: 36 }, (_, i) => 10 + i + [3, -1, -2, 0][i % 4]!);
    x[17] = null;
    const r = decompose(x, { period: 4 });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    // Centred 2×4 average spans i−2..i+2: positions 15..19 touch index 17.
    expect([15, 16, 17, 18, 19].every((i) => Number.isNaN(r.trend[i]!))).toBe(true);
    expect(Number.isNaN(r.trend[14]!) || Number.isNaN(r.trend[20]!)).toBe(false);
    expect(r.warnings[0]?.code).toBe(DECOMPOSE_WARNINGS.missingValues);
    // A linear trend plus a fixed pattern is recovered exactly wherever the trend is defined.
    expect(r.figure.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([3, -1, -2, 0]);
  });

  it('keeps huge values finite', () => {
    const x = Array.from({ length: 24 }, (_, i) => 1e300 * (1 + (i % 3) / 10));
    const r = decompose(x, { period: 3 });
    expect(r.status === 'ok' && r.figure.every(Number.isFinite)).toBe(true);
  });

  it('builds R filter weights: half weights at the ends for even periods', () => {
    expect(seasonalFilterWeights(4)).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
    expect(seasonalFilterWeights(3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // Even-length filters reach one step further forward than back (R sides = 2, offset ⌊nf/2⌋):
    // R filter(c(1, 2, 4, 8, 16), c(0.5, 0.5)) = 1.5 3 6 12 NA.
    expect(Array.from(centredFilter([1, 2, 4, 8, 16], [0.5, 0.5]))).toEqual([1.5, 3, 6, 12, Number.NaN]);
  });
});

describe('decompose properties', () => {
  const seriesArb = fc.integer({ min: 2, max: 8 }).chain((period) =>
    fc.record({
      period: fc.constant(period),
      x: fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 2 * period, maxLength: 6 * period }),
    }),
  );

  it('additive figure sums to 0, multiplicative figure averages 1, seasonal repeats the figure', () => {
    fc.assert(
      fc.property(seriesArb, ({ period, x }) => {
        const add = decompose(x, { period });
        const mult = decompose(x, { period, type: 'multiplicative' });
        if (add.status !== 'ok' || mult.status !== 'ok') return false;
        const sum = add.figure.reduce((s, v) => s + v, 0);
        const mean = mult.figure.reduce((s, v) => s + v, 0) / period;
        const scale = Math.max(...x);
        return (
          Math.abs(sum) <= 1e-9 * scale &&
          Math.abs(mean - 1) <= 1e-9 &&
          add.seasonal.every((v, i) => v === add.figure[i % period])
        );
      }),
    );
  });

  it('additive parts add back to the series wherever the trend is defined', () => {
    fc.assert(
      fc.property(seriesArb, ({ period, x }) => {
        const r = decompose(x, { period });
        if (r.status !== 'ok') return false;
        return x.every((v, i) => Number.isNaN(r.trend[i]!) || Math.abs(r.trend[i]! + r.seasonal[i]! + r.random[i]! - v) <= 1e-9 * 1000);
      }),
    );
  });

  it('scales with the data: decompose(c · x) = c · decompose(x) (additive), figure unchanged (multiplicative)', () => {
    fc.assert(
      fc.property(seriesArb, fc.double({ min: 0.01, max: 100, noNaN: true }), ({ period, x }, c) => {
        const a = decompose(x, { period });
        const b = decompose(x.map((v) => v * c), { period });
        const m1 = decompose(x, { period, type: 'multiplicative' });
        const m2 = decompose(x.map((v) => v * c), { period, type: 'multiplicative' });
        if (a.status !== 'ok' || b.status !== 'ok' || m1.status !== 'ok' || m2.status !== 'ok') return false;
        const scale = 1000 * c;
        return (
          a.figure.every((v, i) => Math.abs(v * c - b.figure[i]!) <= 1e-9 * scale) &&
          m1.figure.every((v, i) => Math.abs(v - m2.figure[i]!) <= 1e-9)
        );
      }),
    );
  });
});
