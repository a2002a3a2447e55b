/**
 * The metrics an improvement target can measure, their units and comparators: plain data, no database
 * driver, so the command line can list them in its help without loading the query layer.
 */

/** What a target's value is measured in. */
export const TARGET_UNITS = {
  share: 'a proportion from 0 to 1 (shown as a percent)',
  seconds: 'a duration in seconds',
  points: 'NPS points, from −100 to +100',
  per_1000: 'a count per 1,000 contacts',
} as const;
export type TargetUnit = keyof typeof TARGET_UNITS;

export type Comparator = '>=' | '<=' | '>' | '<';
export const COMPARATORS: readonly Comparator[] = ['>=', '<=', '>', '<'];

export interface TargetMetricSpec {
  /** One line: what is measured, the variant included (DOMAIN.md asks every report to name it). */
  readonly meaning: string;
  readonly unit: TargetUnit;
  /** The comparator a target of this metric usually has (better is higher: `>=`; lower: `<=`). */
  readonly comparator: Comparator;
}

/**
 * The metrics a target can measure; the analysis layer computes each for a period. Add a metric here (and its
 * computation there); no migration is needed, as the database stores the name.
 */
export const TARGET_METRICS = {
  csat: { meaning: 'CSAT: overall-satisfaction answers of 4–5 on the canonical 1–5 scale ÷ valid answers', unit: 'share', comparator: '>=' },
  csat_transparency: { meaning: 'progress-transparency answers of 4–5 on the canonical 1–5 scale ÷ valid answers', unit: 'share', comparator: '>=' },
  share_handled_within_24h: { meaning: 'complaints (feedback) resolved within 24 h of being received ÷ complaints received', unit: 'share', comparator: '>=' },
  service_level_phone: { meaning: 'phone contacts answered within the phone_answer standard ÷ counted contacts (abandons as the abandon rule says)', unit: 'share', comparator: '>=' },
  service_level_chat: { meaning: 'chat contacts answered within the chat_answer standard ÷ counted contacts (abandons as the abandon rule says)', unit: 'share', comparator: '>=' },
  service_level_email: { meaning: 'e-mails answered within the email_answer standard ÷ counted e-mails', unit: 'share', comparator: '>=' },
  nps: { meaning: 'NPS: % promoters (9–10) − % detractors (0–6) on the 0–10 recommend item', unit: 'points', comparator: '>=' },
  fcr: { meaning: 'issues resolved at first contact with no repeat contact within 7 days ÷ all issues', unit: 'share', comparator: '>=' },
  abandon_rate: { meaning: 'abandoned ÷ offered contacts', unit: 'share', comparator: '<=' },
  asa_seconds: { meaning: 'ASA: total queue wait of answered contacts ÷ answered contacts', unit: 'seconds', comparator: '<=' },
  aht_seconds: { meaning: 'AHT: (talk + hold + after-contact work) ÷ handled contacts', unit: 'seconds', comparator: '<=' },
  first_reply_30min: { meaning: 'complaints first responded to within 30 min of being received ÷ complaints received', unit: 'share', comparator: '>=' },
  complaint_rate_per_1000: { meaning: 'complaints received per 1,000 contacts offered in the same period', unit: 'per_1000', comparator: '<=' },
  followup_within_48h: { meaning: 'resolved complaints with a follow-up callback within 48 h of resolution ÷ resolved complaints', unit: 'share', comparator: '>=' },
} as const satisfies Readonly<Record<string, TargetMetricSpec>>;
export type TargetMetric = keyof typeof TARGET_METRICS;

/** True when `name` is one of `TARGET_METRICS`. @example isTargetMetric('csat') // => true */
export function isTargetMetric(name: string): name is TargetMetric {
  return Object.hasOwn(TARGET_METRICS, name);
}

