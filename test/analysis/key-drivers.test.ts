import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KEY_DRIVERS_WARNINGS,
  keyDrivers,
  type KeyDriversOptions,
  type KeyDriversResult,
} from '../../src/analysis/key-drivers.js';

interface Case {
  readonly name: string;
  readonly call: string;
  readonly level: number;
  readonly topBoxes: number | null;
  readonly scaleMin: number | null;
  readonly scaleMax: number | null;
  readonly outcome: readonly (number | null)[];
  readonly driverNames: readonly string[];
  readonly drivers: readonly (readonly (number | null)[])[];
  readonly n: number;
  readonly r_squared: number;
  readonly adj_r_squared: number;
  readonly fstatistic: readonly number[];
  readonly f_p_value: number;
  readonly beta: readonly number[];
  readonly beta_se: readonly number[];
  readonly t: readonly number[];
  readonly p_value: readonly number[];
  readonly beta_ci_lower: readonly number[];
  readonly beta_ci_upper: readonly number[];
  readonly coefficient: readonly number[];
  readonly coefficient_se: readonly number[];
  readonly vif: readonly number[];
  readonly lmg: readonly number[] | null;
  readonly relative_weights: readonly number[];
  readonly performance: readonly number[];
}

// R 4.2.2 lm / summary.lm / confint on the data stored beside each case, hand-written all-subsets LMG and
// Johnson's relative weights — test/reference/key-drivers.R
const cases: readonly Case[] = JSON.parse(readFileSync(new URL('../reference/key-drivers.json', import.meta.url), 'utf8'));

/**
 * Relative 1e-10: the regression is the same Householder QR as lm (on centred, unit-length columns, which
 * changes rounding only), and subset R² come from Cholesky solves of the correlation matrix instead of one lm
 * per subset; observed agreement is ~1e-13.
 */
function close(actual: number, expected: number, rel = 1e-10): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-15);
}

function inputOf(c: Case): { outcome: (number | null)[]; drivers: Record<string, (number | null)[]> } {
  const drivers: Record<string, (number | null)[]> = {};
  c.driverNames.forEach((name, j) => {
    drivers[name] = [...(c.drivers[j] as readonly (number | null)[])];
  });
  return { outcome: [...c.outcome], drivers };
}

function optionsOf(c: Case): KeyDriversOptions {
  const scale = c.topBoxes === null ? undefined : { min: c.scaleMin as number, max: c.scaleMax as number, topBoxes: c.topBoxes };
  return scale === undefined ? { level: c.level } : { level: c.level, scale };
}

function ok(result: ReturnType<typeof keyDrivers>): KeyDriversResult {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.reason}`);
  return result;
}

describe('keyDrivers against R lm, hand LMG and Johnson relative weights', () => {
  it('has the fixture', () => {
    expect(cases.length).toBe(8);
  });
  for (const c of cases) {
    describe(c.name, () => {
      const methods = c.lmg === null ? (['relative-weights'] as const) : (['lmg', 'relative-weights'] as const);
      for (const importance of methods) {
        it(`${c.call} — ${importance}`, () => {
          const r = ok(keyDrivers(inputOf(c), { ...optionsOf(c), importance }));
          expect(r.method).toBe(importance);
          expect(r.n).toBe(c.n);
          expect(r.missing).toBe(c.outcome.length - c.n);
          close(r.rSquared, c.r_squared);
          close(r.adjustedRSquared, c.adj_r_squared);
          close(r.fStatistic, c.fstatistic[0] as number);
          expect(r.fDf1).toBe(c.fstatistic[1]);
          expect(r.fDf2).toBe(c.fstatistic[2]);
          close(r.fPValue, c.f_p_value);
          const expectedImportance = importance === 'lmg' ? (c.lmg as readonly number[]) : c.relative_weights;
          const total = expectedImportance.reduce((s, v) => s + v, 0);
          close(total, c.r_squared);
          r.drivers.forEach((d, j) => {
            expect(d.name).toBe(c.driverNames[j]);
            close(d.beta, c.beta[j] as number);
            close(d.betaStdError, c.beta_se[j] as number);
            close(d.tStatistic, c.t[j] as number);
            close(d.pValue, c.p_value[j] as number);
            close(d.betaConfidenceInterval.lower, c.beta_ci_lower[j] as number);
            close(d.betaConfidenceInterval.upper, c.beta_ci_upper[j] as number);
            expect(d.betaConfidenceInterval.level).toBe(c.level);
            close(d.coefficient, c.coefficient[j] as number);
            close(d.coefficientStdError, c.coefficient_se[j] as number);
            close(d.vif, c.vif[j] as number);
            close(d.importance, expectedImportance[j] as number);
            close(d.share, (expectedImportance[j] as number) / total);
            close(d.performance, c.performance[j] as number);
          });
          // Quadrants from R's numbers: split at the mean share (1/p) and the mean performance.
          const p = c.driverNames.length;
          const meanPerformance = c.performance.reduce((s, v) => s + v, 0) / p;
          r.drivers.forEach((d, j) => {
            const high = (expectedImportance[j] as number) / total >= 1 / p;
            const good = (c.performance[j] as number) >= meanPerformance;
            expect(d.quadrant).toBe(high ? (good ? 'maintain' : 'improve') : good ? 'overkill' : 'secondary');
          });
          expect(r.performanceMeasure).toBe(c.topBoxes === null ? 'mean' : 'top-box');
          const ranks = [...expectedImportance].map((v, j) => ({ v, j })).sort((a, b) => b.v - a.v);
          ranks.forEach(({ j }, rank) => expect(r.drivers[j]?.rank).toBe(rank + 1));
        });
      }
    });
  }

  it('chooses LMG by default up to 12 drivers and relative weights above', () => {
    const swiss = cases.find((c) => c.name === 'swiss') as Case;
    expect(ok(keyDrivers(inputOf(swiss))).method).toBe('lmg');
    const many = cases.find((c) => c.name === 'fourteen drivers') as Case;
    expect(ok(keyDrivers(inputOf(many))).method).toBe('relative-weights');
  });

  it('warns about dropped rows and VIF > 10', () => {
    const survey = cases.find((c) => c.name === 'survey') as Case;
    const r = ok(keyDrivers(inputOf(survey)));
    expect(r.warnings.map((w) => w.code)).toContain(KEY_DRIVERS_WARNINGS.missingDropped);
    const mtcars = cases.find((c) => c.name === 'mtcars all') as Case;
    const m = ok(keyDrivers(inputOf(mtcars)));
    expect(Math.max(...mtcars.vif)).toBeGreaterThan(10);
    expect(m.warnings.map((w) => w.code)).toEqual([KEY_DRIVERS_WARNINGS.highCollinearity]);
    expect(m.warnings[0]?.message).toContain("'disp'");
  });

  it('gives the same standardized results for data scaled by 1e150 (huge values) and shifted by 1e6', () => {
    const c = cases.find((k) => k.name === 'swiss') as Case;
    const base = ok(keyDrivers(inputOf(c)));
    const input = inputOf(c);
    const scaled = {
      outcome: input.outcome.map((v) => (v as number) * 1e150),
      drivers: Object.fromEntries(Object.entries(input.drivers).map(([k, v]) => [k, v.map((x) => (x as number) * 1e150 + 1e156)])),
    };
    const r = ok(keyDrivers(scaled));
    r.drivers.forEach((d, j) => {
      const b = base.drivers[j];
      // Relative 1e-9: the 1e156 shift costs ~6 digits of the 17 in each value (≈1e-10 relative error).
      close(d.beta, b?.beta as number, 1e-9);
      close(d.importance, b?.importance as number, 1e-9);
      close(d.coefficient, b?.coefficient as number, 1e-9);
    });
    close(r.rSquared, base.rSquared, 1e-9);
  });
});

describe('keyDrivers options', () => {
  const c = cases.find((k) => k.name === 'survey') as Case;
  it('splits quadrants at the medians when asked', () => {
    const r = ok(keyDrivers(inputOf(c), { quadrantSplit: 'median' }));
    const shares = r.drivers.map((d) => d.share).sort((a, b) => a - b);
    const perf = r.drivers.map((d) => d.performance).sort((a, b) => a - b);
    expect(r.split.share).toBeCloseTo(((shares[2] as number) + (shares[3] as number)) / 2, 15);
    expect(r.split.performance).toBeCloseTo(((perf[2] as number) + (perf[3] as number)) / 2, 15);
    // With 6 drivers and no ties, the median split puts exactly 3 drivers on each side of both axes.
    const high = r.drivers.filter((d) => d.quadrant === 'maintain' || d.quadrant === 'improve').length;
    expect(high).toBe(3);
    const listed = Object.values(r.quadrants).flat().sort();
    expect(listed).toEqual([...c.driverNames].sort());
  });

  it('lists quadrant members in rank order', () => {
    const r = ok(keyDrivers(inputOf(c)));
    for (const names of Object.values(r.quadrants)) {
      const ranks = names.map((name) => r.drivers.find((d) => d.name === name)?.rank as number);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it('warns when ratings lie outside the scale', () => {
    const r = ok(keyDrivers(inputOf(c), { scale: { min: 1, max: 4 } }));
    expect(r.warnings.map((w) => w.code)).toContain(KEY_DRIVERS_WARNINGS.outsideScale);
  });

  it('accepts typed arrays and null for missing', () => {
    const swiss = cases.find((k) => k.name === 'swiss') as Case;
    const input = inputOf(swiss);
    const typed = {
      outcome: Float64Array.from(input.outcome as number[]),
      drivers: Object.fromEntries(Object.entries(input.drivers).map(([k, v]) => [k, Float64Array.from(v as number[])])),
    };
    close(ok(keyDrivers(typed)).rSquared, swiss.r_squared);
    const withNull = inputOf(swiss);
    withNull.outcome[3] = null;
    (withNull.drivers.Education as (number | null)[])[10] = NaN;
    const r = ok(keyDrivers(withNull));
    expect(r.n).toBe(45);
    expect(r.missing).toBe(2);
  });
});

describe('keyDrivers degenerate data', () => {
  const x1 = [1, 2, 3, 4, 5, 6, 7, 8];
  const x2 = [2, 1, 4, 3, 6, 5, 8, 9];
  const y = [3, 4, 6, 7, 9, 10, 13, 15];
  it('returns insufficient for empty input, n = 1 and n ≤ p + 1', () => {
    expect(keyDrivers({ outcome: [], drivers: { a: [] } })).toMatchObject({ status: 'insufficient', method: 'lmg' });
    expect(keyDrivers({ outcome: [1], drivers: { a: [2] } }).status).toBe('insufficient');
    const r = keyDrivers({ outcome: y.slice(0, 3), drivers: { a: x1.slice(0, 3), b: x2.slice(0, 3) } });
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') expect(r.reason).toContain('p + 2 = 4');
    expect(keyDrivers({ outcome: y.slice(0, 4), drivers: { a: x1.slice(0, 4), b: x2.slice(0, 4) } }).status).toBe('ok');
  });
  it('returns insufficient when every row has a missing value', () => {
    const r = keyDrivers({ outcome: y.map(() => NaN), drivers: { a: x1 } });
    expect(r.status).toBe('insufficient');
  });
  it('names constant drivers and a constant outcome', () => {
    // 0.1 · 8 / 8 is not exactly 0.1 in floating point: constancy must be detected before centring.
    const r = keyDrivers({ outcome: y, drivers: { a: x1, flat: x1.map(() => 4), also: x1.map(() => -1), tenth: x1.map(() => 0.1) } });
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') expect(r.reason).toContain("'flat', 'also', 'tenth'");
    const odd = keyDrivers({ outcome: [1, 2, 4, 3, 5, 7, 6], drivers: { a: [1, 3, 2, 5, 4, 6, 7], c: new Array<number>(7).fill(0.7) } });
    expect(odd.status === 'insufficient' && odd.reason).toContain("constant driver 'c'");
    const s = keyDrivers({ outcome: y.map(() => 2), drivers: { a: x1 } });
    expect(s.status === 'insufficient' && s.reason).toContain('outcome is constant');
  });
  it('names perfectly collinear drivers with the combination', () => {
    const sum = x1.map((v, i) => v + 2 * (x2[i] as number));
    const r = keyDrivers({ outcome: y, drivers: { a: x1, b: x2, total: sum } });
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') {
      expect(r.reason).toContain('perfectly collinear');
      expect(r.reason).toContain("'total' =");
      expect(r.reason).toContain("'a'");
      expect(r.reason).toContain("'b'");
    }
    const dup = keyDrivers({ outcome: y, drivers: { a: x1, copy: x1.map((v) => 3 * v + 1) } });
    expect(dup.status === 'insufficient' && dup.reason).toContain("'copy' = 1·'a'");
  });
  it('reports an exact fit (overall computed from the items) with a warning, not NaN', () => {
    const b = [2, 1, 4, 3, 6, 5, 8, 9];
    const overall = x1.map((v, i) => (v + (b[i] as number)) / 2);
    const r = ok(keyDrivers({ outcome: overall, drivers: { a: x1, b } }));
    expect(r.warnings.map((w) => w.code)).toContain(KEY_DRIVERS_WARNINGS.perfectFit);
    expect(r.rSquared).toBeCloseTo(1, 14);
    for (const d of r.drivers) {
      expect(Number.isNaN(d.tStatistic) || Number.isNaN(d.pValue)).toBe(false);
      expect(d.pValue).toBeLessThan(1e-10);
    }
    expect(r.drivers.reduce((s, d) => s + d.share, 0)).toBeCloseTo(1, 14);
  });
  it('handles ties and equal performance (all drivers in the same performance half)', () => {
    // b is a permutation of a's values (equal means), c has a tie in every pair.
    const c = [1, 1, 3, 3, 5, 5, 8, 8];
    const r = ok(keyDrivers({ outcome: y, drivers: { a: x1, b: [2, 1, 4, 3, 6, 5, 8, 7], c } }));
    expect(r.drivers[0]?.performance).toBe(4.5);
    expect(r.drivers[1]?.performance).toBe(4.5);
    expect(r.drivers[2]?.performance).toBe(4.25);
    expect(r.drivers.slice(0, 2).every((d) => d.quadrant === 'maintain' || d.quadrant === 'overkill')).toBe(true);
    expect(['improve', 'secondary']).toContain(r.drivers[2]?.quadrant);
  });
});

describe('keyDrivers arguments', () => {
  const y = [1, 2, 3, 4, 5];
  it('throws for bad arguments with the function name', () => {
    expect(() => keyDrivers({ outcome: y, drivers: {} })).toThrow(/^keyDrivers: drivers must name at least one column/);
    expect(() => keyDrivers({ outcome: y, drivers: { a: [1, 2] } })).toThrow(RangeError);
    expect(() => keyDrivers({ outcome: y, drivers: { a: [1, 2, Infinity, 4, 5] } })).toThrow(/finite/);
    expect(() => keyDrivers({ outcome: y, drivers: { a: ['1', 2, 3, 4, 5] as unknown as number[] } })).toThrow(TypeError);
    expect(() => keyDrivers({ outcome: y, drivers: { a: y } }, { level: 1 })).toThrow(/level must be in \(0, 1\)/);
    expect(() => keyDrivers({ outcome: y, drivers: { a: y } }, { importance: 'shapley' as 'lmg' })).toThrow(RangeError);
    expect(() => keyDrivers({ outcome: y, drivers: { a: y } }, { scale: { min: 1, max: 5, topBoxes: 5 } })).toThrow(/topBoxes/);
    expect(() => keyDrivers({ outcome: y, drivers: { a: y } }, { quadrantSplit: 'mode' as 'mean' })).toThrow(RangeError);
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, j) => [`d${j}`, y]));
    expect(() => keyDrivers({ outcome: y, drivers: many }, { importance: 'lmg' })).toThrow(/at most 16 drivers/);
  });
});

/** mulberry32 for seeded synthetic data inside properties. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(seed: number, n: number, p: number): { outcome: number[]; drivers: Record<string, number[]> } {
  const u = mulberry32(seed);
  const drivers: Record<string, number[]> = {};
  const outcome = new Array<number>(n).fill(0);
  for (let j = 0; j < p; j++) {
    const col = Array.from({ length: n }, () => u() + u() - 1);
    drivers[`x${j}`] = col;
    col.forEach((v, i) => {
      outcome[i] = (outcome[i] as number) + (j + 1) * 0.3 * v;
    });
  }
  return { outcome: outcome.map((v) => v + u() - 0.5), drivers };
}

describe('keyDrivers properties', () => {
  it('importances are ≥ 0, sum to R², shares sum to 1, for both methods', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom('lmg', 'relative-weights'), (seed, p, importance) => {
        const r = ok(keyDrivers(synthetic(seed, 40, p), { importance: importance as 'lmg' }));
        const sum = r.drivers.reduce((s, d) => s + d.importance, 0);
        expect(Math.abs(sum - r.rSquared)).toBeLessThan(1e-12);
        expect(Math.abs(r.drivers.reduce((s, d) => s + d.share, 0) - 1)).toBeLessThan(1e-12);
        for (const d of r.drivers) expect(d.importance).toBeGreaterThanOrEqual(-1e-15);
      }),
      { numRuns: 60 },
    );
  });
  it('LMG is invariant to the order of drivers and to positive affine transforms of a driver', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (seed, factor) => {
        const data = synthetic(seed, 30, 4);
        const base = ok(keyDrivers(data));
        const names = Object.keys(data.drivers).reverse();
        const reordered = Object.fromEntries(names.map((k) => [k, k === 'x1' ? (data.drivers[k] as number[]).map((v) => v * factor - 7) : data.drivers[k]]));
        const r = ok(keyDrivers({ outcome: data.outcome, drivers: reordered as Record<string, number[]> }));
        for (const d of r.drivers) {
          const b = base.drivers.find((x) => x.name === d.name);
          expect(Math.abs(d.importance - (b?.importance as number))).toBeLessThan(1e-12);
          expect(Math.abs(d.beta - (b?.beta as number))).toBeLessThan(1e-10);
        }
      }),
      { numRuns: 40 },
    );
  });
  it('with uncorrelated drivers LMG equals the squared correlation (and the relative weight)', () => {
    // Orthogonal, centred columns: R² decomposes exactly into r²ⱼ.
    const a = [1, -1, 1, -1, 1, -1, 1, -1];
    const b = [1, 1, -1, -1, 1, 1, -1, -1];
    const y = [3, 1, 2, -1, 2.5, 0.5, 1, -2];
    const lmg = ok(keyDrivers({ outcome: y, drivers: { a, b } }));
    const rw = ok(keyDrivers({ outcome: y, drivers: { a, b } }, { importance: 'relative-weights' }));
    const my = y.reduce((s, v) => s + v, 0) / 8;
    const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
    const rA = y.reduce((s, v, i) => s + (v - my) * (a[i] as number), 0) ** 2 / (8 * syy);
    expect(lmg.drivers[0]?.importance).toBeCloseTo(rA, 14);
    expect(rw.drivers[0]?.importance).toBeCloseTo(rA, 14);
  });
});
