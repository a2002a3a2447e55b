/**
 * Overall satisfaction of contacts, grouped by the contact's own dimensions (team, channel, its local day …):
 * the `overall` answers of the current surveys that name a contact (by a business key), joined to that contact.
 * Where survey-aggregates.ts groups answers by when the survey was answered (often days later, for phone
 * interviews), this groups them by the contact rated, so a team-day's satisfaction sits beside the same
 * team-day's waits and handle times.
 */
import type { Database } from '../session.js';
import { groupedParts, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';

/**
 * Per group (contact dimensions) × range: `n` overall answers, `top2` answers with canonical ≥ 4, `mean` and
 * `var` of the canonical value. Ranges and filters apply to the contacts (their start time, their dimensions).
 * @throws UnknownDimensionError for a `by` or filter name contacts do not have
 */
export async function ratedContactSatisfaction(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  const params = new Params();
  const parts = groupedParts('contacts', input, params, 'c.started_at');
  // The period's contacts first, then a hash join with the rated responses: PostgreSQL estimates the responses
  // naming a business key at a few percent and otherwise probes the contact index once per rated response
  // (876k probes, 4 of the 6 s at 2M calls).
  const text = `
    WITH c AS MATERIALIZED (
      SELECT c.contact_id, c.started_at, c.channel, c.team, c.region, c.agent_code, c.queue, c.priority
      FROM contact_current c WHERE ${parts.timeWhere} AND ${parts.filterWhere} AND c.contact_id IS NOT NULL)
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key,
      count(*)::float8 AS n,
      count(*) FILTER (WHERE a.canonical >= 4)::float8 AS top2,
      avg(a.canonical)::float8 AS mean,
      var_samp(a.canonical)::float8 AS var
    FROM c
    JOIN survey_response_current r ON r.contact_id = c.contact_id AND servq_is_business_key(r.contact_id)
    JOIN survey_answer a ON a.batch_id = r.batch_id AND a.line_no = r.line_no AND a.item = 'overall'
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, input.by);
}
