import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_CHART_WARNINGS,
  DEFAULT_RUN_RULES,
  RUN_RULES,
  controlChart,
  type ControlChartBaseline,
  type ControlChartOptions,
  type ControlChartResult,
  type ControlChartType,
  type RunRuleId,
} from '../../src/analysis/control-chart/index.js';

// Reference: R 4.2.2, textbook formulas (Montgomery; the formulas of qcc's limits.p/np/c/u, XmR with d2 = 1.128,
// D4 = 3.267) written out in test/reference/control-chart.R → control-chart.json (Debian 12 has no r-cran-qcc).
// Tolerance: relative 1e-12 for centre, sigma, statistics, per-point sigmas and limits (the same closed forms,
// evaluated in a possibly different order); out-of-limit indices exact.
// Run rules are tested on hand-made series whose violations are known by construction (comments below).
type Num = number | 'NaN';
interface Case {
  name: string;
  type: ControlChartType;
  phase: 'I' | 'II';
  call: string;
  data: Num[];
  sizes?: Num[];
  baseline?: ControlChartBaseline;
  centre: number;
  sigma: number;
  baselineCentre: number;
  movingRangeMean?: number;
  statistics: Num[];
  sigmas: Num[];
  lower: Num[];
  upper: Num[];
  outOfLimits: number[];
  movingRange?: Num[];
  movingRangeUpper?: number;
  movingRangeOut?: number[];
}
const ref = JSON.parse(readFileSync(new URL('../reference/control-chart.json', import.meta.url), 'utf8')) as { version: string; cases: Case[] };
const REL = 1e-12;

const orNull = (v: Num): number | null => (v === 'NaN' ? null : v);
const orNaN = (v: Num): number => (v === 'NaN' ? NaN : v);

function expectCloseArray(got: readonly (number | null)[], want: readonly Num[], label: string): void {
  expect(got.length, label).toBe(want.length);
  got.forEach((g, i) => {
    const w = orNull(want[i] as Num);
    if (w === null) expect(g, `${label}[${i}]`).toBeNull();
    else expect(Math.abs((g as number) - w) <= REL * Math.abs(w), `${label}[${i}]: ${g} vs ${w}`).toBe(true);
  });
}

function ok(data: ArrayLike<number | null>, options: ControlChartOptions): ControlChartResult {
  const r = controlChart(data, options);
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

describe('controlChart against the textbook formulas in R', () => {
  it.each(ref.cases.map((c) => [`${c.name}: ${c.call}`, c] as const))('%s', (_label, c) => {
    const sizes = c.sizes === undefined ? undefined : c.sizes.length === 1 && c.type === 'np' ? (c.sizes[0] as number) : c.sizes.map(orNaN);
    const options: ControlChartOptions = {
      type: c.type,
      ...(sizes === undefined ? {} : { sizes }),
      ...(c.baseline === undefined ? {} : { limits: c.baseline }),
    };
    const r = ok(c.data.map(orNull), options);
    expect(r.phase).toBe(c.phase);
    expect(Math.abs(r.centre - c.centre) <= REL * Math.abs(c.centre)).toBe(true);
    expect(Math.abs(r.sigma - c.sigma) <= REL * Math.abs(c.sigma)).toBe(true);
    expect(Math.abs(r.baseline.centre - c.baselineCentre) <= REL * Math.abs(c.baselineCentre)).toBe(true);
    expectCloseArray(r.statistics, c.statistics, 'statistics');
    expectCloseArray(r.sigmas, c.sigmas, 'sigmas');
    expectCloseArray(r.lowerLimits, c.lower, 'lower');
    expectCloseArray(r.upperLimits, c.upper, 'upper');
    expect(r.outOfLimits).toEqual(c.outOfLimits);
    if (c.type === 'xmr') {
      const mr = r.movingRange;
      expect(mr).not.toBeNull();
      expectCloseArray(mr?.values ?? [], c.movingRange as Num[], 'movingRange');
      expect(Math.abs((mr?.centre as number) - (c.movingRangeMean as number)) <= REL * (c.movingRangeMean as number)).toBe(true);
      expect(Math.abs((mr?.upperLimit as number) - (c.movingRangeUpper as number)) <= REL * (c.movingRangeUpper as number)).toBe(true);
      expect(mr?.lowerLimit).toBe(0);
      expect(mr?.outOfLimits).toEqual(c.movingRangeOut);
    } else {
      expect(r.movingRange).toBeNull();
    }
  });

  it('a phase I baseline fed back as phase II limits reproduces the phase I limits', () => {
    for (const c of ref.cases.filter((k) => k.phase === 'I' && k.type !== 'np')) {
      const options: ControlChartOptions = { type: c.type, ...(c.sizes === undefined ? {} : { sizes: c.sizes.map(orNaN) }) };
      const data = c.data.map(orNull);
      const one = ok(data, options);
      const two = ok(data, { ...options, limits: one.baseline });
      expect(two.phase).toBe('II');
      expect([two.lowerLimits, two.upperLimits, two.outOfLimits]).toEqual([one.lowerLimits, one.upperLimits, one.outOfLimits]);
    }
  });
});

// Run-rule series are charted in phase II against a frozen individuals baseline with centre 0 and
// MR̄ = 1.128, so σ = MR̄/1.128 = 1 exactly and every plotted value is its own z-score.
const UNIT: ControlChartBaseline = { type: 'xmr', centre: 0, movingRangeMean: 1.128 };
function signals(x: readonly (number | null)[], rules: readonly RunRuleId[]): { rule: string; index: number; points: readonly number[]; direction: string }[] {
  return ok(x, { type: 'xmr', limits: UNIT, rules }).violations.map((v) => ({ ...v }));
}

describe('run rules on series with violations known by construction', () => {
  it('nelson-1 / we-1: a point strictly beyond 3σ', () => {
    // 3.5 (index 1) is above, −3.2 (index 3) below; exactly 3 (index 4) is on the limit, not beyond.
    const x = [0, 3.5, 0, -3.2, 3];
    expect(signals(x, ['nelson-1'])).toEqual([
      { rule: 'nelson-1', index: 1, points: [1], direction: 'above' },
      { rule: 'nelson-1', index: 3, points: [3], direction: 'below' },
    ]);
    expect(signals(x, ['we-1']).map((v) => v.index)).toEqual([1, 3]);
  });

  it('nelson-2: nine in a row on one side, signalled at the 9th and every further point', () => {
    // indices 1..10 are above (10 points): windows ending at 9 (points 1..9) and 10 (points 2..10).
    const x = [-1, ...Array(10).fill(0.5), -0.5];
    expect(signals(x, ['nelson-2'])).toEqual([
      { rule: 'nelson-2', index: 9, points: [1, 2, 3, 4, 5, 6, 7, 8, 9], direction: 'above' },
      { rule: 'nelson-2', index: 10, points: [2, 3, 4, 5, 6, 7, 8, 9, 10], direction: 'above' },
    ]);
    // Eight below then one exactly on the centre line then more below: the centre point breaks the run.
    expect(signals([...Array(8).fill(-0.2), 0, ...Array(8).fill(-0.2)], ['nelson-2'])).toEqual([]);
    // A missing point breaks the run too.
    expect(signals([...Array(5).fill(0.3), null, ...Array(5).fill(0.3)], ['nelson-2'])).toEqual([]);
  });

  it('we-4: eight in a row on one side', () => {
    // indices 2..9 below: one signal at 9.
    expect(signals([1, 0.1, ...Array(8).fill(-0.4), 0.2], ['we-4'])).toEqual([
      { rule: 'we-4', index: 9, points: [2, 3, 4, 5, 6, 7, 8, 9], direction: 'below' },
    ]);
    expect(signals([1, ...Array(7).fill(-0.4), 0.2], ['we-4'])).toEqual([]);
  });

  it('nelson-3: six points steadily increasing or decreasing; a tie breaks the trend', () => {
    expect(signals([0, 0.1, 0.2, 0.3, 0.4, 0.5], ['nelson-3'])).toEqual([
      { rule: 'nelson-3', index: 5, points: [0, 1, 2, 3, 4, 5], direction: 'increasing' },
    ]);
    expect(signals([2, 1.5, 1, 0.5, 0, -0.5, 1], ['nelson-3'])).toEqual([
      { rule: 'nelson-3', index: 5, points: [0, 1, 2, 3, 4, 5], direction: 'decreasing' },
    ]);
    // 0.2 repeated: the longest strict run is 0.2, 0.3, 0.4, 0.5 (4 points).
    expect(signals([0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], ['nelson-3'])).toEqual([]);
  });

  it('nelson-4: fourteen points alternating up and down', () => {
    const zigzag = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? -0.5 : 0.5));
    expect(signals(zigzag, ['nelson-4'])).toEqual([{ rule: 'nelson-4', index: 13, points: zigzag.map((_, i) => i), direction: 'mixed' }]);
    expect(signals(zigzag.slice(0, 13), ['nelson-4'])).toEqual([]);
    // An equal neighbour (index 7 repeats index 6) breaks the alternation.
    const broken = [...zigzag.slice(0, 7), zigzag[6] as number, ...zigzag.slice(7)];
    expect(signals(broken, ['nelson-4'])).toEqual([]);
  });

  it('nelson-5 / we-2: two of three beyond 2σ on the same side', () => {
    // 2.5 (index 1) and 2.1 (index 3) are beyond +2σ within the window 1..3: signal at 3 listing both.
    expect(signals([0, 2.5, 0, 2.1], ['nelson-5'])).toEqual([{ rule: 'nelson-5', index: 3, points: [1, 3], direction: 'above' }]);
    // Opposite sides, exactly 2σ (not beyond), and a gap of two points: no signal.
    expect(signals([2.5, -2.5, 0], ['we-2'])).toEqual([]);
    expect(signals([2.5, 2.0, 0], ['we-2'])).toEqual([]);
    expect(signals([2.5, 0, 0, 2.5], ['we-2'])).toEqual([]);
    // Below: −2.2, −2.8 consecutive (a window shortened at the start counts).
    expect(signals([-2.2, -2.8, 0], ['we-2'])).toEqual([{ rule: 'we-2', index: 1, points: [0, 1], direction: 'below' }]);
  });

  it('nelson-6 / we-3: four of five beyond 1σ on the same side', () => {
    // indices 0, 1, 3, 4 beyond +1σ, index 2 on the centre: signal at 4 (its window 0..4 has four).
    expect(signals([1.5, 1.5, 0, 1.5, 1.5], ['nelson-6'])).toEqual([{ rule: 'nelson-6', index: 4, points: [0, 1, 3, 4], direction: 'above' }]);
    expect(signals([1.5, 1.5, 0, 1.5, 1.0], ['we-3'])).toEqual([]); // 1.0 is not beyond 1σ
    expect(signals([1.5, 1.5, 0, 0, 1.5, 1.5], ['we-3'])).toEqual([]); // never four within five
  });

  it('nelson-7: fifteen points within 1σ; nelson-8: eight points beyond 1σ on either side', () => {
    const hugging = Array.from({ length: 15 }, (_, i) => (i % 2 === 0 ? 0.5 : -0.5));
    expect(signals(hugging, ['nelson-7'])).toEqual([{ rule: 'nelson-7', index: 14, points: hugging.map((_, i) => i), direction: 'mixed' }]);
    expect(signals([...hugging.slice(0, 7), 1.2, ...hugging.slice(8)], ['nelson-7'])).toEqual([]);
    const mixture = [1.5, -1.5, 2, -2, 1.1, -1.1, 2.5, -1.9];
    expect(signals(mixture, ['nelson-8'])).toEqual([{ rule: 'nelson-8', index: 7, points: [0, 1, 2, 3, 4, 5, 6, 7], direction: 'mixed' }]);
    expect(signals([...mixture.slice(0, 4), 0.5, ...mixture.slice(5)], ['nelson-8'])).toEqual([]);
  });

  it('sorts signals by index, then in RUN_RULES order; the default set is Western Electric 1–4', () => {
    expect(DEFAULT_RUN_RULES).toEqual(['we-1', 'we-2', 'we-3', 'we-4']);
    // 3.5 at index 2 is beyond 3σ (we-1) and, with 2.5 at index 1, 2 of 3 beyond 2σ (we-2).
    const v = ok([0, 2.5, 3.5], { type: 'xmr', limits: UNIT }).violations;
    expect(v.map((s) => [s.index, s.rule])).toEqual([
      [2, 'we-1'],
      [2, 'we-2'],
    ]);
    const all = Object.values(RUN_RULES);
    const both = ok([0, 2.5, 3.5], { type: 'xmr', limits: UNIT, rules: all }).violations.map((s) => s.rule);
    expect(both).toEqual(['nelson-1', 'nelson-5', 'we-1', 'we-2']);
    expect(ok([0, 2.5, 3.5], { type: 'xmr', limits: UNIT, rules: [] }).violations).toEqual([]);
  });

  it('zone rules use each point’s own σ on a p chart with varying sizes', () => {
    // Frozen p̄ = 0.5: σ_i = 0.5/√n_i, 0.1 for n = 25 and 0.05 for n = 100.
    // Point 0: 18/25 = 0.72 → z = 2.2; point 1: 61/100 = 0.61 → z = 2.2: two of two beyond 2σ → we-2 at 1.
    const base: ControlChartBaseline = { type: 'p', centre: 0.5 };
    expect(ok([18, 61], { type: 'p', sizes: [25, 100], limits: base, rules: ['we-2'] }).violations.map((v) => v.index)).toEqual([1]);
    // The same proportion 0.6 from n = 25 (15/25) is only 1σ above: no signal.
    expect(ok([18, 15], { type: 'p', sizes: [25, 25], limits: base, rules: ['we-2'] }).violations).toEqual([]);
  });

  it('a constant series (σ = 0) triggers no rule at all', () => {
    const r = ok(Array(20).fill(4), { type: 'xmr', rules: Object.values(RUN_RULES) });
    expect(r.sigma).toBe(0);
    expect(r.violations).toEqual([]);
    expect(r.lowerLimits.every((l) => l === 4) && r.upperLimits.every((u) => u === 4)).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual([CONTROL_CHART_WARNINGS.zeroSigma]);
  });
});

describe('controlChart edge cases and validation', () => {
  it('returns insufficient without points or without a moving range', () => {
    expect(controlChart([], { type: 'c' }).status).toBe('insufficient');
    expect(controlChart([null, NaN], { type: 'c' }).status).toBe('insufficient');
    expect(controlChart([5], { type: 'xmr' }).status).toBe('insufficient');
    expect(controlChart([5, null, 6], { type: 'xmr' }).status).toBe('insufficient');
    expect(controlChart([0, 0], { type: 'p', sizes: [0, 0] }).status).toBe('insufficient');
  });

  it('charts a single point: c chart phase I, xmr phase II', () => {
    const c = ok([4], { type: 'c' });
    expect([c.centre, c.sigma, c.lowerLimits[0], c.upperLimits[0]]).toEqual([4, 2, 0, 10]);
    const x = ok([7], { type: 'xmr', limits: UNIT });
    expect(x.movingRange?.values).toEqual([null]);
    expect(x.outOfLimits).toEqual([0]);
  });

  it('treats size-0 subgroups and missing counts as missing points, with warnings', () => {
    const r = ok([1, 0, null, 3], { type: 'p', sizes: [10, 0, 10, 10] });
    expect(r.statistics).toEqual([0.1, null, null, 0.3]);
    expect([r.n, r.missingCount, r.centre]).toEqual([2, 2, 0.2]);
    expect(r.lowerLimits[1]).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual([CONTROL_CHART_WARNINGS.missingPoints, CONTROL_CHART_WARNINGS.zeroSizeSubgroups]);
  });

  it('rejects invalid data, sizes, rules and baselines', () => {
    expect(() => controlChart([1, -1], { type: 'c' })).toThrow(/^controlChart: data\[1\]/);
    expect(() => controlChart([1, 11], { type: 'p', sizes: 10 })).toThrow(/integer in 0\.\.sizes/);
    expect(() => controlChart([1.5], { type: 'np', sizes: 10 })).toThrow(RangeError);
    expect(() => controlChart([1, 2], { type: 'np', sizes: [10, 20] })).toThrow(/equal sizes/);
    expect(() => controlChart([1, 2], { type: 'p' })).toThrow(TypeError);
    expect(() => controlChart([1, 2], { type: 'c', sizes: 5 })).toThrow(TypeError);
    expect(() => controlChart([1, 2], { type: 'u', sizes: [1] })).toThrow(/one entry per point/);
    expect(() => controlChart([1, 2], { type: 'u', sizes: [1, -2] })).toThrow(/sizes\[1\]/);
    expect(() => controlChart([1, 2], { type: 'p', sizes: [5, 2.5] })).toThrow(/integer/);
    expect(() => controlChart([1, Infinity], { type: 'xmr' })).toThrow(/finite/);
    expect(() => controlChart([1, 2], { type: 'x' as 'c' })).toThrow(/^controlChart: type/);
    expect(() => controlChart([1, 2], { type: 'c', rules: ['nelson-9' as RunRuleId] })).toThrow(/unknown run rule/);
    expect(() => controlChart([1, 2], { type: 'c', rules: ['we-1', 'we-1'] })).toThrow(/twice/);
    expect(() => controlChart([1, 2], { type: 'c', limits: { type: 'u', centre: 1 } })).toThrow(/limits are for a u chart/);
    expect(() => controlChart([1, 2], { type: 'xmr', limits: { type: 'xmr', centre: 1 } })).toThrow(/movingRangeMean/);
    expect(() => controlChart([1, 2], { type: 'p', sizes: 5, limits: { type: 'p', centre: 1.5 } })).toThrow(/proportion/);
  });

  it('caps the p upper limit at 1 and the np upper limit at n; never floors xmr limits', () => {
    const p = ok([9, 10, 8, 10, 7], { type: 'p', sizes: 10 });
    expect(p.upperLimits.every((u) => u === 1)).toBe(true);
    const np = ok([9, 10, 8, 10, 7], { type: 'np', sizes: 10 });
    expect(np.upperLimits.every((u) => u === 10)).toBe(true);
    const x = ok([1, 5, 1, 5], { type: 'xmr' });
    expect(x.lowerLimits[0]).toBeLessThan(0);
  });
});

describe('controlChart properties', () => {
  it('limits bracket the centre, lower limits of attribute charts are ≥ 0, outOfLimits is exactly the points outside', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 0, max: 200 }), rate: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 60 }),
        (rows) => {
          const sizes = rows.map((r) => r.size);
          const d = rows.map((r) => Math.round(r.rate * r.size));
          const res = controlChart(d, { type: 'p', sizes, rules: Object.values(RUN_RULES) });
          if (res.status !== 'ok') return;
          const outside: number[] = [];
          res.statistics.forEach((s, i) => {
            if (s === null) return;
            const lo = res.lowerLimits[i] as number;
            const hi = res.upperLimits[i] as number;
            expect(lo).toBeGreaterThanOrEqual(0);
            expect(lo).toBeLessThanOrEqual(res.centre);
            expect(hi).toBeGreaterThanOrEqual(res.centre);
            expect(hi).toBeLessThanOrEqual(1);
            if (s > hi || s < lo) outside.push(i);
          });
          expect(res.outOfLimits).toEqual(outside);
          for (const v of res.violations) expect(v.points).toContain(v.index);
        },
      ),
    );
  });
});
