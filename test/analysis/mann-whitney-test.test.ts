import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANN_WHITNEY_WARNINGS, mannWhitneyTest, type MannWhitneyOptions, type MannWhitneyResult } from '../../src/analysis/mann-whitney-test.js';

// Fixture: test/reference/rank-tests.R (R 4.2.2 `wilcox.test`), each case with its call and data.
interface WilcoxCase {
  readonly name: string;
  readonly call: string;
  readonly x: readonly (number | string | null)[];
  readonly y: readonly (number | string | null)[];
  readonly options: MannWhitneyOptions;
  readonly statistic: number;
  readonly 'p.value': number;
  readonly method: string;
  readonly warnings: readonly string[];
  readonly 'conf.int'?: readonly (number | string)[];
  readonly 'conf.level'?: number;
  readonly estimate?: number;
}
const fixture = JSON.parse(readFileSync(new URL('../reference/rank-tests.json', import.meta.url), 'utf8')) as {
  wilcox: WilcoxCase[];
};
const scipy = JSON.parse(readFileSync(new URL('../reference/rank-tests.scipy.json', import.meta.url), 'utf8')) as {
  mannwhitneyu: { call: string; x: number[]; y: number[]; statistic: number; pvalue: number; options: MannWhitneyOptions }[];
};

/** JSON has no infinities: the generator writes them as strings. */
function value(v: number | string | null): number | null {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v as number | null;
}

/** Relative 1e-10 (absolute 1e-300 floor for exact zeros): the algorithms are R's, so only rounding differs. */
function close(actual: number | null | undefined, expected: number, rel = 1e-10): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

function ok(result: ReturnType<typeof mannWhitneyTest>): MannWhitneyResult {
  expect(result.status).toBe('ok');
  return result as MannWhitneyResult;
}

describe('mannWhitneyTest against R wilcox.test', () => {
  for (const c of fixture.wilcox) {
    it(`${c.name}: ${c.call}`, () => {
      const r = ok(mannWhitneyTest(c.x.map(value), c.y.map(value), c.options));
      close(r.statistic, c.statistic, 1e-12);
      close(r.pValue, c['p.value']);
      expect(r.method).toBe(
        c.method.includes('exact') ? 'wilcoxon-exact' : c.method.includes('continuity') ? 'wilcoxon-normal-cc' : 'wilcoxon-normal',
      );
      const codes = r.warnings.map((w) => w.code);
      expect(codes.includes(MANN_WHITNEY_WARNINGS.tiesPreventExact)).toBe(c.warnings.some((w) => w.startsWith('cannot compute exact p-value')));
      expect(codes.includes(MANN_WHITNEY_WARNINGS.levelNotAchievable)).toBe(c.warnings.some((w) => w.includes('not achievable')));
      if (c['conf.int'] !== undefined) {
        const [lower, upper] = c['conf.int'].map(value) as [number, number];
        close(r.confidenceInterval?.lower, lower);
        close(r.confidenceInterval?.upper, upper);
        close(r.confidenceInterval?.level, c['conf.level'] as number);
        close(r.estimate, c.estimate as number);
      } else {
        expect(r.confidenceInterval).toBeNull();
        expect(r.estimate).toBeNull();
      }
    });
  }
});

describe('mannWhitneyTest against SciPy mannwhitneyu (cross-check)', () => {
  // SciPy's U1 is R's W; its asymptotic p-value uses the same tie and continuity corrections.
  for (const c of scipy.mannwhitneyu) {
    it(c.call, () => {
      const r = ok(mannWhitneyTest(c.x, c.y, c.options));
      close(r.statistic, c.statistic, 1e-12);
      close(r.pValue, c.pvalue, 1e-9);
    });
  }
});

describe('mannWhitneyTest edge cases', () => {
  it('returns insufficient for an empty sample and for all-missing input', () => {
    expect(mannWhitneyTest([], [1, 2]).status).toBe('insufficient');
    expect(mannWhitneyTest([NaN, null], [1, 2]).status).toBe('insufficient');
    expect(mannWhitneyTest([1, 2], new Float64Array(0)).status).toBe('insufficient');
  });

  it('returns insufficient when every value is tied (W has no variance)', () => {
    const r = mannWhitneyTest([5, 5, 5], [5, 5]);
    expect(r.status).toBe('insufficient');
    expect(r.method).toBe('wilcoxon');
  });

  it('reports dropped missing values', () => {
    const r = ok(mannWhitneyTest([1, NaN, 3], [null, 2, 4]));
    expect(r.n1).toBe(2);
    expect(r.n2).toBe(2);
    expect(r.warnings.map((w) => w.code)).toContain(MANN_WHITNEY_WARNINGS.missingDropped);
  });

  it('accepts typed arrays', () => {
    const r = ok(mannWhitneyTest(Float64Array.of(0.8, 0.83, 1.89), Float64Array.of(1.15, 0.88)));
    expect(r.statistic).toBe(2);
  });

  it('falls back to the normal approximation when a forced exact test is too large', () => {
    const x = Array.from({ length: 2000 }, (_, i) => i + 0.5);
    const y = Array.from({ length: 3000 }, (_, i) => i * 1.0001);
    const r = ok(mannWhitneyTest(x, y, { exact: true }));
    expect(r.method).toBe('wilcoxon-normal-cc');
    expect(r.warnings.map((w) => w.code)).toContain(MANN_WHITNEY_WARNINGS.exactUnavailable);
    expect(r.warnings.map((w) => w.code)).not.toContain(MANN_WHITNEY_WARNINGS.tiesPreventExact);
  });

  it('marks the interval unavailable for infinite values', () => {
    const r = ok(mannWhitneyTest([1, Infinity, 3], [2, 5], { confInt: true }));
    expect(r.confidenceInterval).toBeNull();
    expect(r.warnings.map((w) => w.code)).toContain(MANN_WHITNEY_WARNINGS.intervalUnavailable);
  });

  it('throws on invalid arguments with the function name', () => {
    expect(() => mannWhitneyTest([1], [2], { mu: NaN })).toThrow(/^mannWhitneyTest: mu/);
    expect(() => mannWhitneyTest([1], [2], { level: 1 })).toThrow(RangeError);
    expect(() => mannWhitneyTest([1], [2], { alternative: 'two.sided' as never })).toThrow(TypeError);
    expect(() => mannWhitneyTest(['a'] as never, [2])).toThrow(/x\[0\]/);
    expect(() => mannWhitneyTest([1], [2], { exact: 'yes' as never })).toThrow(TypeError);
  });

  it('2 × 100k runs without quadratic work', () => {
    const n = 100_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = ((i * 7919) % 100_003) / 7;
      y[i] = ((i * 104_729) % 100_019) / 7 + 0.3;
    }
    const r = ok(mannWhitneyTest(x, y));
    expect(r.method).toBe('wilcoxon-normal-cc');
  });
});

describe('mannWhitneyTest properties', () => {
  const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 25 });

  it('p in [0, 1]; W in [0, n1·n2]; swapping x and y mirrors W and keeps the two-sided p', () => {
    fc.assert(
      fc.property(sample, sample, fc.boolean(), (x, y, exact) => {
        const a = mannWhitneyTest(x, y, { exact });
        const b = mannWhitneyTest(y, x, { exact });
        if (a.status !== 'ok' || b.status !== 'ok') return a.status === b.status;
        expect(a.pValue).toBeGreaterThanOrEqual(0);
        expect(a.pValue).toBeLessThanOrEqual(1);
        expect(a.statistic).toBeGreaterThanOrEqual(0);
        expect(a.statistic).toBeLessThanOrEqual(x.length * y.length);
        expect(a.statistic + b.statistic).toBe(x.length * y.length);
        expect(Math.abs(a.pValue - b.pValue)).toBeLessThan(1e-12);
        return true;
      }),
    );
  });

  it('one-sided p-values of the exact test add up to 1 + P(W = w)', () => {
    const distinct = fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(distinct, fc.integer({ min: 1, max: 28 }), (values, split) => {
        const cut = Math.min(split, values.length - 1);
        const x = values.slice(0, cut);
        const y = values.slice(cut);
        const less = ok(mannWhitneyTest(x, y, { alternative: 'less' }));
        const greater = ok(mannWhitneyTest(x, y, { alternative: 'greater' }));
        expect(less.method).toBe('wilcoxon-exact');
        expect(less.pValue + greater.pValue).toBeGreaterThan(1);
        expect(less.pValue + greater.pValue).toBeLessThanOrEqual(2);
      }),
    );
  });
});
