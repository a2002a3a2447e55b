/**
 * Erlang B (M/M/N/N loss system): the probability that an arriving contact finds all N servers busy.
 *
 * The recursion B(0) = 1, B(n) = A·B(n−1)/(n + A·B(n−1)) is run on its reciprocal I(n) = 1/B(n),
 * I(n) = 1 + I(n−1)·n/A, which costs one multiply-add per step (the division n/A does not depend on the
 * previous step, so it pipelines) and stays accurate: every step adds a positive term.
 */

/**
 * Below `min(N, A) − 10√A − 20` the recursion's memory of its starting value decays by the factor
 * Π (n/A) ≤ exp(−(10√A + 20)²/(2A)) < e^(−50) before it reaches N, so it may start there from the fluid
 * approximation I(n) ≈ A/(A − n) instead of from I(0) = 1: O(N − A + √A) steps instead of O(N).
 */
function startIndex(trafficErlangs: number, agents: number): number {
  const start = Math.floor(Math.min(agents, trafficErlangs) - 10 * Math.sqrt(trafficErlangs) - 20);
  return start >= 1 ? start : 0;
}

/** 1/B(n) beyond 1e300 means B is below 1e-300: reported as 0 (and the recursion would only grow). */
const HUGE_RECIPROCAL = 1e300;

/**
 * Continues the reciprocal recursion from I(`fromAgents`) = `fromReciprocal` up to I(`toAgents`); returns
 * Infinity once I passes 1e300 (B below 1e-300, reported as 0).
 */
export function advanceReciprocal(trafficErlangs: number, fromAgents: number, fromReciprocal: number, toAgents: number): number {
  let reciprocal = fromReciprocal;
  let n = fromAgents + 1;
  // Two steps at a time: I(n + 1) = (1 + r₂) + r₂·r₁·I(n − 1) with r₁ = n/A, r₂ = (n + 1)/A. The
  // coefficients do not depend on I, so the serial chain is one multiply-add per two agents.
  for (; n < toAgents; n += 2) {
    const r1 = n / trafficErlangs;
    const r2 = (n + 1) / trafficErlangs;
    reciprocal = 1 + r2 + r2 * r1 * reciprocal;
    // Only reachable once n > A, after which I(n) grows: B can only shrink further.
    if (reciprocal > HUGE_RECIPROCAL) return Infinity;
  }
  if (n === toAgents) reciprocal = 1 + reciprocal * (n / trafficErlangs);
  return reciprocal > HUGE_RECIPROCAL ? Infinity : reciprocal;
}

/**
 * 1/B(N, A) for A > 0 and N ≥ 1, started per {@link startIndex}. For every N ≥ A the start is the same, so
 * continuing with {@link advanceReciprocal} from an earlier N ≥ A gives the same value up to rounding.
 */
export function erlangBReciprocal(trafficErlangs: number, agents: number): number {
  const start = startIndex(trafficErlangs, agents);
  const initial = start === 0 ? 1 : trafficErlangs / (trafficErlangs - start);
  return advanceReciprocal(trafficErlangs, start, initial, agents);
}

/**
 * Erlang B without argument checks: `trafficErlangs ≥ 0` finite, `agents` a non-negative integer.
 * Shared by erlangC, erlangA and staffing.
 */
export function erlangBUnchecked(trafficErlangs: number, agents: number): number {
  if (agents === 0) return 1;
  if (trafficErlangs === 0) return 0;
  return 1 / erlangBReciprocal(trafficErlangs, agents);
}

/** Checks a count of agents: a non-negative integer. */
export function checkAgents(fn: string, agents: number, name = 'agents'): void {
  if (typeof agents !== 'number' || !Number.isInteger(agents) || agents < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${String(agents)}`);
  }
}

/**
 * Erlang B blocking probability: the share of contacts lost when `agents` servers carry `trafficErlangs`
 * of Poisson traffic with no waiting room (M/M/N/N; by insensitivity, any service-time distribution).
 *
 * Method: the stable recursion B(0) = 1, B(n) = A·B(n−1)/(n + A·B(n−1)) (Erlang 1917; e.g. Cooper 1981,
 * "Introduction to Queueing Theory", 2nd ed., ch. 3), run on 1/B two agents per step and started at
 * min(N, A) − 10√A − 20 when that is positive (the neglected start-up error is below e^(−50)). No
 * factorials or powers, so nothing overflows: A = 2000 with N = 3000 is 1 470 agents' worth of steps.
 * Values below 1e-300 are returned as 0.
 *
 * @param trafficErlangs Offered traffic A = arrival rate × mean holding time, in erlangs (≥ 0, finite; need
 *   not be an integer).
 * @param agents Number of servers N, a non-negative integer.
 * @returns B(N, A) in [0, 1]: 1 when N = 0, 0 when A = 0 and N ≥ 1.
 * @throws {RangeError} if `agents` is not a non-negative integer, or `trafficErlangs` is negative, NaN or
 *   infinite (missing values are not accepted).
 * @example
 * erlangB(1, 1);     // => 0.5
 * erlangB(10, 10);   // => 0.21458…
 * erlangB(4.46, 10); // => 0.0099853… (the 1 % column of the Erlang B table: 10 circuits carry 4.46 E)
 */
export function erlangB(trafficErlangs: number, agents: number): number {
  if (typeof trafficErlangs !== 'number' || !Number.isFinite(trafficErlangs) || trafficErlangs < 0) {
    throw new RangeError(`erlangB: trafficErlangs must be a finite number ≥ 0, got ${String(trafficErlangs)}`);
  }
  checkAgents('erlangB', agents);
  return erlangBUnchecked(trafficErlangs, agents);
}
