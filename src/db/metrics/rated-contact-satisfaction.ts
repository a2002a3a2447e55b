/**
 * Overall satisfaction of contacts, grouped by the contact's own dimensions (team, channel, its local day …):
 * the `overall` answers of the current surveys that name a contact (by a business key), joined to that contact.
 * The answer is read from the response's own `ratings` (sql/000012), not joined from survey_answer (6M rows at
 * the benchmark's size, hashed against their responses: ~1 s of the statement).
 * Where survey-aggregates.ts groups answers by when the survey was answered (often days later, for phone
 * interviews), this groups them by the contact rated, so a team-day's satisfaction sits beside the same
 * team-day's waits and handle times. Where rated_contact_day_rollup covers the request (the contact's channel,
 * priority, team and calendar grains; both sources' rollups current) it is read instead of the rows.
 */
import type { Database } from '../session.js';
import { RATED_CONTACT_FROM, RATED_CONTACT_WHERE, RATED_OVERALL_SQL } from './contact-sql.js';
import { groupedParts, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';
import { ratedContactRollupFor, ratedContactRollupSatisfaction } from './rollup-reads.js';

/**
 * Per group (contact dimensions) × range: `n` overall answers, `top2` answers with canonical ≥ 4, `mean` and
 * `var` of the canonical value. Ranges and filters apply to the contacts (their start time, their dimensions).
 * @throws UnknownDimensionError for a `by` or filter name contacts do not have
 */
export async function ratedContactSatisfaction(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  // Per contact day, channel, priority and team the answers are kept summed (sql/000013): thousands of rows.
  if (await ratedContactRollupFor(db, input)) return ratedContactRollupSatisfaction(db, input);
  const params = new Params();
  const parts = groupedParts('contacts', input, params, 'c.started_at');
  // One join of the period's contacts with the responses that rate one, which PostgreSQL runs as a parallel hash
  // join at 2M calls (1.8 s; 2.2–2.7 s through a materialised CTE of contacts, 5.4 s when it probed the contact
  // index once per rated response; the estimates that steer it: contact-sql.ts, RATED_CONTACT_FROM).
  const overall = RATED_OVERALL_SQL;
  const text = `
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key,
      count(*)::float8 AS n,
      count(*) FILTER (WHERE ${overall} >= 4)::float8 AS top2,
      avg(${overall})::float8 AS mean,
      var_samp(${overall})::float8 AS var
    FROM ${RATED_CONTACT_FROM}
    WHERE ${parts.timeWhere} AND ${parts.filterWhere} AND ${RATED_CONTACT_WHERE}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, input.by);
}
