/**
 * Survey aggregates per group, item and range, in one pass over the current answers joined to their responses
 * (and, when a dimension needs it, to the contact each response rates where the ids match). From these
 * src/analyze computes CSAT top-two-box with its Wilson interval, item means and distributions, NPS, CES and
 * the effort item, each on the scale DOMAIN.md defines.
 *
 * - top2: canonical ≥ 4 on the canonical 1–5 scale (every scale maps by its declared rule, sql/000002).
 * - dist1…dist5: answers whose canonical value rounds to 1…5 (7- and 10-point scales land between points).
 * - NPS counts: raw answers on the 0–10 scale only (promoters 9–10, detractors 0–6).
 * - CES (ease, Gartner CES 2.0): raw answers on the 1–7 scale; easy = 5–7. Effort (CES 1.0, 1–5, lower is
 *   better): raw mean and low = 1–2.
 *
 * Read from the daily rollups when they cover the query (src/db/metrics/rollup-reads.ts), with the same numbers.
 */
import type { Database } from '../session.js';
import { needsRatedContact } from './dimensions.js';
import { groupedParts, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';
import { rollupFor, surveyRollupItems, surveyRollupResponses } from './rollup-reads.js';

/**
 * Per group × item × range: n, mean, var, top2, dist1…dist5, raw_mean, nps_n, promoters, detractors, ces_n,
 * ces_easy, effort_n, effort_low. `items` restricts the items (all when absent); per team, region or agent the
 * overall item alone has a rollup (src/db/rollups.ts).
 */
export async function surveyItemAggregates(db: Database, input: GroupedQueryInput & { readonly items?: readonly string[] }): Promise<GroupedRow[]> {
  if (await rollupFor(db, 'surveys', input, input.items)) return surveyRollupItems(db, input, input.items);
  const by = [...input.by, 'item'];
  const params = new Params();
  const parts = groupedParts('surveys', { ...input, by: input.by }, params, 'r.answered_at');
  const joinContact = needsRatedContact([...input.by, ...Object.keys(input.filters)]);
  const itemIndex = input.by.length;
  const text = `
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} a.item AS d${itemIndex}, ${parts.rangeKeySql} AS range_key,
      count(*)::float8 AS n,
      avg(a.canonical)::float8 AS mean,
      var_samp(a.canonical)::float8 AS var,
      count(*) FILTER (WHERE a.canonical >= 4)::float8 AS top2,
      count(*) FILTER (WHERE round(a.canonical) = 1)::float8 AS dist1,
      count(*) FILTER (WHERE round(a.canonical) = 2)::float8 AS dist2,
      count(*) FILTER (WHERE round(a.canonical) = 3)::float8 AS dist3,
      count(*) FILTER (WHERE round(a.canonical) = 4)::float8 AS dist4,
      count(*) FILTER (WHERE round(a.canonical) = 5)::float8 AS dist5,
      avg(a.raw_value)::float8 AS raw_mean,
      count(*) FILTER (WHERE a.scale_id = 'nps11')::float8 AS nps_n,
      count(*) FILTER (WHERE a.scale_id = 'nps11' AND a.raw_value >= 9)::float8 AS promoters,
      count(*) FILTER (WHERE a.scale_id = 'nps11' AND a.raw_value <= 6)::float8 AS detractors,
      count(*) FILTER (WHERE a.scale_id = 'likert7')::float8 AS ces_n,
      count(*) FILTER (WHERE a.scale_id = 'likert7' AND a.raw_value >= 5)::float8 AS ces_easy,
      avg(a.raw_value) FILTER (WHERE a.scale_id = 'likert7')::float8 AS ces_raw_mean,
      var_samp(a.raw_value) FILTER (WHERE a.scale_id = 'likert7')::float8 AS ces_raw_var,
      count(*) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5'))::float8 AS effort_n,
      count(*) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5') AND a.raw_value <= 2)::float8 AS effort_low,
      avg(a.raw_value) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5'))::float8 AS effort_raw_mean,
      var_samp(a.raw_value) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5'))::float8 AS effort_raw_var
    FROM survey_answer a
    JOIN survey_response_current r ON r.batch_id = a.batch_id AND r.line_no = a.line_no
    ${joinContact ? 'LEFT JOIN contact_current rc ON rc.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)' : ''}
    WHERE ${parts.timeWhere} AND ${parts.filterWhere}${input.items === undefined ? '' : ` AND a.item = ANY(${params.add(input.items)}::text[])`}
    GROUP BY ${[...input.by.map((_, i) => String(i + 1)), String(itemIndex + 1), String(itemIndex + 2)].join(', ')}`;
  return runGrouped(db, text, params, by);
}

/** Per group × range: responses (current survey responses, whatever items they answer). */
export async function surveyResponseCounts(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  if (await rollupFor(db, 'surveys', input)) return surveyRollupResponses(db, input);
  const params = new Params();
  const parts = groupedParts('surveys', input, params, 'r.answered_at');
  const joinContact = needsRatedContact([...input.by, ...Object.keys(input.filters)]);
  const text = `
    SELECT ${parts.dimensionSelect}${parts.dimensionSelect ? ',' : ''} ${parts.rangeKeySql} AS range_key, count(*)::float8 AS responses
    FROM survey_response_current r
    ${joinContact ? 'LEFT JOIN contact_current rc ON rc.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)' : ''}
    WHERE ${parts.timeWhere} AND ${parts.filterWhere}
    GROUP BY ${parts.groupBy}`;
  return runGrouped(db, text, params, input.by);
}
