import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalLogSurvival } from '../../src/analysis/distributions/index.js';
import { tTest } from '../../src/analysis/t-test.js';
import { welchTestFromSummary } from '../../src/analysis/welch-summary-test.js';
import type { SampleSummary } from '../../src/analysis/welch-summary-test.js';
import type { IntervalAlternative } from '../../src/analysis/wilson-interval.js';

interface Case {
  readonly call: string;
  readonly x: SampleSummary;
  readonly y: SampleSummary;
  readonly mu: number;
  readonly alternative: IntervalAlternative;
  readonly level: number;
  readonly error?: string;
  readonly statistic: number;
  readonly df: number;
  readonly p_value: number;
  readonly conf_int: readonly (number | string)[];
  readonly estimate: readonly number[];
  readonly stderr: number;
}

// R 4.2.2 t.test(x, y, mu, alternative, conf.level) on the raw samples of test/reference/welch-summary-test.R;
// the summaries passed in are R's mean(), var() (null for n = 1) and length() of those samples.
const cases: readonly Case[] = JSON.parse(
  readFileSync(new URL('../reference/welch-summary-test.json', import.meta.url), 'utf8'),
  (_key, v: unknown) => (v === null ? NaN : v),
);

function bound(v: number | string): number {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v as number;
}

/**
 * Relative 1e-10: R runs the same formulas on the same summaries (its mean and var, to 17 digits), so only
 * rounding differs; p-values down to 1e-117 agree to ~1e-13.
 */
function expectClose(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * Math.abs(expected));
}

describe('welchTestFromSummary against R t.test on the raw samples', () => {
  it('has the fixture, with refusals and a p-value near 1e-117', () => {
    expect(cases.length).toBe(23);
    expect(cases.filter((c) => c.error !== undefined).length).toBe(3);
    expect(Math.min(...cases.filter((c) => c.error === undefined).map((c) => c.p_value))).toBeLessThan(1e-110);
  });
  for (const c of cases) {
    it(c.call, () => {
      const r = welchTestFromSummary(c.x, c.y, { mu: c.mu, alternative: c.alternative, level: c.level });
      if (c.error !== undefined) {
        expect(r.status).toBe('insufficient');
        return;
      }
      if (r.status !== 'ok') throw new Error(r.reason);
      expect(r.method).toBe('welch');
      expectClose(r.statistic, c.statistic);
      expectClose(r.df, c.df);
      expectClose(r.pValue, c.p_value);
      expectClose(r.confidenceInterval.lower, bound(c.conf_int[0] as number | string));
      expectClose(r.confidenceInterval.upper, bound(c.conf_int[1] as number | string));
      expectClose(r.stderr, c.stderr);
      expect(r.meanX).toBe(c.estimate[0]);
      expect(r.meanY).toBe(c.estimate[1]);
      expect(r.estimate).toBe(c.x.mean - c.y.mean);
      expect([r.nX, r.nY]).toEqual([c.x.n, c.y.n]);
      expect(r.confidenceInterval.level).toBe(c.level);
      expect(r.warnings).toEqual([]);
    });
  }
});

function summary(values: readonly number[]): SampleSummary {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : NaN;
  return { mean, variance, n };
}

describe('welchTestFromSummary small and degenerate samples', () => {
  it('fewer than 2 values in a sample is insufficient, as R refuses it', () => {
    const a = { mean: 3, variance: 2.5, n: 5 };
    expect(welchTestFromSummary({ mean: 7.25, variance: NaN, n: 1 }, a)).toEqual({
      status: 'insufficient',
      method: 'welch',
      reason: 'welchTestFromSummary: needs at least 2 values in x, got 1',
    });
    expect(welchTestFromSummary(a, { mean: NaN, variance: NaN, n: 0 })).toMatchObject({
      status: 'insufficient',
      reason: 'welchTestFromSummary: needs at least 2 values in y, got 0',
    });
    // SQL NULLs parsed as NaN for an empty group, variance 0 for one value: accepted, not used.
    expect(welchTestFromSummary({ mean: NaN, variance: NaN, n: 0 }, { mean: 1, variance: 0, n: 1 }).status).toBe(
      'insufficient',
    );
  });

  it('two constant samples are insufficient with R\'s reason; one constant sample is fine', () => {
    const reason = 'welchTestFromSummary: data are essentially constant';
    expect(welchTestFromSummary({ mean: 4, variance: 0, n: 4 }, { mean: 7, variance: 0, n: 3 })).toMatchObject({
      status: 'insufficient',
      reason,
    });
    // Variance at rounding level of a large mean (R: stderr < 10 ε max|mean|).
    expect(welchTestFromSummary({ mean: 1e9, variance: 1e-20, n: 3 }, { mean: 1e9, variance: 0, n: 3 })).toMatchObject({
      status: 'insufficient',
      reason,
    });
    const r = welchTestFromSummary({ mean: 4, variance: 0, n: 4 }, { mean: 6.2, variance: 12.2, n: 5 });
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(r.df).toBeCloseTo(4, 12); // all the variance from y: df = n_y − 1
  });

  it('handles huge counts (n = 10^9 per period): p underflows, its log stays finite', () => {
    const r = welchTestFromSummary({ mean: 302, variance: 90000, n: 1e9 }, { mean: 300, variance: 80000, n: 1.2e9 });
    if (r.status !== 'ok') throw new Error(r.reason);
    expect(r.stderr).toBeCloseTo(Math.sqrt(90000 / 1e9 + 80000 / 1.2e9), 15);
    expect(r.df).toBeGreaterThan(2e9);
    expect(r.pValue).toBe(0);
    // df ≈ 2·10^9: the t tail is nearly the normal one, ln p ≈ ln 2 + ln(1 − Φ(t)) ≈ −12,770; the t tail is
    // heavier by ≈ t⁴/(4 df) ≈ 0.08 in ln p at t ≈ 160, a relative 6e-6.
    const normalLogP = Math.LN2 + normalLogSurvival(r.statistic);
    expect(r.logPValue).toBeGreaterThan(normalLogP);
    expect(Math.abs(r.logPValue / normalLogP - 1)).toBeLessThan(1e-5);
  });

  it('rejects invalid arguments with the function name', () => {
    const a = { mean: 3, variance: 2.5, n: 5 };
    expect(() => welchTestFromSummary({ mean: 3, variance: 2.5, n: 4.5 }, a)).toThrow(
      'welchTestFromSummary: x.n must be a non-negative integer, got x.n = 4.5',
    );
    expect(() => welchTestFromSummary(a, { mean: 3, variance: -1, n: 5 })).toThrow(
      'welchTestFromSummary: y.variance must be a finite number ≥ 0 when n ≥ 2, got y.variance = -1',
    );
    expect(() => welchTestFromSummary(a, { mean: 3, variance: NaN, n: 5 })).toThrow(/^welchTestFromSummary: y.variance/);
    expect(() => welchTestFromSummary({ mean: Infinity, variance: 1, n: 5 }, a)).toThrow(
      'welchTestFromSummary: x.mean must be a finite number, got x.mean = Infinity',
    );
    expect(() => welchTestFromSummary(a, a, { level: 0 })).toThrow(/^welchTestFromSummary: level/);
    expect(() => welchTestFromSummary(a, a, { mu: NaN })).toThrow(/^welchTestFromSummary: mu must be a finite number/);
    expect(() => welchTestFromSummary(a, a, { alternative: 'both' as IntervalAlternative })).toThrow(RangeError);
    expect(() => welchTestFromSummary({ mean: '3', variance: 1, n: 5 } as unknown as SampleSummary, a)).toThrow(TypeError);
    expect(() => welchTestFromSummary(null as unknown as SampleSummary, a)).toThrow(TypeError);
  });
});

describe('welchTestFromSummary agrees with tTest on the raw samples (fast-check)', () => {
  const sample = fc.array(fc.integer({ min: -1_600_000, max: 1_600_000 }).map((v) => v / 16), { minLength: 2, maxLength: 40 });
  const alternative = fc.constantFrom<IntervalAlternative>('two.sided', 'less', 'greater');
  it('same statistic, df, p-value and interval', () => {
    fc.assert(
      fc.property(sample, sample, alternative, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (x, y, alt, level) => {
        const raw = tTest(x, y, { alternative: alt, level });
        const summed = welchTestFromSummary(summary(x), summary(y), { alternative: alt, level });
        expect(summed.status).toBe(raw.status);
        if (raw.status !== 'ok' || summed.status !== 'ok') return;
        // The summaries here come from a naive two-pass sum, tTest's from a corrected one: equal to ~1e-12.
        const tol = (a: number) => 1e-8 * Math.max(1, Math.abs(a));
        expect(Math.abs(summed.statistic - raw.statistic)).toBeLessThanOrEqual(tol(raw.statistic));
        expect(Math.abs(summed.df - raw.df)).toBeLessThanOrEqual(tol(raw.df));
        expect(Math.abs(summed.pValue - raw.pValue)).toBeLessThanOrEqual(1e-8);
        if (Number.isFinite(raw.confidenceInterval.lower)) {
          expect(Math.abs(summed.confidenceInterval.lower - raw.confidenceInterval.lower)).toBeLessThanOrEqual(
            tol(raw.confidenceInterval.lower) + 1e-8 * raw.stderr,
          );
        }
      }),
    );
  });
});
