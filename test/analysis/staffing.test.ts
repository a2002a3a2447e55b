import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERLANG_A_WARNINGS,
  erlangA,
  erlangC,
  staffing,
  type AbandonCounting,
  type StaffingOutcome,
  type StaffingResult,
} from '../../src/analysis/erlang/index.js';

// Reference: test/reference/erlang.json, written by test/reference/erlang.py (Python 3.11.2, mpmath 1.2.1 at
// 40 digits): the smallest N found by scanning N upward with the DOMAIN.md Erlang C sum formula, or with the
// Garnett–Mandelbaum–Reiman / Mandelbaum–Zeltyn Erlang A closed forms. Agent counts must match exactly.
interface StaffCase {
  readonly call: string;
  readonly model: 'erlang-c' | 'erlang-a';
  readonly arrivals: number;
  readonly intervalSeconds: number;
  readonly ahtSeconds: number;
  readonly serviceLevelTarget: number;
  readonly targetAnswerSeconds: number;
  readonly maxOccupancy?: number | null;
  readonly patienceSeconds?: number;
  readonly abandons?: AbandonCounting;
  readonly agents: number;
}
const ref = JSON.parse(readFileSync(new URL('../reference/erlang.json', import.meta.url), 'utf8')) as {
  readonly staffing: readonly StaffCase[];
  readonly staffingDay: { readonly call: string; readonly arrivals: readonly number[]; readonly agents: readonly number[] };
};

function okS(r: StaffingOutcome): StaffingResult {
  if (r.status !== 'ok') throw new Error(r.reason);
  return r;
}

describe('staffing against the mpmath scan', () => {
  it.each(ref.staffing.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const r = okS(
      staffing({
        arrivals: c.arrivals,
        intervalSeconds: c.intervalSeconds,
        ahtSeconds: c.ahtSeconds,
        serviceLevelTarget: c.serviceLevelTarget,
        targetAnswerSeconds: c.targetAnswerSeconds,
        ...(c.maxOccupancy === null || c.maxOccupancy === undefined ? {} : { maxOccupancy: c.maxOccupancy }),
        model: c.model,
        ...(c.patienceSeconds === undefined ? {} : { patienceSeconds: c.patienceSeconds }),
        ...(c.abandons === undefined ? {} : { abandons: c.abandons }),
      }),
    );
    expect(r.agents).toBe(c.agents);
    expect(r.method).toBe(`${c.model}-staffing`);
  });

  it(`a day of 96 quarter-hours: ${ref.staffingDay.call}`, () => {
    const arrivals = Array.from({ length: 96 }, (_, i) => (i < 4 ? 0 : 20 + ((i * 37) % 97) * 4));
    expect(arrivals).toEqual(ref.staffingDay.arrivals);
    const rs = staffing({ arrivals, intervalSeconds: 900, ahtSeconds: 240, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 });
    expect(rs.map((r) => okS(r).agents)).toEqual(ref.staffingDay.agents);
    expect(okS(rs[0] as StaffingOutcome).binding).toBe('no-traffic');
  });
});

describe('staffing published example and rostering', () => {
  const base = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 };

  it('A = 10 erlangs, 80 % in 20 s, AHT 180 s → 14 agents', () => {
    const r = okS(staffing(base));
    expect(r.agents).toBe(14);
    expect(r.binding).toBe('service-level');
    const at14 = erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 14, targetAnswerSeconds: 20 });
    if (at14.status !== 'ok') throw new Error('unexpected');
    expect(r.serviceLevel).toBe(at14.serviceLevel);
    expect(r.probWait).toBe(at14.probWait);
    expect(r.asaSeconds).toBe(at14.asaSeconds);
    expect(r.occupancy).toBe(at14.occupancy);
    expect(r.probAbandon).toBe(0);
  });

  it('rosters ceil(N/(1 − shrinkage)) without binary-rounding surprises', () => {
    expect(okS(staffing({ ...base, shrinkage: 0.3 })).rosteredAgents).toBe(20);
    expect(okS(staffing({ ...base, shrinkage: 0 })).rosteredAgents).toBe(14);
    expect(okS(staffing({ ...base, shrinkage: 0.35 })).rosteredAgents).toBe(22); // 14/0.65 = 21.54
    // 21/(1 − 0.3) is 30.000000000000004 in binary; 30 people suffice.
    const r = okS(staffing({ ...base, arrivals: 1, minAgents: 21, shrinkage: 0.3 }));
    expect(r.agents).toBe(21);
    expect(r.binding).toBe('minimum');
    expect(r.rosteredAgents).toBe(30);
  });

  it('occupancy cap alone, and as the binding constraint', () => {
    const r = okS(staffing({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, maxOccupancy: 0.8 }));
    expect(r.agents).toBe(13); // 10/12.5 → 13
    expect(r.binding).toBe('occupancy');
    expect(r.serviceLevel).toBeNull();
    const both = okS(staffing({ ...base, maxOccupancy: 0.6 }));
    expect(both.agents).toBe(17); // 10/0.6 = 16.7 → 17, beyond the 14 of the service level
    expect(both.binding).toBe('occupancy');
    const exact = okS(staffing({ arrivals: 80, intervalSeconds: 1800, ahtSeconds: 180, maxOccupancy: 0.8 }));
    expect(exact.agents).toBe(10); // A = 8: 8/10 = 0.8 meets the cap exactly
  });

  it('A = 2000 erlangs: the next N misses the target, this one meets it', () => {
    const r = okS(staffing({ arrivals: 20000, intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 }));
    const below = erlangC({ trafficErlangs: 2000, ahtSeconds: 180, agents: r.agents - 1, targetAnswerSeconds: 20 });
    expect(below.status === 'ok' ? (below.serviceLevel as number) : 0).toBeLessThan(0.8);
    expect(r.serviceLevel as number).toBeGreaterThanOrEqual(0.8);
  });
});

describe('staffing edge cases', () => {
  const base = { intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 };

  it('zero traffic needs no agents (or minAgents)', () => {
    const r = okS(staffing({ ...base, arrivals: 0 }));
    expect([r.agents, r.rosteredAgents, r.binding, r.serviceLevel, r.occupancy]).toEqual([0, 0, 'no-traffic', 1, 0]);
    const m = okS(staffing({ ...base, arrivals: 0, minAgents: 1, model: 'erlang-a', patienceSeconds: 60 }));
    expect([m.agents, m.binding]).toEqual([1, 'minimum']);
  });

  it('tiny traffic needs one agent (stability), Erlang A too', () => {
    expect(okS(staffing({ ...base, arrivals: 0.01 })).agents).toBe(1);
    expect(okS(staffing({ ...base, arrivals: 0.01, model: 'erlang-a', patienceSeconds: 60 })).agents).toBe(1);
  });

  it('missing arrivals in a day give insufficient for that interval only; per-interval AHT', () => {
    const rs = staffing({ ...base, arrivals: [100, NaN, null, 100], ahtSeconds: [180, 180, 180, 360] });
    expect(rs.map((r) => r.status)).toEqual(['ok', 'insufficient', 'insufficient', 'ok']);
    expect(okS(rs[0] as StaffingOutcome).agents).toBe(14);
    expect(okS(rs[3] as StaffingOutcome).trafficErlangs).toBe(20);
    const second = rs[1] as StaffingOutcome;
    if (second.status === 'insufficient') expect(second.reason).toBe('staffing: arrivals missing for interval 1');
    expect(staffing({ ...base, arrivals: new Float64Array([100, 200]) })).toHaveLength(2);
    expect(staffing({ ...base, arrivals: [] })).toEqual([]);
  });

  it('maxAgents too small gives insufficient', () => {
    const r = staffing({ ...base, arrivals: 100, maxAgents: 12 });
    expect(r.status).toBe('insufficient');
    const a = staffing({ ...base, arrivals: 100, maxAgents: 5, model: 'erlang-a', patienceSeconds: 100 });
    expect(a.status).toBe('insufficient');
  });

  it('Erlang A may staff N ≤ A and then carries erlangA\'s overload warning', () => {
    // Patience 5 s: nearly every waiting contact has hung up within 20 s, so 'met' is easy to reach.
    const r = okS(staffing({ ...base, arrivals: 100, model: 'erlang-a', patienceSeconds: 5, abandons: 'met' }));
    expect(r.agents).toBeLessThanOrEqual(10);
    expect(r.warnings.map((w) => w.code)).toEqual([ERLANG_A_WARNINGS.overloaded]);
    expect(okS(staffing({ ...base, arrivals: 100, model: 'erlang-a', patienceSeconds: 120 })).warnings).toEqual([]);
  });

  it('infinite patience under Erlang A staffs like Erlang C', () => {
    const a = okS(staffing({ ...base, arrivals: 100, model: 'erlang-a', patienceSeconds: Infinity }));
    expect(a.agents).toBe(14);
    expect(a.method).toBe('erlang-a-staffing');
  });

  it('rejects bad arguments', () => {
    expect(() => staffing({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 })).toThrow(TypeError);
    expect(() => staffing({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8 })).toThrow(
      /targetAnswerSeconds/,
    );
    expect(() => staffing({ ...base, arrivals: 100, serviceLevelTarget: 1 })).toThrow(/^staffing: serviceLevelTarget must be a proportion in \(0, 1\)/);
    expect(() => staffing({ ...base, arrivals: 100, shrinkage: 1 })).toThrow(RangeError);
    expect(() => staffing({ ...base, arrivals: 100, maxOccupancy: 0 })).toThrow(RangeError);
    expect(() => staffing({ ...base, arrivals: 100, model: 'erlang-a' })).toThrow(/patienceSeconds/);
    expect(() => staffing({ ...base, arrivals: NaN })).toThrow(RangeError);
    expect(() => staffing({ ...base, arrivals: [1, -2] })).toThrow(/arrivals\[1\]/);
    expect(() => staffing({ ...base, arrivals: [1, 2], ahtSeconds: [180] })).toThrow(TypeError);
    expect(() => staffing({ ...base, arrivals: 100, minAgents: 1.5 })).toThrow(/^staffing: minAgents must be a non-negative integer, got 1.5/);
    expect(() => staffing({ ...base, arrivals: 100, minAgents: 5, maxAgents: 4 })).toThrow(/maxAgents must be ≥ minAgents/);
  });
});

describe('staffing properties', () => {
  it('Erlang A bisection finds the same N as a scan from 1, for every service-level variant', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 40, noNaN: true }),
        fc.double({ min: 5, max: 2000, noNaN: true }),
        fc.double({ min: 0.5, max: 0.95, noNaN: true }),
        fc.constantFrom<AbandonCounting>('miss', 'met', 'exclude'),
        fc.option(fc.double({ min: 0.5, max: 0.95, noNaN: true }), { nil: undefined }),
        (a, patience, target, abandons, maxOccupancy) => {
          const r = okS(
            staffing({
              arrivals: a * 10,
              intervalSeconds: 1800,
              ahtSeconds: 180,
              serviceLevelTarget: target,
              targetAnswerSeconds: 20,
              model: 'erlang-a',
              patienceSeconds: patience,
              abandons,
              ...(maxOccupancy === undefined ? {} : { maxOccupancy }),
            }),
          );
          const key = { miss: 'serviceLevel', met: 'serviceLevelAbandonsMet', exclude: 'serviceLevelShortAbandonsExcluded' } as const;
          let n = 1;
          for (;;) {
            const m = erlangA({ arrivals: a * 10, intervalSeconds: 1800, ahtSeconds: 180, agents: n, patienceSeconds: patience, targetAnswerSeconds: 20 });
            if (m.status === 'ok' && (m[key[abandons]] as number) >= target && (maxOccupancy === undefined || m.occupancy <= maxOccupancy)) break;
            n++;
          }
          return r.agents === n;
        },
      ),
      { numRuns: 150, seed: 99 },
    );
  });

  it('Erlang C staffing: N meets the target and N − 1 does not (unless bound by stability/occupancy)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 3000, noNaN: true }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (a, target, t) => {
          const r = okS(staffing({ arrivals: a, intervalSeconds: 1800, ahtSeconds: 1800, serviceLevelTarget: target, targetAnswerSeconds: t }));
          const at = erlangC({ trafficErlangs: r.trafficErlangs, ahtSeconds: 1800, agents: r.agents, targetAnswerSeconds: t });
          const below = erlangC({ trafficErlangs: r.trafficErlangs, ahtSeconds: 1800, agents: r.agents - 1, targetAnswerSeconds: t });
          const meets = at.status === 'ok' && (at.serviceLevel as number) >= target;
          const belowFails = below.status !== 'ok' || (below.serviceLevel as number) < target;
          return meets && belowFails && (r.binding === 'service-level') === (below.status === 'ok');
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});
