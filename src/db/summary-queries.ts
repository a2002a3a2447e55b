/**
 * Aggregations for the text summary, computed in the database. Metric variants are stated in each docstring
 * (DOMAIN.md asks every report to name its variant); the full KPI layer comes with the analyses. Every figure
 * reads the current state of each record (the `*_current` views of sql/000004: one row per ticket, response or
 * contact id, the latest version), so a ticket exported open and then resolved counts once.
 */
import { sql } from 'kysely';
import type { Database } from './session.js';
import { kyselyOf } from './kysely-dialect.js';

export interface SourceSummary {
  readonly source: string;
  readonly rows: number;
  /** First and last day with data, in the given time zone (YYYY-MM-DD). */
  readonly first: string | null;
  readonly last: string | null;
  readonly batches: number;
}

/** Rows, time span (days in `timeZone`) and batch count per source table. */
export async function sourceSummary(db: Database, timeZone: string): Promise<SourceSummary[]> {
  const { rows } = await sql<SourceSummary>`
    SELECT source, rows, to_char(first AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS first,
           to_char(last AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS last, batches
    FROM (
      SELECT 1 AS o, 'contacts' AS source, count(*)::int AS rows, min(started_at) AS first, max(started_at) AS last, count(DISTINCT batch_id)::int AS batches FROM contact_current
      UNION ALL
      SELECT 2, 'survey answers', count(*)::int, min(answered_at), max(answered_at), count(DISTINCT batch_id)::int FROM survey_response_current
      UNION ALL
      SELECT 3, 'complaints', count(*)::int, min(received_at), max(received_at), count(DISTINCT batch_id)::int FROM complaint_current) s
    ORDER BY o`.execute(kyselyOf(db));
  return rows;
}

export interface ChannelSummary {
  readonly channel: string;
  readonly contacts: number;
  readonly abandonRate: number | null;
  readonly asaSeconds: number | null;
  readonly medianWaitSeconds: number | null;
  readonly p90WaitSeconds: number | null;
  readonly thresholdSeconds: number | null;
  readonly serviceLevel: number | null;
}

/**
 * Per channel: abandonment = abandoned ÷ offered; ASA = mean wait of answered contacts; median and P90 wait
 * of answered contacts; service level = answered within the channel's current standard ÷ (answered +
 * abandoned), i.e. every abandon counts as a miss.
 */
export async function channelSummary(db: Database): Promise<ChannelSummary[]> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH policy AS (
      SELECT DISTINCT ON (channel) channel, threshold_seconds FROM service_level_policy
      WHERE channel IS NOT NULL AND valid_from <= current_date AND (valid_to IS NULL OR valid_to > current_date)
      ORDER BY channel, valid_from DESC)
    SELECT c.channel, count(*)::int AS contacts,
      avg((c.outcome = 'abandoned')::int) FILTER (WHERE c.outcome IS NOT NULL) AS abandon_rate,
      avg(c.wait_seconds) FILTER (WHERE c.outcome = 'answered') AS asa,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY c.wait_seconds) FILTER (WHERE c.outcome = 'answered') AS median_wait,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY c.wait_seconds) FILTER (WHERE c.outcome = 'answered') AS p90_wait,
      max(p.threshold_seconds) AS threshold,
      avg((c.outcome = 'answered' AND c.wait_seconds <= p.threshold_seconds)::int)
        FILTER (WHERE c.outcome IN ('answered', 'abandoned') AND c.wait_seconds IS NOT NULL AND p.threshold_seconds IS NOT NULL) AS service_level
    FROM contact_current c LEFT JOIN policy p ON p.channel = c.channel
    GROUP BY c.channel ORDER BY contacts DESC`.execute(kyselyOf(db));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    channel: String(r['channel']),
    contacts: Number(r['contacts']),
    abandonRate: num(r['abandon_rate']),
    asaSeconds: num(r['asa']),
    medianWaitSeconds: num(r['median_wait']),
    p90WaitSeconds: num(r['p90_wait']),
    thresholdSeconds: num(r['threshold']),
    serviceLevel: num(r['service_level']),
  }));
}

export interface SurveySummary {
  readonly overallAnswers: number;
  /** Top-two-box share: canonical overall ≥ 4 on the 1–5 scale. */
  readonly csat: number | null;
  readonly npsAnswers: number;
  /** % promoters (9–10) − % detractors (0–6) on the 0–10 scale, −100…100. */
  readonly nps: number | null;
  /** Ease item (Gartner CES 2.0, 1–7 "made it easy"): answers, mean raw, share answering 5–7. */
  readonly cesAnswers: number;
  readonly cesMean: number | null;
  readonly cesEasyShare: number | null;
  /** Effort item (CES 1.0, 1–5, higher = more effort = worse): answers, mean raw, share answering 1–2 (low effort). */
  readonly effortAnswers: number;
  readonly effortMean: number | null;
  readonly effortLowShare: number | null;
}

/**
 * CSAT (top-two-box of the canonical 1–5 overall item), NPS (raw 0–10 answers only), and customer effort in
 * both directions, each on its own raw scale: the ease item `ces` on 1–7 (mean; share 5–7, Gartner's "% easy")
 * and the effort item `effort` on 1–5 (mean, where lower is better; share 1–2, low effort).
 */
export async function surveySummary(db: Database): Promise<SurveySummary> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT
      count(*) FILTER (WHERE item = 'overall')::int AS overall_answers,
      avg((canonical >= 4)::int) FILTER (WHERE item = 'overall') AS csat,
      count(*) FILTER (WHERE item = 'nps' AND scale_id = 'nps11')::int AS nps_answers,
      100 * (avg((raw_value >= 9)::int) FILTER (WHERE item = 'nps' AND scale_id = 'nps11')
           - avg((raw_value <= 6)::int) FILTER (WHERE item = 'nps' AND scale_id = 'nps11')) AS nps,
      count(*) FILTER (WHERE item = 'ces' AND scale_id = 'likert7')::int AS ces_answers,
      avg(raw_value) FILTER (WHERE item = 'ces' AND scale_id = 'likert7') AS ces_mean,
      avg((raw_value >= 5)::int) FILTER (WHERE item = 'ces' AND scale_id = 'likert7') AS ces_easy,
      count(*) FILTER (WHERE item = 'effort' AND scale_id IN ('likert5', 'verbal5'))::int AS effort_answers,
      avg(raw_value) FILTER (WHERE item = 'effort' AND scale_id IN ('likert5', 'verbal5')) AS effort_mean,
      avg((raw_value <= 2)::int) FILTER (WHERE item = 'effort' AND scale_id IN ('likert5', 'verbal5')) AS effort_low
    FROM survey_answer_current`.execute(kyselyOf(db));
  const r = rows[0] ?? {};
  return {
    overallAnswers: Number(r['overall_answers'] ?? 0),
    csat: r['csat'] === null || r['csat'] === undefined ? null : Number(r['csat']),
    npsAnswers: Number(r['nps_answers'] ?? 0),
    nps: r['nps'] === null || r['nps'] === undefined ? null : Number(r['nps']),
    cesAnswers: Number(r['ces_answers'] ?? 0),
    cesMean: numberOrNull(r['ces_mean']),
    cesEasyShare: numberOrNull(r['ces_easy']),
    effortAnswers: Number(r['effort_answers'] ?? 0),
    effortMean: numberOrNull(r['effort_mean']),
    effortLowShare: numberOrNull(r['effort_low']),
  };
}

export interface ComplaintSummary {
  readonly category: string;
  readonly complaints: number;
  /**
   * Share with a first response within 24 h of receipt (open ones without a response count as misses); null
   * when no complaint of the group has a first-response time (the export has none: no figure, not 0 %).
   */
  readonly respondedWithin24h: number | null;
  readonly reopenedShare: number | null;
}

/** Complaints per category, first response within 24 h, and re-opened share. */
export async function complaintSummary(db: Database): Promise<ComplaintSummary[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT coalesce(category, '(none)') AS category, count(*)::int AS complaints,
      -- No first-response time in the export at all: no figure (not 0 %).
      CASE WHEN count(first_response_at) > 0
        THEN avg((first_response_at IS NOT NULL AND first_response_at - received_at <= interval '24 hours')::int) END AS within_24h,
      avg(reopened::int) AS reopened
    FROM complaint_current GROUP BY 1 ORDER BY complaints DESC`.execute(kyselyOf(db));
  return rows.map((r) => ({
    category: String(r['category']),
    complaints: Number(r['complaints']),
    respondedWithin24h: r['within_24h'] === null ? null : Number(r['within_24h']),
    reopenedShare: r['reopened'] === null ? null : Number(r['reopened']),
  }));
}

function numberOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
