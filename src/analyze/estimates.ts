/**
 * From SQL aggregates to metric rows: each metric is an estimate of a kind (a proportion, a mean, an NPS, a
 * count, a quantile), which fixes its interval, its small-n rule and the test of a change against an earlier
 * period (DOMAIN.md: proportions → Wilson interval and the two-proportion test; means of durations and ratings →
 * t interval and Welch's test on the groups' moments; NPS → Wald interval and its z test; counts and quantiles
 * → no interval, no test). P-values of all comparisons in a document are Benjamini–Hochberg adjusted together.
 */
import { adjustPValues } from '../analysis/adjust-p-values.js';
import { studentTQuantile } from '../analysis/distributions/index.js';
import { netPromoterDifference, netPromoterScore } from '../analysis/net-promoter.js';
import { twoProportionTest } from '../analysis/two-proportion-test.js';
import { welchTestFromSummary } from '../analysis/welch-summary-test.js';
import { wilsonInterval } from '../analysis/wilson-interval.js';
import type { Comparison, MetricRow, MetricUnit, RowStatus } from './document.js';

/** What a metric estimates, from one group's aggregates. */
export type Estimate =
  | { readonly kind: 'proportion'; readonly x: number; readonly n: number }
  | { readonly kind: 'mean'; readonly mean: number | null; readonly variance: number | null; readonly n: number }
  | { readonly kind: 'nps'; readonly promoters: number; readonly detractors: number; readonly n: number }
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'quantile'; readonly value: number | null; readonly n: number }
  | { readonly kind: 'ratio'; readonly value: number | null; readonly n: number };

/** A metric: its name, unit, and how to read its estimate from a group's aggregate values (null: not applicable). */
export interface MetricSpec {
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly estimate: (values: Readonly<Record<string, number | null>>) => Estimate | null;
  /** Fixed fields to add to each row (e.g. the threshold a service level is measured against). */
  readonly extra?: (values: Readonly<Record<string, number | null>>) => Readonly<Record<string, string | number | null>> | undefined;
}

/** The variants a document states for the estimate kinds it uses. */
export const ESTIMATE_VARIANTS = {
  proportion: 'Wilson score 95 % interval (no continuity correction); change tested by the two-sample test of proportions with Yates correction (R prop.test)',
  mean: 't 95 % interval; change tested by Welch\'s t test on the groups\' means and variances',
  nps: 'Wald 95 % interval (variance p₊ + p₋ − (p₊ − p₋)²); change tested by the two-sample z test',
  count: 'no interval, no test',
  quantile: 'PostgreSQL percentile_cont (linear interpolation, R type 7); no interval, no test',
  ratio: 'no interval, no test',
} as const;

interface Figure {
  readonly value: number | null;
  readonly n: number | null;
  readonly lower?: number | null;
  readonly upper?: number | null;
  readonly status: RowStatus;
  readonly reason?: string;
}

const nOf = (e: Estimate): number => (e.kind === 'count' ? e.value : e.n);

/** The figure of one estimate: value, interval, and the small-n rule (n < minN → suppressed). */
export function figure(e: Estimate, minN: number): Figure {
  if (e.kind === 'count') return { value: e.value, n: e.value, status: 'ok' };
  const n = e.n;
  if (n === 0) return { value: null, n: 0, ...(e.kind === 'proportion' || e.kind === 'mean' || e.kind === 'nps' ? { lower: null, upper: null } : {}), status: 'insufficient', reason: 'no data' };
  if (n < minN) {
    return { value: null, n, ...(e.kind === 'proportion' || e.kind === 'mean' || e.kind === 'nps' ? { lower: null, upper: null } : {}), status: 'suppressed', reason: `n = ${n} < minimum ${minN}` };
  }
  switch (e.kind) {
    case 'proportion': {
      const w = wilsonInterval(e.x, e.n);
      return w.status === 'ok' ? { value: w.estimate, n, lower: w.lower, upper: w.upper, status: 'ok' } : { value: null, n, lower: null, upper: null, status: 'insufficient', reason: w.reason };
    }
    case 'mean': {
      if (e.mean === null) return { value: null, n, lower: null, upper: null, status: 'insufficient', reason: 'no values' };
      if (n < 2 || e.variance === null) return { value: e.mean, n, lower: null, upper: null, status: 'ok' };
      const half = studentTQuantile(0.975, n - 1) * Math.sqrt(e.variance / n);
      return { value: e.mean, n, lower: e.mean - half, upper: e.mean + half, status: 'ok' };
    }
    case 'nps': {
      const r = netPromoterScore(e);
      return r.status === 'ok' ? { value: r.estimate, n, lower: r.lower, upper: r.upper, status: 'ok' } : { value: null, n, lower: null, upper: null, status: 'insufficient', reason: r.reason };
    }
    case 'quantile':
    case 'ratio':
      return e.value === null ? { value: null, n, status: 'insufficient', reason: 'no values' } : { value: e.value, n, status: 'ok' };
  }
}

/** The test of `now` against `before` (same kind), or null when the kind has none. */
function test(now: Estimate, before: Estimate): { pValue: number | null; test: string | null } {
  if (now.kind === 'proportion' && before.kind === 'proportion') {
    const r = twoProportionTest(now.x, now.n, before.x, before.n);
    return { pValue: r.status === 'ok' ? r.pValue : null, test: r.method };
  }
  if (now.kind === 'mean' && before.kind === 'mean') {
    if (now.mean === null || before.mean === null || now.variance === null || before.variance === null) return { pValue: null, test: 'welch' };
    const r = welchTestFromSummary({ mean: now.mean, variance: now.variance, n: now.n }, { mean: before.mean, variance: before.variance, n: before.n });
    return { pValue: r.status === 'ok' ? r.pValue : null, test: 'welch' };
  }
  if (now.kind === 'nps' && before.kind === 'nps') {
    const r = netPromoterDifference(now, before);
    return { pValue: r.status === 'ok' ? r.pValue : null, test: 'nps-difference-z' };
  }
  return { pValue: null, test: null };
}

/** A comparison of this period's estimate with an earlier period's (qValue filled in by {@link adjustComparisons}). */
export function compare(now: Estimate, nowFigure: Figure, before: Estimate | null, periodLabel: string, minN: number): Comparison {
  if (before === null) return { period: periodLabel, value: null, n: null, change: null, pValue: null, qValue: null, test: null, status: 'insufficient' };
  const then = figure(before, minN);
  if (nowFigure.status !== 'ok' || then.status !== 'ok' || nowFigure.value === null || then.value === null) {
    const status: RowStatus = nowFigure.status === 'suppressed' || then.status === 'suppressed' ? 'suppressed' : 'insufficient';
    return { period: periodLabel, value: then.value, n: nOf(before), change: null, pValue: null, qValue: null, test: null, status };
  }
  const t = test(now, before);
  return { period: periodLabel, value: then.value, n: nOf(before), change: nowFigure.value - then.value, pValue: t.pValue, qValue: null, test: t.test, status: 'ok' };
}

/** Fills every comparison's qValue: Benjamini–Hochberg over all p-values of the rows (R p.adjust "BH"). */
export function adjustComparisons(rows: readonly MetricRow[]): MetricRow[] {
  const ps: (number | null)[] = [];
  for (const r of rows) {
    ps.push(r.previous?.pValue ?? null, r.lastYear?.pValue ?? null);
  }
  const q = adjustPValues(ps, 'BH').adjusted;
  return rows.map((r, i) => ({
    ...r,
    ...(r.previous ? { previous: { ...r.previous, qValue: q[2 * i] ?? null } } : {}),
    ...(r.lastYear ? { lastYear: { ...r.lastYear, qValue: q[2 * i + 1] ?? null } } : {}),
  }));
}
