/**
 * The contact metrics (DOMAIN.md "Metric definitions") as estimates over the aggregates of
 * src/db/metrics/contact-aggregates.ts. Names are what scripts read in the `metric` field: keep them.
 */
import type { MetricSpec } from './estimates.js';
import { ABANDON_RULES, type AbandonRule } from './request.js';

type Values = Readonly<Record<string, number | null>>;
const v = (values: Values, k: string): number => values[k] ?? 0;

/** Service level from the four counts of a threshold (prefix `sl_` channel, `pl_` priority) under an abandon rule. */
function serviceLevel(values: Values, prefix: 'sl' | 'pl', rule: AbandonRule) {
  if (values[`${prefix}_threshold`] === null) return null;
  const answeredWithin = v(values, `${prefix}_answered_within`);
  const answered = v(values, `${prefix}_answered_known`);
  const abandonedWithin = v(values, `${prefix}_abandoned_within`);
  const abandoned = v(values, `${prefix}_abandoned_known`);
  switch (rule) {
    case 'missed':
      return { kind: 'proportion', x: answeredWithin, n: answered + abandoned } as const;
    case 'excluded':
      return { kind: 'proportion', x: answeredWithin, n: answered + abandoned - abandonedWithin } as const;
    case 'met':
      return { kind: 'proportion', x: answeredWithin + abandonedWithin, n: answered + abandoned } as const;
  }
}

/** The contact metrics under `rule`; `headline` keeps the KPI set of `servq analyze kpis`. */
export function contactMetricSpecs(rule: AbandonRule, headline = false): MetricSpec[] {
  const all: (MetricSpec & { headline?: boolean })[] = [
    { metric: 'contacts_offered', unit: 'count', estimate: (x) => ({ kind: 'count', value: v(x, 'offered') }), headline: true },
    { metric: 'contacts_answered', unit: 'count', estimate: (x) => ({ kind: 'count', value: v(x, 'answered') }) },
    { metric: 'contacts_abandoned', unit: 'count', estimate: (x) => ({ kind: 'count', value: v(x, 'abandoned') }) },
    {
      metric: 'service_level',
      unit: 'share',
      estimate: (x) => serviceLevel(x, 'sl', rule),
      extra: (x) => ({ threshold_seconds: x['sl_threshold'] ?? null }),
      headline: true,
    },
    {
      metric: 'service_level_priority',
      unit: 'share',
      estimate: (x) => serviceLevel(x, 'pl', rule),
      extra: (x) => ({ threshold_seconds: x['pl_threshold'] ?? null }),
    },
    { metric: 'abandon_rate', unit: 'share', estimate: (x) => (v(x, 'with_outcome') === 0 ? null : { kind: 'proportion', x: v(x, 'abandoned'), n: v(x, 'with_outcome') }), headline: true },
    { metric: 'asa_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'mean', mean: x['wait_mean'] ?? null, variance: x['wait_var'] ?? null, n: v(x, 'wait_n') }), headline: true },
    { metric: 'wait_median_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'quantile', value: x['wait_p50'] ?? null, n: v(x, 'wait_n') }) },
    { metric: 'wait_p90_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'quantile', value: x['wait_p90'] ?? null, n: v(x, 'wait_n') }) },
    { metric: 'aht_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'mean', mean: x['handle_mean'] ?? null, variance: x['handle_var'] ?? null, n: v(x, 'handle_n') }), headline: true },
    { metric: 'talk_mean_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'ratio', value: x['talk_mean'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'hold_mean_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'ratio', value: x['hold_mean'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'after_work_mean_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'ratio', value: x['after_work_mean'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'handle_median_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'quantile', value: x['handle_p50'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'handle_p90_seconds', unit: 'seconds', estimate: (x) => ({ kind: 'quantile', value: x['handle_p90'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'fcr', unit: 'share', estimate: (x) => (v(x, 'fcr_n') === 0 ? null : { kind: 'proportion', x: v(x, 'fcr_yes'), n: v(x, 'fcr_n') }), headline: true },
    { metric: 'transfer_rate', unit: 'share', estimate: (x) => (v(x, 'transferred_n') === 0 ? null : { kind: 'proportion', x: v(x, 'transferred_yes'), n: v(x, 'transferred_n') }) },
  ];
  return all.filter((s) => !headline || s.headline === true).map(({ headline: _h, ...s }) => s);
}

/** The variants the contact metrics use, for a document's `variants`. */
export function contactVariants(rule: AbandonRule, repeatWindowDays: number): Record<string, string> {
  return {
    service_level: `answered within the channel's standard (service_level_policy in effect that day) — abandon rule '${rule}': ${ABANDON_RULES[rule]}; an abandon without a known wait counts as after T`,
    service_level_priority: `as service_level, against the priority's standard (major fault / ordinary)`,
    abandon_rate: 'abandoned ÷ offered contacts with a known outcome',
    asa_seconds: 'mean queue wait of answered contacts (the export\'s wait, else answered − started)',
    aht_seconds: 'mean of talk + hold + after-contact work over handled contacts with a talk time (missing hold or work = 0)',
    fcr: `flagged resolved at first contact and no further contact from the same customer key within ${repeatWindowDays} days ÷ contacts with the flag (contacts without a customer key: the flag alone)`,
    transfer_rate: 'transferred ÷ contacts with a transfer flag',
  };
}
