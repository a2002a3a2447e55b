/**
 * Staffing, stage 2: the searches for one interval — Erlang C upward from the stability bound carrying the
 * Erlang B recursion, Erlang A by bracketing and bisection — and the rostering for shrinkage.
 */

import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { advanceReciprocal, erlangBReciprocal } from './erlang-b.js';
import { erlangAUnchecked, PATIENCE_LIMIT_AHT, type ErlangAResult } from './erlang-a.js';
import { erlangCFromReciprocal } from './erlang-c.js';
import type { AbandonCounting, StaffingBinding, StaffingModel, StaffingOutcome, StaffingResult } from './staffing.js';
import type { ResolvedTraffic } from './traffic.js';

/** The checked options of one staffing call. */
export interface Plan {
  readonly model: StaffingModel;
  readonly intervalSeconds: number;
  readonly slTarget: number | null;
  readonly answerSeconds: number | null;
  readonly maxOccupancy: number;
  readonly shrinkage: number;
  readonly patience: number;
  readonly abandons: AbandonCounting;
  readonly minAgents: number;
  readonly maxAgents: number;
}

/** Relative slack in ceil(N/(1 − s)): 21/(1 − 0.3) is 30.000000000000004 in binary, and must roster 30. */
const ROSTER_SLACK = 1e-12;

function rostered(agents: number, shrinkage: number): number {
  if (shrinkage === 0) return agents;
  const r = agents / (1 - shrinkage);
  return Math.ceil(r * (1 - ROSTER_SLACK));
}

/** Smallest N with A/N ≤ cap, by the same division that reports occupancy. */
function occupancyBound(a: number, cap: number): number {
  if (a === 0 || cap >= 1) return 0;
  let n = Math.max(1, Math.ceil(a / cap));
  while (n > 1 && a / (n - 1) <= cap) n--;
  while (a / n > cap) n++;
  return n;
}

function ok(
  plan: Plan,
  arrivals: number,
  traffic: ResolvedTraffic,
  agents: number,
  binding: StaffingBinding,
  m: { serviceLevel: number | null; probWait: number; probAbandon: number; asaSeconds: number; occupancy: number },
  warnings: readonly AnalysisWarning[] = [],
): StaffingResult {
  return {
    status: 'ok',
    method: plan.model === 'erlang-c' ? 'erlang-c-staffing' : 'erlang-a-staffing',
    warnings,
    agents,
    rosteredAgents: rostered(agents, plan.shrinkage),
    binding,
    arrivals,
    trafficErlangs: traffic.trafficErlangs,
    serviceLevel: m.serviceLevel,
    probWait: m.probWait,
    probAbandon: m.probAbandon,
    asaSeconds: m.asaSeconds,
    occupancy: m.occupancy,
  };
}

function tooMany(plan: Plan): InsufficientResult {
  return insufficient(
    plan.model === 'erlang-c' ? 'erlang-c-staffing' : 'erlang-a-staffing',
    `staffing: no N ≤ maxAgents = ${plan.maxAgents} meets the targets`,
  );
}

function staffErlangC(plan: Plan, arrivals: number, traffic: ResolvedTraffic): StaffingOutcome {
  const a = traffic.trafficErlangs;
  const stable = Math.floor(a) + 1;
  const occ = occupancyBound(a, plan.maxOccupancy);
  let n = Math.max(stable, occ, plan.minAgents);
  let binding: StaffingBinding =
    n === plan.minAgents && plan.minAgents > Math.max(stable, occ) ? 'minimum' : occ > stable ? 'occupancy' : 'stability';
  if (n > plan.maxAgents) return tooMany(plan);
  let reciprocal = erlangBReciprocal(a, n);
  for (;;) {
    const m = erlangCFromReciprocal(traffic, n, reciprocal, plan.answerSeconds);
    if (plan.slTarget === null || (m.serviceLevel as number) >= plan.slTarget) {
      return ok(plan, arrivals, traffic, n, binding, { ...m, probAbandon: 0 });
    }
    if (n >= plan.maxAgents) return tooMany(plan);
    reciprocal = advanceReciprocal(a, n, reciprocal, n + 1);
    n += 1;
    binding = 'service-level';
  }
}

function serviceLevelOf(plan: Plan, r: ErlangAResult): number | null {
  if (plan.slTarget === null) return null;
  if (plan.abandons === 'met') return r.serviceLevelAbandonsMet;
  if (plan.abandons === 'exclude') return r.serviceLevelShortAbandonsExcluded;
  return r.serviceLevel;
}

interface MeetsA {
  readonly sl: boolean;
  readonly occ: boolean;
  readonly result: ErlangAResult | null;
}

/** Which Erlang A targets N meets: service level and occupancy. */
function meetsA(plan: Plan, traffic: ResolvedTraffic, n: number): MeetsA {
  const r = erlangAUnchecked(traffic, n, plan.patience, plan.answerSeconds);
  if (r.status !== 'ok') return { sl: false, occ: false, result: null };
  const sl = serviceLevelOf(plan, r);
  return { sl: sl === null || sl >= (plan.slTarget as number), occ: r.occupancy <= plan.maxOccupancy, result: r };
}

function staffErlangA(plan: Plan, arrivals: number, traffic: ResolvedTraffic): StaffingOutcome {
  const a = traffic.trafficErlangs;
  const lowest = Math.max(1, plan.minAgents);
  // Answered-within-t ≤ carried load/A ≤ N/A, so 'miss' needs N ≥ target·A.
  const floorBound = plan.slTarget !== null && plan.abandons === 'miss' ? Math.floor(plan.slTarget * a) : 0;
  const start = Math.max(lowest, floorBound);
  if (start > plan.maxAgents) return tooMany(plan);
  const good = (n: number): boolean => {
    const t = meetsA(plan, traffic, n);
    return t.sl && t.occ;
  };
  // Bracket (lo, hi] with good(hi) and !good(lo) (or lo below start), stepping out from floor(A) + 1.
  const guess = Math.min(plan.maxAgents, Math.max(start, Math.floor(a) + 1));
  let step = Math.max(1, Math.ceil(Math.sqrt(a) / 4));
  let lo: number;
  let hi: number;
  if (good(guess)) {
    hi = guess;
    lo = hi - step;
    while (lo >= start && good(lo)) {
      hi = lo;
      step *= 2;
      lo = hi - step;
    }
    if (lo < start) lo = start - 1;
  } else {
    lo = guess;
    hi = guess + step;
    while (hi <= plan.maxAgents && !good(hi)) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > plan.maxAgents) {
      if (lo >= plan.maxAgents || !good(plan.maxAgents)) return tooMany(plan);
      hi = plan.maxAgents;
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (good(mid)) hi = mid;
    else lo = mid;
  }
  const r = meetsA(plan, traffic, hi).result as ErlangAResult;
  let binding: StaffingBinding;
  if (hi === lowest) binding = 'minimum';
  else {
    const below = meetsA(plan, traffic, hi - 1);
    binding = !below.sl ? 'service-level' : 'occupancy';
  }
  return ok(plan, arrivals, traffic, hi, binding, {
    serviceLevel: serviceLevelOf(plan, r),
    probWait: r.probWait,
    probAbandon: r.probAbandon,
    asaSeconds: r.asaSeconds,
    occupancy: r.occupancy,
  }, r.warnings);
}

/** Staffs one interval: `arrivals` contacts with mean handling time `aht` seconds. */
export function staffOne(plan: Plan, arrivals: number, aht: number): StaffingOutcome {
  const trafficErlangs = (arrivals * aht) / plan.intervalSeconds;
  const traffic: ResolvedTraffic = { ratePerSecond: arrivals / plan.intervalSeconds, trafficErlangs, ahtSeconds: aht };
  if (trafficErlangs === 0) {
    const n = plan.minAgents;
    return ok(plan, arrivals, traffic, n, n > 0 ? 'minimum' : 'no-traffic', {
      serviceLevel: plan.slTarget === null ? null : 1,
      probWait: 0,
      probAbandon: 0,
      asaSeconds: 0,
      occupancy: 0,
    });
  }
  // Infinite patience is Erlang C, whose upward search is cheaper (every service-level variant coincides).
  return plan.model === 'erlang-c' || plan.patience > PATIENCE_LIMIT_AHT * aht
    ? staffErlangC(plan, arrivals, traffic)
    : staffErlangA(plan, arrivals, traffic);
}
