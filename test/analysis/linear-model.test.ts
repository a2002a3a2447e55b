import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aliasCombination,
  classicalCovariance,
  clusterCovariance,
  fitOls,
  heteroskedasticCovariance,
  householderQr,
  relativeWeights,
  subsetRSquared,
  symmetricEigen,
} from '../../src/analysis/linear-model/index.js';
import type { DesignMatrix } from '../../src/analysis/linear-model/index.js';

interface LmCase {
  readonly call: string;
  readonly names: readonly string[];
  readonly X: readonly (readonly number[])[];
  readonly y: readonly number[];
  readonly cluster: readonly number[];
  readonly coefficients: readonly (number | null)[];
  readonly r_squared: number;
  readonly adj_r_squared: number;
  readonly sigma: number;
  readonly fstatistic: readonly number[];
  readonly df_residual: number;
  readonly rank: number;
  readonly vcov: readonly (readonly number[])[] | null;
  readonly vcov_hc0: readonly (readonly number[])[] | null;
  readonly vcov_hc1: readonly (readonly number[])[] | null;
  readonly vcov_cl: readonly (readonly number[])[] | null;
  /** Only for the 1e6-offset case: slope blocks from the equivalent well-conditioned fit (see did.R). */
  readonly slopes_hc0?: readonly (readonly number[])[];
  readonly slopes_hc1?: readonly (readonly number[])[];
  readonly slopes_cl?: readonly (readonly number[])[];
}

// R 4.2.2 lm / summary.lm / vcov / sandwich 3.0-2 vcovHC, vcovCL — test/reference/did.R ("lm" section)
const cases: readonly LmCase[] = JSON.parse(readFileSync(new URL('../reference/did.json', import.meta.url), 'utf8')).lm;

/**
 * Relative 1e-10: the same algorithm as lm (Householder QR with dqrdc2 pivoting); results differ from R only
 * in summation order (R's BLAS ddot/dnrm2), observed ≤ 1e-12 relative even with the 1e6 offset.
 */
function close(actual: number, expected: number, rel = 1e-10): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

function designOf(c: LmCase): DesignMatrix {
  const n = c.y.length;
  const k = c.X.length;
  const data = new Float64Array(n * k);
  c.X.forEach((col, j) => data.set(col, j * n));
  return { rows: n, columns: k, data, names: c.names };
}

function codes(labels: readonly number[]): { ids: Int32Array; count: number } {
  const map = new Map<number, number>();
  const ids = Int32Array.from(labels, (v) => {
    if (!map.has(v)) map.set(v, map.size);
    return map.get(v) as number;
  });
  return { ids, count: map.size };
}

/** Compares a k × k matrix, or (from = 1) its block without the intercept row and column. */
function compareMatrix(actual: Float64Array, expected: readonly (readonly number[])[], from = 0, rel = 1e-10): void {
  const k = expected.length + from;
  expected.forEach((row, i) => row.forEach((v, j) => close(actual[(i + from) * k + j + from] as number, v, rel)));
}

describe('fitOls and covariances against R lm and sandwich', () => {
  it('has the fixture', () => expect(cases.length).toBe(5));
  for (const c of cases) {
    it(c.call, () => {
      const design = designOf(c);
      const fit = fitOls(design, Float64Array.from(c.y), { hasIntercept: true });
      expect(fit.rank).toBe(c.rank);
      expect(fit.dfResidual).toBe(c.df_residual);
      c.coefficients.forEach((b, j) => {
        if (b === null) expect(fit.coefficients[j]).toBeNaN();
        else close(fit.coefficients[j] as number, b);
      });
      expect(fit.aliased).toEqual(c.coefficients.flatMap((b, j) => (b === null ? [j] : [])));
      close(fit.rSquared, c.r_squared);
      close(fit.adjustedRSquared, c.adj_r_squared);
      close(fit.sigma, c.sigma);
      close(fit.fStatistic, c.fstatistic[0] as number);
      expect(fit.fDf1).toBe(c.fstatistic[1]);
      if (c.vcov !== null) {
        compareMatrix(classicalCovariance(fit), c.vcov);
        const { ids, count } = codes(c.cluster);
        if (c.slopes_hc0 !== undefined) {
          // Relative 1e-9: the offset makes cond(X) ~ 1e6, so even the coefficients are only determined to
          // ~1e-10 relative (observed 1.8e-10 here); R's own vcovHC on this fit is off by 1e-3.
          compareMatrix(heteroskedasticCovariance(fit, design, 'hc0'), c.slopes_hc0, 1, 1e-9);
          compareMatrix(heteroskedasticCovariance(fit, design, 'hc1'), c.slopes_hc1 as readonly (readonly number[])[], 1, 1e-9);
          compareMatrix(clusterCovariance(fit, design, ids, count), c.slopes_cl as readonly (readonly number[])[], 1, 1e-9);
          return;
        }
        compareMatrix(heteroskedasticCovariance(fit, design, 'hc0'), c.vcov_hc0 as readonly (readonly number[])[]);
        compareMatrix(heteroskedasticCovariance(fit, design, 'hc1'), c.vcov_hc1 as readonly (readonly number[])[]);
        compareMatrix(clusterCovariance(fit, design, ids, count), c.vcov_cl as readonly (readonly number[])[]);
      } else {
        expect(() => classicalCovariance(fit)).toThrow(/full column rank/);
        expect(() => heteroskedasticCovariance(fit, design, 'hc1')).toThrow(RangeError);
      }
    });
  }

  it('finds the combination behind an aliased column', () => {
    const c = cases.find((k) => k.call.startsWith('lm(y ~ a + b + c')) as LmCase;
    const fit = fitOls(designOf(c), Float64Array.from(c.y), { hasIntercept: true });
    expect(fit.aliased).toEqual([2]);
    const combo = aliasCombination(fit, 2);
    expect([...combo.keys()]).toEqual([1]);
    expect(combo.get(1)).toBeCloseTo(2, 12);
  });

  it('rejects a cluster count below 2 and mismatched sizes', () => {
    const c = cases[0] as LmCase;
    const design = designOf(c);
    const fit = fitOls(design, Float64Array.from(c.y), { hasIntercept: true });
    expect(() => clusterCovariance(fit, design, new Int32Array(c.y.length), 1)).toThrow(/^clusterCovariance: needs at least 2 clusters/);
    expect(() => fitOls(design, new Float64Array(3), { hasIntercept: true })).toThrow(/^fitOls: y must have 32 values/);
    expect(() => householderQr(new Float64Array(5), 2, 2)).toThrow(RangeError);
  });
});

describe('linear-model edge cases', () => {
  it('n = 1 and a zero column', () => {
    const one = fitOls({ rows: 1, columns: 1, data: Float64Array.of(1), names: ['1'] }, Float64Array.of(5), { hasIntercept: true });
    expect(one.coefficients[0]).toBe(5);
    expect(one.dfResidual).toBe(0);
    expect(one.sigma).toBeNaN();
    const zero = fitOls(
      { rows: 3, columns: 2, data: Float64Array.of(1, 1, 1, 0, 0, 0), names: ['1', 'z'] },
      Float64Array.of(1, 2, 4),
      { hasIntercept: true },
    );
    expect(zero.rank).toBe(1);
    expect(zero.aliased).toEqual([1]);
    expect(zero.coefficients[0]).toBeCloseTo(7 / 3, 14);
  });
  it('huge values: columns near 1e200 do not overflow', () => {
    const x = Float64Array.of(1, 1, 1, 1, 1e200, 2e200, 3e200, 5e200);
    const fit = fitOls({ rows: 4, columns: 2, data: x, names: ['1', 'x'] }, Float64Array.of(2, 4, 6, 10), { hasIntercept: true });
    expect(fit.rank).toBe(2);
    expect((fit.coefficients[1] as number) / 2e-200).toBeCloseTo(1, 12);
  });
  it('Jacobi eigenvalues reproduce the matrix and relative weights sum to R² (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 6, maxLength: 6 }), fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 4, maxLength: 4 }), (off, r) => {
        // A correlation matrix (unit diagonal, as Johnson's weights assume), diagonally dominant hence positive definite.
        const p = 4;
        const m = new Float64Array(p * p);
        let t = 0;
        for (let i = 0; i < p; i++) {
          m[i * p + i] = 1;
          for (let j = i + 1; j < p; j++) {
            m[i * p + j] = off[t] as number;
            m[j * p + i] = off[t] as number;
            t++;
          }
        }
        const { values, vectors } = symmetricEigen(m, p);
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < p; j++) {
            let s = 0;
            for (let k = 0; k < p; k++) s += (vectors[i * p + k] as number) * (values[k] as number) * (vectors[j * p + k] as number);
            expect(Math.abs(s - (m[i * p + j] as number))).toBeLessThan(1e-13);
          }
        }
        const rxy = Float64Array.from(r);
        const full = subsetRSquared(m, rxy, p)[2 ** p - 1] as number;
        const weights = relativeWeights(m, rxy, p);
        expect(Math.abs(weights.reduce((s, v) => s + v, 0) - full)).toBeLessThan(1e-13);
      }),
      { numRuns: 100 },
    );
  });
});
