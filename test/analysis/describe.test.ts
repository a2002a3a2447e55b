import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESCRIBE_WARNINGS, describe as describeSample, type DescribeResult } from '../../src/analysis/describe.js';
import { close, num, nums, type RFixture, type ScipyFixture } from '../reference/descriptive.fixture.js';

// References:
// - R 4.2.2 (test/reference/descriptive.R → descriptive.json): length, sum, mean, var, sd, sd/sqrt(n), min, max,
//   quantile(type = 7 and 6) at .25/.5/.75/.9, IQR, t.test(x, conf.level = .95/.90/.99)$conf.int.
// - SciPy 1.10.1 (test/reference/descriptive.py → descriptive.scipy.json): scipy.stats.skew(x, bias=False) and
//   scipy.stats.kurtosis(x, fisher=True, bias=False), the G1/G2 definitions describe() documents; the same
//   script also evaluates G1/G2 in exact rational arithmetic (Python fractions) on the same doubles.
// Tolerances: quantiles, min, max, n exact (same arithmetic); sum and mean relative 1e-13 (R sums in long double,
// describe() with Neumaier compensation); variance, sd, se, interval, skewness, kurtosis relative 1e-10.
// Exceptions, each with its reason: the "offset" data (1e9 + N(0, 1)) is ill-conditioned for shape: the mean's
// last-bit rounding (ulp(1e9) ≈ 1.2e-7) shifts every deviation by ~1e-7, so its skewness/kurtosis are compared
// at 1e-6 with the exact values and at 1e-5 with SciPy (whose own error there is 1.3e-6); the "tinyRange" data
// (1 + k·1e-12) is not compared for shape: its deviations are made of rounding (exact G1 ≈ 7e-6, SciPy −5e-5).
const ref = JSON.parse(readFileSync(new URL('../reference/descriptive.json', import.meta.url), 'utf8')) as RFixture;
const scipy = JSON.parse(readFileSync(new URL('../reference/descriptive.scipy.json', import.meta.url), 'utf8')) as ScipyFixture;
const data: Record<string, number[]> = {};
for (const [k, v] of Object.entries(ref.datasets)) data[k] = nums(v);

function ok(x: ArrayLike<number | null>, options?: Parameters<typeof describeSample>[1]): DescribeResult {
  const r = describeSample(x, options);
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

function expectClose(got: number | null | undefined, want: number, rel: number, label: string): void {
  expect(got, label).not.toBeNull();
  expect(close(got as number, want, rel), `${label}: ${got} vs ${want}`).toBe(true);
}

describe('describe against R', () => {
  it.each(ref.describe.map((c) => [c.dataset, c] as const))('%s', (name, c) => {
    const x = data[name] as number[];
    const d = ok(x);
    const d6 = ok(x, { quantileType: 6 });
    expect(d.n).toBe(c.n);
    expect(d.min).toBe(num(c.min));
    expect(d.max).toBe(num(c.max));
    expect([d.q1, d.median, d.q3, d.p90]).toEqual(nums(c.q7));
    expect([d6.q1, d6.median, d6.q3, d6.p90]).toEqual(nums(c.q6));
    expect(d6.method).toBe('type-6');
    expect(d.iqr).toBe(num(c.iqr));
    expectClose(d.sum, num(c.sum), 1e-13, 'sum');
    expectClose(d.mean, num(c.mean), 1e-13, 'mean');
    if (c.variance === undefined) {
      expect(d.variance).toBeNull();
      expect(d.sd).toBeNull();
      expect(d.standardError).toBeNull();
      expect(d.meanConfidenceInterval).toBeNull();
      return;
    }
    expectClose(d.variance, num(c.variance), 1e-10, 'variance');
    expectClose(d.sd, num(c.sd as number), 1e-10, 'sd');
    expectClose(d.standardError, num(c.se as number), 1e-10, 'se');
    for (const [level, ci] of [[0.95, c.ci95], [0.9, c.ci90], [0.99, c.ci99]] as const) {
      if (ci === undefined) continue; // t.test refuses constant data
      const got = level === 0.95 ? d : ok(x, { level });
      expect(got.meanConfidenceInterval?.level).toBe(level);
      expectClose(got.meanConfidenceInterval?.lower, num(ci[0] as number), 1e-10, `lower ${level}`);
      expectClose(got.meanConfidenceInterval?.upper, num(ci[1] as number), 1e-10, `upper ${level}`);
    }
  });

  it('keeps mean, sd and sum of values near 1e300 finite and accurate', () => {
    const d = ok(data.huge as number[]);
    expectClose(d.mean, num(ref.describeHuge.mean), 1e-13, 'mean'); // R: long-double sum
    expectClose(d.sum, num(ref.describeHuge.sum), 1e-13, 'sum');
    // R's sd(x) overflows (Inf); describe() rescales the deviations, matching sd(x / 1e300) * 1e300.
    expect(num(ref.describeHuge.sdR)).toBe(Infinity);
    expectClose(d.sd, num(ref.describeHuge.sdScaled), 1e-10, 'sd');
    expect(d.variance).toBe(Infinity); // the true variance (~1.7e600) is beyond double range
  });
});

describe('describe skewness and excess kurtosis against SciPy (bias=False: G1, G2)', () => {
  it.each(scipy.cases.map((c) => [c.dataset, c] as const))('%s', (name, c) => {
    const d = ok(data[name] as number[]);
    if (name === 'tinyRange') return; // see the header: no meaningful reference
    const relScipy = name === 'offset' ? 1e-5 : 1e-10;
    const relExact = name === 'offset' ? 1e-6 : 1e-10;
    if (c.skewness === undefined || Number.isNaN(num(c.skewness))) expect(d.skewness).toBeNull();
    else expectClose(d.skewness, num(c.skewness), relScipy, 'skewness');
    if (c.excessKurtosis === undefined || Number.isNaN(num(c.excessKurtosis))) expect(d.excessKurtosis).toBeNull();
    else expectClose(d.excessKurtosis, num(c.excessKurtosis), relScipy, 'excessKurtosis');
    if (c.exactSkewness !== undefined) expectClose(d.skewness, c.exactSkewness, relExact, 'skewness (exact)');
    if (c.exactExcessKurtosis !== undefined) expectClose(d.excessKurtosis, c.exactExcessKurtosis, relExact, 'kurtosis (exact)');
    if (c.mean !== undefined) expectClose(d.mean, num(c.mean), 1e-13, 'mean (SciPy)');
    if (c.variance !== undefined) expectClose(d.variance, num(c.variance), 1e-10, 'variance (SciPy)');
  });
});

describe('describe edge cases', () => {
  it('returns insufficient for empty, all-missing and infinite input', () => {
    expect(describeSample([]).status).toBe('insufficient');
    expect(describeSample([NaN, null]).status).toBe('insufficient');
    const inf = describeSample([1, Infinity, 2]);
    expect(inf.status).toBe('insufficient');
    expect(inf.status === 'insufficient' && inf.reason).toMatch(/^describe: values must be finite/);
  });

  it('n = 1: location statistics only, spread and shape null, with a warning', () => {
    const d = ok([42.5]);
    expect([d.n, d.sum, d.mean, d.min, d.max, d.median, d.q1, d.q3, d.p90, d.iqr]).toEqual([1, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 0]);
    expect([d.variance, d.sd, d.standardError, d.meanConfidenceInterval, d.skewness, d.excessKurtosis]).toEqual([null, null, null, null, null, null]);
    expect(d.warnings.map((w) => w.code)).toEqual([DESCRIBE_WARNINGS.singleValue]);
  });

  it('all-equal values: sd 0, interval collapsed on the mean, shape null', () => {
    const d = ok([7.25, 7.25, 7.25, 7.25, 7.25]);
    expect([d.mean, d.sd, d.variance, d.standardError]).toEqual([7.25, 0, 0, 0]);
    expect(d.meanConfidenceInterval).toEqual({ level: 0.95, lower: 7.25, upper: 7.25 });
    expect([d.skewness, d.excessKurtosis]).toEqual([null, null]);
    expect(d.warnings.map((w) => w.code)).toEqual([DESCRIBE_WARNINGS.constantValues]);
  });

  it('n = 2 and 3: skewness needs 3 values, kurtosis 4', () => {
    const two = ok([3, -1]);
    expect([two.skewness, two.excessKurtosis]).toEqual([null, null]);
    expect(two.warnings.map((w) => w.code)).toEqual([DESCRIBE_WARNINGS.tooFewForShape]);
    const three = ok([0.5, 9, 2]);
    expect(three.skewness).not.toBeNull();
    expect(three.excessKurtosis).toBeNull();
  });

  it('drops NaN and null, counting them, with the same statistics as without them', () => {
    const clean = ok([4, 1, 3, 2, 10]);
    const dirty = ok([4, NaN, 1, null, 3, 2, NaN, 10]);
    expect(dirty.missingCount).toBe(3);
    expect(dirty.warnings.map((w) => w.code)).toContain(DESCRIBE_WARNINGS.missingDropped);
    expect({ ...dirty, missingCount: 0, warnings: [] }).toEqual({ ...clean, warnings: [] });
  });

  it('accepts typed arrays and leaves the input unchanged', () => {
    const x = Float64Array.from([5, 3, 1, 4, 2]);
    const d = ok(x);
    expect(d.median).toBe(3);
    expect([...x]).toEqual([5, 3, 1, 4, 2]);
  });

  it('validates its options', () => {
    expect(() => describeSample([1, 2], { level: 1 })).toThrow(/^describe: level/);
    expect(() => describeSample([1, 2], { level: 0 })).toThrow(RangeError);
    expect(() => describeSample([1, 2], { level: NaN })).toThrow(RangeError);
    expect(() => describeSample([1, 2], { quantileType: 0 as 1 })).toThrow(/^describe: type/);
  });
});

describe('describe properties', () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 4, maxLength: 200 });

  it('orders min ≤ q1 ≤ median ≤ q3 ≤ p90 ≤ max, with the mean inside [min, max] and the interval around it', () => {
    fc.assert(
      fc.property(sample, (x) => {
        const d = ok(x);
        expect(d.min).toBeLessThanOrEqual(d.q1);
        expect(d.q1).toBeLessThanOrEqual(d.median);
        expect(d.median).toBeLessThanOrEqual(d.q3);
        expect(d.q3).toBeLessThanOrEqual(d.p90);
        expect(d.p90).toBeLessThanOrEqual(d.max);
        expect(d.mean).toBeGreaterThanOrEqual(d.min);
        expect(d.mean).toBeLessThanOrEqual(d.max);
        const ci = d.meanConfidenceInterval;
        expect(ci).not.toBeNull();
        expect(ci?.lower).toBeLessThanOrEqual(d.mean);
        expect(ci?.upper).toBeGreaterThanOrEqual(d.mean);
      }),
    );
  });

  it('sd is shift-invariant and scales with |a|; skewness flips sign under negation; kurtosis is affine-invariant', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (x, shift) => {
        const d = ok(x);
        fc.pre(d.sd !== null && d.sd > 1e-3 && d.skewness !== null);
        const shifted = ok(x.map((v) => v + shift));
        const negated = ok(x.map((v) => -2 * v));
        expect(close(shifted.sd as number, d.sd as number, 1e-6)).toBe(true);
        expect(close(negated.sd as number, 2 * (d.sd as number), 1e-12)).toBe(true);
        expect(close(negated.skewness as number, -(d.skewness as number), 1e-9, 1e-9)).toBe(true);
        expect(close(negated.excessKurtosis as number, d.excessKurtosis as number, 1e-9, 1e-9)).toBe(true);
      }),
    );
  });
});
