/**
 * Erlang C (M/M/N, infinite waiting room, no abandonment): probability of waiting, service level, ASA and
 * occupancy, computed from Erlang B so that nothing overflows for thousands of agents.
 */

import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { advanceReciprocal, checkAgents, erlangBReciprocal } from './erlang-b.js';
import { checkNumber, nonNegative, resolveTraffic, type ResolvedTraffic, type TrafficOptions } from './traffic.js';

/** Options of {@link erlangC}: the traffic (one of three forms), the agents and an optional answer target. */
export interface ErlangCOptions<TAgents extends number | ArrayLike<number> = number> extends TrafficOptions {
  /** Agents N on the queue: a non-negative integer, or a list of them to evaluate in one pass. */
  readonly agents: TAgents;
  /** Service-level threshold t in seconds (≥ 0): `serviceLevel` is P(wait ≤ t). Omitted: `serviceLevel` is null. */
  readonly targetAnswerSeconds?: number;
}

/** Erlang C metrics for one number of agents. */
export interface ErlangCResult {
  readonly status: 'ok';
  readonly method: 'erlang-c';
  /** Always empty: Erlang C has no data conditions to warn about (instability is an `insufficient` result). */
  readonly warnings: readonly AnalysisWarning[];
  readonly agents: number;
  /** Offered load A = λ·h, erlangs. */
  readonly trafficErlangs: number;
  readonly arrivalRatePerSecond: number;
  readonly ahtSeconds: number;
  /** C(N, A): probability that a contact waits at all (= share of contacts that queue). */
  readonly probWait: number;
  /** P(wait ≤ t) = 1 − C·e^(−(N − A)t/h); null when no `targetAnswerSeconds` was given. */
  readonly serviceLevel: number | null;
  readonly targetAnswerSeconds: number | null;
  /** Average speed of answer = mean queue wait of all contacts (all are answered) = C·h/(N − A), seconds. */
  readonly asaSeconds: number;
  /** Mean number of contacts waiting, Lq = C·A/(N − A). */
  readonly meanQueueLength: number;
  /** Agent occupancy A/N (0–1). */
  readonly occupancy: number;
}

/** Result of {@link erlangC} for one number of agents: metrics, or `insufficient` when N ≤ A (unstable). */
export type ErlangCOutcome = ErlangCResult | InsufficientResult;

/** Builds the metrics from 1/B(N, A); N > A > 0 or A = 0 < N. */
export function erlangCFromReciprocal(
  traffic: ResolvedTraffic,
  agents: number,
  reciprocalB: number,
  targetAnswerSeconds: number | null,
): ErlangCResult {
  const a = traffic.trafficErlangs;
  const h = traffic.ahtSeconds;
  const spare = agents - a;
  // C = N·B/(N − A(1 − B)) = N/(N·I − A(I − 1)) with I = 1/B (the Erlang B route to Erlang C).
  const probWait = a === 0 || reciprocalB === Infinity ? 0 : agents / (spare * reciprocalB + a);
  return {
    status: 'ok',
    method: 'erlang-c',
    warnings: [],
    agents,
    trafficErlangs: a,
    arrivalRatePerSecond: traffic.ratePerSecond,
    ahtSeconds: h,
    probWait,
    serviceLevel:
      targetAnswerSeconds === null ? null : 1 - probWait * Math.exp((-spare * targetAnswerSeconds) / h),
    targetAnswerSeconds,
    asaSeconds: (probWait * h) / spare,
    meanQueueLength: (probWait * a) / spare,
    occupancy: a / agents,
  };
}

function unstable(traffic: ResolvedTraffic, agents: number): InsufficientResult {
  return insufficient(
    'erlang-c',
    `erlangC: unstable queue: agents N = ${agents} must exceed the offered traffic A = ${traffic.trafficErlangs} ` +
      'erlangs (occupancy ≥ 1, so the queue grows without bound); use erlangA for a queue with abandonment',
  );
}

/** Erlang C for one N, after the checks. */
export function erlangCUnchecked(
  traffic: ResolvedTraffic,
  agents: number,
  targetAnswerSeconds: number | null,
): ErlangCOutcome {
  const a = traffic.trafficErlangs;
  if (agents <= a) return unstable(traffic, agents);
  const reciprocal = a === 0 ? Infinity : erlangBReciprocal(a, agents);
  return erlangCFromReciprocal(traffic, agents, reciprocal, targetAnswerSeconds);
}

/**
 * Erlang C delay metrics for N agents serving Poisson arrivals with exponential handling times (M/M/N).
 *
 * Method: the probability of waiting from Erlang B, C = N·B/(N − A(1 − B)) (Cooper 1981, "Introduction to
 * Queueing Theory", 2nd ed., ch. 3; equal to the textbook sum formula in DOMAIN.md), with B from the stable
 * recursion of {@link erlangB}; service level P(W ≤ t) = 1 − C·e^(−(N − A)t/h), ASA = C·h/(N − A),
 * occupancy A/N (Gans, Koole & Mandelbaum 2003, "Telephone call centers", M&SOM 5(2)). With a list
 * of agent counts the recursion is carried from one count to the next, so N = 1…3000 costs one pass.
 *
 * @param options The traffic — `trafficErlangs`, or `arrivals` per `intervalSeconds`, or
 *   `arrivalRatePerSecond` (exactly one) — with `ahtSeconds` (mean handling time, s), `agents` (integer ≥ 0,
 *   or a list) and optional `targetAnswerSeconds` (t, s, ≥ 0).
 * @returns Metrics with `status: 'ok'`; `insufficient` when N ≤ A (no steady state: the queue grows without
 *   bound; this includes N = 0). A = 0 with N ≥ 1 gives probWait 0, service level 1. With a list of agents,
 *   one result per entry, in the given order.
 * @throws {RangeError} if an agent count is not a non-negative integer or a number is negative, NaN or
 *   infinite (missing values are not accepted); {TypeError} unless exactly one traffic form is given.
 * @example
 * const r = erlangC({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, agents: 14, targetAnswerSeconds: 20 });
 * // r.probWait => 0.17413… ; r.serviceLevel => 0.88835… ; r.asaSeconds => 7.8359… ; r.occupancy => 0.71428…
 * erlangC({ trafficErlangs: 10, ahtSeconds: 180, agents: 10 }).status; // => 'insufficient'
 */
export function erlangC(options: ErlangCOptions<number>): ErlangCOutcome;
export function erlangC(options: ErlangCOptions<ArrayLike<number>>): readonly ErlangCOutcome[];
export function erlangC(options: ErlangCOptions<number | ArrayLike<number>>): ErlangCOutcome | readonly ErlangCOutcome[] {
  const traffic = resolveTraffic('erlangC', options);
  const target =
    options.targetAnswerSeconds === undefined
      ? null
      : checkNumber('erlangC', 'targetAnswerSeconds', options.targetAnswerSeconds, nonNegative, 'a finite number of seconds ≥ 0');
  const agents = options.agents;
  if (typeof agents === 'number') {
    checkAgents('erlangC', agents);
    return erlangCUnchecked(traffic, agents, target);
  }
  if (typeof agents !== 'object' || agents === null || typeof agents.length !== 'number') {
    throw new TypeError(`erlangC: agents must be an integer or an array of integers, got ${String(agents)}`);
  }
  const count = agents.length;
  for (let i = 0; i < count; i++) checkAgents('erlangC', agents[i] as number);
  // Visit the counts in ascending order and carry 1/B upward: every stable N exceeds A, where the
  // recursion's start index is the same for all N, so this equals the one-at-a-time values up to the
  // pairing of steps in the recursion (a few ulps).
  const order = Array.from({ length: count }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < count; i++) if ((agents[i] as number) < (agents[i - 1] as number)) sorted = false;
  if (!sorted) order.sort((i, j) => (agents[i] as number) - (agents[j] as number));
  const out = new Array<ErlangCOutcome>(count);
  const a = traffic.trafficErlangs;
  let atAgents = -1;
  let reciprocal = 0;
  for (const i of order) {
    const n = agents[i] as number;
    if (n <= a) {
      out[i] = unstable(traffic, n);
      continue;
    }
    if (a === 0) reciprocal = Infinity;
    else if (atAgents < 0) reciprocal = erlangBReciprocal(a, n);
    else reciprocal = advanceReciprocal(a, atAgents, reciprocal, n);
    atAgents = n;
    out[i] = erlangCFromReciprocal(traffic, n, reciprocal, target);
  }
  return out;
}
