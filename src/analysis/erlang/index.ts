/**
 * Queueing models for contact-centre staffing, in stages (one file each):
 *
 * 1. erlang-b.ts      Erlang B (M/M/N/N) blocking by the stable reciprocal recursion — the kernel of 2–4.
 * 2. erlang-c.ts      Erlang C (M/M/N): P(wait) = N·B/(N − A(1 − B)), service level, ASA, occupancy.
 * 3. erlang-a.ts      Erlang A (M/M/N+M, Palm): abandonment via scaled incomplete-gamma functions
 *                     (gamma-ratios.ts) and exact sums over the queue length (queue-length-sums.ts).
 * 4. staffing.ts      Smallest N meeting a service level and/or occupancy cap under 2 or 3, rostered for
 *                     shrinkage, per interval or for a day of intervals (searches in staffing-search.ts).
 *
 * Helpers: traffic.ts (the three ways to state the offered traffic), gamma-ratios.ts (D, P, S in log form).
 */

export { erlangB } from './erlang-b.js';
export { erlangC, type ErlangCOptions, type ErlangCResult, type ErlangCOutcome } from './erlang-c.js';
export { erlangA, ERLANG_A_WARNINGS, type ErlangAOptions, type ErlangAResult, type ErlangAOutcome } from './erlang-a.js';
export {
  staffing,
  type StaffingOptions,
  type StaffingResult,
  type StaffingOutcome,
  type StaffingModel,
  type StaffingBinding,
  type AbandonCounting,
} from './staffing.js';
export type { TrafficOptions } from './traffic.js';
