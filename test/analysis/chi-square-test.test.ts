import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHI_SQUARE_WARNINGS, chiSquareTest } from '../../src/analysis/chi-square-test.js';

interface Case {
  readonly call: string;
  readonly table: readonly (readonly number[])[];
  readonly correct: boolean;
  readonly statistic: number;
  readonly df: number;
  readonly p_value: number;
  readonly expected: readonly (readonly number[])[];
  readonly residuals: readonly (readonly number[])[];
  readonly stdres: readonly (readonly number[])[];
  readonly method: string;
  readonly warned: boolean;
}

// R 4.2.2 chisq.test(table, correct) — test/reference/proportions.R
const cases: readonly Case[] = JSON.parse(
  readFileSync(new URL('../reference/proportions.json', import.meta.url), 'utf8'),
).chisq;

/** Relative 1e-10 (same formulas); absolute 1e-12 where the reference is ~0 (a statistic or residual of 0). */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1e-10 * Math.abs(expected), 1e-12));
}

function expectMatrixClose(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expectClose(v, (expected[i] as readonly number[])[j] as number)));
}

describe('chiSquareTest against R chisq.test', () => {
  it('has the fixture', () => expect(cases.length).toBe(20));
  for (const c of cases) {
    it(c.call, () => {
      const r = chiSquareTest(c.table, { correct: c.correct });
      if (r.status !== 'ok') throw new Error(r.reason);
      expectClose(r.statistic, c.statistic);
      expect(r.df).toBe(c.df);
      expectClose(r.pValue, c.p_value);
      expectMatrixClose(r.expected, c.expected);
      expectMatrixClose(r.residuals, c.residuals);
      expectMatrixClose(r.standardizedResiduals, c.stdres);
      expect(r.method === 'pearson-yates').toBe(c.method.includes('Yates'));
      expect(r.warnings.some((w) => w.code === CHI_SQUARE_WARNINGS.expectedCountBelow5)).toBe(c.warned);
    });
  }
});

describe('chiSquareTest edge cases', () => {
  it('an empty table or an empty row or column is insufficient (R returns NaN)', () => {
    expect(chiSquareTest([[0, 0], [0, 0]]).status).toBe('insufficient');
    expect(chiSquareTest([[1, 2], [0, 0]]).status).toBe('insufficient');
    const r = chiSquareTest([[1, 0, 2], [3, 0, 4]]);
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') expect(r.reason).toBe('chiSquareTest: column 1 sums to 0 (expected counts of 0)');
  });

  it('rejects malformed tables', () => {
    expect(() => chiSquareTest([[1, 2]])).toThrow('chiSquareTest: table must have at least 2 rows and 2 columns, got 1 × 2');
    expect(() => chiSquareTest([[1], [2]])).toThrow(RangeError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow('chiSquareTest: every row must have 2 columns, got 1 in row 1');
    expect(() => chiSquareTest([[1, -2], [3, 4]])).toThrow(/^chiSquareTest: cells must be finite counts ≥ 0, got -2/);
    expect(() => chiSquareTest([[1, NaN], [3, 4]])).toThrow(RangeError);
    expect(() => chiSquareTest([[1, Infinity], [3, 4]])).toThrow(RangeError);
  });

  it('a huge 2 × 2 table gives a p-value near 1e-300 that stays positive', () => {
    // R: chisq.test(matrix(c(5e8 + 830000, 5e8, 5e8 - 830000, 5e8), 2))$p.value = 1.403069e-301
    const r = chiSquareTest([[500_830_000, 499_170_000], [5e8, 5e8]]);
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(Math.abs(r.pValue - 1.403069e-301)).toBeLessThan(1e-6 * 1.403069e-301);
  });

  it('is invariant to transposition and scales the statistic with the counts (property)', () => {
    const table = fc.integer({ min: 2, max: 5 }).chain((rows) =>
      fc.integer({ min: 2, max: 5 }).chain((cols) =>
        fc.array(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: cols, maxLength: cols }), {
          minLength: rows,
          maxLength: rows,
        }),
      ),
    );
    fc.assert(
      fc.property(table, (t) => {
        const transposed = (t[0] as number[]).map((_, j) => t.map((row) => row[j] as number));
        const a = chiSquareTest(t, { correct: false });
        const b = chiSquareTest(transposed, { correct: false });
        const doubled = chiSquareTest(t.map((row) => row.map((v) => 2 * v)), { correct: false });
        if (a.status !== 'ok' || b.status !== 'ok' || doubled.status !== 'ok') throw new Error('insufficient');
        expect(Math.abs(a.statistic - b.statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.statistic));
        expect(Math.abs(doubled.statistic - 2 * a.statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.statistic));
        let sumResidualSquares = 0;
        for (const row of a.residuals) for (const v of row) sumResidualSquares += v * v;
        expect(Math.abs(sumResidualSquares - a.statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, a.statistic));
      }),
    );
  });
});
