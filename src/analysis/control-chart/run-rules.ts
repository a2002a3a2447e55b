/**
 * Stage 6 of `controlChart`: Nelson and Western Electric run rules.
 *
 * Conventions (stated because texts differ):
 * - Zone rules use z_i = (statistic_i − centre)/σ_i with the point's own σ_i (p and u charts with varying
 *   sizes have varying zones); "beyond kσ" means z > k (or z < −k), "within 1σ" means |z| < 1.
 * - Trend (nelson-3) and alternation (nelson-4) look at the plotted statistic; equal neighbours break them.
 * - A point exactly on the centre line is on neither side: it breaks same-side runs.
 * - A missing point breaks every run and is never "beyond".
 * - Run rules signal at every point that ends a qualifying run, so a run of 10 points on one side gives
 *   nelson-2 signals at its 9th and 10th points, each listing its 9 points.
 * - k-of-m rules signal at a point that is itself beyond kσ when, counting it, at least k of the last m
 *   points (fewer at the start of the series) are beyond on the same side; `points` lists those beyond.
 * - With σ = 0 a point on the centre line has z = 0/0 (no zone), so a constant series triggers nothing.
 */

import type { RunRuleDirection, RunRuleId, RunRuleViolation } from './types.js';

/** Everything the rules read, per point; NaN marks a missing point. */
export interface RuleInput {
  readonly statistics: Float64Array;
  readonly centre: number;
  readonly sigmas: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

type RuleSpec =
  | { readonly kind: 'limits' }
  | { readonly kind: 'side'; readonly length: number }
  | { readonly kind: 'trend'; readonly length: number }
  | { readonly kind: 'alternate'; readonly length: number }
  | { readonly kind: 'zone'; readonly k: number; readonly m: number; readonly zone: number }
  | { readonly kind: 'within'; readonly length: number }
  | { readonly kind: 'outside'; readonly length: number };

const SPECS: Readonly<Record<RunRuleId, RuleSpec>> = {
  'nelson-1': { kind: 'limits' },
  'nelson-2': { kind: 'side', length: 9 },
  'nelson-3': { kind: 'trend', length: 6 },
  'nelson-4': { kind: 'alternate', length: 14 },
  'nelson-5': { kind: 'zone', k: 2, m: 3, zone: 2 },
  'nelson-6': { kind: 'zone', k: 4, m: 5, zone: 1 },
  'nelson-7': { kind: 'within', length: 15 },
  'nelson-8': { kind: 'outside', length: 8 },
  'we-1': { kind: 'limits' },
  'we-2': { kind: 'zone', k: 2, m: 3, zone: 2 },
  'we-3': { kind: 'zone', k: 4, m: 5, zone: 1 },
  'we-4': { kind: 'side', length: 8 },
};

const RULE_ORDER = Object.keys(SPECS) as RunRuleId[];
const RULE_RANK = new Map<RunRuleId, number>(RULE_ORDER.map((r, i) => [r, i]));

/** Checks a rules list: known ids, no duplicates. */
export function checkRules(rules: readonly RunRuleId[]): void {
  const seen = new Set<string>();
  for (const r of rules) {
    if (!(r in SPECS)) throw new RangeError(`controlChart: unknown run rule ${String(r)}; expected one of ${RULE_ORDER.join(', ')}`);
    if (seen.has(r)) throw new RangeError(`controlChart: run rule ${r} listed twice`);
    seen.add(r);
  }
}

/** Applies `rules` to the points; violations sorted by index, then in RUN_RULES order. */
export function runRuleViolations(input: RuleInput, rules: readonly RunRuleId[]): RunRuleViolation[] {
  const len = input.statistics.length;
  const z = new Float64Array(len);
  for (let i = 0; i < len; i++) z[i] = ((input.statistics[i] as number) - input.centre) / (input.sigmas[i] as number);
  const out: RunRuleViolation[] = [];
  for (const rule of rules) {
    const spec = SPECS[rule];
    switch (spec.kind) {
      case 'limits':
        beyondLimits(rule, input, out);
        break;
      case 'side':
        sameSide(rule, spec.length, input, out);
        break;
      case 'trend':
        trend(rule, spec.length, input.statistics, out);
        break;
      case 'alternate':
        alternate(rule, spec.length, input.statistics, out);
        break;
      case 'zone':
        kOfM(rule, spec.k, spec.m, spec.zone, z, out);
        break;
      case 'within':
      case 'outside':
        zoneRun(rule, spec.length, spec.kind === 'within', z, out);
        break;
    }
  }
  out.sort((a, b) => a.index - b.index || (RULE_RANK.get(a.rule) as number) - (RULE_RANK.get(b.rule) as number));
  return out;
}

function range(from: number, to: number): number[] {
  const r = new Array<number>(to - from + 1);
  for (let i = from; i <= to; i++) r[i - from] = i;
  return r;
}

function push(out: RunRuleViolation[], rule: RunRuleId, index: number, points: number[], direction: RunRuleDirection): void {
  out.push({ rule, index, points, direction });
}

function beyondLimits(rule: RunRuleId, input: RuleInput, out: RunRuleViolation[]): void {
  const s = input.statistics;
  for (let i = 0; i < s.length; i++) {
    const v = s[i] as number;
    if (v > (input.upper[i] as number)) push(out, rule, i, [i], 'above');
    else if (v < (input.lower[i] as number)) push(out, rule, i, [i], 'below');
  }
}

function sameSide(rule: RunRuleId, length: number, input: RuleInput, out: RunRuleViolation[]): void {
  const s = input.statistics;
  let above = 0;
  let below = 0;
  for (let i = 0; i < s.length; i++) {
    const v = s[i] as number;
    // NaN (missing) and points on the centre line fail both tests and reset both runs.
    above = v > input.centre ? above + 1 : 0;
    below = v < input.centre ? below + 1 : 0;
    if (above >= length) push(out, rule, i, range(i - length + 1, i), 'above');
    if (below >= length) push(out, rule, i, range(i - length + 1, i), 'below');
  }
}

function trend(rule: RunRuleId, length: number, s: Float64Array, out: RunRuleViolation[]): void {
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1] as number;
    const b = s[i] as number;
    up = b > a ? up + 1 : 1;
    down = b < a ? down + 1 : 1;
    if (up >= length) push(out, rule, i, range(i - length + 1, i), 'increasing');
    if (down >= length) push(out, rule, i, range(i - length + 1, i), 'decreasing');
  }
}

function alternate(rule: RunRuleId, length: number, s: Float64Array, out: RunRuleViolation[]): void {
  // run = number of points in the current alternating stretch ending at i.
  let run = 1;
  let prevDiff = NaN;
  for (let i = 1; i < s.length; i++) {
    const d = (s[i] as number) - (s[i - 1] as number);
    if (d > 0 || d < 0) run = prevDiff * d < 0 ? run + 1 : 2;
    else run = 1;
    prevDiff = d;
    if (run >= length) push(out, rule, i, range(i - length + 1, i), 'mixed');
  }
}

function kOfM(rule: RunRuleId, k: number, m: number, zone: number, z: Float64Array, out: RunRuleViolation[]): void {
  for (let i = 0; i < z.length; i++) {
    const zi = z[i] as number;
    const sign = zi > zone ? 1 : zi < -zone ? -1 : 0;
    if (sign === 0) continue;
    const involved: number[] = [];
    for (let j = Math.max(0, i - m + 1); j <= i; j++) {
      const zj = z[j] as number;
      if (sign > 0 ? zj > zone : zj < -zone) involved.push(j);
    }
    if (involved.length >= k) push(out, rule, i, involved, sign > 0 ? 'above' : 'below');
  }
}

function zoneRun(rule: RunRuleId, length: number, within: boolean, z: Float64Array, out: RunRuleViolation[]): void {
  let run = 0;
  for (let i = 0; i < z.length; i++) {
    const a = Math.abs(z[i] as number);
    run = (within ? a < 1 : a > 1) ? run + 1 : 0;
    if (run >= length) push(out, rule, i, range(i - length + 1, i), 'mixed');
  }
}
