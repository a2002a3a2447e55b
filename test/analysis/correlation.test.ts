import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRELATION_WARNINGS,
  correlation,
  correlationMatrix,
  type CorrelationOptions,
  type CorrelationResult,
} from '../../src/analysis/correlation/index.js';

// Fixtures: test/reference/correlation.R (R 4.2.2 cor.test / cor) and correlation.py (SciPy 1.10 cross-checks).
interface Generator {
  readonly n: number;
  readonly ax: number;
  readonly mx: number;
  readonly wx: number;
  readonly ay: number;
  readonly my: number;
}
interface CorTestCase {
  readonly name: string;
  readonly call: string;
  readonly x?: readonly (number | string | null)[];
  readonly y?: readonly (number | string | null)[];
  readonly generator?: Generator;
  readonly options: CorrelationOptions;
  readonly n: number;
  readonly statistic: number | null;
  readonly statisticName: string;
  readonly parameter: number | null;
  readonly 'p.value': number | null;
  readonly estimate: number | null;
  readonly method: string;
  readonly warnings: readonly string[];
  readonly 'conf.int'?: readonly (number | string)[];
  readonly 'conf.level'?: number;
}
interface MatrixCase {
  readonly call: string;
  readonly method: 'pearson' | 'spearman' | 'kendall';
  readonly names: readonly string[];
  readonly columns: Record<string, (number | null)[]>;
  readonly estimates: (number | null)[][];
  readonly pValues: (number | null)[][];
  readonly n: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../reference/correlation.json', import.meta.url), 'utf8')) as {
  'cor.test': CorTestCase[];
  matrix: MatrixCase[];
};
const scipy = JSON.parse(readFileSync(new URL('../reference/correlation.scipy.json', import.meta.url), 'utf8')) as {
  pairs: { call: string; x?: number[]; y?: number[]; generator?: Generator; options: CorrelationOptions; statistic: number; pvalue: number }[];
  matrix: { call: string; columns: Record<string, number[]>; estimates: number[][]; pValues: number[][]; options: CorrelationOptions };
};

function value(v: number | string | null): number | null {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v as number | null;
}

/** x_i = (i·ax) mod mx, y_i = wx·x_i + (i·ay) mod my, i = 1..n: exact integers, as in the generators. */
function generate(g: Generator): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(g.n);
  const y = new Float64Array(g.n);
  for (let i = 1; i <= g.n; i++) {
    x[i - 1] = (i * g.ax) % g.mx;
    y[i - 1] = g.wx * (x[i - 1] as number) + ((i * g.ay) % g.my);
  }
  return { x, y };
}

function data(c: { x?: readonly (number | string | null)[]; y?: readonly (number | string | null)[]; generator?: Generator }) {
  if (c.generator !== undefined) return generate(c.generator);
  return { x: (c.x ?? []).map(value), y: (c.y ?? []).map(value) };
}

/** |a − e| ≤ rel·|e| + abs. */
function close(actual: number | null | undefined, expected: number, rel: number, abs = 0): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + abs);
}

function ok(result: ReturnType<typeof correlation>): CorrelationResult {
  expect(result.status).toBe('ok');
  return result as CorrelationResult;
}

/**
 * Tolerances. Same algorithms as R, so relative 1e-10 on p-values, statistics and intervals (including p-values near
 * 1e-300, which agree to ~5e-13), 1e-12 on estimates. One documented exception: R computes Kendall's upper exact
 * tail as 1 − P(T ≤ q − 1), which cancels near 0 and can even go negative (−2.2e-16); servq computes the same
 * expression but clamps at 0, so Kendall p-values carry an absolute 1e-15 allowance.
 */
describe('correlation against R cor.test', () => {
  for (const c of fixture['cor.test']) {
    it(`${c.name}: ${c.call}`, () => {
      const { x, y } = data(c);
      const r = ok(correlation(x, y, c.options));
      expect(r.n).toBe(c.n);
      close(r.estimate, c.estimate as number, 1e-12, 1e-15);
      const p = c['p.value'] as number;
      close(r.pValue, Math.max(p, 0), 1e-10, c.method.startsWith('Kendall') ? 1e-15 : 0);
      expect(r.statisticName).toBe(c.statisticName);
      // Spearman's S is (n³ − n)(1 − rho)/6: an ulp in rho is ~n³·1e-16 in S.
      close(r.statistic, c.statistic as number, 1e-10, c.statisticName === 'S' ? c.n ** 3 * 1e-15 : 0);
      expect(r.df).toBe(c.parameter);
      const tiesWarned = r.warnings.some((w) => w.code === CORRELATION_WARNINGS.tiesPreventExact);
      // R warns about ties whenever exact is on; servq only where the exact method would otherwise have been used.
      const rWarned = c.warnings.some((w) => w.startsWith('Cannot compute exact p-value with ties'));
      expect(tiesWarned).toBe(rWarned && (c.options.method !== 'spearman' || c.n <= 1290));
      if (c['conf.int'] !== undefined) {
        const [lower, upper] = c['conf.int'].map(value) as [number, number];
        close(r.confidenceInterval?.lower, lower, 1e-10, 1e-15);
        close(r.confidenceInterval?.upper, upper, 1e-10, 1e-15);
        expect(r.confidenceInterval?.level).toBe(c['conf.level']);
      } else expect(r.confidenceInterval).toBeNull();
    });
  }
});

describe('correlation variants', () => {
  it('names the p-value method', () => {
    const byName = new Map(fixture['cor.test'].map((c) => [c.name, c]));
    const variant = (name: string) => {
      const c = byName.get(name) as CorTestCase;
      const { x, y } = data(c);
      return ok(correlation(x, y, c.options)).method;
    };
    expect(variant('spearman exact n = 9')).toBe('spearman-exact');
    expect(variant('spearman n = 1290')).toBe('spearman-edgeworth');
    expect(variant('spearman n = 1291')).toBe('spearman-t');
    expect(variant('spearman ties')).toBe('spearman-t');
    expect(variant('kendall exact n = 49')).toBe('kendall-exact');
    expect(variant('kendall n = 50')).toBe('kendall-normal');
    expect(variant('kendall forced exact n = 60')).toBe('kendall-exact');
    expect(variant('pearson n = 3')).toBe('pearson');
  });
});

describe('correlation against SciPy (cross-check)', () => {
  for (const c of scipy.pairs) {
    it(`${c.call} ${JSON.stringify(c.options)}`, () => {
      const { x, y } = data(c);
      const r = ok(correlation(x, y, c.options));
      // SciPy reports r/rho/tau as the statistic. Its t approximation for Spearman writes t differently from R
      // (r·√((n−2)/((1+r)(1−r))) vs R's from S), so relative 1e-9.
      close(r.estimate, c.statistic, 1e-12, 1e-15);
      close(r.pValue, c.pvalue, 1e-9, 1e-15);
    });
  }
});

describe('correlationMatrix against R cor(use = "pairwise.complete.obs") and cor.test per pair', () => {
  for (const m of fixture.matrix) {
    it(m.call, () => {
      const result = correlationMatrix(m.columns, { method: m.method });
      expect(result.names).toEqual(m.names);
      expect(result.n).toEqual(m.n);
      for (let i = 0; i < m.names.length; i++) {
        for (let j = 0; j < m.names.length; j++) {
          close(result.estimates[i]?.[j], m.estimates[i]?.[j] as number, 1e-12, 1e-15);
          const p = m.pValues[i]?.[j] ?? null;
          if (i === j) expect(result.pValues[i]?.[j]).toBeNull();
          else close(result.pValues[i]?.[j], Math.max(p as number, 0), 1e-10, m.method === 'kendall' ? 1e-15 : 0);
        }
      }
    });
  }

  it('agrees with correlation() pair by pair, including pairs missing different rows', () => {
    const m = fixture.matrix[0] as MatrixCase;
    for (const method of ['pearson', 'spearman', 'kendall'] as const) {
      const result = correlationMatrix(m.columns, { method, alternative: 'greater' });
      for (let i = 0; i < m.names.length; i++) {
        for (let j = 0; j < m.names.length; j++) {
          if (i === j) continue;
          const single = ok(correlation(m.columns[m.names[i] as string] as number[], m.columns[m.names[j] as string] as number[], { method, alternative: 'greater' }));
          expect(result.estimates[i]?.[j]).toBe(single.estimate);
          expect(result.pValues[i]?.[j]).toBe(single.pValue);
        }
      }
    }
  });

  it('matches SciPy spearmanr on a matrix (t approximation)', () => {
    const result = correlationMatrix(scipy.matrix.columns, scipy.matrix.options);
    const k = result.names.length;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        close(result.estimates[i]?.[j], scipy.matrix.estimates[i]?.[j] as number, 1e-12, 1e-15);
        if (i !== j) close(result.pValues[i]?.[j], scipy.matrix.pValues[i]?.[j] as number, 1e-9, 1e-15);
      }
    }
  });

  it('marks constant and too-short columns as null and warns', () => {
    const result = correlationMatrix({ a: [1, 2, 3, 4], b: [7, 7, 7, 7], c: [1, null, null, 2] }, { method: 'pearson' });
    expect(result.estimates).toEqual([
      [1, null, null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(result.n).toEqual([
      [4, 4, 2],
      [4, 4, 2],
      [2, 2, 2],
    ]);
    expect(result.warnings.map((w) => w.code)).toContain(CORRELATION_WARNINGS.insufficientPairs);
    const spearman = correlationMatrix({ a: [1, 2, 3, 4], c: [1, null, null, 2] }, { method: 'spearman' });
    // n = 2: rho = 0.5 / (√0.5 · √0.5) = 0.9999999999999998, as R's cor(rank(x), rank(y)).
    expect(spearman.estimates[0]?.[1]).toBe(0.9999999999999998);
  });

  it('handles no columns and rejects unequal lengths', () => {
    expect(correlationMatrix({}).names).toEqual([]);
    expect(() => correlationMatrix({ a: [1, 2], b: [1] })).toThrow(/^correlationMatrix: all columns must have the same length/);
  });

  it('30 × 30 Spearman on 20k rows sorts each column once', () => {
    const columns: Record<string, Float64Array> = {};
    for (let c = 0; c < 30; c++) {
      const v = new Float64Array(20_000);
      for (let i = 0; i < v.length; i++) v[i] = ((i + 1) * (7919 + 2 * c)) % 10_007 + ((i * 31) % (c + 2));
      columns[`c${c}`] = v;
    }
    const result = correlationMatrix(columns, { method: 'spearman' });
    expect(result.estimates[3]?.[4]).not.toBeNull();
  });
});

describe('correlation edge cases', () => {
  it('returns insufficient for too few pairs, constants and all-missing input', () => {
    expect(correlation([], []).status).toBe('insufficient');
    expect(correlation([1], [2], { method: 'spearman' }).status).toBe('insufficient');
    expect(correlation([1, 2], [2, 3]).status).toBe('insufficient');
    expect(correlation([NaN, null, 1], [1, 2, null]).status).toBe('insufficient');
    for (const method of ['pearson', 'spearman', 'kendall'] as const) {
      const r = correlation([3, 3, 3, 3], [1, 2, 3, 4], { method });
      expect(r.status).toBe('insufficient');
      expect(r.method).toBe(method);
    }
    expect(correlation([1, 2, Infinity, 4], [1, 2, 3, 4]).status).toBe('insufficient');
  });

  it('reports dropped incomplete pairs', () => {
    const r = ok(correlation([1, 2, NaN, 4, 5], [2, 1, 3, null, 6]));
    expect(r.n).toBe(3);
    expect(r.warnings.map((w) => w.code)).toContain(CORRELATION_WARNINGS.missingDropped);
  });

  it('falls back to the normal approximation for exact Kendall beyond n = 170', () => {
    const x = Array.from({ length: 200 }, (_, i) => i);
    const y = x.map((i) => (i * 7919) % 10_007);
    const r = ok(correlation(x, y, { method: 'kendall', exact: true }));
    expect(r.method).toBe('kendall-normal');
    expect(r.warnings.map((w) => w.code)).toContain(CORRELATION_WARNINGS.exactUnavailable);
  });

  it('throws on invalid arguments with the function name', () => {
    expect(() => correlation([1, 2, 3], [1, 2])).toThrow(/^correlation: x and y must have the same length/);
    expect(() => correlation([1, 2, 3], [1, 2, 3], { method: 'rank' as never })).toThrow(TypeError);
    expect(() => correlation([1, 2, 3], [1, 2, 3], { level: 0 })).toThrow(RangeError);
    expect(() => correlation([1, 2, 3], [1, 2, 3], { alternative: 'two.sided' as never })).toThrow(/alternative/);
    expect(() => correlation([1, 'a', 3] as never, [1, 2, 3])).toThrow(/x\[1\]/);
  });
});

describe('correlation properties', () => {
  const pairs = fc
    .array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 60 })
    .map((rows) => ({ x: rows.map((r) => r[0]), y: rows.map((r) => r[1]) }));

  it('|r| ≤ 1, p in [0, 1], symmetric in x and y, and negating y negates the estimate', () => {
    fc.assert(
      fc.property(pairs, fc.constantFrom('pearson', 'spearman', 'kendall'), ({ x, y }, method) => {
        const a = correlation(x, y, { method });
        if (a.status !== 'ok') return true;
        expect(Math.abs(a.estimate)).toBeLessThanOrEqual(1);
        expect(a.pValue).toBeGreaterThanOrEqual(0);
        expect(a.pValue).toBeLessThanOrEqual(1);
        const b = ok(correlation(y, x, { method }));
        expect(b.estimate).toBeCloseTo(a.estimate, 12);
        expect(b.pValue).toBeCloseTo(a.pValue, 12);
        const c = ok(correlation(x, y.map((v) => -v), { method }));
        expect(c.estimate).toBeCloseTo(-a.estimate, 12);
        return true;
      }),
    );
  });

  it('Knight tau-b equals the O(n²) definition', () => {
    fc.assert(
      fc.property(pairs, ({ x, y }) => {
        const r = correlation(x, y, { method: 'kendall' });
        let s = 0;
        let tx = 0;
        let ty = 0;
        for (let i = 0; i < x.length; i++) {
          for (let j = i + 1; j < x.length; j++) {
            const a = Math.sign((x[i] as number) - (x[j] as number));
            const b = Math.sign((y[i] as number) - (y[j] as number));
            s += a * b;
            tx += a * a;
            ty += b * b;
          }
        }
        if (tx === 0 || ty === 0) return r.status === 'insufficient';
        expect(ok(r).estimate).toBeCloseTo(s / Math.sqrt(tx * ty), 12);
        return true;
      }),
    );
  });
});
