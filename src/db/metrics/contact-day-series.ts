/**
 * Contact counts per group and local day, in one pass over contact_current: the daily series the time-series
 * analyses (trend, forecast, control charts) read. Lighter than contact-aggregates.ts (no quantiles, no repeat-
 * contact window), with the same definitions, and its columns carry the same names so the metric specs of
 * src/analyze/contact-metrics.ts read them unchanged:
 *
 * - Wait: the export's queue wait, else answered − started (answered) or ended − started (abandoned).
 * - Service-level threshold: the channel's policy in service_level_policy in effect on the contact's local day
 *   (a later valid_from supersedes an earlier row; valid_to ends a row early). An abandon with no known wait
 *   counts as after the threshold.
 * - Handle time = talk + hold + after-contact work (missing hold or work = 0) over contacts with a talk time.
 *
 * Sums (`wait_sum`, `handle_sum`) rather than means, so days add up to weeks exactly.
 */
import type { Database } from '../session.js';
import { groupedParts, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';

/**
 * Per group × local day (the `day` dimension is appended to `input.by`), one range key per row:
 * offered, with_outcome, answered, abandoned; sl_threshold (max in the group), sl_answered_known,
 * sl_answered_within, sl_abandoned_known, sl_abandoned_within; wait_n, wait_sum, wait_mean (answered);
 * handle_n, handle_sum. Days without a contact have no row.
 * @throws UnknownDimensionError for a `by` or filter name contacts do not have
 */
export async function contactDaySeries(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  const by = [...input.by, 'day'];
  const params = new Params();
  const parts = groupedParts('contacts', { ...input, by }, params, 'c.started_at');
  const text = `
    WITH channel_policy AS (
      SELECT channel, threshold_seconds, valid_from,
             CASE WHEN lead(valid_from) OVER w IS NULL THEN valid_to ELSE least(lead(valid_from) OVER w, valid_to) END AS valid_until
      FROM service_level_policy WHERE channel IS NOT NULL AND priority IS NULL
      WINDOW w AS (PARTITION BY channel ORDER BY valid_from)),
    c AS (
      SELECT c.*, ${parts.rangeKeySql} AS range_key, (c.started_at AT TIME ZONE ${parts.zone})::date AS local_day,
        CASE WHEN c.outcome = 'abandoned' THEN coalesce(c.wait_seconds, extract(epoch FROM c.ended_at - c.started_at))
             ELSE coalesce(c.wait_seconds, extract(epoch FROM c.answered_at - c.started_at)) END AS wait,
        CASE WHEN c.talk_seconds IS NOT NULL THEN c.talk_seconds + coalesce(c.hold_seconds, 0) + coalesce(c.after_work_seconds, 0) END AS handle
      FROM contact_current c WHERE ${parts.timeWhere})
    SELECT ${parts.dimensionSelect}, c.range_key,
      count(*)::float8 AS offered,
      count(c.outcome)::float8 AS with_outcome,
      count(*) FILTER (WHERE c.outcome = 'answered')::float8 AS answered,
      count(*) FILTER (WHERE c.outcome = 'abandoned')::float8 AS abandoned,
      max(cp.threshold_seconds)::float8 AS sl_threshold,
      count(*) FILTER (WHERE c.outcome = 'answered' AND c.wait IS NOT NULL AND cp.threshold_seconds IS NOT NULL)::float8 AS sl_answered_known,
      count(*) FILTER (WHERE c.outcome = 'answered' AND c.wait <= cp.threshold_seconds)::float8 AS sl_answered_within,
      count(*) FILTER (WHERE c.outcome = 'abandoned' AND cp.threshold_seconds IS NOT NULL)::float8 AS sl_abandoned_known,
      count(*) FILTER (WHERE c.outcome = 'abandoned' AND c.wait <= cp.threshold_seconds)::float8 AS sl_abandoned_within,
      count(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_n,
      sum(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_sum,
      avg(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_mean,
      count(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_n,
      sum(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_sum
    FROM c
    LEFT JOIN channel_policy cp ON cp.channel = c.channel AND c.local_day >= cp.valid_from AND (cp.valid_until IS NULL OR c.local_day < cp.valid_until)
    WHERE c.range_key IS NOT NULL AND ${parts.filterWhere}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, by);
}
