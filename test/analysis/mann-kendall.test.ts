import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MANN_KENDALL_WARNINGS,
  mannKendall,
  type MannKendallAlternative,
  type MannKendallResult,
} from '../../src/analysis/mann-kendall.js';

// Reference: R 4.2.2, the Mann-Kendall formulas of trend::mk.test(x, continuity = TRUE) / Kendall::MannKendall
// written out in test/reference/trend.R (neither package is in Debian 12), each case checked there against
// cor.test(x, seq_along(x), method = "kendall", exact = FALSE, continuity = TRUE). Calls and data in
// test/reference/trend.json.
// Tolerance: S exact; varS exact; z, p and tau relative 1e-12 (the same formulas, but p goes through a different
// normal-tail implementation than R's pnorm, which agrees to ~1e-14 relative).
interface MkCase {
  readonly name: string;
  readonly call: string;
  readonly x: (number | null)[];
  readonly alternative: MannKendallAlternative;
  readonly n: number;
  readonly S: number;
  readonly varS: number;
  readonly z: number;
  readonly p: number;
  readonly tau: number;
  readonly tauA: number;
  readonly corTest: { readonly z: number; readonly p: number; readonly tau: number };
}
const ref = JSON.parse(readFileSync(new URL('../reference/trend.json', import.meta.url), 'utf8')) as {
  mannKendall: MkCase[];
};

function close(got: number, want: number, rel: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(Math.abs(want), Number.MIN_VALUE));
}

function ok(r: ReturnType<typeof mannKendall>): MannKendallResult {
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

/** The reference stores NaN and NA alike as null; put NaN back where the test wants NaN. */
function withNaN(x: readonly (number | null)[]): number[] {
  return x.map((v) => (v === null ? Number.NaN : v));
}

describe('mannKendall against R', () => {
  it.each(ref.mannKendall.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = ok(mannKendall(withNaN(c.x), { alternative: c.alternative }));
    expect(r.n).toBe(c.n);
    expect(r.s).toBe(c.S);
    expect(r.varS).toBe(c.varS);
    close(r.z, c.z, 1e-12);
    close(r.pValue, c.p, 1e-12);
    close(r.tau, c.tau, 1e-12);
    close(r.tauA, c.tauA, 1e-12);
    // and base R's cor.test, computed another way
    close(r.z, c.corTest.z, 1e-9);
    close(r.pValue, c.corTest.p, 1e-9);
    close(r.tau, c.corTest.tau, 1e-12);
    expect(r.alternative).toBe(c.alternative);
  });

  it('treats null like NaN', () => {
    const c = ref.mannKendall.find((q) => q.name === 'with missing') as MkCase;
    const r = ok(mannKendall(c.x));
    expect(r.s).toBe(c.S);
    expect(r.warnings.map((w) => w.code)).toContain(MANN_KENDALL_WARNINGS.missingDropped);
  });
});

describe('mannKendall edge cases', () => {
  it('needs 3 non-missing values', () => {
    expect(mannKendall([]).status).toBe('insufficient');
    expect(mannKendall([1]).status).toBe('insufficient');
    expect(mannKendall([1, 2]).status).toBe('insufficient');
    expect(mannKendall([1, Number.NaN, 2, null]).status).toBe('insufficient');
    expect(mannKendall([1, 3, 2]).status).toBe('ok');
  });

  it('returns insufficient when all values are equal (Var(S) = 0)', () => {
    const r = mannKendall([4, 4, 4, 4, 4]);
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') expect(r.method).toBe('mann-kendall');
  });

  it('reads the trend at alpha and warns on small samples', () => {
    const up = ok(mannKendall([1, 2, 3, 5, 4, 6, 7]));
    expect(up.s).toBe(19);
    expect(up.trend).toBe('increasing');
    expect(up.significant).toBe(true);
    expect(up.warnings.map((w) => w.code)).toEqual([MANN_KENDALL_WARNINGS.smallSample]);
    const down = ok(mannKendall([7, 6, 5, 4, 3, 2, 1, 0, -1, -2]));
    expect(down.trend).toBe('decreasing');
    expect(down.warnings).toEqual([]);
    const flat = ok(mannKendall([1, 3, 2, 2, 3, 1]));
    expect(flat.z).toBe(0);
    expect(flat.pValue).toBe(1);
    expect(flat.trend).toBe('no trend');
    expect(ok(mannKendall([1, 2, 3, 5, 4, 6, 7], { alpha: 0.001 })).trend).toBe('no trend');
  });

  it('rejects invalid arguments', () => {
    expect(() => mannKendall([1, 2, 3], { alternative: 'two.sided' as MannKendallAlternative })).toThrow(TypeError);
    expect(() => mannKendall([1, 2, 3], { alpha: 0 })).toThrow(/^mannKendall: alpha/);
    expect(() => mannKendall([1, 2, 3], { alpha: 1.5 })).toThrow(RangeError);
    expect(() => mannKendall(null as unknown as number[])).toThrow(TypeError);
    expect(() => mannKendall(['1', 2, 3] as unknown as number[])).toThrow(/series\[0\]/);
  });

  it('accepts typed arrays', () => {
    expect(ok(mannKendall(Float64Array.of(3, 1, 2, 5, 4))).s).toBe(4);
  });
});

/** S by the definition, for the property test. */
function bruteS(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) s += Math.sign((x[j] as number) - (x[i] as number));
  return s;
}

describe('mannKendall properties', () => {
  const tiedSeries = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 3, maxLength: 80 });

  it('S equals the pairwise definition (O(n log n) counting), with ties', () => {
    fc.assert(
      fc.property(tiedSeries, (x) => {
        const r = mannKendall(x);
        // (A property that returns a value is judged by it: assert, then return nothing.)
        if (x.every((v) => v === x[0])) {
          expect(r.status).toBe('insufficient');
          return;
        }
        expect(ok(r).s).toBe(bruteS(x));
      }),
    );
  });

  it('reversing the series negates S, z and tau; the two one-sided p-values swap', () => {
    fc.assert(
      fc.property(tiedSeries, (x) => {
        if (x.every((v) => v === x[0])) return;
        const a = ok(mannKendall(x, { alternative: 'greater' }));
        const b = ok(mannKendall([...x].reverse(), { alternative: 'less' }));
        // === rather than toBe: +0 and −0 are the same statistic
        expect(b.s === -a.s && b.z === -a.z && b.tau === -a.tau).toBe(true);
        expect(b.pValue).toBe(a.pValue);
        expect(Math.abs(a.tau)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is invariant under strictly increasing transforms', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 60 }), (x) => {
        if (x.every((v) => v === x[0])) return;
        const a = ok(mannKendall(x));
        // v³ + 10⁹ is exact in doubles here and strictly increasing
        const b = ok(mannKendall(x.map((v) => v ** 3 + 1e9)));
        expect(b.s).toBe(a.s);
        expect(b.varS).toBe(a.varS);
        expect(b.pValue).toBe(a.pValue);
      }),
    );
  });
});
