/**
 * Staffing: the smallest number of agents meeting a service-level target and/or an occupancy cap under
 * Erlang C or Erlang A, then rostered for shrinkage; for one interval or a day of them.
 *
 * Stages: 1. this file checks the options once and loops over the intervals (a missing forecast makes its
 * interval `insufficient`); 2. ./staffing-search.ts staffs one interval — Erlang C upward from
 * max(floor(A) + 1, occupancy bound, minimum), carrying the Erlang B recursion one agent at a time (each
 * step O(1)); Erlang A by an exponential search from floor(A) + 1, then bisection, on the monotone
 * predicate "meets every target" (more agents shorten every contact's offered wait, so each service-level
 * variant rises and the abandonment probability falls).
 */

import { insufficient, type AnalysisWarning, type InsufficientResult } from '../result.js';
import { checkAgents } from './erlang-b.js';
import { checkPatience } from './erlang-a.js';
import { staffOne, type Plan } from './staffing-search.js';
import { checkNumber, nonNegative, positive } from './traffic.js';

/** The queueing model used for staffing. */
export type StaffingModel = 'erlang-c' | 'erlang-a';

/** How abandons within the answer target count in the Erlang A service level (DOMAIN.md, "Service level"). */
export type AbandonCounting = 'miss' | 'met' | 'exclude';

/**
 * Which constraint fixed the number of agents: the service level, the occupancy cap, Erlang C stability
 * (floor(A) + 1 already meets every target), `minAgents`, or zero traffic (0 agents).
 */
export type StaffingBinding = 'service-level' | 'occupancy' | 'stability' | 'minimum' | 'no-traffic';

/** Options of {@link staffing}; `arrivals` is one interval's count or an array of intervals. */
export interface StaffingOptions<TArrivals extends number | ArrayLike<number | null> = number> {
  /** Forecast contacts per interval (≥ 0, need not be integer); an array gives one result per interval. */
  readonly arrivals: TArrivals;
  /** Interval length in seconds (> 0), e.g. 900 for a day of 96 quarter-hours. */
  readonly intervalSeconds: number;
  /** Mean handling time in seconds (> 0); with an array of arrivals, one value for all or one per interval. */
  readonly ahtSeconds: number | ArrayLike<number>;
  /** Service-level target as a proportion in (0, 1), e.g. 0.8; needs `targetAnswerSeconds`. */
  readonly serviceLevelTarget?: number;
  /** The t of "answered within t seconds" (≥ 0), e.g. 20. */
  readonly targetAnswerSeconds?: number;
  /** Occupancy cap in (0, 1]: the staffed N satisfies occupancy ≤ maxOccupancy. */
  readonly maxOccupancy?: number;
  /** Share of paid time not on the queue, in [0, 1): rostered = ceil(N/(1 − shrinkage)). Default 0. */
  readonly shrinkage?: number;
  /** 'erlang-c' (default) or 'erlang-a' (needs `patienceSeconds`). */
  readonly model?: StaffingModel;
  /** Mean exponential patience in seconds (> 0), Erlang A only. */
  readonly patienceSeconds?: number;
  /** Erlang A: how abandons within t count in the service level (default 'miss'). */
  readonly abandons?: AbandonCounting;
  /** Smallest N to return (integer ≥ 0, default 0), e.g. 1 to keep a queue open at night. */
  readonly minAgents?: number;
  /** Search limit (integer, default 1 000 000): beyond it the interval is `insufficient`. */
  readonly maxAgents?: number;
}

/** Staffing for one interval, with the metrics achieved at that N. */
export interface StaffingResult {
  readonly status: 'ok';
  readonly method: 'erlang-c-staffing' | 'erlang-a-staffing';
  /** Erlang A: the warnings of erlangA at the staffed N (`agents-not-above-offered-traffic` when N ≤ A). */
  readonly warnings: readonly AnalysisWarning[];
  /** Agents needed on the queue. */
  readonly agents: number;
  /** Agents to roster: ceil(agents/(1 − shrinkage)). */
  readonly rosteredAgents: number;
  readonly binding: StaffingBinding;
  readonly arrivals: number;
  readonly trafficErlangs: number;
  /** Achieved service level (Erlang A: the `abandons` variant); null without a service-level target. */
  readonly serviceLevel: number | null;
  readonly probWait: number;
  /** 0 under Erlang C. */
  readonly probAbandon: number;
  readonly asaSeconds: number;
  readonly occupancy: number;
}

/** Result for one interval. */
export type StaffingOutcome = StaffingResult | InsufficientResult;

function makePlan(options: StaffingOptions<number | ArrayLike<number | null>>): Plan {
  const fn = 'staffing';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`staffing: expected an options object, got ${String(options)}`);
  }
  const model = options.model ?? 'erlang-c';
  if (model !== 'erlang-c' && model !== 'erlang-a') {
    throw new RangeError(`staffing: model must be 'erlang-c' or 'erlang-a', got ${String(model)}`);
  }
  const intervalSeconds = checkNumber(fn, 'intervalSeconds', options.intervalSeconds, positive, 'a finite number of seconds > 0');
  const slTarget =
    options.serviceLevelTarget === undefined
      ? null
      : checkNumber(fn, 'serviceLevelTarget', options.serviceLevelTarget, (x) => x > 0 && x < 1, 'a proportion in (0, 1)');
  const answerSeconds =
    options.targetAnswerSeconds === undefined
      ? null
      : checkNumber(fn, 'targetAnswerSeconds', options.targetAnswerSeconds, nonNegative, 'a finite number of seconds ≥ 0');
  if (slTarget !== null && answerSeconds === null) {
    throw new TypeError('staffing: serviceLevelTarget needs targetAnswerSeconds (the t of "answered within t s")');
  }
  const maxOccupancy =
    options.maxOccupancy === undefined
      ? 1
      : checkNumber(fn, 'maxOccupancy', options.maxOccupancy, (x) => x > 0 && x <= 1, 'a proportion in (0, 1]');
  if (slTarget === null && options.maxOccupancy === undefined) {
    throw new TypeError('staffing: give serviceLevelTarget (with targetAnswerSeconds) and/or maxOccupancy');
  }
  const shrinkage =
    options.shrinkage === undefined
      ? 0
      : checkNumber(fn, 'shrinkage', options.shrinkage, (x) => x >= 0 && x < 1, 'a proportion in [0, 1)');
  let patience = Infinity;
  if (model === 'erlang-a') {
    if (options.patienceSeconds === undefined) throw new TypeError("staffing: model 'erlang-a' needs patienceSeconds");
    patience = checkPatience(fn, options.patienceSeconds);
  }
  const abandons = options.abandons ?? 'miss';
  if (abandons !== 'miss' && abandons !== 'met' && abandons !== 'exclude') {
    throw new RangeError(`staffing: abandons must be 'miss', 'met' or 'exclude', got ${String(abandons)}`);
  }
  const minAgents = options.minAgents ?? 0;
  checkAgents(fn, minAgents, 'minAgents');
  const maxAgents = options.maxAgents ?? 1_000_000;
  checkAgents(fn, maxAgents, 'maxAgents');
  if (maxAgents < minAgents) {
    throw new RangeError(`staffing: maxAgents must be ≥ minAgents, got maxAgents = ${maxAgents}, minAgents = ${minAgents}`);
  }
  return {
    model,
    intervalSeconds,
    slTarget,
    answerSeconds,
    maxOccupancy,
    shrinkage,
    patience,
    abandons,
    minAgents,
    maxAgents,
  };
}

/**
 * Agents needed to meet a service-level target ("80 % answered within 20 s") and/or an occupancy cap,
 * by Erlang C or Erlang A, with the rostered count after shrinkage; for one interval or a day of them.
 *
 * Method: smallest N ≥ max(minAgents, floor(A) + 1 [Erlang C]) whose service level reaches the target and
 * whose occupancy is at most the cap (Gans, Koole & Mandelbaum 2003, "Telephone call centers", M&SOM 5(2);
 * the Erlang A variant as in Mandelbaum & Zeltyn 2007). Erlang C steps N up from the stability bound
 * carrying the Erlang B recursion, so A = 2000 erlangs takes about 500 recursion steps in all; Erlang A brackets and
 * bisects (about a dozen evaluations). Occupancy is compared with the cap by the same division that is
 * reported. Rostered = ceil(N/(1 − shrinkage)) with a 1e-12 relative slack for binary rounding.
 *
 * Missing values: with an array of arrivals, NaN or null marks a missing forecast and that interval is
 * `insufficient`; a scalar NaN throws.
 *
 * @param options `arrivals` (per interval, or an array), `intervalSeconds` (s), `ahtSeconds` (s; scalar
 *   or per interval), `serviceLevelTarget` (0–1) with `targetAnswerSeconds` (s) and/or `maxOccupancy`
 *   (0–1), `shrinkage` (0–1), `model`, `patienceSeconds` (s, Erlang A), `abandons`, `minAgents`,
 *   `maxAgents`.
 * @returns One {@link StaffingResult} (status 'ok', `binding` naming the constraint that fixed N; zero
 *   traffic needs `minAgents` agents, binding 'no-traffic' when that is 0), or an array of them; an
 *   interval is `insufficient` when its arrivals are missing or no N ≤ maxAgents meets the targets.
 * @throws {RangeError} for numbers out of range (target outside (0, 1), shrinkage outside [0, 1), …) or
 *   non-integer agent limits; {TypeError} when no target is given, a service-level target lacks
 *   `targetAnswerSeconds`, Erlang A lacks `patienceSeconds`, or per-interval AHTs do not match the arrivals.
 * @example
 * staffing({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8, targetAnswerSeconds: 20 }).agents;
 * // => 14  (A = 10 erlangs; 13 agents give SL 0.79559…, 14 give 0.88835…)
 * staffing({ arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, serviceLevelTarget: 0.8, targetAnswerSeconds: 20,
 *   shrinkage: 0.3 }).rosteredAgents; // => 20
 */
export function staffing(options: StaffingOptions<number>): StaffingOutcome;
export function staffing(options: StaffingOptions<ArrayLike<number | null>>): readonly StaffingOutcome[];
export function staffing(
  options: StaffingOptions<number | ArrayLike<number | null>>,
): StaffingOutcome | readonly StaffingOutcome[] {
  const plan = makePlan(options);
  const arrivals = options.arrivals;
  const aht = options.ahtSeconds;
  if (typeof arrivals === 'number') {
    checkNumber('staffing', 'arrivals', arrivals, nonNegative, 'a finite number ≥ 0');
    if (typeof aht !== 'number') throw new TypeError('staffing: with a single interval, ahtSeconds must be a number');
    checkNumber('staffing', 'ahtSeconds', aht, positive, 'a finite number of seconds > 0');
    return staffOne(plan, arrivals, aht);
  }
  if (typeof arrivals !== 'object' || arrivals === null || typeof arrivals.length !== 'number') {
    throw new TypeError(`staffing: arrivals must be a number or an array of numbers, got ${String(arrivals)}`);
  }
  const count = arrivals.length;
  if (typeof aht === 'number') {
    checkNumber('staffing', 'ahtSeconds', aht, positive, 'a finite number of seconds > 0');
  } else {
    if (typeof aht !== 'object' || aht === null || aht.length !== count) {
      throw new TypeError(
        `staffing: ahtSeconds must be a number or have one entry per interval (${count}), got length ${String((aht as { length?: unknown } | null)?.length)}`,
      );
    }
    for (let i = 0; i < count; i++) {
      checkNumber('staffing', `ahtSeconds[${i}]`, aht[i], positive, 'a finite number of seconds > 0');
    }
  }
  const out = new Array<StaffingOutcome>(count);
  for (let i = 0; i < count; i++) {
    const x = arrivals[i];
    const h = typeof aht === 'number' ? aht : (aht[i] as number);
    if (x === null || x === undefined || Number.isNaN(x)) {
      out[i] = insufficient(
        plan.model === 'erlang-c' ? 'erlang-c-staffing' : 'erlang-a-staffing',
        `staffing: arrivals missing for interval ${i}`,
      );
      continue;
    }
    checkNumber('staffing', `arrivals[${i}]`, x, nonNegative, 'a finite number ≥ 0 (or NaN/null for missing)');
    out[i] = staffOne(plan, x, h);
  }
  return out;
}
