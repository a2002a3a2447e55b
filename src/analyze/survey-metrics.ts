/**
 * The survey metrics over src/db/metrics/survey-aggregates.ts: per item (grouped with an `item` dimension) the
 * answers, mean, top-two-box share and distribution on the canonical 1–5 scale; and the headline survey KPIs
 * read from their items — CSAT (overall), NPS, CES ease, effort, satisfaction with progress transparency.
 */
import type { GroupedRow } from '../db/metrics/grouped-query.js';
import type { MetricSpec } from './estimates.js';

type Values = Readonly<Record<string, number | null>>;
const v = (values: Values, k: string): number => values[k] ?? 0;

/** Per-item metrics (rows carry the `item` dimension). */
export const SURVEY_ITEM_SPECS: readonly MetricSpec[] = [
  { metric: 'answers', unit: 'count', estimate: (x) => ({ kind: 'count', value: v(x, 'n') }) },
  { metric: 'mean', unit: 'points', estimate: (x) => ({ kind: 'mean', mean: x['mean'] ?? null, variance: x['var'] ?? null, n: v(x, 'n') }) },
  { metric: 'top2_share', unit: 'share', estimate: (x) => ({ kind: 'proportion', x: v(x, 'top2'), n: v(x, 'n') }) },
  ...[1, 2, 3, 4, 5].map(
    (k): MetricSpec => ({ metric: `share_${k}`, unit: 'share', estimate: (x) => ({ kind: 'proportion', x: v(x, `dist${k}`), n: v(x, 'n') }) }),
  ),
];

/** Headline survey KPIs, each read from the aggregates of its item. */
export const SURVEY_HEADLINE: readonly { readonly item: string; readonly spec: MetricSpec }[] = [
  { item: 'overall', spec: { metric: 'csat', unit: 'share', estimate: (x) => ({ kind: 'proportion', x: v(x, 'top2'), n: v(x, 'n') }) } },
  { item: 'overall', spec: { metric: 'satisfaction_mean', unit: 'points', estimate: (x) => ({ kind: 'mean', mean: x['mean'] ?? null, variance: x['var'] ?? null, n: v(x, 'n') }) } },
  { item: 'nps', spec: { metric: 'nps', unit: 'score', estimate: (x) => (v(x, 'nps_n') === 0 ? null : { kind: 'nps', promoters: v(x, 'promoters'), detractors: v(x, 'detractors'), n: v(x, 'nps_n') }) } },
  { item: 'ces', spec: { metric: 'ces_easy_share', unit: 'share', estimate: (x) => (v(x, 'ces_n') === 0 ? null : { kind: 'proportion', x: v(x, 'ces_easy'), n: v(x, 'ces_n') }) } },
  { item: 'ces', spec: { metric: 'ces_mean', unit: 'points', estimate: (x) => (v(x, 'ces_n') === 0 ? null : { kind: 'mean', mean: x['ces_raw_mean'] ?? null, variance: x['ces_raw_var'] ?? null, n: v(x, 'ces_n') }) } },
  { item: 'effort', spec: { metric: 'effort_low_share', unit: 'share', estimate: (x) => (v(x, 'effort_n') === 0 ? null : { kind: 'proportion', x: v(x, 'effort_low'), n: v(x, 'effort_n') }) } },
  { item: 'effort', spec: { metric: 'effort_mean', unit: 'points', estimate: (x) => (v(x, 'effort_n') === 0 ? null : { kind: 'mean', mean: x['effort_raw_mean'] ?? null, variance: x['effort_raw_var'] ?? null, n: v(x, 'effort_n') }) } },
  { item: 'transparency', spec: { metric: 'transparency_satisfied', unit: 'share', estimate: (x) => ({ kind: 'proportion', x: v(x, 'top2'), n: v(x, 'n') }) } },
];

/** Headline metrics shown by `servq analyze kpis`. */
export const SURVEY_KPIS = new Set(['csat', 'nps', 'ces_easy_share', 'transparency_satisfied']);

/** The item aggregates of one item, with the `item` dimension dropped (so headline rows group like the others). */
export function itemRows(rows: readonly GroupedRow[], item: string): GroupedRow[] {
  return rows
    .filter((r) => r.dimensions['item'] === item)
    .map((r) => {
      const { item: _item, ...dimensions } = r.dimensions;
      return { ...r, dimensions };
    });
}

/** Per group × range: responses as a count metric. */
export const RESPONSE_SPEC: MetricSpec = { metric: 'responses', unit: 'count', estimate: (x) => ({ kind: 'count', value: v(x, 'responses') }) };

export const SURVEY_VARIANTS: Readonly<Record<string, string>> = {
  csat: 'top-two-box: overall satisfaction 4–5 on the canonical 1–5 scale (other scales mapped by their declared rule) ÷ valid answers',
  nps: '% promoters (9–10) − % detractors (0–6), answers on the 0–10 scale only, −100…100',
  ces_easy_share: 'CES 2.0 (Gartner, 1–7 "made it easy"): share answering 5–7',
  ces_mean: 'CES 2.0: mean of the raw 1–7 answers',
  effort_low_share: 'CES 1.0 effort (1–5, lower is better): share answering 1–2',
  transparency_satisfied: 'satisfied with progress transparency: item "transparency" 4–5 on the canonical scale',
  mean: 'mean of the canonical 1–5 values (5 best; effort reversed)',
  share_k: 'share of answers whose canonical value rounds to k',
};
