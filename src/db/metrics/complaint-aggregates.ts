/**
 * Complaint aggregates per group and range, in one pass over complaint_current: received, first response and
 * resolution times (moments and quantiles), handling within the standards, re-opens, escalations, follow-up
 * callbacks and the post-resolution satisfaction.
 *
 * - First response = first_response_at − received_at. Its standard by urgency: `critical` is a major fault
 *   (the policy with priority 'major', 15 min by default), every other urgency an ordinary issue ('ordinary',
 *   1 h); "first reply within 30 min" is the policy `first_reply_30min`.
 * - Handled = resolved (else closed) − received; "handled within 24 h" is the policy `feedback_24h`. A complaint
 *   still open counts as a miss once the threshold has passed by `asOf` (the end of the loaded data), and is
 *   left out while it still could make it.
 * - Follow-up callback: resolved complaints whose callback came within the `followup_callback` policy's
 *   threshold (48 h) of the resolution; no callback is a miss once the threshold has passed by `asOf`.
 * - Re-opened: the flag, or a re-open time.
 * Policies are read as in effect on the complaint's local day, as for contacts.
 */
import type { Database } from '../session.js';
import { inEffect, policyPeriods } from './contact-sql.js';
import { dimensionSql, grainSql, isGrain } from './dimensions.js';
import { groupedParts, Params, runGrouped, withQuantiles, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';

export interface ComplaintAggregateInput extends GroupedQueryInput {
  /** The instant up to which the data is complete (open complaints younger than a threshold are pending). */
  readonly asOf: Date;
  /** Compute the four quantiles (default true; false: they are null and their statement is not run). */
  readonly quantiles?: boolean;
}

const NO_QUANTILES = { frt_p50: null, frt_p90: null, handle_p50: null, handle_p90: null };

/**
 * Columns: received; frt_n, frt_mean, frt_var, frt_p50, frt_p90, frt_within_standard, frt_within_30min;
 * handle_n, handle_mean, handle_var, handle_p50, handle_p90, handled_judged, handled_within_24h; reopen_n,
 * reopened; escalation_n, escalated; followup_judged, followup_within; satisfaction_n, satisfaction_top2,
 * satisfaction_mean; thresholds frt_major_seconds, frt_ordinary_seconds, handled_seconds, followup_seconds.
 * The quantiles come from a statement of their own over the same rows, run beside the main one: an
 * ordered-set aggregate makes PostgreSQL sort every row of the ranges by group, measures and thresholds
 * (~320 bytes a row, spilled to disk at 120k complaints), where without it the counts are hashed, and the
 * quantile statement sorts two durations.
 */
export async function complaintAggregates(db: Database, input: ComplaintAggregateInput): Promise<GroupedRow[]> {
  if (input.quantiles === false) return (await complaintAggregateSets(db, { ...input, sets: [input.by] }))[0]!;
  const [[rows], quantileRows] = await Promise.all([complaintCounts(db, input, [input.by]), complaintQuantiles(db, input)]);
  return withQuantiles(rows!, quantileRows, NO_QUANTILES);
}

/**
 * complaintAggregates for several groupings of the same complaints at once: one pass over the rows grouped by
 * GROUPING SETS, where one statement per grouping would read and join them again (the complaints analysis
 * groups by the request's dimensions and, for its Pareto, by category and by root cause within them; scorecards
 * by team and by team × agent). `by` is ignored; the result is one list per set. The quantiles are null except
 * for the first set when `quantiles` is true (default false; one more statement, run beside).
 * @throws UnknownDimensionError for a dimension complaints do not have
 */
export async function complaintAggregateSets(
  db: Database,
  input: Omit<ComplaintAggregateInput, 'by'> & { readonly sets: readonly (readonly string[])[] },
): Promise<GroupedRow[][]> {
  const first = input.sets[0] ?? [];
  const [sets, quantileRows] = await Promise.all([
    complaintCounts(db, input, input.sets),
    input.quantiles === true ? complaintQuantiles(db, { ...input, by: first }) : Promise.resolve(null),
  ]);
  return sets.map((rows, i) => (i === 0 && quantileRows !== null ? withQuantiles(rows, quantileRows, NO_QUANTILES) : rows.map((r) => ({ ...r, values: { ...r.values, ...NO_QUANTILES } }))));
}

/**
 * Complaints received per group and range, nothing else: the `received` of complaintAggregates without the
 * measures and the policy thresholds (a series of counts, as trend reads over up to three years by day).
 * @throws UnknownDimensionError for a `by` or filter name complaints do not have
 */
export async function complaintReceived(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  const params = new Params();
  const parts = groupedParts('complaints', input, params, 'k.received_at');
  const text = `
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key, count(*)::float8 AS received
    FROM complaint_current k WHERE ${parts.timeWhere} AND ${parts.filterWhere}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, input.by);
}

/** The median and P90 of the first-response and handling times per group and range (nulls skipped). */
async function complaintQuantiles(db: Database, input: ComplaintAggregateInput): Promise<GroupedRow[]> {
  const params = new Params();
  const parts = groupedParts('complaints', input, params, 'k.received_at');
  const dims = input.by.map((_, i) => `d${i}, `).join('');
  const text = `
    WITH q AS (
      SELECT ${dims}range_key,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY frt) AS fq,
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY handle) AS hq
      FROM (
        SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key,
          date_part('epoch', k.first_response_at - k.received_at) AS frt,
          date_part('epoch', coalesce(k.resolved_at, k.closed_at) - k.received_at) AS handle
        FROM complaint_current k WHERE ${parts.timeWhere} AND ${parts.filterWhere}) k
      WHERE range_key IS NOT NULL
      GROUP BY ${parts.groupBy})
    SELECT ${dims}range_key, fq[1]::float8 AS frt_p50, fq[2]::float8 AS frt_p90, hq[1]::float8 AS handle_p50, hq[2]::float8 AS handle_p90
    FROM q`;
  return runGrouped(db, text, params, input.by);
}

/**
 * Every column but the quantiles, for each grouping of `sets` (one list per set). The union of the sets'
 * dimensions is selected once; one set groups plainly, several by GROUPING SETS, each output row told to its set
 * by GROUPING() of the union's columns (a bit set for each column the row's set leaves out).
 */
async function complaintCounts(db: Database, input: Omit<ComplaintAggregateInput, 'by'>, sets: readonly (readonly string[])[]): Promise<GroupedRow[][]> {
  const union = [...new Set(sets.flat())];
  const params = new Params();
  const parts = groupedParts('complaints', { ...input, by: union }, params, 'k.received_at');
  const asOf = params.add(input.asOf.toISOString());
  // Every local day the ranges cover, numbered from the first (a complaint's local day lies in its range, the
  // ranges being local dates). The count is written into the statement so the planner knows it exactly.
  const first = input.ranges.reduce((m, r) => (r.from < m ? r.from : m), input.ranges[0]?.from ?? '1970-01-01');
  const end = input.ranges.reduce((m, r) => (r.to > m ? r.to : m), input.ranges[0]?.to ?? '1970-01-01');
  const days = Math.max(0, Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000));
  const firstDay = params.add(first);
  // Sets with the same dimensions in another order are one grouping; one grouping needs no GROUPING SETS.
  const distinct = [...new Map(sets.map((set) => [[...set].sort().join('\u0000'), set])).values()];
  const grouped = distinct.length > 1;
  // Calendar grains of the complaint's local day are read from the day (d), as the range is.
  const rowDimensions = union.flatMap((name, i) => (isGrain(name) ? [] : [`${dimensionSql('complaints', name, parts.zone)!} AS d${i}`])).join(', ');
  const dayDimensions = union.flatMap((name, i) => (isGrain(name) ? [{ select: `${grainSql(name, 'd.local_day::timestamp')!} AS d${i}`, column: `d.d${i}` }] : []));
  const text = `
    WITH policy AS (${policyPeriods('policy_id')}),
    -- Each complaint carries its non-calendar dimensions, its local day and the measures only.
    k AS (
      SELECT ${rowDimensions}${rowDimensions ? ',' : ''}
        k.urgency, k.resolved_at, k.reopened, k.reopened_at, k.escalated, k.satisfaction_canonical,
        (k.received_at AT TIME ZONE ${parts.zone})::date - ${firstDay}::date AS day_index,
        date_part('epoch', k.first_response_at - k.received_at) AS frt,
        date_part('epoch', coalesce(k.resolved_at, k.closed_at) - k.received_at) AS handle,
        date_part('epoch', ${asOf}::timestamptz - k.received_at) AS age,
        date_part('epoch', k.followup_at - k.resolved_at) AS followup,
        date_part('epoch', ${asOf}::timestamptz - k.resolved_at) AS resolved_age
      FROM complaint_current k WHERE ${parts.timeWhere} AND ${parts.filterWhere}),
    -- The thresholds in effect on each local day of the ranges, resolved once per day (five range joins per
    -- complaint were half of this statement's time), joined to the complaints by the day's number. The days come
    -- from the ranges, not from k, so k is read once and not materialised (written out and read twice: ~40 % of
    -- the statement at 200k complaints). The day also gives the range and the calendar grains: over the
    -- complaint's own time PostgreSQL estimated as many groups as rows (the time column is nearly unique) and
    -- sorted them all, where over the days it hashes the few groups there are.
    d AS (
      SELECT d.day_index, ${dayDimensions.map((g) => `${g.select}, `).join('')}${parts.dayRangeKeySql('d.local_day')} AS range_key, pm.threshold_seconds AS major_seconds, po.threshold_seconds AS ordinary_seconds,
        p30.threshold_seconds AS reply_seconds, p24.threshold_seconds AS handled_seconds, pf.threshold_seconds AS followup_seconds
      FROM (SELECT i AS day_index, ${firstDay}::date + i AS local_day FROM generate_series(0, ${days - 1}) i) d
      LEFT JOIN policy pm ON pm.priority = 'major' AND pm.policy_id = 'major_fault_response' AND ${inEffect('pm', 'd')}
      LEFT JOIN policy po ON po.priority = 'ordinary' AND po.policy_id = 'ordinary_response' AND ${inEffect('po', 'd')}
      LEFT JOIN policy p30 ON p30.policy_id = 'first_reply_30min' AND ${inEffect('p30', 'd')}
      LEFT JOIN policy p24 ON p24.policy_id = 'feedback_24h' AND ${inEffect('p24', 'd')}
      LEFT JOIN policy pf ON pf.policy_id = 'followup_callback' AND ${inEffect('pf', 'd')}),
    j AS (
      SELECT k.*, ${dayDimensions.map((g) => `${g.column}, `).join('')}d.range_key, CASE WHEN k.urgency = 'critical' THEN d.major_seconds ELSE d.ordinary_seconds END AS frt_standard,
        d.major_seconds, d.ordinary_seconds, d.reply_seconds, d.handled_seconds, d.followup_seconds
      FROM k JOIN d ON d.day_index = k.day_index)
    SELECT ${union.map((_, i) => `k.d${i}, `).join('')}k.range_key,${grouped ? ` GROUPING(${union.map((_, i) => `k.d${i}`).join(', ')}) AS grouping_set,` : ''}
      count(*)::float8 AS received,
      count(k.frt)::float8 AS frt_n,
      avg(k.frt)::float8 AS frt_mean,
      var_samp(k.frt)::float8 AS frt_var,
      count(*) FILTER (WHERE k.frt <= k.frt_standard)::float8 AS frt_within_standard,
      count(*) FILTER (WHERE k.frt <= k.reply_seconds)::float8 AS frt_within_30min,
      count(k.handle)::float8 AS handle_n,
      avg(k.handle)::float8 AS handle_mean,
      var_samp(k.handle)::float8 AS handle_var,
      count(*) FILTER (WHERE k.handle IS NOT NULL OR k.age > k.handled_seconds)::float8 AS handled_judged,
      count(*) FILTER (WHERE k.handle <= k.handled_seconds)::float8 AS handled_within_24h,
      count(*) FILTER (WHERE k.reopened IS NOT NULL OR k.reopened_at IS NOT NULL)::float8 AS reopen_n,
      count(*) FILTER (WHERE k.reopened OR k.reopened_at IS NOT NULL)::float8 AS reopened,
      count(k.escalated)::float8 AS escalation_n,
      count(*) FILTER (WHERE k.escalated)::float8 AS escalated,
      count(*) FILTER (WHERE k.resolved_at IS NOT NULL AND (k.followup IS NOT NULL OR k.resolved_age > k.followup_seconds))::float8 AS followup_judged,
      count(*) FILTER (WHERE k.followup >= 0 AND k.followup <= k.followup_seconds)::float8 AS followup_within,
      count(k.satisfaction_canonical)::float8 AS satisfaction_n,
      count(*) FILTER (WHERE k.satisfaction_canonical >= 4)::float8 AS satisfaction_top2,
      avg(k.satisfaction_canonical)::float8 AS satisfaction_mean,
      max(k.major_seconds)::float8 AS frt_major_seconds,
      max(k.ordinary_seconds)::float8 AS frt_ordinary_seconds,
      max(k.handled_seconds)::float8 AS handled_seconds,
      max(k.followup_seconds)::float8 AS followup_seconds
    FROM j k
    GROUP BY ${grouped ? `GROUPING SETS (${distinct.map((set) => `(${set.map((name) => `k.d${union.indexOf(name)}, `).join('')}k.range_key)`).join(', ')})` : parts.groupBy}`;
  const rows = await runGrouped(db, text, params, union);
  if (!grouped) return sets.map(() => rows);
  // GROUPING(d0 … dn): the leftmost column is the highest bit, set when the row's set leaves that column out
  const maskOf = (set: readonly string[]) => union.reduce((mask, name) => (mask << 1) | (set.includes(name) ? 0 : 1), 0);
  return sets.map((set) => {
    const mask = maskOf(set);
    return rows
      .filter((r) => r.values['grouping_set'] === mask)
      .map((r) => {
        const { grouping_set: _, ...values } = r.values;
        return { dimensions: Object.fromEntries(set.map((name) => [name, r.dimensions[name] ?? null])), rangeKey: r.rangeKey, values };
      });
  });
}
