import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DID_WARNINGS,
  differenceInDifferences,
  type DidDistribution,
  type DidStandardError,
  type DifferenceInDifferencesInput,
  type DifferenceInDifferencesResult,
} from '../../src/analysis/difference-in-differences.js';

interface Case {
  readonly name: string;
  readonly call: string;
  readonly se: DidStandardError;
  readonly distribution: DidDistribution;
  readonly level: number;
  readonly y: readonly (number | null)[];
  readonly treated: readonly number[];
  readonly post: readonly number[];
  readonly unit: readonly string[] | null;
  readonly period: readonly number[] | null;
  readonly covariateNames: readonly string[];
  readonly covariates: readonly (readonly (number | null)[])[];
  readonly n: number;
  readonly k: number;
  readonly clusters: number | null;
  readonly df: number | string;
  readonly terms: readonly string[];
  readonly estimates: readonly number[];
  readonly std_errors: readonly (number | string)[];
  readonly statistics: readonly (number | string)[];
  readonly p_values: readonly (number | string)[];
  readonly effect: number;
  readonly std_error: number;
  readonly statistic: number;
  readonly p_value: number;
  readonly ci_lower: number;
  readonly ci_upper: number;
  readonly se_classical: number;
  readonly se_hc1: number;
  readonly se_cluster: number | null;
  readonly r_squared: number;
  readonly cell_means: readonly number[];
  readonly cell_counts: readonly number[];
  readonly pre_trend: { estimate: number; std_error: number; statistic: number; p_value: number; periods: number } | null;
}

interface StatsmodelsCase {
  readonly name: string;
  readonly params: readonly number[];
  readonly bse: readonly number[];
  readonly tvalues: readonly number[];
  readonly pvalues: readonly number[];
  readonly ci_lower: number;
  readonly ci_upper: number;
}

// R 4.2.2 lm + sandwich 3.0-2 vcovHC/vcovCL(type = "HC1") + lmtest 0.9-40 coeftest/coefci — test/reference/did.R
const cases: readonly Case[] = JSON.parse(readFileSync(new URL('../reference/did.json', import.meta.url), 'utf8')).did;
// statsmodels 0.13.5 OLS(...).fit(cov_type='cluster' | 'HC1') — test/reference/did.py
const statsmodels: readonly StatsmodelsCase[] = JSON.parse(
  readFileSync(new URL('../reference/did.statsmodels.json', import.meta.url), 'utf8'),
);

/**
 * Relative 1e-10: same QR algorithm as lm and the same sandwich formulas; observed agreement ~1e-13.
 * Absolute 1e-300 lets p-values that R prints as 0 (underflow) be matched by ours below that.
 */
function close(actual: number, expected: number | string, rel = 1e-10): void {
  if (expected === 'NaN') {
    // R's sqrt of a rounding-negative variance of a rank-deficient CR1 (3 clusters): ours is NaN or ~0 too.
    expect(Number.isNaN(actual) || Math.abs(actual) < 1e-6).toBe(true);
    return;
  }
  if (expected === 'Infinity') {
    expect(actual).toBe(Infinity);
    return;
  }
  const e = expected as number;
  expect(Math.abs(actual - e)).toBeLessThanOrEqual(rel * Math.abs(e) + 1e-300);
}

interface PlainInput extends DifferenceInDifferencesInput {
  readonly outcome: readonly (number | null)[];
  readonly treated: readonly boolean[];
  readonly post: readonly boolean[];
  readonly cluster?: readonly string[];
  readonly period?: readonly number[];
}

function inputOf(c: Case): PlainInput {
  const covariates: Record<string, (number | null)[]> = {};
  c.covariateNames.forEach((name, j) => {
    covariates[name] = [...(c.covariates[j] as readonly (number | null)[])];
  });
  return {
    outcome: c.y,
    treated: c.treated.map((v) => v === 1),
    post: c.post.map((v) => v === 1),
    ...(c.unit === null ? {} : { cluster: c.unit }),
    ...(c.period === null ? {} : { period: c.period }),
    ...(c.covariateNames.length === 0 ? {} : { covariates }),
  };
}

function ok(result: ReturnType<typeof differenceInDifferences>): DifferenceInDifferencesResult {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.reason}`);
  return result;
}

describe('differenceInDifferences against R lm + sandwich + lmtest', () => {
  it('has the fixture', () => expect(cases.length).toBe(12));
  for (const c of cases) {
    it(`${c.name}: ${c.call}`, () => {
      const r = ok(differenceInDifferences(inputOf(c), { standardError: c.se, distribution: c.distribution, level: c.level }));
      expect(r.method).toBe(c.se);
      expect(r.n).toBe(c.n);
      expect(r.missing).toBe(c.y.length - c.n);
      expect(r.clusters).toBe(c.unit === null ? null : c.clusters);
      close(r.df, c.df);
      expect(r.statisticType).toBe(c.df === 'Infinity' ? 'z' : 't');
      close(r.effect, c.effect);
      close(r.stdError, c.std_error);
      close(r.statistic, c.statistic);
      close(r.pValue, c.p_value);
      close(r.confidenceInterval.lower, c.ci_lower);
      close(r.confidenceInterval.upper, c.ci_upper);
      close(r.standardErrors.classical, c.se_classical);
      close(r.standardErrors.hc1, c.se_hc1);
      if (c.se_cluster === null) expect(r.standardErrors.cluster).toBeNull();
      else close(r.standardErrors.cluster as number, c.se_cluster);
      close(r.rSquared, c.r_squared);
      expect(r.terms.map((t) => t.name)).toEqual(c.terms);
      r.terms.forEach((t, j) => {
        close(t.estimate, c.estimates[j] as number);
        close(t.stdError, c.std_errors[j] as number);
        if (c.std_errors[j] !== 'NaN') {
          close(t.statistic, c.statistics[j] as number);
          close(t.pValue, c.p_values[j] as number);
        }
      });
      const cells = [r.cells.control.pre, r.cells.control.post, r.cells.treated.pre, r.cells.treated.post];
      cells.forEach((cell, j) => {
        close(cell.mean, c.cell_means[j] as number, 1e-13);
        expect(cell.n).toBe(c.cell_counts[j]);
      });
      if (c.covariateNames.length === 0) close(r.cellDifference, c.effect, 1e-12);
      const codes = r.warnings.map((w) => w.code);
      if (c.pre_trend === null) {
        expect(r.preTrend).toBeNull();
        expect(codes).toContain(DID_WARNINGS.parallelTrendsUntestable);
      } else {
        const t = r.preTrend;
        expect(t).not.toBeNull();
        close(t?.estimate as number, c.pre_trend.estimate);
        close(t?.stdError as number, c.pre_trend.std_error);
        close(t?.statistic as number, c.pre_trend.statistic);
        close(t?.pValue as number, c.pre_trend.p_value);
        expect(t?.periods).toBe(c.pre_trend.periods);
        expect(codes.includes(DID_WARNINGS.preTrendDetected)).toBe(c.pre_trend.p_value < 1 - c.level);
      }
      expect(codes.includes(DID_WARNINGS.missingDropped)).toBe(c.n < c.y.length);
      expect(codes.includes(DID_WARNINGS.fewClusters)).toBe(c.se === 'cluster' && (c.clusters as number) < 30);
    });
  }
  it('detects the planted pre-trend', () => {
    const c = cases.find((k) => k.name === 'panel with pre-trend') as Case;
    const r = ok(differenceInDifferences(inputOf(c)));
    expect(r.warnings.map((w) => w.code)).toContain(DID_WARNINGS.preTrendDetected);
  });
});

describe('differenceInDifferences against statsmodels (normal reference)', () => {
  for (const s of statsmodels) {
    it(s.name, () => {
      const c = cases.find((k) => k.name === s.name) as Case;
      const r = ok(differenceInDifferences(inputOf(c), { standardError: c.se, distribution: 'normal', level: c.level }));
      r.terms.forEach((t, j) => {
        // Relative 1e-9: statsmodels solves by pinv (SVD), not QR; agreement observed ~1e-12.
        close(t.estimate, s.params[j] as number, 1e-9);
        close(t.stdError, s.bse[j] as number, 1e-9);
        close(t.statistic, s.tvalues[j] as number, 1e-9);
        if (s.pvalues[j] === 0) expect(t.pValue).toBeLessThan(1e-300);
        else close(t.pValue, s.pvalues[j] as number, 1e-8);
      });
      close(r.confidenceInterval.lower, s.ci_lower, 1e-9);
      close(r.confidenceInterval.upper, s.ci_upper, 1e-9);
    });
  }
});

describe('differenceInDifferences defaults and degenerate data', () => {
  const base = cases.find((k) => k.name === 'panel cluster') as Case;
  it('reports cluster SEs by default with clusters, HC1 without', () => {
    const r = ok(differenceInDifferences(inputOf(base)));
    expect(r.method).toBe('cluster');
    expect(r.df).toBe(39);
    const { cluster: _cluster, ...rest } = inputOf(base);
    const h = ok(differenceInDifferences(rest));
    expect(h.method).toBe('hc1');
    expect(h.standardErrors.cluster).toBeNull();
    expect(h.stdError).toBe(h.standardErrors.hc1);
  });

  it('returns insufficient for an empty cell, empty input, n = 1 and too few rows', () => {
    const r = differenceInDifferences({ outcome: [1, 2, 3, 4], treated: [false, false, true, true], post: [false, true, false, false] });
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') {
      expect(r.reason).toContain('treated post');
      expect(r.method).toBe('hc1');
    }
    expect(differenceInDifferences({ outcome: [], treated: [], post: [] }).status).toBe('insufficient');
    expect(differenceInDifferences({ outcome: [1], treated: [true], post: [true] }).status).toBe('insufficient');
    // One row per cell: 4 rows for 4 coefficients leaves no residual degrees of freedom.
    const four = differenceInDifferences({ outcome: [1, 2, 3, 5], treated: [false, false, true, true], post: [false, true, false, true] });
    expect(four.status === 'insufficient' && four.reason).toContain('more than 4 complete rows');
  });

  it('returns insufficient when all rows are missing or a single cluster remains', () => {
    const all = differenceInDifferences({ outcome: [NaN, null, NaN, NaN], treated: [false, false, true, true], post: [false, true, false, true] });
    expect(all.status).toBe('insufficient');
    const one = differenceInDifferences({
      outcome: [1, 2, 3, 5, 2, 4],
      treated: [false, false, true, true, false, true],
      post: [false, true, false, true, true, false],
      cluster: ['a', 'a', 'a', 'a', 'a', 'a'],
    });
    expect(one.status === 'insufficient' && one.reason).toContain('at least 2 clusters');
  });

  it('names a constant or collinear covariate', () => {
    const input = inputOf(base);
    const n = input.outcome.length;
    const r = differenceInDifferences({ ...input, covariates: { size: new Array<number>(n).fill(3) } });
    expect(r.status === 'insufficient' && r.reason).toContain("'size'");
    const t = differenceInDifferences({ ...input, covariates: { group: input.treated.map((v) => (v ? 2 : 0)) } });
    expect(t.status === 'insufficient' && t.reason).toContain("'group'");
  });

  it('equals the difference of cell means without covariates (ties, all-equal cells, huge values)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.integer({ min: -5, max: 5 })), { minLength: 8, maxLength: 60 }),
        fc.constantFrom(1, 1e150),
        (rows, scale) => {
          const all = [...rows, [false, false, 0], [false, true, 1], [true, false, 2], [true, true, 3], [true, true, 3]] as [boolean, boolean, number][];
          const r = differenceInDifferences({
            outcome: all.map(([, , y]) => y * scale),
            treated: all.map(([t]) => t),
            post: all.map(([, p]) => p),
          });
          expect(r.status).toBe('ok');
          if (r.status !== 'ok') return;
          expect(Math.abs(r.effect - r.cellDifference)).toBeLessThanOrEqual(1e-11 * scale * (1 + Math.abs(r.cellDifference / scale)));
          expect(r.cells.control.pre.n + r.cells.control.post.n + r.cells.treated.pre.n + r.cells.treated.post.n).toBe(all.length);
          expect(r.confidenceInterval.lower).toBeLessThanOrEqual(r.effect);
          expect(r.confidenceInterval.upper).toBeGreaterThanOrEqual(r.effect);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('accepts 0/1 flags and typed arrays, and drops missing flags, clusters and periods', () => {
    const input = inputOf(base);
    const typed = ok(
      differenceInDifferences({
        outcome: Float64Array.from(input.outcome as number[]),
        treated: Uint8Array.from(base.treated),
        post: Uint8Array.from(base.post),
        cluster: input.cluster as readonly string[],
      }),
    );
    close(typed.effect, base.effect);
    close(typed.stdError, base.std_error);
    const holes = ok(
      differenceInDifferences({
        ...input,
        treated: input.treated.map((v, i) => (i === 0 ? null : v)),
        cluster: (input.cluster as readonly string[]).map((v, i) => (i === 1 ? null : v)),
        period: (input.period as readonly number[]).map((v, i) => (i === 2 ? NaN : v)),
      }),
    );
    expect(holes.n).toBe(base.n - 3);
    // Typed inputs are read, never modified (even when rows are dropped).
    const y = Float64Array.from(input.outcome as number[]);
    y[5] = NaN;
    const before = Array.from(y);
    const flags = Uint8Array.from(base.treated);
    ok(differenceInDifferences({ outcome: y, treated: flags, post: Uint8Array.from(base.post), cluster: input.cluster as readonly string[] }));
    expect(Array.from(y)).toEqual(before);
    expect(Array.from(flags)).toEqual(base.treated);
    expect(holes.warnings.map((w) => w.code)).toContain(DID_WARNINGS.missingDropped);
  });

  it('warns that parallel trends are untestable with a single pre period', () => {
    const input = inputOf(base);
    const period = input.post.map((p) => (p ? 2 : 1));
    const r = ok(differenceInDifferences({ ...input, period }));
    expect(r.preTrend).toBeNull();
    expect(r.warnings.map((w) => w.code)).toContain(DID_WARNINGS.parallelTrendsUntestable);
  });

  it('throws for bad arguments with the function name', () => {
    const y = [1, 2, 3, 4];
    const t = [false, false, true, true];
    const p = [false, true, false, true];
    expect(() => differenceInDifferences({ outcome: y, treated: t.slice(0, 3), post: p })).toThrow(/^differenceInDifferences: treated must have 4 values/);
    expect(() => differenceInDifferences({ outcome: y, treated: [0, 2, 1, 1], post: p })).toThrow(TypeError);
    expect(() => differenceInDifferences({ outcome: [1, Infinity, 3, 4], treated: t, post: p })).toThrow(/finite/);
    expect(() => differenceInDifferences({ outcome: y, treated: t, post: p }, { level: 0 })).toThrow(/level/);
    expect(() => differenceInDifferences({ outcome: y, treated: t, post: p }, { standardError: 'cluster' })).toThrow(/needs input.cluster/);
    expect(() => differenceInDifferences({ outcome: y, treated: t, post: p }, { distribution: 'f' as 'normal' })).toThrow(RangeError);
    expect(() => differenceInDifferences({ outcome: y, treated: t, post: p, cluster: [{}, 1, 2, 3] as unknown as number[] })).toThrow(TypeError);
  });
});
