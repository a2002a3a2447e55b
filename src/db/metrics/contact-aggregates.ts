/**
 * Contact aggregates per group and range, in one pass over contact_current: the counts and moments from which
 * src/analyze computes offered/answered/abandoned, service level under each abandon rule, ASA, AHT and its
 * parts, wait quantiles and first-contact resolution (definitions in DOMAIN.md).
 *
 * - Wait: the export's queue wait, else answered − started (answered) or ended − started (abandoned: the time
 *   to abandon).
 * - Service-level threshold: the channel's policy in service_level_policy in effect on the contact's local day
 *   (a later valid_from supersedes an earlier row; valid_to ends a row early); priority thresholds likewise
 *   from the policies with a priority and no channel (major fault 15 min, ordinary 1 h by default).
 * - An abandon with no known wait cannot be placed before or after the threshold: it counts as after it.
 * - Handle time = talk + hold + after-contact work (missing hold or work = 0) over contacts with a talk time.
 * - FCR: a contact flagged resolved at first contact with no later contact from the same customer key within
 *   `repeatWindowDays` days (a window function over all the customer's contacts, before any filter; the
 *   WHERE clause reaches that far past each range). Contacts without a customer key rely on the flag alone (counted in `fcr_unkeyed`).
 *
 * When the daily rollups cover the query (src/db/metrics/rollup-reads.ts: its dimensions, its zone, the 7-day
 * window) the main statement and `contactCounts` read them instead of the rows, with the same numbers.
 */
import type { Database } from '../session.js';
import { CONTACT_WAIT_AND_HANDLE, inEffect, policyPeriods, serviceLevelCounts } from './contact-sql.js';
import { groupedParts, Params, runGrouped, withQuantiles, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';
import { contactRollupAggregates, contactRollupCounts, contactRollupQuantiles, fitsDurationRollup, rollupFor } from './rollup-reads.js';
import { ROLLUP_REPEAT_WINDOW_DAYS } from '../rollups.js';

export interface ContactAggregateInput extends GroupedQueryInput {
  /** Repeat-contact window of FCR, days (default 7). */
  readonly repeatWindowDays: number;
  /** Also the wait and handle medians and P90s (default true; a second, narrow statement). */
  readonly quantiles?: boolean;
}

/** The contact columns the aggregates read (the CTE carries these, not `c.*`: its rows are sorted for FCR). */
const CONTACT_COLUMNS_READ =
  'c.batch_id, c.line_no, c.started_at, c.channel, c.team, c.region, c.agent_code, c.queue, c.priority, c.outcome, ' +
  'c.talk_seconds, c.hold_seconds, c.after_work_seconds, c.resolved_first_contact, c.transferred, c.customer_key';

/**
 * The aggregate columns of each row (all numbers; null where no row qualifies):
 * offered, with_outcome, answered, abandoned; sl_threshold (max threshold in the group), sl_answered_known,
 * sl_answered_within, sl_abandoned_known, sl_abandoned_within; the same four with `pl_` for priority policies;
 * wait_n, wait_mean, wait_var, wait_p50, wait_p90 (answered); handle_n, handle_mean, handle_var, handle_p50,
 * handle_p90, talk_mean, hold_mean, after_work_mean; fcr_n, fcr_yes, fcr_unkeyed; transferred_n, transferred_yes.
 * The four quantiles come from a second statement over the same rows (`quantiles: false` skips it): an ordered-set
 * aggregate makes PostgreSQL sort each group's whole rows, so in the main statement it turned the grouping into
 * a sort of every contact of the ranges (146 MB spilled at 2M calls); alone it sorts only the two durations.
 */
export async function contactAggregates(db: Database, input: ContactAggregateInput): Promise<GroupedRow[]> {
  const main = async () =>
    input.repeatWindowDays === ROLLUP_REPEAT_WINDOW_DAYS && (await rollupFor(db, 'contacts', input))
      ? contactRollupAggregates(db, input)
      : contactRowAggregates(db, input);
  if (input.quantiles === false) return main();
  // Two statements on two connections of a server (one after the other on PGlite's single session).
  const [rows, quantileRows] = await Promise.all([main(), contactQuantiles(db, input)]);
  return withQuantiles(rows, quantileRows, NO_QUANTILES);
}

/** The main statement over the rows of contact_current (the FCR window a `lead()` over each customer's contacts). */
async function contactRowAggregates(db: Database, input: ContactAggregateInput): Promise<GroupedRow[]> {
  const params = new Params();
  const parts = groupedParts('contacts', input, params, 'c.started_at', input.repeatWindowDays);
  const window = params.add(input.repeatWindowDays);
  const text = `
    WITH channel_policy AS (${policyPeriods('channel', 'channel IS NOT NULL AND priority IS NULL')}),
    priority_policy AS (${policyPeriods('priority', 'priority IS NOT NULL AND channel IS NULL')}),
    c AS (
      SELECT ${CONTACT_COLUMNS_READ}, ${parts.rangeKeySql} AS range_key, (c.started_at AT TIME ZONE ${parts.zone})::date AS local_day,
${CONTACT_WAIT_AND_HANDLE},
        CASE WHEN c.customer_key IS NOT NULL THEN lead(c.started_at) OVER (PARTITION BY c.customer_key ORDER BY c.started_at, c.batch_id, c.line_no) END AS next_at
      FROM contact_current c WHERE ${parts.timeWhere})
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} c.range_key,
      count(*)::float8 AS offered,
      count(c.outcome)::float8 AS with_outcome,
      count(*) FILTER (WHERE c.outcome = 'answered')::float8 AS answered,
      count(*) FILTER (WHERE c.outcome = 'abandoned')::float8 AS abandoned,
      ${serviceLevelCounts('sl', 'cp')},
      ${serviceLevelCounts('pl', 'pp')},
      count(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_n,
      avg(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_mean,
      var_samp(c.wait) FILTER (WHERE c.outcome = 'answered')::float8 AS wait_var,
      count(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_n,
      avg(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_mean,
      var_samp(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_var,
      avg(c.talk_seconds) FILTER (WHERE c.handle IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned')::float8 AS talk_mean,
      avg(coalesce(c.hold_seconds, 0)) FILTER (WHERE c.handle IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned')::float8 AS hold_mean,
      avg(coalesce(c.after_work_seconds, 0)) FILTER (WHERE c.handle IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned')::float8 AS after_work_mean,
      count(c.resolved_first_contact)::float8 AS fcr_n,
      count(*) FILTER (WHERE c.resolved_first_contact AND (c.next_at IS NULL OR c.next_at > c.started_at + ${window} * interval '1 day'))::float8 AS fcr_yes,
      count(c.resolved_first_contact) FILTER (WHERE c.customer_key IS NULL)::float8 AS fcr_unkeyed,
      count(c.transferred)::float8 AS transferred_n,
      count(*) FILTER (WHERE c.transferred)::float8 AS transferred_yes
    FROM c
    LEFT JOIN channel_policy cp ON cp.channel = c.channel AND ${inEffect('cp', 'c')}
    LEFT JOIN priority_policy pp ON pp.priority = c.priority AND ${inEffect('pp', 'c')}
    WHERE c.range_key IS NOT NULL AND ${parts.filterWhere}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, input.by);
}

const NO_QUANTILES = { wait_p50: null, wait_p90: null, handle_p50: null, handle_p90: null };

/**
 * Median and P90 of the wait (answered contacts) and of the handle time, per group and range. The rows carry
 * only their group, range and the two durations (materialised: else the grouping's sort carries every source
 * column of the ranges' contacts, 102-byte rows that spilled 66 MB at 2M calls), and each duration is sorted
 * once for both quantiles (`percentile_cont` of an array of fractions). Where contact_duration_day_rollup
 * (sql/000011) covers the query, its sorted daily arrays are read instead (the same multiset, the same numbers).
 */
async function contactQuantiles(db: Database, input: ContactAggregateInput): Promise<GroupedRow[]> {
  if (fitsDurationRollup(input) && (await rollupFor(db, 'contacts', input))) return contactRollupQuantiles(db, input);
  const params = new Params();
  const parts = groupedParts('contacts', input, params, 'c.started_at');
  const dims = input.by.map((_, i) => `d${i}`);
  const text = `
    WITH c AS MATERIALIZED (
      SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key, c.outcome,
${CONTACT_WAIT_AND_HANDLE}
      FROM contact_current c WHERE ${parts.timeWhere} AND ${parts.filterWhere}),
    q AS (
      SELECT ${dims.map((d) => `${d}, `).join('')}range_key,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY wait) FILTER (WHERE outcome = 'answered') AS wq,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY handle) FILTER (WHERE outcome IS DISTINCT FROM 'abandoned') AS hq
      FROM c WHERE range_key IS NOT NULL
      GROUP BY ${parts.groupBy})
    SELECT ${dims.map((d) => `${d}, `).join('')}range_key,
      wq[1]::float8 AS wait_p50, wq[2]::float8 AS wait_p90, hq[1]::float8 AS handle_p50, hq[2]::float8 AS handle_p90
    FROM q`;
  return runGrouped(db, text, params, input.by);
}

/**
 * Contacts offered per group and range, nothing else: the denominator of complaints per 1 000 contacts, without
 * the FCR window, the policies and the moments of `contactAggregates` (a plain count over the ranges).
 */
export async function contactCounts(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  if (await rollupFor(db, 'contacts', input)) return contactRollupCounts(db, input);
  const params = new Params();
  const parts = groupedParts('contacts', input, params, 'c.started_at');
  const text = `
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key, count(*)::float8 AS offered
    FROM contact_current c
    WHERE ${parts.timeWhere} AND ${parts.filterWhere}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, input.by);
}
