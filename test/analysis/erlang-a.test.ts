import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERLANG_A_WARNINGS,
  erlangA,
  erlangB,
  erlangC,
  type ErlangAOutcome,
  type ErlangAResult,
} from '../../src/analysis/erlang/index.js';

// Reference: test/reference/erlang.json, written by test/reference/erlang.py (Python 3.11.2, mpmath 1.2.1 at
// 40 digits, cross-checked against scipy 1.10.1 special.gammainc): the Garnett–Mandelbaum–Reiman (2002) /
// Mandelbaum–Zeltyn (2007) closed forms with mpmath's unregularized incomplete gamma, P(abandon) by the
// published 1/(ρA(x,y)) + 1 − 1/ρ, and ASA by numerical integration (mpmath.quad) of
// (1 − θv)e^(−θv)·P(V > v) — the TypeScript sums over the queue length instead.
// Tolerance: relative 1e-9 for the probabilities, ASA and occupancy (the TypeScript's scaled gamma forms lose
// up to ~|log D|·ε ≈ 1e-13 and x = N·patience/h is formed in double precision); absolute 1e-12 for the
// service-level variants and probAbandonWithinTarget, which the TypeScript forms by subtraction of numbers of
// order 1 (so tiny values carry absolute, not relative, accuracy).
interface ACase {
  readonly call: string;
  readonly trafficErlangs: number;
  readonly agents: number;
  readonly ahtSeconds: number;
  readonly patienceSeconds: number;
  readonly targetAnswerSeconds: number;
  readonly probWait: number;
  readonly probAbandon: number;
  readonly asaSeconds: number;
  readonly meanWaitSeconds: number;
  readonly occupancy: number;
  readonly serviceLevel: number;
  readonly serviceLevelAbandonsMet: number;
  readonly serviceLevelShortAbandonsExcluded: number;
  readonly probAbandonWithinTarget: number;
}
const ref = JSON.parse(readFileSync(new URL('../reference/erlang.json', import.meta.url), 'utf8')) as {
  readonly erlangA: readonly ACase[];
};
const REL = 1e-9;
const ABS = 1e-12;

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

function okA(r: ErlangAOutcome): ErlangAResult {
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

describe('erlangA against the mpmath closed forms', () => {
  it.each(ref.erlangA.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const r = okA(
      erlangA({
        trafficErlangs: c.trafficErlangs,
        ahtSeconds: c.ahtSeconds,
        agents: c.agents,
        patienceSeconds: c.patienceSeconds,
        targetAnswerSeconds: c.targetAnswerSeconds,
      }),
    );
    for (const key of ['probWait', 'probAbandon', 'asaSeconds', 'meanWaitSeconds', 'occupancy'] as const) {
      expect(relErr(r[key], c[key]), `${key}: ${r[key]} vs ${c[key]}`).toBeLessThan(REL);
    }
    for (const key of [
      'serviceLevel',
      'serviceLevelAbandonsMet',
      'serviceLevelShortAbandonsExcluded',
      'probAbandonWithinTarget',
    ] as const) {
      expect(Math.abs((r[key] as number) - c[key]), `${key}: ${r[key]} vs ${c[key]}`).toBeLessThan(ABS);
    }
  });
});

describe('erlangA limits', () => {
  // Both limits are first order: the Erlang A − Erlang C gap shrinks like h/patience, and the gap to the
  // Erlang B loss system like y = A·patience/h (the chance that a contact arrives while another is still
  // deciding to leave). The bounds below are 100 times those orders; each step of 100 (1000) in patience
  // must shrink the gap about as much, so a wrong limit cannot pass.
  it('tends to Erlang C as patience grows, and equals it at patience = Infinity', () => {
    const c = erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, targetAnswerSeconds: 20 });
    if (c.status !== 'ok') throw new Error('unexpected');
    let previousGap = Infinity;
    for (const patience of [1e6, 1e8, 1e10]) {
      const tol = (100 * 180) / patience;
      const a = okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: patience, targetAnswerSeconds: 20 }));
      const gap = relErr(a.probWait, c.probWait);
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(tol);
      expect(gap).toBeLessThan(previousGap / 50);
      previousGap = gap;
      expect(relErr(a.serviceLevel as number, c.serviceLevel as number)).toBeLessThan(tol);
      expect(relErr(a.asaSeconds, c.asaSeconds)).toBeLessThan(tol);
      expect(a.probAbandon).toBeLessThan(tol);
    }
    const inf = okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: Infinity, targetAnswerSeconds: 20 }));
    expect(inf.probWait).toBe(c.probWait);
    expect(inf.serviceLevel).toBe(c.serviceLevel);
    expect(inf.asaSeconds).toBe(c.asaSeconds);
    expect(inf.probAbandon).toBe(0);
    const unstable = erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 10, patienceSeconds: Infinity });
    expect(unstable.status).toBe('insufficient');
    // Above 1e9 handling times patience counts as infinite (documented cut-off).
    const beyond = okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: 1e12, targetAnswerSeconds: 20 }));
    expect([beyond.probWait, beyond.serviceLevel, beyond.probAbandon]).toEqual([c.probWait, c.serviceLevel, 0]);
    expect(beyond.patienceSeconds).toBe(1e12);
  });

  it('patience so short that N·patience/h underflows is the loss system exactly', () => {
    const b = erlangB(10, 8);
    const r = okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 8, patienceSeconds: 5e-324, targetAnswerSeconds: 20 }));
    expect([r.probWait, r.probAbandon, r.serviceLevel, r.asaSeconds]).toEqual([b, b, 1 - b, 0]);
    expect(r.occupancy).toBeCloseTo((10 * (1 - b)) / 8, 14);
    const tiny = okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 8, patienceSeconds: 1e-300, targetAnswerSeconds: 20 }));
    expect(relErr(tiny.probWait, b)).toBeLessThan(1e-12);
    expect(Math.abs((tiny.serviceLevel as number) - (1 - b))).toBeLessThan(1e-12);
  });

  it('long but finite patience with N < A stays finite (sums start at the mode of the queue length)', () => {
    const r = okA(erlangA({ trafficErlangs: 2000, ahtSeconds: 180, agents: 1900, patienceSeconds: 180e6, targetAnswerSeconds: 20 }));
    expect(relErr(r.probAbandon, 0.05)).toBeLessThan(1e-6); // fluid limit 1 − N/A
    expect(r.probWait).toBeCloseTo(1, 12);
    expect(Number.isFinite(r.asaSeconds)).toBe(true);
  });

  it('tends to the Erlang B loss system as patience shrinks: P(wait) = P(abandon) = B', () => {
    for (const [a, n] of [
      [10, 12],
      [10, 8],
      [2000, 1950],
    ] as const) {
      const b = erlangB(a, n);
      let previousGap = Infinity;
      for (const patience of [1e-3, 1e-6]) {
        const tol = (100 * a * patience) / 180;
        const r = okA(erlangA({ trafficErlangs: a, ahtSeconds: 180, agents: n, patienceSeconds: patience, targetAnswerSeconds: 20 }));
        const gap = relErr(r.probWait, b);
        expect(gap).toBeLessThan(tol);
        expect(gap).toBeLessThan(previousGap / 500);
        previousGap = gap;
        expect(relErr(r.probAbandon, b)).toBeLessThan(tol);
        expect(Math.abs((r.serviceLevel as number) - (1 - b))).toBeLessThan(tol);
        expect(r.asaSeconds).toBeLessThan(patience);
      }
    }
  });

  it('stays defined and finite when N ≤ A, with the overload warning and P(abandon) ≥ 1 − N/A', () => {
    for (const [a, n, patience] of [
      [10, 5, 60],
      [2000, 1500, 300],
      [2000, 1900, 1e6],
      [2000, 2000, 3600],
      [50, 1, 10],
    ] as const) {
      const r = okA(erlangA({ trafficErlangs: a, ahtSeconds: 180, agents: n, patienceSeconds: patience, targetAnswerSeconds: 20 }));
      expect(r.warnings.map((w) => w.code)).toEqual([ERLANG_A_WARNINGS.overloaded]);
      for (const v of [r.probWait, r.probAbandon, r.asaSeconds, r.occupancy, r.serviceLevel as number]) {
        expect(Number.isFinite(v)).toBe(true);
      }
      expect(r.probAbandon).toBeGreaterThanOrEqual(1 - n / a - 1e-12);
      expect(r.occupancy).toBeLessThanOrEqual(1);
    }
  });

  it('handles huge systems: A = 2000, N = 3000', () => {
    const r = okA(erlangA({ trafficErlangs: 2000, ahtSeconds: 180, agents: 3000, patienceSeconds: 120, targetAnswerSeconds: 20 }));
    expect(r.probWait).toBeLessThan(1e-90);
    expect(r.serviceLevel).toBe(1);
    expect(r.warnings).toEqual([]);
  });
});

describe('erlangA edge cases', () => {
  it('no traffic: nobody waits', () => {
    const r = okA(erlangA({ trafficErlangs: 0, ahtSeconds: 180, agents: 2, patienceSeconds: 60, targetAnswerSeconds: 20 }));
    expect([r.probWait, r.probAbandon, r.asaSeconds, r.occupancy, r.serviceLevel]).toEqual([0, 0, 0, 0, 1]);
  });

  it('no agents: insufficient', () => {
    const r = erlangA({ trafficErlangs: 5, ahtSeconds: 180, agents: 0, patienceSeconds: 60 });
    expect(r.status).toBe('insufficient');
    if (r.status === 'insufficient') expect(r.reason).toMatch(/^erlangA: no agents/);
  });

  it('at t = 0 the service level is the share answered at once', () => {
    const r = okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: 120, targetAnswerSeconds: 0 }));
    expect(r.serviceLevel).toBe(1 - r.probWait);
    expect(r.probAbandonWithinTarget).toBe(0);
    expect(okA(erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: 120 })).serviceLevel).toBeNull();
  });

  it('rejects bad arguments', () => {
    const base = { trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: 120 };
    expect(() => erlangA({ ...base, agents: 1.5 })).toThrow(/^erlangA: agents must be a non-negative integer, got 1.5/);
    expect(() => erlangA({ ...base, patienceSeconds: 0 })).toThrow(/^erlangA: patienceSeconds must be/);
    expect(() => erlangA({ ...base, patienceSeconds: NaN })).toThrow(RangeError);
    expect(() => erlangA({ ...base, patienceSeconds: -Infinity })).toThrow(RangeError);
    expect(() => erlangA({ ...base, trafficErlangs: -1 })).toThrow(RangeError);
    expect(() => erlangA({ ...base, targetAnswerSeconds: NaN })).toThrow(RangeError);
  });
});

describe('erlangA properties', () => {
  const arb = fc.record({
    a: fc.double({ min: 0.05, max: 300, noNaN: true }),
    n: fc.integer({ min: 1, max: 400 }),
    patience: fc.double({ min: 0.5, max: 5000, noNaN: true }),
    t: fc.double({ min: 0.1, max: 120, noNaN: true }),
  });

  it('probabilities in [0, 1]; service-level variants ordered miss ≤ exclude ≤ met', () => {
    fc.assert(
      fc.property(arb, ({ a, n, patience, t }) => {
        const r = okA(erlangA({ trafficErlangs: a, ahtSeconds: 200, agents: n, patienceSeconds: patience, targetAnswerSeconds: t }));
        const miss = r.serviceLevel as number;
        const excl = r.serviceLevelShortAbandonsExcluded as number;
        const met = r.serviceLevelAbandonsMet as number;
        const inUnit = [r.probWait, r.probAbandon, miss, excl, met, r.occupancy].every((v) => v >= 0 && v <= 1 + 1e-15);
        return inUnit && miss <= excl + 1e-12 && excl <= met + 1e-12 && r.probAbandon <= r.probWait + 1e-15;
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('one more agent: less waiting, less abandonment, higher service level', () => {
    fc.assert(
      fc.property(arb, ({ a, n, patience, t }) => {
        const opts = { trafficErlangs: a, ahtSeconds: 200, patienceSeconds: patience, targetAnswerSeconds: t };
        const r = okA(erlangA({ ...opts, agents: n }));
        const s = okA(erlangA({ ...opts, agents: n + 1 }));
        return (
          s.probWait <= r.probWait + 1e-12 &&
          s.probAbandon <= r.probAbandon + 1e-12 &&
          (s.serviceLevel as number) >= (r.serviceLevel as number) - 1e-12
        );
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('E[W] over all offered = P(abandon)·patience (θ·Lq = λ·P(ab)) and is at least P(served)·ASA', () => {
    fc.assert(
      fc.property(arb, ({ a, n, patience }) => {
        const r = okA(erlangA({ trafficErlangs: a, ahtSeconds: 200, agents: n, patienceSeconds: patience }));
        // E[W] over all offered = P(served)·E[W | served] + P(ab)·E[W | ab] ≥ P(served)·ASA.
        return relErr(r.meanWaitSeconds, r.probAbandon * patience) < 1e-15 && r.asaSeconds * (1 - r.probAbandon) <= r.meanWaitSeconds * (1 + 1e-9) + 1e-300;
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});
