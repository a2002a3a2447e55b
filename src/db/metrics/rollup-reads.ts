/**
 * The metric queries over the daily rollups (sql/000010, src/db/rollups.ts) instead of the fact rows: same
 * columns, same numbers (means and variances from sums and sums of squares: equal to the row query's within
 * floating-point rounding; test/db/day-rollups.test.ts holds the two paths equal on both engines).
 *
 * A query fits a rollup when every dimension it groups or filters by is a column of the rollup or a calendar
 * grain (the rollups are per local day); `rollupFor` also checks the rollup is built for the request's time
 * zone and nothing is pending. Otherwise the callers read the rows, as before.
 */
import { rollupReady, rollupsEnabled, ROLLUP_REPEAT_WINDOW_DAYS, type RollupSource } from '../rollups.js';
import type { Database } from '../session.js';
import { grainSql, isGrain } from './dimensions.js';
import { groupKey, Params, runGrouped, type GroupedQueryInput, type GroupedRow } from './grouped-query.js';

/**
 * The non-calendar dimensions each rollup carries (name → its column); contacts per agent in a table of their
 * own, survey answers per team, region and agent only for the overall item (`items: ['overall']`).
 */
const ROLLUP_DIMENSIONS: Readonly<Record<RollupSource, Readonly<Record<string, string>>>> = {
  contacts: { channel: 'u.channel', priority: 'u.priority', team: 'u.team', agent: 'u.agent_code' },
  surveys: { channel: 'u.channel', method: 'u.method', team: 'u.team', region: 'u.region', agent: 'u.agent_code' },
};

/** Survey dimensions only survey_agent_day_rollup carries. */
const SURVEY_AGENT_DIMENSIONS = ['team', 'region', 'agent'];

/** Items restricted to the overall one (what survey_agent_day_rollup holds). */
function overallOnly(items: readonly string[] | undefined): boolean {
  return items !== undefined && items.length === 1 && items[0] === 'overall';
}

/** The survey rollup a query reads, or undefined when none covers it. */
function surveyRollupTable(input: GroupedQueryInput, items?: readonly string[]): string | undefined {
  const names = [...input.by, ...Object.keys(input.filters)];
  if (!names.some((n) => SURVEY_AGENT_DIMENSIONS.includes(n))) return 'survey_day_rollup';
  return overallOnly(items) ? 'survey_agent_day_rollup' : undefined;
}

/** The contact rollup a query reads: per agent only when it groups or filters by agent (~8× the rows). */
function contactRollupTable(input: GroupedQueryInput): string {
  return [...input.by, ...Object.keys(input.filters)].includes('agent') ? 'contact_agent_day_rollup' : 'contact_day_rollup';
}

function dimensionOfRollup(source: RollupSource, name: string): string | undefined {
  const plain = ROLLUP_DIMENSIONS[source][name];
  if (plain !== undefined) return plain;
  return grainSql(name, 'u.day::timestamp');
}

/**
 * Whether every dimension of `input` (grouping and filters) is one the rollup of `source` carries (`items`: the
 * survey items asked for, all when absent).
 */
export function fitsRollup(source: RollupSource, input: GroupedQueryInput, items?: readonly string[]): boolean {
  const all = [...input.by, ...Object.keys(input.filters)].every((name) => dimensionOfRollup(source, name) !== undefined);
  return all && (source === 'contacts' || surveyRollupTable(input, items) !== undefined);
}

/**
 * Whether `input` may read the rollup of `source`: asked for (`rollups` not false), its dimensions fit, and the
 * rollup is built and current in the request's time zone.
 */
export async function rollupFor(db: Database, source: RollupSource, input: GroupedQueryInput, items?: readonly string[]): Promise<boolean> {
  return input.rollups !== false && rollupsEnabled() && fitsRollup(source, input, items) && (await rollupReady(db, source, input.timeZone));
}

interface RollupParts {
  readonly dimensionSelect: string;
  readonly rangeKeySql: string;
  readonly where: string;
  readonly groupBy: string;
}

/** The grouped-query parts over rollup alias `u` (cf. groupedParts, which works on the rows). */
function rollupParts(source: RollupSource, input: GroupedQueryInput, params: Params, by: readonly string[]): RollupParts {
  const column = (name: string) => {
    const sql = dimensionOfRollup(source, name);
    if (sql === undefined) throw new Error(`rollup of ${source} has no dimension '${name}'`);
    return sql;
  };
  const zone = params.add(input.timeZone);
  const bounds = input.ranges.map((r) => ({ key: params.add(r.key), from: `${params.add(r.from)}::date`, to: `${params.add(r.to)}::date` }));
  const rangeKeySql = `CASE ${bounds.map((b) => `WHEN u.day >= ${b.from} AND u.day < ${b.to} THEN ${b.key}::text`).join(' ')} END`;
  const days = bounds.map((b) => `(u.day >= ${b.from} AND u.day < ${b.to})`).join(' OR ');
  const filters = Object.entries(input.filters).map(([name, values]) => `${column(name)} = ANY(${params.add(values)}::text[])`);
  return {
    dimensionSelect: by.map((name, i) => `${column(name)} AS d${i}, `).join(''),
    rangeKeySql,
    where: [`u.zone = ${zone}`, `(${days})`, ...filters].join(' AND '),
    groupBy: by.map((_, i) => String(i + 1)).concat(String(by.length + 1)).join(', '),
  };
}

/**
 * mean and sample variance from n, Σx, Σx² (null where the row query's avg / var_samp would be null). Every sum
 * is a float8 sum (counts are exact below 2⁵³; a bigint sum would accumulate in numeric, ~3× slower).
 */
function moments(prefix: string, n: string, sum: string, sumsq: string): string {
  const [N, S, Q] = [`sum(${n}::float8)`, `sum(${sum})`, `sum(${sumsq})`];
  return `${S} / nullif(${N}, 0) AS ${prefix}_mean,
      CASE WHEN ${N} > 1 THEN greatest(0, (${Q} - ${S} ^ 2 / ${N}) / (${N} - 1)) END AS ${prefix}_var`;
}

function slSums(prefix: string): string {
  return ['answered_known', 'answered_within', 'abandoned_known', 'abandoned_within'].map((c) => `sum(u.${prefix}_${c}::float8) AS ${prefix}_${c}`).join(', ');
}

/** contact-aggregates.ts' main statement (no quantiles) over contact_day_rollup; FCR with its 7-day window. */
export async function contactRollupAggregates(db: Database, input: GroupedQueryInput & { readonly repeatWindowDays: number }): Promise<GroupedRow[]> {
  if (input.repeatWindowDays !== ROLLUP_REPEAT_WINDOW_DAYS) throw new Error(`contact_day_rollup counts FCR within ${ROLLUP_REPEAT_WINDOW_DAYS} days`);
  const params = new Params();
  const p = rollupParts('contacts', input, params, input.by);
  const text = `
    SELECT ${p.dimensionSelect}${p.rangeKeySql} AS range_key,
      sum(u.offered::float8)::float8 AS offered, sum(u.with_outcome::float8)::float8 AS with_outcome,
      sum(u.answered::float8)::float8 AS answered, sum(u.abandoned::float8)::float8 AS abandoned,
      max(u.sl_threshold)::float8 AS sl_threshold, ${slSums('sl')},
      max(u.pl_threshold)::float8 AS pl_threshold, ${slSums('pl')},
      sum(u.wait_n::float8)::float8 AS wait_n, ${moments('wait', 'u.wait_n', 'u.wait_sum', 'u.wait_sumsq')},
      sum(u.handle_n::float8)::float8 AS handle_n, ${moments('handle', 'u.handle_n', 'u.handle_sum', 'u.handle_sumsq')},
      sum(u.talk_sum::float8) / nullif(sum(u.handle_n::float8), 0) AS talk_mean,
      sum(u.hold_sum::float8) / nullif(sum(u.handle_n::float8), 0) AS hold_mean,
      sum(u.after_work_sum::float8) / nullif(sum(u.handle_n::float8), 0) AS after_work_mean,
      sum(u.fcr_n::float8)::float8 AS fcr_n, sum(u.fcr_yes::float8)::float8 AS fcr_yes, sum(u.fcr_unkeyed::float8)::float8 AS fcr_unkeyed,
      sum(u.transferred_n::float8)::float8 AS transferred_n, sum(u.transferred_yes::float8)::float8 AS transferred_yes
    FROM ${contactRollupTable(input)} u
    WHERE ${p.where}
    GROUP BY ${p.groupBy}`;
  return runGrouped(db, text, params, input.by);
}

/** contact-day-series.ts over contact_day_rollup (`day` appended to `by`). */
export async function contactRollupDaySeries(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  const by = [...input.by, 'day'];
  const params = new Params();
  const p = rollupParts('contacts', input, params, by);
  const text = `
    SELECT ${p.dimensionSelect}${p.rangeKeySql} AS range_key,
      sum(u.offered::float8)::float8 AS offered, sum(u.with_outcome::float8)::float8 AS with_outcome,
      sum(u.answered::float8)::float8 AS answered, sum(u.abandoned::float8)::float8 AS abandoned,
      max(u.sl_threshold)::float8 AS sl_threshold, ${slSums('sl')},
      sum(u.wait_n::float8)::float8 AS wait_n, sum(u.wait_sum::float8)::float8 AS wait_sum, sum(u.wait_sum::float8) / nullif(sum(u.wait_n::float8), 0) AS wait_mean,
      sum(u.handle_n::float8)::float8 AS handle_n, sum(u.handle_sum::float8)::float8 AS handle_sum
    FROM ${contactRollupTable(input)} u
    WHERE ${p.where}
    GROUP BY ${p.groupBy}`;
  return runGrouped(db, text, params, by);
}

/** contactCounts over contact_day_rollup. */
export async function contactRollupCounts(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  const params = new Params();
  const p = rollupParts('contacts', input, params, input.by);
  const text = `
    SELECT ${p.dimensionSelect}${p.rangeKeySql} AS range_key, sum(u.offered::float8)::float8 AS offered
    FROM ${contactRollupTable(input)} u WHERE ${p.where} GROUP BY ${p.groupBy}`;
  return runGrouped(db, text, params, input.by);
}

/** surveyItemAggregates over survey_day_rollup or survey_agent_day_rollup (`item` appended to `by`). */
export async function surveyRollupItems(db: Database, input: GroupedQueryInput, items?: readonly string[]): Promise<GroupedRow[]> {
  const table = surveyRollupTable(input, items);
  if (table === undefined) throw new Error('no survey rollup covers this query');
  const params = new Params();
  const p = rollupParts('surveys', input, params, input.by);
  const itemWhere = items === undefined ? '' : ` AND u.item = ANY(${params.add(items)}::text[])`;
  const item = input.by.length;
  const text = `
    SELECT ${p.dimensionSelect}u.item AS d${item}, ${p.rangeKeySql} AS range_key,
      sum(u.n::float8)::float8 AS n, ${moments('canonical', 'u.n', 'u.canonical_sum', 'u.canonical_sumsq').replace('AS canonical_mean', 'AS mean').replace('AS canonical_var', 'AS var')},
      sum(u.top2::float8)::float8 AS top2,
      sum(u.dist1::float8)::float8 AS dist1, sum(u.dist2::float8)::float8 AS dist2, sum(u.dist3::float8)::float8 AS dist3, sum(u.dist4::float8)::float8 AS dist4, sum(u.dist5::float8)::float8 AS dist5,
      sum(u.raw_sum::float8) / nullif(sum(u.n::float8), 0) AS raw_mean,
      sum(u.nps_n::float8)::float8 AS nps_n, sum(u.promoters::float8)::float8 AS promoters, sum(u.detractors::float8)::float8 AS detractors,
      sum(u.ces_n::float8)::float8 AS ces_n, sum(u.ces_easy::float8)::float8 AS ces_easy, ${moments('ces_raw', 'u.ces_n', 'u.ces_raw_sum', 'u.ces_raw_sumsq')},
      sum(u.effort_n::float8)::float8 AS effort_n, sum(u.effort_low::float8)::float8 AS effort_low, ${moments('effort_raw', 'u.effort_n', 'u.effort_raw_sum', 'u.effort_raw_sumsq')}
    FROM ${table} u
    WHERE ${p.where}${itemWhere}
    GROUP BY ${[...input.by.map((_, i) => String(i + 1)), String(item + 1), String(item + 2)].join(', ')}`;
  return runGrouped(db, text, params, [...input.by, 'item']);
}

/** surveyResponseCounts over survey_response_day_rollup. */
export async function surveyRollupResponses(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  const params = new Params();
  const p = rollupParts('surveys', input, params, input.by);
  const text = `
    SELECT ${p.dimensionSelect}${p.rangeKeySql} AS range_key, sum(u.responses::float8)::float8 AS responses
    FROM survey_response_day_rollup u WHERE ${p.where} GROUP BY ${p.groupBy}`;
  return runGrouped(db, text, params, input.by);
}

/** Whether every dimension of `input` is a contact's channel, priority, team or a calendar grain (no agent). */
function fitsTeamLevelContactRollup(input: GroupedQueryInput): boolean {
  return [...input.by, ...Object.keys(input.filters)].every((name) => name !== 'agent' && dimensionOfRollup('contacts', name) !== undefined);
}

/**
 * Whether contact_duration_day_rollup (sql/000011) covers `input`: channel, priority, team and calendar grains
 * (no agent: the durations are kept per team, not per agent).
 */
export function fitsDurationRollup(input: GroupedQueryInput): boolean {
  return fitsTeamLevelContactRollup(input);
}

/**
 * The quantile statement of contact-aggregates.ts over contact_duration_day_rollup: the median and P90 of the
 * waits and of the handle times per group and range, percentile_cont over the union of the days' sorted arrays
 * (the multiset the row statement sorts). One statement per measure, run together; a group without a known
 * duration gets nulls, as from the rows.
 */
export async function contactRollupQuantiles(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  if (!fitsDurationRollup(input)) throw new Error('contact_duration_day_rollup does not cover this query');
  const dims = input.by.map((_, i) => `d${i}, `).join('');
  const measure = (column: 'waits' | 'handles', prefix: 'wait' | 'handle') => {
    const params = new Params();
    const p = rollupParts('contacts', input, params, input.by);
    const text = `
      SELECT ${dims}range_key, q[1]::float8 AS ${prefix}_p50, q[2]::float8 AS ${prefix}_p90
      FROM (
        SELECT ${dims}range_key, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY v) AS q
        FROM (SELECT ${p.dimensionSelect}${p.rangeKeySql} AS range_key, x.v
              FROM contact_duration_day_rollup u CROSS JOIN LATERAL unnest(u.${column}) AS x(v)
              WHERE ${p.where}) t
        GROUP BY ${p.groupBy}) g`;
    return runGrouped(db, text, params, input.by);
  };
  const [waits, handles] = await Promise.all([measure('waits', 'wait'), measure('handles', 'handle')]);
  const groups = new Map<string, GroupedRow>();
  for (const r of [...waits, ...handles]) {
    const key = groupKey(r);
    const seen = groups.get(key);
    groups.set(key, {
      dimensions: r.dimensions,
      rangeKey: r.rangeKey,
      values: { wait_p50: null, wait_p90: null, handle_p50: null, handle_p90: null, ...seen?.values, ...r.values },
    });
  }
  return [...groups.values()];
}

/**
 * Whether rated_contact_day_rollup (sql/000013) covers `input`: the contact's channel, priority, team and
 * calendar grains of its day.
 */
export function fitsRatedContactRollup(input: GroupedQueryInput): boolean {
  return fitsTeamLevelContactRollup(input);
}

/**
 * Whether rated-contact satisfaction may read rated_contact_day_rollup: asked for, covered, and both of its
 * sources (contacts and surveys) built and current in the request's zone.
 */
export async function ratedContactRollupFor(db: Database, input: GroupedQueryInput): Promise<boolean> {
  if (input.rollups === false || !rollupsEnabled() || !fitsRatedContactRollup(input)) return false;
  const [contacts, surveys] = await Promise.all([rollupReady(db, 'contacts', input.timeZone), rollupReady(db, 'surveys', input.timeZone)]);
  return contacts && surveys;
}

/** rated-contact-satisfaction.ts over rated_contact_day_rollup (summed over the responses' days). */
export async function ratedContactRollupSatisfaction(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  if (!fitsRatedContactRollup(input)) throw new Error('rated_contact_day_rollup does not cover this query');
  const params = new Params();
  const p = rollupParts('contacts', input, params, input.by);
  const text = `
    SELECT ${p.dimensionSelect}${p.rangeKeySql} AS range_key,
      sum(u.n::float8)::float8 AS n, sum(u.top2::float8)::float8 AS top2,
      ${moments('overall', 'u.n', 'u.overall_sum', 'u.overall_sumsq').replace('AS overall_mean', 'AS mean').replace('AS overall_var', 'AS var')}
    FROM rated_contact_day_rollup u
    WHERE ${p.where}
    GROUP BY ${p.groupBy}`;
  return runGrouped(db, text, params, input.by);
}

/** Whether contact_hour_rollup (sql/000014) covers `input`: channel, priority and calendar grains only. */
export function fitsHourRollup(input: GroupedQueryInput): boolean {
  return [...input.by, ...Object.keys(input.filters)].every((name) => name === 'channel' || name === 'priority' || isGrain(name));
}

/**
 * contact-hour-arrivals.ts over contact_hour_rollup: per group × local day × local hour (`day` and `hour`
 * appended to `input.by`) offered, handle_n and handle_sum.
 */
export async function contactRollupHourArrivals(db: Database, input: GroupedQueryInput): Promise<GroupedRow[]> {
  if (!fitsHourRollup(input)) throw new Error('contact_hour_rollup does not cover this query');
  const params = new Params();
  const by = [...input.by, 'day'];
  const p = rollupParts('contacts', input, params, by);
  const text = `
    SELECT ${p.dimensionSelect}u.hour AS d${by.length}, ${p.rangeKeySql} AS range_key,
      sum(u.offered::float8)::float8 AS offered, sum(u.handle_n::float8)::float8 AS handle_n, sum(u.handle_sum)::float8 AS handle_sum
    FROM contact_hour_rollup u
    WHERE ${p.where}
    GROUP BY ${by.map((_, i) => String(i + 1)).join(', ')}, ${by.length + 1}, ${by.length + 2}`;
  return runGrouped(db, text, params, [...by, 'hour']);
}
