/**
 * standardize against R 4.2.2 `scale()` (test/reference/kmeans.R, "scale" section of kmeans.json).
 * Tolerance: absolute 1e-12 on the z-scores and relative 1e-12 on centres and scales (R sums in long double,
 * servq with compensated sums: both are within an ulp or two of the exact value).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARDIZE_WARNINGS, standardize } from '../../src/analysis/standardize.js';
import type { StandardizeResult } from '../../src/analysis/standardize.js';
import type { FlatMatrix } from '../../src/analysis/kmeans/matrix.js';

interface ScaleRecord {
  call: string;
  x: (number | null)[][];
  result: (number | null)[][];
  center: number[] | null;
  scale: number[] | null;
}
const ref = JSON.parse(readFileSync(new URL('../reference/kmeans.json', import.meta.url), 'utf8')) as { scale: ScaleRecord[] };
const byCall = (prefix: string): ScaleRecord => ref.scale.find((s) => s.call.startsWith(prefix)) as ScaleRecord;

function ok<D>(r: StandardizeResult<D> | { status: 'insufficient'; reason: string }): StandardizeResult<D> {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${r.reason}`);
  return r;
}

function expectMatrix(actual: readonly (readonly number[])[], expected: readonly (readonly (number | null)[])[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => {
      const e = expected[i]?.[j];
      if (e === null || e === undefined) expect(Number.isNaN(v)).toBe(true);
      else expect(Math.abs(v - e)).toBeLessThanOrEqual(1e-12);
    }),
  );
}

function expectVector(actual: readonly number[], expected: readonly number[]): void {
  actual.forEach((v, j) => expect(Math.abs(v - (expected[j] as number))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[j] as number))));
}

describe('standardize = R scale()', () => {
  it('scale(iris): means and sd with n − 1', () => {
    const s = byCall('scale(as.matrix(iris');
    const r = ok(standardize(s.x as number[][]));
    expect(r.method).toBe('mean/sd');
    expectMatrix(r.data, s.result);
    expectVector(r.centers, s.center as number[]);
    expectVector(r.scales, s.scale as number[]);
    expect(r.warnings).toEqual([]);
  });

  it('NA stays missing and is left out of the means and sds (na.rm = TRUE); null is missing too', () => {
    const s = byCall('scale(m) with NA');
    const r = ok(standardize(s.x));
    expectMatrix(r.data, s.result);
    expectVector(r.centers, s.center as number[]);
    expectVector(r.scales, s.scale as number[]);
    expect(r.warnings.map((w) => w.code)).toEqual([STANDARDIZE_WARNINGS.missingValues]);
    const withNaN = ok(standardize(s.x.map((row) => row.map((v) => v ?? NaN))));
    expect(withNaN.data).toEqual(r.data);
  });

  it('center = FALSE: root mean square √(Σx²/(n−1))', () => {
    const s = byCall('scale(m, center = FALSE)');
    const r = ok(standardize(s.x, { center: false }));
    expect(r.method).toBe('none/rms');
    expectMatrix(r.data, s.result);
    expect(r.centers).toEqual([0, 0, 0]);
    expectVector(r.scales, s.scale as number[]);
  });

  it('scale = FALSE: centring only', () => {
    const s = byCall('scale(m, center = TRUE, scale = FALSE)');
    const r = ok(standardize(s.x, { scale: false }));
    expect(r.method).toBe('mean/none');
    expectMatrix(r.data, s.result);
    expect(r.scales).toEqual([1, 1, 1]);
  });

  it('supplied centre and scale vectors (how new rows are transformed like the fitted ones)', () => {
    const s = byCall('scale(m, center = c(1, 2, 3), scale = c(2, 4, 8))');
    const r = ok(standardize(s.x, { center: [1, 2, 3], scale: [2, 4, 8] }));
    expect(r.method).toBe('supplied/supplied');
    expectMatrix(r.data, s.result);
    const t = byCall('scale(m, center = c(1, 2, 3), scale = TRUE)');
    const q = ok(standardize(t.x, { center: [1, 2, 3], scale: true }));
    expect(q.method).toBe('supplied/rms');
    expectMatrix(q.data, t.result);
    expectVector(q.scales, t.scale as number[]);
  });

  it('new rows transformed with a fit’s centres and scales match the fit', () => {
    const s = byCall('scale(as.matrix(iris');
    const rows = s.x as number[][];
    const fit = ok(standardize(rows));
    const again = ok(standardize(rows.slice(0, 5), { center: fit.centers, scale: fit.scales }));
    again.data.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(fit.data[i]?.[j])));
  });

  it('offset 1e9 and magnitude 1e-9 columns', () => {
    const s = byCall('scale(big)');
    const r = ok(standardize(s.x as number[][]));
    expectMatrix(r.data, s.result);
    expectVector(r.centers, s.center as number[]);
    r.scales.forEach((v, j) => expect(Math.abs(v / (s.scale?.[j] as number) - 1)).toBeLessThanOrEqual(1e-12));
  });

  it('constant column: R divides by 0 (NaN); servq centres to 0, scales by 1 and warns', () => {
    const s = byCall('scale(cst)');
    expect(s.result[0]?.[1]).toBeNull(); // R's NaN
    expect(s.scale?.[1]).toBe(0);
    const r = ok(standardize(s.x as number[][]));
    expect(r.data.map((row) => row[1])).toEqual([0, 0, 0]);
    expect(r.scales[1]).toBe(1);
    expect(r.centers[1]).toBe(5);
    expect(r.constantColumns).toEqual([1]);
    expect(r.warnings.map((w) => w.code)).toEqual([STANDARDIZE_WARNINGS.constantColumn]);
    // the other column is R's
    expectMatrix(r.data.map((row) => [row[0] as number]), s.result.map((row) => [row[0] as number]));
  });

  it('a constant column of 0.1 (whose float mean is not 0.1) is still exactly 0 after centring', () => {
    const r = ok(standardize([[0.1], [0.1], [0.1]]));
    expect(r.data).toEqual([[0], [0], [0]]);
  });
});

describe('standardize edge cases', () => {
  it('empty input is insufficient', () => {
    expect(standardize([]).status).toBe('insufficient');
    expect(standardize({ values: new Float64Array(0), rows: 0, columns: 2 }).status).toBe('insufficient');
  });

  it('n = 1: every column constant (scale 1), R would give NaN', () => {
    const r = ok(standardize([[3, -4]]));
    expect(r.data).toEqual([[0, 0]]);
    expect(r.constantColumns).toEqual([0, 1]);
  });

  it('a column with no value: centre 0, scale 1, stays NaN, warned', () => {
    const r = ok(standardize([[1, NaN], [3, null]]));
    expect(Number.isNaN(r.data[0]?.[1] as number)).toBe(true);
    expect(r.centers[1]).toBe(0);
    expect(r.warnings.map((w) => w.code)).toContain(STANDARDIZE_WARNINGS.allMissingColumn);
  });

  it('huge values do not overflow the sum of squares', () => {
    const r = ok(standardize([[1e300], [-1e300], [3e300]]));
    // mean 1e300, deviations 0, -2e300, 2e300 → sd 2e300
    expect(r.scales[0]).toBeCloseTo(2e300, -288);
    expectMatrix(r.data, [[0], [-1], [1]]);
  });

  it('flat input returns flat output in a new array', () => {
    const values = Float64Array.from([1, 10, 2, 20, 3, 30]);
    const r = ok(standardize({ values, rows: 3, columns: 2 } as FlatMatrix));
    expect(Array.from(r.data.values)).toEqual([-1, -1, 0, 0, 1, 1]);
    expect(Array.from(values)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(r.data.rows).toBe(3);
  });

  it('invalid arguments throw with the function name', () => {
    expect(() => standardize([[1, 2]], { center: [1] })).toThrow(/^standardize: options.center must have one value per column/);
    expect(() => standardize([[1, 2]], { scale: [1, 0] })).toThrow(RangeError);
    expect(() => standardize([[1, 2]], { scale: [1, NaN] })).toThrow(RangeError);
    expect(() => standardize([[1, Infinity]])).toThrow(/finite/);
    expect(() => standardize([[1, 2], [1]])).toThrow(RangeError);
    expect(() => standardize('x' as unknown as number[][])).toThrow(TypeError);
  });
});

describe('standardize properties', () => {
  it('standardized columns have mean 0 and sd 1 (or are all 0 when constant)', () => {
    fc.assert(
      fc.property(
        // values with at most 2^-20 resolution: subnormal inputs (5e-324) cannot even be averaged exactly
        fc.array(
          fc.array(fc.integer({ min: -1e9, max: 1e9 }).map((v) => v / 2 ** 20), { minLength: 2, maxLength: 2 }),
          { minLength: 2, maxLength: 30 },
        ),
        (rows) => {
          const r = ok(standardize(rows));
          for (let j = 0; j < 2; j++) {
            const col = r.data.map((row) => row[j] as number);
            const mean = col.reduce((s, v) => s + v, 0) / col.length;
            expect(Math.abs(mean)).toBeLessThanOrEqual(1e-9);
            if (r.constantColumns.includes(j)) {
              expect(col.every((v) => v === 0)).toBe(true);
            } else {
              const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / (col.length - 1));
              expect(Math.abs(sd - 1)).toBeLessThanOrEqual(1e-9);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
