/**
 * Erlang A (Palm's M/M/N+M: exponential patience, abandonment): probability of waiting and of abandoning,
 * three service-level variants, ASA and occupancy, by the closed forms of Garnett, Mandelbaum & Reiman
 * (2002) and Mandelbaum & Zeltyn (2007) in scaled incomplete-gamma form (./gamma-ratios.ts).
 *
 * Notation: λ arrivals/s, h = 1/μ mean handling time, 1/θ mean patience, N agents, A = λh,
 * x = Nμ/θ, y = λ/θ, E = Erlang B(N, A). Given that a contact waits, the number q of contacts already
 * queued ahead of it has weights w_q ∝ y^q/((x+1)…(x+q)) (normalised: D(x+q, y)/P(x, y)), and its offered
 * wait V (time to reach an agent if it never abandoned) is a sum of exponentials with rates
 * θ(x + q), …, θ(x + 0), so e^(−θV) ~ Beta(x, q + 1). Summing over q gives
 * - P(wait)            = S·E/(1 + (S − 1)E), S = S(x, y)                 (Garnett et al. 2002)
 * - P(V > t | wait)    = P(x, y e^(−θt))/P(x, y)      (offered-wait tail; cf. Mandelbaum & Zeltyn 2007)
 * - P(served, V ≤ t | wait) = (x/y)·[P(x + 1, y) − P(x + 1, y e^(−θt))]/P(x, y)
 * - P(abandon | wait)  = Σ_q w_q (q + 1)/(x + q + 1) (= 1/(ρS) + 1 − 1/ρ, ρ = A/N, summed without its
 *   cancellation), and E[V; served | q] = (1/θ)·x/(x + q + 1)·Σ_{j=1}^{q+1} 1/(x + j) for the ASA
 *   (summed in ./queue-length-sums.ts).
 * The two service-level lines follow from the Beta law by summing over q; the birth–death test
 * (test/analysis/erlang-birth-death.test.ts) checks them against a numerically solved chain.
 */

import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { checkAgents, erlangBUnchecked } from './erlang-b.js';
import { erlangCUnchecked } from './erlang-c.js';
import { gammaLogs, gammaLogsNext, logPoissonTerm, type GammaLogs } from './gamma-ratios.js';
import { queueSums, type QueueSums } from './queue-length-sums.js';
import { checkNumber, nonNegative, positive, resolveTraffic, type ResolvedTraffic, type TrafficOptions } from './traffic.js';

/** Warning codes {@link erlangA} can emit. */
export const ERLANG_A_WARNINGS = {
  /** N ≤ A: the queue is stable only because contacts abandon; P(abandon) is at least 1 − N/A. */
  overloaded: 'agents-not-above-offered-traffic',
} as const;

/** Options of {@link erlangA}. */
export interface ErlangAOptions extends TrafficOptions {
  /** Agents N, a non-negative integer. */
  readonly agents: number;
  /**
   * Mean patience 1/θ in seconds (> 0): patience is exponential, a waiting contact abandons at rate θ.
   * `Infinity` — or anything above 1e9 handling times — means nobody abandons (Erlang C; then N ≤ A is
   * unstable and gives `insufficient`).
   */
  readonly patienceSeconds: number;
  /** Service-level threshold t in seconds (≥ 0). Omitted: the service-level fields are null. */
  readonly targetAnswerSeconds?: number;
}

/** Erlang A metrics for one number of agents. Probabilities are per offered contact unless stated. */
export interface ErlangAResult {
  readonly status: 'ok';
  readonly method: 'erlang-a';
  readonly warnings: readonly AnalysisWarning[];
  readonly agents: number;
  readonly trafficErlangs: number;
  readonly arrivalRatePerSecond: number;
  readonly ahtSeconds: number;
  readonly patienceSeconds: number;
  /** P(wait > 0): the contact finds every agent busy (whether it is later answered or abandons). */
  readonly probWait: number;
  /** P(abandon): share of offered contacts that hang up before being answered. */
  readonly probAbandon: number;
  /** Answered within t ÷ offered: abandons count as misses (tends to 1 − probAbandon as t grows). */
  readonly serviceLevel: number | null;
  /** (Answered + abandoned) within t ÷ offered = P(min(V, patience) ≤ t): abandons within t count as met. */
  readonly serviceLevelAbandonsMet: number | null;
  /** Answered within t ÷ (offered − abandoned within t): abandons within t are excluded. */
  readonly serviceLevelShortAbandonsExcluded: number | null;
  /** Abandoned within t ÷ offered. */
  readonly probAbandonWithinTarget: number | null;
  readonly targetAnswerSeconds: number | null;
  /** Average speed of answer: mean queue wait of answered contacts, seconds. */
  readonly asaSeconds: number;
  /** Mean queue wait of all offered contacts, answered or abandoned (= probAbandon × patience), seconds. */
  readonly meanWaitSeconds: number;
  /** Agent occupancy: carried load ÷ N = A(1 − probAbandon)/N. */
  readonly occupancy: number;
}

/** Result of {@link erlangA}. */
export type ErlangAOutcome = ErlangAResult | InsufficientResult;

/**
 * Patience beyond this many handling times counts as infinite (Erlang C). The Erlang A − C gap is of
 * order h/((N − A)·patience) ≤ 1e-9/(N − A) there, while the sums would need O(√(N·patience/h)) terms and
 * N·patience/h would approach 2^53, where x + k stops being exact.
 */
export const PATIENCE_LIMIT_AHT = 1e9;

function noTraffic(traffic: ResolvedTraffic, agents: number, patience: number, target: number | null): ErlangAResult {
  const sl = target === null ? null : 1;
  return {
    status: 'ok',
    method: 'erlang-a',
    warnings: [],
    agents,
    trafficErlangs: 0,
    arrivalRatePerSecond: 0,
    ahtSeconds: traffic.ahtSeconds,
    patienceSeconds: patience,
    probWait: 0,
    probAbandon: 0,
    serviceLevel: sl,
    serviceLevelAbandonsMet: sl,
    serviceLevelShortAbandonsExcluded: sl,
    probAbandonWithinTarget: target === null ? null : 0,
    targetAnswerSeconds: target,
    asaSeconds: 0,
    meanWaitSeconds: 0,
    occupancy: 0,
  };
}

/**
 * Patience so short that N·patience/h underflows: the Erlang B loss system, where a contact that finds
 * every agent busy leaves at once (P(wait) = P(abandon) = B, no queue wait).
 */
function lossLimit(traffic: ResolvedTraffic, agents: number, patience: number, target: number | null, e: number): ErlangAResult {
  const a = traffic.trafficErlangs;
  const sl = target === null ? null : 1 - e;
  return {
    status: 'ok',
    method: 'erlang-a',
    warnings: agents <= a ? [overloadWarning(agents, a)] : [],
    agents,
    trafficErlangs: a,
    arrivalRatePerSecond: traffic.ratePerSecond,
    ahtSeconds: traffic.ahtSeconds,
    patienceSeconds: patience,
    probWait: e,
    probAbandon: e,
    serviceLevel: sl,
    serviceLevelAbandonsMet: target === null ? null : target === 0 ? 1 - e : 1,
    serviceLevelShortAbandonsExcluded: target === null ? null : target === 0 ? 1 - e : 1,
    probAbandonWithinTarget: target === null ? null : target === 0 ? 0 : e,
    targetAnswerSeconds: target,
    asaSeconds: 0,
    meanWaitSeconds: 0,
    occupancy: Math.min(1, (a * (1 - e)) / agents),
  };
}

function overloadWarning(agents: number, a: number): AnalysisWarning {
  return {
    code: ERLANG_A_WARNINGS.overloaded,
    message: `agents N = ${agents} do not exceed the offered traffic A = ${a} erlangs: the queue is stable only through abandonment`,
  };
}

/** Erlang A after the checks; exported for staffing. */
export function erlangAUnchecked(
  traffic: ResolvedTraffic,
  agents: number,
  patience: number,
  target: number | null,
): ErlangAOutcome {
  const a = traffic.trafficErlangs;
  if (agents === 0) {
    return insufficient(
      'erlang-a',
      'erlangA: no agents (N = 0): every contact abandons, so ASA and occupancy are undefined',
    );
  }
  if (a === 0) return noTraffic(traffic, agents, patience, target);
  if (patience > PATIENCE_LIMIT_AHT * traffic.ahtSeconds) {
    // No abandonment: the Erlang C limit, unstable when N ≤ A.
    const c = erlangCUnchecked(traffic, agents, target);
    if (c.status !== 'ok') return insufficient('erlang-a', c.reason.replace(/^erlangC/, 'erlangA'));
    return {
      status: 'ok',
      method: 'erlang-a',
      warnings: [],
      agents,
      trafficErlangs: a,
      arrivalRatePerSecond: traffic.ratePerSecond,
      ahtSeconds: traffic.ahtSeconds,
      patienceSeconds: patience,
      probWait: c.probWait,
      probAbandon: 0,
      serviceLevel: c.serviceLevel,
      serviceLevelAbandonsMet: c.serviceLevel,
      serviceLevelShortAbandonsExcluded: c.serviceLevel,
      probAbandonWithinTarget: target === null ? null : 0,
      targetAnswerSeconds: target,
      asaSeconds: c.asaSeconds,
      meanWaitSeconds: c.asaSeconds,
      occupancy: c.occupancy,
    };
  }
  const ratio = patience / traffic.ahtSeconds;
  const x = agents * ratio;
  const y = a * ratio;
  const e = erlangBUnchecked(a, agents);
  if (x === 0 || y === 0) return lossLimit(traffic, agents, patience, target, e);
  // Below the transition the queue-length sums started at w_0 = 1 are the series for S(x, y) itself;
  // above it S and P come from the continued fraction and the sums start at the mode of w_q.
  // z = e^(−θt), the chance that patience outlasts t.
  const thetaT = target === null ? 0 : target / patience;
  const z = Math.exp(-thetaT);
  let gy: GammaLogs;
  let sums: QueueSums;
  if (y < x + 1) {
    sums = queueSums(x, y, 0, 1, z);
    const logS = Math.log(sums.total);
    gy = { series: true, logS, logP: logPoissonTerm(x, y) + logS };
  } else {
    gy = gammaLogs(x, y);
    const mode = Math.floor(y - x);
    sums = queueSums(x, y, mode, Math.exp(logPoissonTerm(x + mode, y) - gy.logP), 1);
  }
  const s = Math.exp(gy.logS);
  // P(wait) = S·E/(1 + (S − 1)E), written so that S = ∞ gives 1 and E = 0 gives 0.
  const probWait = 1 / (1 + (1 - e) / (s * e));
  const probAbandon = probWait * sums.abandonGivenWait;
  const probServed = 1 - probWait + probWait * sums.servedGivenWait;
  const asaSeconds = (probWait * sums.servedWaitTheta * patience) / probServed;

  let serviceLevel: number | null = null;
  let abandonsMet: number | null = null;
  let shortExcluded: number | null = null;
  let abandonWithin: number | null = null;
  if (target !== null) {
    let answered: number;
    let waitAbove: number;
    if (target === 0) {
      answered = 1 - probWait;
      waitAbove = probWait;
      abandonWithin = 0;
    } else {
      const logZ = -thetaT;
      const oneMinusZ = -Math.expm1(-thetaT);
      const yz = y * z;
      let g1: GammaLogs;
      if (gy.series) {
        const logS = Math.log(sums.discounted);
        g1 = { series: true, logS, logP: logPoissonTerm(x, yz) + logS };
      } else {
        g1 = gammaLogs(x, yz);
      }
      const g2 = gammaLogsNext(x, yz, g1);
      // Where both sides come from the series, the ratio of the D factors is exact algebra:
      // D(x, yz)/D(x, y) = z^x e^(y(1−z)) — no log Γ and no Loader rounding in the difference.
      const logR1 =
        g1.series && gy.series ? x * logZ + y * oneMinusZ + g1.logS - gy.logS : g1.logP - gy.logP;
      const logR2 =
        g2.series && gy.series
          ? Math.log(x / (x + 1)) + (x + 1) * logZ + y * oneMinusZ + g2.logS - gy.logS
          : Math.log(x / y) + g2.logP - gy.logP;
      const servedWithinGivenWait = Math.max(0, sums.servedGivenWait - Math.exp(logR2));
      answered = 1 - probWait + probWait * servedWithinGivenWait;
      // P(W > t) = P(V > t)·P(patience > t) = P(wait)·R1·e^(−θt).
      waitAbove = probWait * Math.exp(logZ + logR1);
      abandonWithin = Math.max(0, 1 - answered - waitAbove);
    }
    serviceLevel = answered;
    abandonsMet = 1 - waitAbove;
    shortExcluded = answered / (1 - abandonWithin);
  }
  return {
    status: 'ok',
    method: 'erlang-a',
    warnings: agents <= a ? [overloadWarning(agents, a)] : [],
    agents,
    trafficErlangs: a,
    arrivalRatePerSecond: traffic.ratePerSecond,
    ahtSeconds: traffic.ahtSeconds,
    patienceSeconds: patience,
    probWait,
    probAbandon,
    serviceLevel,
    serviceLevelAbandonsMet: abandonsMet,
    serviceLevelShortAbandonsExcluded: shortExcluded,
    probAbandonWithinTarget: abandonWithin,
    targetAnswerSeconds: target,
    asaSeconds,
    meanWaitSeconds: probAbandon * patience,
    // Carried load ÷ N cannot exceed 1; rounding in an overloaded queue (P(served) ≈ N/A) may touch it.
    occupancy: Math.min(1, (a * probServed) / agents),
  };
}

/** Checks patienceSeconds: > 0, Infinity allowed. */
export function checkPatience(fn: string, patience: unknown): number {
  if (typeof patience === 'number' && patience === Infinity) return Infinity;
  return checkNumber(fn, 'patienceSeconds', patience, positive, 'a number of seconds > 0 (or Infinity)');
}

/**
 * Erlang A (M/M/N+M, Palm 1943) metrics: Poisson arrivals, exponential handling, exponential patience,
 * so waiting contacts abandon. Stays defined when N ≤ A: abandonment keeps the queue stable.
 *
 * Method: closed forms of Garnett, Mandelbaum & Reiman (2002) "Designing a call center with impatient
 * customers", M&SOM 4(3), and Mandelbaum & Zeltyn (2007) "Service engineering in action: the Palm/Erlang-A
 * queue", via scaled regularized incomplete gamma functions (series below the transition, Legendre
 * continued fraction above, Loader's saddle-point Poisson term), and for P(abandon) and ASA exact sums over
 * the queue length found by a waiting arrival, run from its mode until the terms vanish (see the file
 * header). Not a truncated state-space solve: every neglected tail is below 1e-18 of the total.
 * Cost: O(√(N·patience/h)) terms — about 3 µs at N = 2000, patience 300 s, h = 180 s; an overloaded queue
 * with patience near the 1e9·h cut-off needs ~10⁷ terms (a few hundred ms).
 * `patienceSeconds: Infinity` (or above 1e9·h) gives the Erlang C values; patience so short that N·patience/h
 * underflows gives the Erlang B loss-system limit. Service level is reported three ways (DOMAIN.md:
 * abandons within t as misses, as met, or excluded); `serviceLevel` counts them as misses.
 *
 * @param options The traffic — `trafficErlangs`, `arrivals` per `intervalSeconds`, or
 *   `arrivalRatePerSecond` (exactly one) — with `ahtSeconds` (s), `agents` (integer ≥ 0),
 *   `patienceSeconds` (mean patience, s, > 0 or Infinity), optional `targetAnswerSeconds` (s, ≥ 0).
 * @returns Metrics with `status: 'ok'` (warning `agents-not-above-offered-traffic` when N ≤ A);
 *   `insufficient` for N = 0 (nobody is ever answered) and for infinite patience with N ≤ A.
 * @throws {RangeError} if `agents` is not a non-negative integer, or a number is negative, zero where it
 *   must be positive, NaN, or infinite (except patience); missing values are not accepted.
 *   {TypeError} unless exactly one traffic form is given.
 * @example
 * const r = erlangA({ trafficErlangs: 10, ahtSeconds: 180, agents: 12, patienceSeconds: 120, targetAnswerSeconds: 20 });
 * // r.probWait => 0.27980… ; r.probAbandon => 0.061597… ; r.serviceLevel => 0.82558… ; r.asaSeconds => 6.3347…
 */
export function erlangA(options: ErlangAOptions): ErlangAOutcome {
  const traffic = resolveTraffic('erlangA', options);
  checkAgents('erlangA', options.agents);
  const patience = checkPatience('erlangA', options.patienceSeconds);
  const target =
    options.targetAnswerSeconds === undefined
      ? null
      : checkNumber('erlangA', 'targetAnswerSeconds', options.targetAnswerSeconds, nonNegative, 'a finite number of seconds ≥ 0');
  return erlangAUnchecked(traffic, options.agents, patience, target);
}
