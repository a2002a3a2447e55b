import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, type ErlangCOutcome, type ErlangCResult } from '../../src/analysis/erlang/index.js';

// Reference: test/reference/erlang.json, written by test/reference/erlang.py (Python 3.11.2, mpmath 1.2.1 at
// 40 digits) from the DOMAIN.md sum formula C = (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)),
// SL = 1 − C·e^(−(N−A)t/h), ASA = C·h/(N − A). Tolerance: relative 1e-11 (the TypeScript goes through the
// Erlang B recursion instead: its rounding, ~√steps·ε, is amplified at most by N/(N − A) ≤ 2000 in C).
interface CCase {
  readonly call: string;
  readonly trafficErlangs: number;
  readonly agents: number;
  readonly ahtSeconds: number;
  readonly targetAnswerSeconds: number;
  readonly probWait: number;
  readonly serviceLevel: number;
  readonly asaSeconds: number;
  readonly occupancy: number;
  readonly meanQueueLength: number;
}
const ref = JSON.parse(readFileSync(new URL('../reference/erlang.json', import.meta.url), 'utf8')) as {
  readonly erlangC: readonly CCase[];
};
const REL = 1e-11;

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

function okC(r: ErlangCOutcome): ErlangCResult {
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

describe('erlangC against the mpmath sum formula', () => {
  it.each(ref.erlangC.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const r = okC(
      erlangC({
        trafficErlangs: c.trafficErlangs,
        ahtSeconds: c.ahtSeconds,
        agents: c.agents,
        targetAnswerSeconds: c.targetAnswerSeconds,
      }),
    );
    for (const key of ['probWait', 'serviceLevel', 'asaSeconds', 'occupancy', 'meanQueueLength'] as const) {
      expect(relErr(r[key] as number, c[key]), `${key}: ${r[key]} vs ${c[key]}`).toBeLessThan(REL);
    }
  });
});

describe('erlangC published example', () => {
  // Brief / Call Centre Helper's worked example: 100 calls per 30 min, AHT 180 s → A = 10 erlangs; 80 % in
  // 20 s needs 14 agents (13 give just under 80 %).
  it('100 calls per half hour at 180 s: 13 agents miss 80/20, 14 meet it', () => {
    const base = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, targetAnswerSeconds: 20 };
    const r13 = okC(erlangC({ ...base, agents: 13 }));
    const r14 = okC(erlangC({ ...base, agents: 14 }));
    expect(r14.trafficErlangs).toBe(10);
    expect(r13.serviceLevel).toBeLessThan(0.8);
    expect(r14.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(r14.occupancy).toBeCloseTo(10 / 14, 15);
  });

  it('accepts the three traffic forms alike', () => {
    const a = okC(erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, targetAnswerSeconds: 20 }));
    const b = okC(erlangC({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, agents: 12, targetAnswerSeconds: 20 }));
    const c = okC(erlangC({ arrivalRatePerSecond: 1 / 18, ahtSeconds: 180, agents: 12, targetAnswerSeconds: 20 }));
    expect(relErr(b.probWait, a.probWait)).toBeLessThan(1e-14);
    expect(relErr(c.probWait, a.probWait)).toBeLessThan(1e-14);
    expect(relErr(c.serviceLevel as number, a.serviceLevel as number)).toBeLessThan(1e-14);
  });
});

describe('erlangC edge cases', () => {
  it('returns insufficient when N ≤ A (including N = 0), with the reason', () => {
    for (const [a, n] of [
      [10, 10],
      [10.5, 10],
      [0, 0],
      [5, 0],
      [2000, 1999],
    ] as const) {
      const r = erlangC({ trafficErlangs: a, ahtSeconds: 180, agents: n });
      expect(r.status).toBe('insufficient');
      if (r.status === 'insufficient') {
        expect(r.method).toBe('erlang-c');
        expect(r.reason).toMatch(/^erlangC: unstable queue: agents N = \d+ must exceed/);
      }
    }
  });

  it('gives no waiting with no traffic', () => {
    const r = okC(erlangC({ trafficErlangs: 0, ahtSeconds: 180, agents: 3, targetAnswerSeconds: 20 }));
    expect(r.probWait).toBe(0);
    expect(r.serviceLevel).toBe(1);
    expect(r.asaSeconds).toBe(0);
    expect(r.occupancy).toBe(0);
  });

  it('has serviceLevel = 1 − C at t = 0 and null without a target', () => {
    const r = okC(erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, targetAnswerSeconds: 0 }));
    expect(r.serviceLevel).toBe(1 - r.probWait);
    const s = okC(erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 12 }));
    expect(s.serviceLevel).toBeNull();
    expect(s.targetAnswerSeconds).toBeNull();
  });

  it('is finite for A = 2000 over N = 2001…3000 with C decreasing', () => {
    const rs = erlangC({ trafficErlangs: 2000, ahtSeconds: 180, agents: Array.from({ length: 1000 }, (_, i) => 2001 + i), targetAnswerSeconds: 20 });
    let prev = 1;
    for (const r of rs) {
      const ok = okC(r);
      expect(Number.isFinite(ok.probWait) && Number.isFinite(ok.asaSeconds) && Number.isFinite(ok.serviceLevel as number)).toBe(true);
      expect(ok.probWait).toBeLessThanOrEqual(prev);
      prev = ok.probWait;
    }
    // C(3000, 2000) ≈ 2.29e-96 (see the fixture case): tiny but not flushed to 0.
    expect(prev).toBeGreaterThan(0);
    expect(prev).toBeLessThan(1e-90);
  });

  it('N = A + tiny margin: C close to 1, huge ASA, still finite', () => {
    const r = okC(erlangC({ trafficErlangs: 99.999, ahtSeconds: 300, agents: 100, targetAnswerSeconds: 20 }));
    expect(r.probWait).toBeGreaterThan(0.99);
    expect(r.asaSeconds).toBeGreaterThan(1e5);
    expect(Number.isFinite(r.asaSeconds)).toBe(true);
  });

  it('rejects bad arguments', () => {
    expect(() => erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 12.5 })).toThrow(/^erlangC: agents must be a non-negative integer, got 12.5/);
    expect(() => erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: [12, 13.5] })).toThrow(RangeError);
    expect(() => erlangC({ trafficErlangs: NaN, ahtSeconds: 180, agents: 12 })).toThrow(RangeError);
    expect(() => erlangC({ trafficErlangs: 10, ahtSeconds: 0, agents: 12 })).toThrow(/^erlangC: ahtSeconds must be/);
    expect(() => erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, targetAnswerSeconds: -1 })).toThrow(RangeError);
    expect(() => erlangC({ ahtSeconds: 180, agents: 12 })).toThrow(TypeError);
    expect(() => erlangC({ trafficErlangs: 10, arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, agents: 12 })).toThrow(
      /^erlangC: give exactly one of/,
    );
    expect(() => erlangC({ arrivals: 100, ahtSeconds: 180, agents: 12 })).toThrow(/intervalSeconds/);
  });
});

describe('erlangC properties', () => {
  // The list form carries the recursion from one N to the next; one call per N restarts it. They differ
  // only in how steps are paired (a few ulps): relative 1e-13.
  function sameOutcome(one: ErlangCOutcome, other: ErlangCOutcome | undefined): boolean {
    if (other === undefined || one.status !== other.status) return false;
    if (one.status !== 'ok' || other.status !== 'ok') return JSON.stringify(one) === JSON.stringify(other);
    return (['probWait', 'serviceLevel', 'asaSeconds', 'occupancy', 'meanQueueLength'] as const).every(
      (k) => relErr(one[k] as number, other[k] as number) < 1e-13 && one.agents === other.agents,
    );
  }

  it('the list form equals one call per N, in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 30 }),
        (whole, fraction, ns) => {
          const a = whole + fraction;
          const list = erlangC({ trafficErlangs: a, ahtSeconds: 240, agents: ns, targetAnswerSeconds: 15 });
          return ns.every((n, i) => sameOutcome(erlangC({ trafficErlangs: a, ahtSeconds: 240, agents: n, targetAnswerSeconds: 15 }), list[i]));
        },
      ),
      { numRuns: 100, seed: 11 },
    );
    const ns = Array.from({ length: 1000 }, (_, i) => 2001 + i);
    const list = erlangC({ trafficErlangs: 2000, ahtSeconds: 180, agents: ns, targetAnswerSeconds: 20 });
    ns.forEach((n, i) => expect(sameOutcome(erlangC({ trafficErlangs: 2000, ahtSeconds: 180, agents: n, targetAnswerSeconds: 20 }), list[i])).toBe(true));
  });

  it('C ≥ B; SL rises with t and with N; ASA falls with N', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 2000, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 120, noNaN: true }),
        (a, extra, t) => {
          const n = Math.floor(a) + extra;
          const r = okC(erlangC({ trafficErlangs: a, ahtSeconds: 200, agents: n, targetAnswerSeconds: t }));
          const later = okC(erlangC({ trafficErlangs: a, ahtSeconds: 200, agents: n, targetAnswerSeconds: t + 10 }));
          const more = okC(erlangC({ trafficErlangs: a, ahtSeconds: 200, agents: n + 1, targetAnswerSeconds: t }));
          const b = erlangB(a, n);
          return (
            r.probWait >= b * (1 - 1e-12) &&
            r.probWait <= 1 &&
            (later.serviceLevel as number) >= (r.serviceLevel as number) &&
            (more.serviceLevel as number) >= (r.serviceLevel as number) &&
            more.asaSeconds <= r.asaSeconds
          );
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
