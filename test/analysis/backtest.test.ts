import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKTEST_WARNINGS,
  type Forecaster,
  backtest,
  holtWintersForecaster,
  seasonalNaiveForecast,
} from '../../src/analysis/backtest.js';
import { insufficient } from '../../src/analysis/result.js';

/**
 * Expected values from a rolling origin written out by hand in R 4.2.2 (test/reference/holt-winters.R, section
 * "backtest"; forecast 8.20 `snaive` for the baseline): per origin t the training set x[1:t], forecasts from
 * `predict(HoltWinters(..., fixed α, β, γ), prediction.interval = TRUE)` or the training mean, MASE scale
 * `mean(abs(diff(x[1:t], lag = m)))`, metrics pooled over all errors. The same arithmetic, so relative
 * tolerance 1e-10.
 */
type Num = number | null;
interface Origin {
  trainLength: number;
  actual: number[];
  scale: number;
  mean: number[];
  lower: Num[] | null;
  upper: Num[] | null;
  mae: number;
  rmse: number;
  mape: number;
  mase: number;
  coverage: Num;
  naiveMean: number[];
  naiveLower: number[];
  naiveUpper: number[];
  naiveMae: number;
  naiveMase: number;
  naiveCoverage: number;
}
interface Case {
  name: string;
  x: number[];
  period: number;
  horizon: number;
  origins: number;
  level: number;
  forecaster: string;
  perOrigin: Origin[];
  overall: Record<string, Num>;
  maeByHorizon: number[];
  naiveMaeByHorizon: number[];
  coverageByHorizon: Num[];
}
const fixture = JSON.parse(readFileSync(new URL('../reference/holt-winters.json', import.meta.url), 'utf8')) as {
  backtest: Case[];
};

const REL = 1e-10;
function close(actual: number | null, expected: Num, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - expected) <= REL * Math.max(Math.abs(expected), 1e-12), `${label}: got ${actual}, R ${expected}`).toBe(true);
}
function closeAll(actual: readonly Num[] | null, expected: readonly Num[] | null, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual!.length, label).toBe(expected.length);
  expected.forEach((e, i) => close(actual![i] as Num, e, `${label}[${i}]`));
}

const trainingMean: Forecaster = (train, { horizon }) => {
  const m = train.reduce((s, v) => s + v, 0) / train.length;
  return { mean: new Array<number>(horizon).fill(m) };
};

const forecasters: Record<string, Forecaster> = {
  'AirPassengers, Holt-Winters with fixed parameters': holtWintersForecaster({ alpha: 0.3, beta: 0.05, gamma: 0.6 }),
  'counts with zeros, training mean': trainingMean,
};

describe('backtest against a hand-written R rolling origin', () => {
  for (const c of fixture.backtest) {
    it(`${c.name}: ${c.forecaster}`, () => {
      const r = backtest(c.x, forecasters[c.name]!, {
        horizon: c.horizon,
        origins: c.origins,
        period: c.period,
        level: c.level,
      });
      expect(r.status).toBe('ok');
      if (r.status !== 'ok') return;
      expect(r.origins.length).toBe(c.origins);
      c.perOrigin.forEach((e, k) => {
        const o = r.origins[k]!;
        expect(o.trainLength).toBe(e.trainLength);
        expect(o.actual).toEqual(e.actual);
        close(o.scale, e.scale, 'scale');
        closeAll(o.model!.mean, e.mean, 'mean');
        closeAll(o.model!.lower, e.lower, 'lower');
        closeAll(o.model!.upper, e.upper, 'upper');
        close(o.model!.metrics.mae, e.mae, 'mae');
        close(o.model!.metrics.rmse, e.rmse, 'rmse');
        close(o.model!.metrics.mape, e.mape, 'mape');
        close(o.model!.metrics.mase, e.mase, 'mase');
        close(o.model!.metrics.coverage, e.coverage, 'coverage');
        closeAll(o.seasonalNaive.mean, e.naiveMean, 'naive mean');
        closeAll(o.seasonalNaive.lower, e.naiveLower, 'naive lower');
        closeAll(o.seasonalNaive.upper, e.naiveUpper, 'naive upper');
        close(o.seasonalNaive.metrics.mae, e.naiveMae, 'naive mae');
        close(o.seasonalNaive.metrics.mase, e.naiveMase, 'naive mase');
        close(o.seasonalNaive.metrics.coverage, e.naiveCoverage, 'naive coverage');
      });
      const o = c.overall;
      close(r.overall.model.mae, o['mae']!, 'overall mae');
      close(r.overall.model.rmse, o['rmse']!, 'overall rmse');
      close(r.overall.model.mape, o['mape']!, 'overall mape');
      close(r.overall.model.mase, o['mase']!, 'overall mase');
      close(r.overall.model.coverage, o['coverage']!, 'overall coverage');
      close(r.overall.seasonalNaive.mae, o['naiveMae']!, 'naive overall mae');
      close(r.overall.seasonalNaive.rmse, o['naiveRmse']!, 'naive overall rmse');
      close(r.overall.seasonalNaive.mape, o['naiveMape']!, 'naive overall mape');
      close(r.overall.seasonalNaive.mase, o['naiveMase']!, 'naive overall mase');
      close(r.overall.seasonalNaive.coverage, o['naiveCoverage']!, 'naive overall coverage');
      closeAll(r.byHorizon.model.map((m) => m.mae!), c.maeByHorizon, 'mae by horizon');
      closeAll(r.byHorizon.seasonalNaive.map((m) => m.mae!), c.naiveMaeByHorizon, 'naive mae by horizon');
      closeAll(
        r.byHorizon.model.map((m) => m.coverage),
        c.coverageByHorizon,
        'coverage by horizon',
      );
    });
  }

  it('warns that MAPE skipped zero actuals, and counts them', () => {
    const c = fixture.backtest.find((k) => k.name.startsWith('counts'))!;
    const r = backtest(c.x, trainingMean, { horizon: c.horizon, origins: c.origins, period: c.period, level: c.level });
    expect(r.status === 'ok' && r.warnings.map((w) => w.code)).toEqual([BACKTEST_WARNINGS.mapeZeroActuals]);
    expect(r.status === 'ok' && r.overall.model.coverage).toBeNull();
  });
});

describe('backtest edge cases', () => {
  const x = Array.from({ length: 40 }, (_, i) => 10 + (i % 4) * 2 + i * 0.5);

  it('returns insufficient when the first origin would train on fewer than minTrain values', () => {
    expect(backtest([], trainingMean, { horizon: 1, origins: 1 }).status).toBe('insufficient');
    expect(backtest([1], trainingMean, { horizon: 1, origins: 1 }).status).toBe('insufficient');
    expect(backtest([1, 2, 3], trainingMean, { horizon: 1, origins: 1 }).status).toBe('ok');
    expect(backtest(x, trainingMean, { horizon: 4, origins: 32, period: 4 }).status).toBe('ok');
    const r = backtest(x, trainingMean, { horizon: 4, origins: 33, period: 4 });
    expect(r).toEqual({
      status: 'insufficient',
      method: 'rolling-origin',
      reason: 'backtest: 33 origins 1 apart with horizon 4 need at least 41 observations (minTrain = 5), got 40',
    });
    expect(backtest(x, trainingMean, { horizon: 4, origins: 20, period: 4, minTrain: 20 }).status).toBe('insufficient');
    expect(backtest(x, trainingMean, { horizon: 4, origins: 17, period: 4, minTrain: 20 }).status).toBe('ok');
  });

  it('places origins step apart, the last at n − horizon', () => {
    const r = backtest(x, trainingMean, { horizon: 3, origins: 4, step: 5, period: 4 });
    expect(r.status === 'ok' && r.origins.map((o) => o.trainLength)).toEqual([22, 27, 32, 37]);
  });

  it('throws on invalid arguments and on forecasters returning too few values', () => {
    expect(() => backtest(x, trainingMean, { horizon: 0, origins: 2 })).toThrow(/^backtest: horizon must be an integer >= 1, got horizon = 0$/);
    expect(() => backtest(x, trainingMean, { horizon: 1, origins: 1.5 })).toThrow(RangeError);
    expect(() => backtest(x, trainingMean, { horizon: 1, origins: 2, level: 95 })).toThrow(/level must be in \(0, 1\)/);
    expect(() => backtest(x, trainingMean, { horizon: 1, origins: 2, period: 4, minTrain: 3 })).toThrow(/minTrain/);
    const short: Forecaster = () => ({ mean: [1] });
    expect(() => backtest(x, short, { horizon: 2, origins: 2 })).toThrow(TypeError);
  });

  it('skips origins where the forecaster has too little data, and fails when it never can', () => {
    const hw = holtWintersForecaster({ seasonal: 'additive' });
    const r = backtest(x, hw, { horizon: 2, origins: 6, period: 4, minTrain: 5 });
    // Origins train on 33..38 values: all fit a period-4 model. With period 12 none can before 24 values.
    expect(r.status).toBe('ok');
    const partial = backtest(x.slice(0, 30), holtWintersForecaster({ period: 12 }), { horizon: 1, origins: 8, period: 4 });
    expect(partial.status === 'ok' && partial.warnings.map((w) => w.code)).toContain(BACKTEST_WARNINGS.originSkipped);
    expect(partial.status === 'ok' && partial.origins.filter((o) => o.model === null).length).toBe(2);
    const never: Forecaster = () => insufficient('never', 'never enough');
    expect(backtest(x, never, { horizon: 1, origins: 3 }).status).toBe('insufficient');
  });

  it('leaves missing actuals out of every metric and says so', () => {
    const y: (number | null)[] = [...x];
    y[38] = null;
    const r = backtest(y, trainingMean, { horizon: 2, origins: 3, period: 4 });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.warnings.map((w) => w.code)).toContain(BACKTEST_WARNINGS.missingActuals);
    expect(r.overall.model.count).toBe(6 - 2);
  });

  it('reports no MASE when the training data repeat exactly (scale 0)', () => {
    const flat = new Array<number>(20).fill(3);
    const r = backtest(flat, trainingMean, { horizon: 2, origins: 2, period: 4 });
    expect(r.status === 'ok' && r.overall.model.mase).toBeNull();
    expect(r.status === 'ok' && r.overall.model.mae).toBe(0);
    expect(r.status === 'ok' && r.warnings.map((w) => w.code)).toContain(BACKTEST_WARNINGS.maseScaleZero);
  });

  it('matches forecast::snaive for horizons beyond one season (steps = floor((h − 1)/m) + 1)', () => {
    const f = seasonalNaiveForecast([1, 2, 3, 5, 4, 6], 5, 2, 0.95);
    // Residuals y_t − y_{t−2}: 2, 3, 1, 1 → σ² = 15/4.
    const z = 1.959963984540054;
    expect(f.mean).toEqual([4, 6, 4, 6, 4]);
    const se = [1, 1, Math.SQRT2, Math.SQRT2, Math.sqrt(3)].map((k) => k * Math.sqrt(15 / 4));
    f.upper.forEach((u, i) => expect(u).toBeCloseTo(f.mean[i]! + z * se[i]!, 12));
  });
});

describe('backtest properties', () => {
  const seriesArb = fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 20, maxLength: 60 });

  it('a forecaster that is the seasonal-naive baseline scores exactly as the baseline', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 4 }), (x, period) => {
        const same: Forecaster = (train, { horizon, level }) => seasonalNaiveForecast(train, horizon, period, level);
        const r = backtest(x, same, { horizon: 3, origins: 5, period });
        if (r.status !== 'ok') return false;
        return JSON.stringify(r.overall.model) === JSON.stringify(r.overall.seasonalNaive);
      }),
      { numRuns: 50 },
    );
  });

  it('an oracle forecaster has zero error and full coverage', () => {
    fc.assert(
      fc.property(seriesArb, (x) => {
        const oracle: Forecaster = (train, { horizon }) => {
          const future = x.slice(train.length, train.length + horizon);
          return { mean: future, lower: future, upper: future };
        };
        const r = backtest(x, oracle, { horizon: 2, origins: 4, period: 2 });
        return r.status === 'ok' && r.overall.model.mae === 0 && r.overall.model.coverage === 1 && r.overall.model.mape === 0;
      }),
      { numRuns: 30 },
    );
  });
});
