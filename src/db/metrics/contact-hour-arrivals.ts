/**
 * Contact arrivals per group, local day and local hour of the day, in one pass over contact_current: the
 * intraday profile staffing needs (Erlang C works per interval). Handle time as in contact-aggregates.ts:
 * talk + hold + after-contact work (missing hold or work = 0) over contacts with a talk time that were not
 * abandoned. Where contact_hour_rollup (sql/000014) covers the query it is read instead (the same sums).
 */
import type { Database } from '../session.js';
import { groupedParts, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';
import { contactRollupHourArrivals, fitsHourRollup, rollupFor } from './rollup-reads.js';

/**
 * Per group × local day × local hour (`day` and `hour` appended to `input.by`; hour '00'…'23' in the request's
 * time zone, so a 25-hour day repeats an hour and a 23-hour day lacks one): offered (every contact that
 * started, answered or not), handle_n, handle_sum (seconds). Hours without a contact have no row.
 * @throws UnknownDimensionError for a `by` or filter name contacts do not have
 */
export async function contactHourArrivals(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  // Per day, hour, channel and priority the counts are kept (sql/000014): read them where they cover the query.
  if (fitsHourRollup(input) && (await rollupFor(db, 'contacts', input))) return contactRollupHourArrivals(db, input);
  const params = new Params();
  const parts = groupedParts('contacts', { ...input, by: [...input.by, 'day'] }, params, 'c.started_at');
  const hourIndex = input.by.length + 1;
  const text = `
    SELECT ${parts.dimensionSelect}, to_char(c.started_at AT TIME ZONE ${parts.zone}, 'HH24') AS d${hourIndex}, ${parts.rangeKeySql} AS range_key,
      count(*)::float8 AS offered,
      count(*) FILTER (WHERE c.talk_seconds IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_n,
      sum(c.talk_seconds + coalesce(c.hold_seconds, 0) + coalesce(c.after_work_seconds, 0))
        FILTER (WHERE c.talk_seconds IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned')::float8 AS handle_sum
    FROM contact_current c
    WHERE ${parts.timeWhere} AND ${parts.filterWhere}
    GROUP BY ${[...Array.from({ length: hourIndex + 1 }, (_, i) => String(i + 1)), String(hourIndex + 2)].join(', ')}`;
  return runGrouped(db, text, params, [...input.by, 'day', 'hour']);
}
