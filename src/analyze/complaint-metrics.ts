/**
 * The complaint metrics over src/db/metrics/complaint-aggregates.ts (definitions there and in DOMAIN.md), and
 * the complaint rate per 1 000 contacts, which joins complaint and contact counts of the same group.
 */
import type { GroupedRow } from '../db/metrics/grouped-query.js';
import type { MetricSpec } from './estimates.js';

type Values = Readonly<Record<string, number | null>>;
const v = (values: Values, k: string): number => values[k] ?? 0;
const proportionOr = (x: Values, yes: string, n: string) => (v(x, n) === 0 ? null : ({ kind: 'proportion', x: v(x, yes), n: v(x, n) }) as const);

/** Complaint metrics; `headline` keeps the KPI set. Metrics whose inputs an export lacks are left out (null). */
export function complaintMetricSpecs(headline = false): MetricSpec[] {
  const all: (MetricSpec & { headline?: boolean })[] = [
    { metric: 'complaints_received', unit: 'count', estimate: (x) => ({ kind: 'count', value: v(x, 'received') }), headline: true },
    { metric: 'first_response_median_seconds', unit: 'seconds', estimate: (x) => (v(x, 'frt_n') === 0 ? null : { kind: 'quantile', value: x['frt_p50'] ?? null, n: v(x, 'frt_n') }) },
    { metric: 'first_response_p90_seconds', unit: 'seconds', estimate: (x) => (v(x, 'frt_n') === 0 ? null : { kind: 'quantile', value: x['frt_p90'] ?? null, n: v(x, 'frt_n') }) },
    { metric: 'first_response_mean_seconds', unit: 'seconds', estimate: (x) => (v(x, 'frt_n') === 0 ? null : { kind: 'mean', mean: x['frt_mean'] ?? null, variance: x['frt_var'] ?? null, n: v(x, 'frt_n') }) },
    {
      metric: 'first_response_within_standard',
      unit: 'share',
      estimate: (x) => proportionOr(x, 'frt_within_standard', 'frt_n'),
      extra: (x) => ({ major_seconds: x['frt_major_seconds'] ?? null, ordinary_seconds: x['frt_ordinary_seconds'] ?? null }),
    },
    { metric: 'first_reply_within_30min', unit: 'share', estimate: (x) => proportionOr(x, 'frt_within_30min', 'frt_n'), headline: true },
    { metric: 'resolution_median_seconds', unit: 'seconds', estimate: (x) => (v(x, 'handle_n') === 0 ? null : { kind: 'quantile', value: x['handle_p50'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'resolution_p90_seconds', unit: 'seconds', estimate: (x) => (v(x, 'handle_n') === 0 ? null : { kind: 'quantile', value: x['handle_p90'] ?? null, n: v(x, 'handle_n') }) },
    { metric: 'resolution_mean_seconds', unit: 'seconds', estimate: (x) => (v(x, 'handle_n') === 0 ? null : { kind: 'mean', mean: x['handle_mean'] ?? null, variance: x['handle_var'] ?? null, n: v(x, 'handle_n') }) },
    {
      metric: 'handled_within_24h',
      unit: 'share',
      estimate: (x) => (v(x, 'handle_n') === 0 ? null : { kind: 'proportion', x: v(x, 'handled_within_24h'), n: v(x, 'handled_judged') }),
      extra: (x) => ({ threshold_seconds: x['handled_seconds'] ?? null }),
      headline: true,
    },
    { metric: 'reopen_rate', unit: 'share', estimate: (x) => proportionOr(x, 'reopened', 'reopen_n') },
    { metric: 'escalation_rate', unit: 'share', estimate: (x) => proportionOr(x, 'escalated', 'escalation_n') },
    {
      metric: 'followup_within_48h',
      unit: 'share',
      estimate: (x) => (v(x, 'followup_judged') === 0 || x['followup_seconds'] === null ? null : { kind: 'proportion', x: v(x, 'followup_within'), n: v(x, 'followup_judged') }),
      extra: (x) => ({ threshold_seconds: x['followup_seconds'] ?? null }),
    },
    { metric: 'satisfaction_after_resolution', unit: 'share', estimate: (x) => proportionOr(x, 'satisfaction_top2', 'satisfaction_n') },
  ];
  return all.filter((s) => !headline || s.headline === true).map(({ headline: _h, ...s }) => s);
}

/**
 * Complaints per 1 000 contacts of the same group (dimensions both sources have); needs the contact
 * aggregates' `offered` under the same `by` and ranges. Returns rows carrying `complaints_per_1000`.
 */
export function withContactCounts(complaints: readonly GroupedRow[], contacts: readonly GroupedRow[]): GroupedRow[] {
  const offered = new Map(contacts.map((c) => [`${JSON.stringify(c.dimensions)}|${c.rangeKey}`, c.values['offered'] ?? 0]));
  return complaints.map((k) => ({ ...k, values: { ...k.values, contacts_offered: offered.get(`${JSON.stringify(k.dimensions)}|${k.rangeKey}`) ?? 0 } }));
}

/** Complaint rate per 1 000 contacts (a ratio; the complaint count is its n). */
export const COMPLAINT_RATE_SPEC: MetricSpec = {
  metric: 'complaints_per_1000_contacts',
  unit: 'per_1000',
  estimate: (x) => (v(x, 'contacts_offered') === 0 ? null : { kind: 'ratio', value: (1000 * v(x, 'received')) / v(x, 'contacts_offered'), n: v(x, 'contacts_offered') }),
};

export const COMPLAINT_VARIANTS: Readonly<Record<string, string>> = {
  first_response_within_standard: 'first response − received within the priority standard: urgency critical = major fault (policy major_fault_response, 15 min), other urgencies = ordinary (ordinary_response, 1 h)',
  first_reply_within_30min: 'first response within 30 min of receipt (policy first_reply_30min) ÷ complaints with a first-response time',
  handled_within_24h: 'resolved (else closed) within 24 h of receipt (policy feedback_24h) ÷ complaints resolved, or open for longer than 24 h at the end of the loaded data (open younger ones are pending, not counted)',
  resolution: 'resolved (else closed) − received, over complaints with a resolution time',
  reopen_rate: 're-opened (flag or re-open time) ÷ complaints with either',
  followup_within_48h: 'callback within 48 h of resolution (policy followup_callback) ÷ resolved complaints with a callback or resolved more than 48 h before the end of the loaded data',
  complaints_per_1000_contacts: 'complaints received ÷ contacts offered in the same group and period × 1 000',
  satisfaction_after_resolution: 'post-resolution satisfaction 4–5 on the canonical scale ÷ complaints with a rating',
};
