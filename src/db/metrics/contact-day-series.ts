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
 * Sums (`wait_sum`, `handle_sum`) rather than means, so days add up to weeks exactly. Read from the daily
 * rollups when they cover the query (src/db/metrics/rollup-reads.ts).
 */
import type { Database } from '../session.js';
import { CONTACT_WAIT_AND_HANDLE, inEffect, policyPeriods, serviceLevelCounts } from './contact-sql.js';
import { groupedParts, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';
import { contactRollupDaySeries, rollupFor } from './rollup-reads.js';

/**
 * Per group × local day (the `day` dimension is appended to `input.by`), one range key per row:
 * offered, with_outcome, answered, abandoned; sl_threshold (max in the group), sl_answered_known,
 * sl_answered_within, sl_abandoned_known, sl_abandoned_within; wait_n, wait_sum, wait_mean (answered);
 * handle_n, handle_sum. Days without a contact have no row.
 * @throws UnknownDimensionError for a `by` or filter name contacts do not have
 */
export async function contactDaySeries(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  if (await rollupFor(db, 'contacts', input)) return contactRollupDaySeries(db, input);
  const by = [...input.by, 'day'];
  const params = new Params();
  const parts = groupedParts('contacts', { ...input, by }, params, 'c.started_at');
  const text = `
    WITH channel_policy AS (${policyPeriods('channel', 'channel IS NOT NULL AND priority IS NULL')}),
    c AS (
      SELECT c.*, ${parts.rangeKeySql} AS range_key, (c.started_at AT TIME ZONE ${parts.zone})::date AS local_day,
${CONTACT_WAIT_AND_HANDLE}
      FROM contact_current c WHERE ${parts.timeWhere})
    SELECT ${parts.dimensionSelect}, c.range_key,
      count(*)::float8 AS offered,
      count(c.outcome)::float8 AS with_outcome,
      count(*) FILTER (WHERE c.outcome = 'answered')::float8 AS answered,
      count(*) FILTER (WHERE c.outcome = 'abandoned')::float8 AS abandoned,
      ${serviceLevelCounts('sl', 'cp')},
      count(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_n,
      sum(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_sum,
      avg(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_mean,
      count(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_n,
      sum(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_sum
    FROM c
    LEFT JOIN channel_policy cp ON cp.channel = c.channel AND ${inEffect('cp', 'c')}
    WHERE c.range_key IS NOT NULL AND ${parts.filterWhere}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, by);
}
