import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOLT_WINTERS_WARNINGS,
  type HoltWintersModel,
  type HoltWintersOptions,
  forecast,
  holtWinters,
} from '../../src/analysis/holt-winters/index.js';

/**
 * Expected values from R 4.2.2 `HoltWinters` / `predict.HoltWinters` (test/reference/holt-winters.R →
 * holt-winters.json; each case keeps its call).
 * - Fixed α, β, γ: the same start-up and recursion in the same operation order, so relative tolerance 1e-10
 *   (measured worst 5e-12). Additive season values and trends near 0 are compared against 1e-3 × the data's
 *   mean magnitude: their rounding error scales with the data. R's NA is NaN here.
 * - Fitted parameters: only the SSE is judged (parameters can differ where the surface is flat, see
 *   STACK.md): servq's SSE must be ≤ R's × (1 + 1e-6).
 */
type Num = number | null;
interface FixedCase {
  readonly call: string;
  readonly x: readonly number[];
  readonly options: HoltWintersOptions;
  readonly SSE: number;
  readonly alpha: number;
  readonly beta: Num;
  readonly gamma: Num;
  readonly xhat: readonly number[];
  readonly level: readonly number[];
  readonly trend: readonly number[] | null;
  readonly season: readonly number[] | null;
  readonly a: number;
  readonly b: Num;
  readonly s: readonly number[];
  readonly residualVariance: number;
  readonly predict: readonly { call: string; level: number; fit: Num[]; upr: Num[]; lwr: Num[] }[];
}
interface FittedCase {
  readonly call: string;
  readonly x: readonly number[];
  readonly options: HoltWintersOptions;
  readonly SSE: number;
  readonly alpha: number;
  readonly beta: Num;
  readonly gamma: Num;
}
const fixture = JSON.parse(readFileSync(new URL('../reference/holt-winters.json', import.meta.url), 'utf8')) as {
  fixed: FixedCase[];
  fitted: FittedCase[];
};

const REL = 1e-10;

function expectClose(actual: readonly number[] | null, expected: readonly Num[] | null, floor: number, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(actual!.length, label).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual![i] as number;
    if (e === null) expect(Number.isNaN(a), `${label}[${i}] should be NaN (R NA), got ${a}`).toBe(true);
    else expect(Math.abs(a - e) <= REL * Math.max(Math.abs(e), floor), `${label}[${i}]: got ${a}, R ${e}`).toBe(true);
  });
}

function ok(m: ReturnType<typeof holtWinters>): HoltWintersModel {
  if (m.status !== 'ok') throw new Error(`expected a model, got insufficient: ${m.reason}`);
  return m;
}

describe('holtWinters with fixed parameters against R', () => {
  for (const c of fixture.fixed) {
    it(c.call, () => {
      const m = ok(holtWinters(c.x, c.options));
      const floor = 1e-3 * (c.x.reduce((s, v) => s + Math.abs(v), 0) / c.x.length);
      expect(Math.abs(m.sse - c.SSE)).toBeLessThanOrEqual(REL * c.SSE);
      expect(m.alpha).toBe(c.alpha);
      expect(m.beta).toBe(c.beta);
      expect(m.gamma).toBe(c.gamma);
      expect(m.estimated).toEqual({ alpha: false, beta: false, gamma: false });
      expect(m.evaluations).toBe(0);
      expectClose(m.fitted, c.xhat, 0, 'xhat');
      expectClose(m.level, c.level, 0, 'level');
      expectClose(m.trend, c.trend, floor, 'trend');
      const multiplicative = c.options.seasonal === 'multiplicative';
      expectClose(m.season, c.season, multiplicative ? 0 : floor, 'season');
      expectClose([m.coefficients.level], [c.a], 0, 'a');
      expectClose(m.coefficients.trend === null ? null : [m.coefficients.trend], c.b === null ? null : [c.b], floor, 'b');
      expectClose(m.coefficients.season, c.s, multiplicative ? 0 : floor, 's');
      expect(m.startIndex + m.fitted.length).toBe(c.x.length);
      for (const p of c.predict) {
        const f = forecast(m, 30, { level: p.level });
        expect(f.status).toBe('ok');
        expectClose(f.mean, p.fit, 0, `${p.call} fit`);
        expectClose(f.upper, p.upr, 0, `${p.call} upr`);
        expectClose(f.lower, p.lwr, 0, `${p.call} lwr`);
        expect(f.warnings.map((w) => w.code)).toEqual(multiplicative ? [HOLT_WINTERS_WARNINGS.multiplicativeIntervals] : []);
      }
    });
  }

  it("reproduces R's NA intervals for a multiplicative model without trend (R indexes past its coefficients)", () => {
    const c = fixture.fixed.find((k) => k.call.includes('beta = FALSE, gamma = 0.6')) as FixedCase;
    const f = forecast(ok(holtWinters(c.x, c.options)), 30);
    // h = 12, 24: rel = f, coefficient 2 + f does not exist (length 1 + f).
    expect(c.predict[0]!.upr[11]).toBeNull();
    expect(Number.isNaN(f.upper[11]!) && Number.isNaN(f.upper[23]!)).toBe(true);
    expect(Number.isFinite(f.upper[10]!)).toBe(true);
  });
});

describe('holtWinters fitting against R (SSE reached)', () => {
  for (const c of fixture.fitted) {
    it(`${c.call}: SSE ≤ R's ${c.SSE} × (1 + 1e-6)`, () => {
      const m = ok(holtWinters(c.x, c.options));
      expect(m.sse).toBeLessThanOrEqual(c.SSE * (1 + 1e-6));
      for (const v of [m.alpha, m.beta ?? 0, m.gamma ?? 0]) expect(v >= 0 && v <= 1).toBe(true);
      expect(m.estimated.alpha).toBe(c.options.alpha === undefined);
      expect(m.beta === null).toBe(c.beta === null);
      expect(m.gamma === null).toBe(c.gamma === null);
      // The SSE reported is the SSE of the parameters reported (a fitted α can be 0, as R's bounds allow, but
      // α = 0 cannot be given: R refuses it too).
      if (m.alpha === 0) return;
      const again = ok(
        holtWinters(c.x, {
          ...c.options,
          alpha: m.alpha,
          ...(m.beta === null ? {} : { beta: m.beta }),
          ...(m.gamma === null ? {} : { gamma: m.gamma }),
        }),
      );
      expect(again.sse).toBe(m.sse);
    });
  }
});

describe('holtWinters edge cases', () => {
  const monthly = fixture.fixed[0]!.x.slice(0, 48);

  it('returns insufficient for empty input, n = 1 and series shorter than two periods', () => {
    expect(holtWinters([], { period: 12 }).status).toBe('insufficient');
    expect(holtWinters([5], { period: 12 }).status).toBe('insufficient');
    expect(holtWinters(monthly.slice(0, 23), { period: 12 })).toEqual({
      status: 'insufficient',
      method: 'holt-winters-additive',
      reason: 'holtWinters: needs at least 24 observations for this model, got 23',
    });
    expect(holtWinters(monthly.slice(0, 24), { period: 12 }).status).toBe('ok');
    expect(holtWinters([1, 2], { season: false, trend: false }).status).toBe('insufficient');
    expect(holtWinters([1, 2, 3], { season: false }).status).toBe('insufficient');
    expect(holtWinters([1, 2, 4, 3], { season: false }).status).toBe('ok');
  });

  it('returns insufficient for missing or infinite values', () => {
    const x: (number | null)[] = [...monthly];
    x[30] = null;
    expect(holtWinters(x, { period: 12 }).status).toBe('insufficient');
    const y = [...monthly];
    y[3] = Number.NaN;
    expect(holtWinters(y, { period: 12 }).status).toBe('insufficient');
    y[3] = Number.POSITIVE_INFINITY;
    expect(holtWinters(y, { period: 12 }).status).toBe('insufficient');
  });

  it('returns insufficient for a multiplicative season with a zero value (R stops)', () => {
    const x = [...monthly];
    x[5] = 0;
    const r = holtWinters(x, { period: 12, seasonal: 'multiplicative' });
    expect(r.status).toBe('insufficient');
    // R skips the check when gamma = 0 is given.
    expect(holtWinters(x, { period: 12, seasonal: 'multiplicative', gamma: 0 }).status).toBe('ok');
  });

  it('fits a constant series exactly, warns, and gives zero-width intervals', () => {
    const m = ok(holtWinters(new Array<number>(36).fill(5), { period: 12 }));
    expect(m.warnings.map((w) => w.code)).toEqual([HOLT_WINTERS_WARNINGS.constantSeries]);
    expect(m.sse).toBeLessThan(1e-20);
    const f = forecast(m, 3);
    expect(f.mean.every((v) => Math.abs(v - 5) < 1e-12)).toBe(true);
    expect(f.upper.every((v, i) => Math.abs(v - f.mean[i]!) < 1e-12)).toBe(true);
    const ses = ok(holtWinters([2, 2, 2, 2], { season: false, trend: false }));
    expect(ses.sse).toBe(0);
    expect(ses.alpha).toBe(0.3);
  });

  it('throws on invalid arguments', () => {
    expect(() => holtWinters(monthly, {})).toThrow(/^holtWinters: period must be an integer >= 2 for a seasonal model, got period = undefined$/);
    expect(() => holtWinters(monthly, { period: 1 })).toThrow(RangeError);
    expect(() => holtWinters(monthly, { period: 12, alpha: 0 })).toThrow(/alpha must be a number in \(0, 1\], got alpha = 0/);
    expect(() => holtWinters(monthly, { period: 12, beta: 1.5 })).toThrow(/beta must be a number in \[0, 1\]/);
    expect(() => holtWinters(monthly, { period: 12, gamma: -0.1 })).toThrow(/gamma/);
    expect(() => holtWinters(monthly, { period: 12, trend: false, beta: 0.2 })).toThrow(/trend is false/);
    expect(() => holtWinters(monthly, { season: false, gamma: 0.2 })).toThrow(/season is false/);
    expect(() => holtWinters(monthly, { period: 12, seasonal: 'log' as 'additive' })).toThrow(/seasonal must be/);
    expect(() => holtWinters(monthly, { period: 12, startPeriods: 1 })).toThrow(/startPeriods/);
  });

  it('fits huge values without overflow (parameters fitted on an exactly rescaled copy)', () => {
    const c = fixture.fitted.find((k) => k.call === 'HoltWinters(co2)') as FittedCase;
    const base = ok(holtWinters(c.x, c.options));
    const huge = ok(holtWinters(c.x.map((v) => v * 2 ** 500), c.options));
    expect(huge.alpha).toBe(base.alpha);
    expect(huge.beta).toBe(base.beta);
    expect(huge.gamma).toBe(base.gamma);
    expect(huge.sse).toBe(base.sse * 2 ** 1000);
  });

  it('names the variant and marks which parameters were fitted', () => {
    const m = ok(holtWinters(monthly, { period: 12, trend: false, alpha: 0.4 }));
    expect(m.method).toBe('holt-winters-additive-no-trend');
    expect(m.estimated).toEqual({ alpha: false, beta: false, gamma: true });
    expect(m.beta).toBeNull();
    expect(m.trend).toBeNull();
    expect(ok(holtWinters(monthly, { season: false })).method).toBe('holt');
    expect(ok(holtWinters(monthly, { season: false, trend: false })).method).toBe('exponential-smoothing');
  });
});

describe('forecast', () => {
  const c = fixture.fixed[0]!;
  const m = ok(holtWinters(c.x, c.options));

  it('throws on invalid horizon or level and passes insufficient through', () => {
    expect(() => forecast(m, 0)).toThrow(/^forecast: horizon must be an integer >= 1, got horizon = 0$/);
    expect(() => forecast(m, 1.5)).toThrow(RangeError);
    expect(() => forecast(m, 3, { level: 1 })).toThrow(/level must be in \(0, 1\)/);
    const bad = holtWinters([1], { period: 12 });
    expect(forecast(bad, 3)).toBe(bad);
  });

  it('widens intervals with the horizon and with the level', () => {
    const f95 = forecast(m, 24);
    const f80 = forecast(m, 24, { level: 0.8 });
    for (let h = 1; h < 24; h++) expect(f95.standardError[h]!).toBeGreaterThanOrEqual(f95.standardError[h - 1]!);
    for (let h = 0; h < 24; h++) expect(f95.upper[h]! - f95.lower[h]!).toBeGreaterThan(f80.upper[h]! - f80.lower[h]!);
  });
});

describe('holtWinters properties', () => {
  const seriesArb = fc
    .record({
      period: fc.integer({ min: 2, max: 6 }),
      cycles: fc.integer({ min: 3, max: 6 }),
      noise: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 36, maxLength: 36 }),
      slope: fc.double({ min: -1, max: 1, noNaN: true }),
    })
    .map(({ period, cycles, noise, slope }) => ({
      period,
      x: Array.from({ length: period * cycles }, (_, i) => 100 + slope * i + 10 * Math.sin((2 * Math.PI * i) / period) + noise[i % 36]!),
    }));

  it('fixed-parameter additive fits shift with the data: SSE unchanged, forecasts shifted', () => {
    fc.assert(
      fc.property(seriesArb, fc.double({ min: -1000, max: 1000, noNaN: true }), ({ period, x }, shift) => {
        const opts = { period, alpha: 0.4, beta: 0.1, gamma: 0.3 };
        const a = ok(holtWinters(x, opts));
        const b = ok(holtWinters(x.map((v) => v + shift), opts));
        const fa = forecast(a, 5);
        const fb = forecast(b, 5);
        return (
          Math.abs(a.sse - b.sse) <= 1e-6 * (a.sse + 1) &&
          fa.mean.every((v, i) => Math.abs(v + shift - fb.mean[i]!) <= 1e-8 * (Math.abs(shift) + 100))
        );
      }),
      { numRuns: 40 },
    );
  });

  it('a fitted SSE is never above the SSE at R\'s starting values or at any grid corner', () => {
    fc.assert(
      fc.property(seriesArb, ({ period, x }) => {
        const fit = ok(holtWinters(x, { period }));
        const start = ok(holtWinters(x, { period, alpha: 0.3, beta: 0.1, gamma: 0.1 }));
        const corner = ok(holtWinters(x, { period, alpha: 1, beta: 0, gamma: 1 }));
        return fit.sse <= start.sse && fit.sse <= corner.sse;
      }),
      { numRuns: 30 },
    );
  });
});
