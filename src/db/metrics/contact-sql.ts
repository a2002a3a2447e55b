/**
 * SQL text the contact and complaint metric queries share, so one definition serves the aggregates of
 * `servq analyze` and the daily series of the time-series analyses (the control chart's pooled misses must
 * equal `sla`'s service level, which test/analyze/control.test.ts checks).
 */

/**
 * A CTE body: the rows of service_level_policy matching `where`, each with the day it stops applying —
 * the next row's valid_from in its `partition` (a later row supersedes), or its own valid_to if earlier.
 * @example policyPeriods('channel', 'channel IS NOT NULL AND priority IS NULL')
 */
export function policyPeriods(partition: 'channel' | 'priority' | 'policy_id', where = 'TRUE'): string {
  return `
      SELECT policy_id, channel, priority, threshold_seconds, valid_from,
             CASE WHEN lead(valid_from) OVER w IS NULL THEN valid_to ELSE least(lead(valid_from) OVER w, valid_to) END AS valid_until
      FROM service_level_policy WHERE ${where}
      WINDOW w AS (PARTITION BY ${partition} ORDER BY valid_from)`;
}

/** `alias` (a policyPeriods CTE) applies on the contact's (complaint's) `local_day` of row alias `row`. */
export function inEffect(alias: string, row: string): string {
  return `${row}.local_day >= ${alias}.valid_from AND (${alias}.valid_until IS NULL OR ${row}.local_day < ${alias}.valid_until)`;
}

/**
 * A contact's wait, over the contact row alias `c`: the export's, else answered − started, or ended − started
 * for an abandon (the time to abandon).
 */
export function contactWaitSql(c: string): string {
  return `CASE WHEN ${c}.outcome = 'abandoned' THEN coalesce(${c}.wait_seconds, date_part('epoch', ${c}.ended_at - ${c}.started_at))
             ELSE coalesce(${c}.wait_seconds, date_part('epoch', ${c}.answered_at - ${c}.started_at)) END`;
}

/** A contact's handle time over alias `c`: talk + hold + after-contact work, missing parts 0, only with a talk time. */
export function contactHandleSql(c: string): string {
  return `CASE WHEN ${c}.talk_seconds IS NOT NULL THEN ${c}.talk_seconds + coalesce(${c}.hold_seconds, 0) + coalesce(${c}.after_work_seconds, 0) END`;
}

/**
 * The pairs of a rated contact `c` and a current survey response `r` that names it by a business key and has an
 * overall answer (rated-contact-satisfaction.ts, and rated_contact_day_rollup built from the same pairs), as a
 * FROM clause and the condition its WHERE adds. The business-key test is on the contact (the ids are equal, so it
 * is the same test) and the overall answer is tested as `->> … IS NOT NULL`: estimates that keep PostgreSQL on a
 * parallel hash join (`ratings ? 'overall'` it takes for 0.1 % of rows and probes the contact index per response).
 */
export const RATED_CONTACT_FROM = `contact_current c
    JOIN survey_response_current r ON r.contact_id = c.contact_id AND (r.ratings ->> 'overall') IS NOT NULL`;
export const RATED_CONTACT_WHERE = 'servq_is_business_key(c.contact_id)';
/** The overall answer (canonical 1–5) of response `r` as float8. */
export const RATED_OVERALL_SQL = "(r.ratings ->> 'overall')::float8";

/** Derived columns `wait` and `handle` of a contact row `c` (contactWaitSql, contactHandleSql). */
export const CONTACT_WAIT_AND_HANDLE = `
        ${contactWaitSql('c')} AS wait,
        ${contactHandleSql('c')} AS handle`;

/**
 * The service-level counts of contacts against the policy `p` under column prefix `prefix`: threshold (max in
 * the group), answered with a known wait, answered within, abandoned, abandoned within (an abandon with no
 * known wait counts as after the threshold).
 */
export function serviceLevelCounts(prefix: string, p: string): string {
  return `
      max(${p}.threshold_seconds)::float8 AS ${prefix}_threshold,
      count(*) FILTER (WHERE c.outcome = 'answered' AND c.wait IS NOT NULL AND ${p}.threshold_seconds IS NOT NULL)::float8 AS ${prefix}_answered_known,
      count(*) FILTER (WHERE c.outcome = 'answered' AND c.wait <= ${p}.threshold_seconds)::float8 AS ${prefix}_answered_within,
      count(*) FILTER (WHERE c.outcome = 'abandoned' AND ${p}.threshold_seconds IS NOT NULL)::float8 AS ${prefix}_abandoned_known,
      count(*) FILTER (WHERE c.outcome = 'abandoned' AND c.wait <= ${p}.threshold_seconds)::float8 AS ${prefix}_abandoned_within`;
}
