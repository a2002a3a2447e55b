/**
 * Daily rollups of the current contacts and survey answers (sql/000010), maintained per batch: the additive
 * parts (counts, sums, sums of squares) of every aggregate the metric queries compute, per time zone, local day
 * and the coarse dimensions, so that a query those dimensions cover reads thousands of rows instead of millions
 * and gets the same numbers (src/db/metrics/rollup-reads.ts; checked against the rows in
 * test/db/day-rollups.test.ts).
 *
 * Maintenance is by spans of time, not by rows:
 *   1. a writer notes the span of time it changed (`noteRollupChange`, in its own transaction: a load, a batch
 *      removal, record versions; sql/000010's trigger for a policy edit);
 *   2. `refreshRollups` recomputes, for every zone in rollup_zone, the local days those spans cover (delete +
 *      insert of those days, from the current rows) and clears what it handled, under an advisory lock so two
 *      refreshes never interleave; a zone added by `addRollupZone` is built whole on the next refresh;
 *   3. a reader uses a rollup only when its zone is built and nothing is pending for its source
 *      (`rollupReady`), else it reads the rows: a rollup is never read stale.
 *
 * Rows are inserted in day order: a query reads a range of days, and rows of one day kept together halve the
 * pages it reads (measured on the per-agent table: 0.87 → 0.28 s for a quarter).
 *
 * A contact's first-contact resolution depends on the customer's contacts of the next 7 days, so a change to
 * contacts marks the 7 days before it too, and the refresh reads that far past its last day.
 *
 * rated_contact_day_rollup (sql/000013) depends on both sources: its rows are keyed by the contact's day and the
 * response's day, a contact span recomputes the rows of its contact days and a survey span those of its
 * response days (each deletes exactly the pairs it re-inserts, so a pair in both spans is written once).
 */
import type { Database, Session } from './session.js';
import { withSession } from './session.js';
import type { FactTable } from './schema.js';
import { CONTACT_WAIT_AND_HANDLE, inEffect, policyPeriods, RATED_CONTACT_FROM, RATED_CONTACT_WHERE, RATED_OVERALL_SQL, serviceLevelCounts } from './metrics/contact-sql.js';

/** The sources with a rollup. */
export type RollupSource = 'contacts' | 'surveys';

/** The repeat-contact window (days) of the FCR counts in contact_day_rollup: REQUEST_DEFAULTS' window. */
export const ROLLUP_REPEAT_WINDOW_DAYS = 7;

/** The rollup source each fact table feeds (complaints have none: their statements read ~10⁵ rows). */
export const ROLLUP_SOURCE_OF_TABLE: Readonly<Record<FactTable, RollupSource | null>> = {
  contact: 'contacts',
  survey_response: 'surveys',
  complaint: null,
};

/** Each source's rollup tables (sql/000010, 000011, 000014). */
export const ROLLUP_TABLES: Readonly<Record<RollupSource, readonly string[]>> = {
  contacts: ['contact_agent_day_rollup', 'contact_day_rollup', 'contact_duration_day_rollup', 'contact_hour_rollup'],
  surveys: ['survey_day_rollup', 'survey_agent_day_rollup', 'survey_response_day_rollup'],
};

/** Overall answers of rated contacts per contact day and response day (sql/000013): fed by both sources. */
export const RATED_CONTACT_ROLLUP = 'rated_contact_day_rollup';

/** Key for pg_advisory_xact_lock: one refresh at a time (any constant; "servq rollups"). */
const REFRESH_LOCK = 7_401_310_010;

/**
 * Notes that the current rows of `source` between `from` and `to` (instants, inclusive) may have changed.
 * Null bounds mean "everything". For contacts the span starts `ROLLUP_REPEAT_WINDOW_DAYS` earlier (their FCR
 * reads the contacts after them). Call inside the writer's transaction, so the note commits with the change.
 */
export async function noteRollupChange(s: Session, source: RollupSource, from: Date | string | null, to: Date | string | null): Promise<void> {
  const start = from === null ? '-infinity' : new Date(new Date(from).getTime() - (source === 'contacts' ? ROLLUP_REPEAT_WINDOW_DAYS * 86_400_000 : 0)).toISOString();
  const end = to === null ? 'infinity' : new Date(to).toISOString();
  await s.query('INSERT INTO rollup_pending (source, from_at, to_at) VALUES ($1, $2::timestamptz, $3::timestamptz)', [source, start, end]);
}

/**
 * `noteRollupChange` for rows of fact table `table` with record times between `from` and `to` (a batch's span,
 * the rows whose version changed); nothing for complaints (no rollup) or when both bounds are null (no rows).
 */
export async function noteTableChange(s: Session, table: FactTable, from: Date | string | null, to: Date | string | null): Promise<void> {
  const source = ROLLUP_SOURCE_OF_TABLE[table];
  if (source === null || (from === null && to === null)) return;
  await noteRollupChange(s, source, from ?? to, to ?? from);
}

/** Registers a time zone whose rollups are kept (built whole by the next refresh). True when it is new. */
export async function addRollupZone(s: Session, zone: string): Promise<boolean> {
  const { rows } = await s.query<{ zone: string }>('INSERT INTO rollup_zone (zone) VALUES ($1) ON CONFLICT (zone) DO NOTHING RETURNING zone', [zone]);
  return rows.length > 0;
}

/** False when SERVQ_ROLLUPS=off: every query reads the rows and nothing refreshes (to compare, or to rule the rollups out). */
export function rollupsEnabled(): boolean {
  return process.env['SERVQ_ROLLUPS'] !== 'off';
}

/** Whether the rollup of `source` in `zone` is built and current (nothing pending). */
export async function rollupReady(db: Database, source: RollupSource, zone: string): Promise<boolean> {
  const { rows } = await withSession(db, (s) =>
    s.query<{ ready: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM rollup_zone WHERE zone = $1 AND built_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM rollup_pending WHERE source = $2) AS ready`,
      [zone, source],
    ),
  );
  return rows[0]?.ready === true;
}

/** What a refresh did. */
export interface RollupRefresh {
  /** Zones built whole (newly added). */
  readonly built: readonly string[];
  /** Local days recomputed, per source, summed over zones. */
  readonly days: Readonly<Record<RollupSource, number>>;
  readonly seconds: number;
}

interface Span {
  readonly from: string;
  readonly to: string;
}

/**
 * Brings every zone's rollups up to date: builds newly added zones whole and recomputes the local days of the
 * pending spans. Runs in the caller's transaction (`s` must be inside BEGIN … COMMIT); the advisory lock makes
 * a concurrent refresh wait until this one commits. When no zone is registered, pending notes are dropped.
 */
export async function refreshRollupsIn(s: Session): Promise<RollupRefresh> {
  const started = performance.now();
  await s.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
  const { rows: zones } = await s.query<{ zone: string; built: boolean }>('SELECT zone, built_at IS NOT NULL AS built FROM rollup_zone ORDER BY zone');
  const { rows: pending } = await s.query<{ pending_id: string; source: RollupSource; from_at: Date; to_at: Date; infinite: boolean }>(
    `SELECT pending_id::text, source, from_at, to_at, (from_at = '-infinity' OR to_at = 'infinity') AS infinite
     FROM rollup_pending ORDER BY source, from_at`,
  );
  const days: Record<RollupSource, number> = { contacts: 0, surveys: 0 };
  const built: string[] = [];
  for (const { zone, built: isBuilt } of zones) {
    // Once the rated contacts' table is rebuilt whole in this refresh (from either source), the other source's
    // spans need not touch it again: it was computed from the same current rows (at 6M calls the whole join
    // takes ~45 s).
    let ratedWhole = false;
    if (!isBuilt) {
      for (const source of ['contacts', 'surveys'] as const) {
        days[source] += await rebuild(s, source, zone, null, !ratedWhole);
        ratedWhole = true;
      }
      await s.query('UPDATE rollup_zone SET built_at = now() WHERE zone = $1', [zone]);
      built.push(zone);
      continue;
    }
    for (const source of ['contacts', 'surveys'] as const) {
      const notes = pending.filter((p) => p.source === source);
      if (notes.length === 0) continue;
      if (notes.some((p) => p.infinite)) {
        days[source] += await rebuild(s, source, zone, null, !ratedWhole);
        ratedWhole = true;
        continue;
      }
      for (const span of await localSpans(s, zone, notes)) days[source] += await rebuild(s, source, zone, span, !ratedWhole);
    }
  }
  // Exactly the notes read: one committed meanwhile by a load (a lower id, a later commit) stays for next time.
  if (pending.length > 0) await s.query('DELETE FROM rollup_pending WHERE pending_id = ANY ($1::bigint[])', [pending.map((p) => p.pending_id)]);
  // Statistics for the readers' plans (PGlite has no autovacuum; on a server this saves waiting for it).
  if (days.contacts > 0) await s.query(`ANALYZE ${ROLLUP_TABLES.contacts.join(', ')}`);
  if (days.surveys > 0) await s.query(`ANALYZE ${ROLLUP_TABLES.surveys.join(', ')}`);
  if (days.contacts + days.surveys > 0) await s.query(`ANALYZE ${RATED_CONTACT_ROLLUP}`);
  return { built, days, seconds: (performance.now() - started) / 1000 };
}

/** One line for people: what a refresh did and how long it took. */
export function describeRefresh(r: RollupRefresh): string {
  if (r.built.length > 0) return `built the daily rollups for ${r.built.join(', ')} in ${r.seconds.toFixed(1)} s`;
  if (r.days.contacts + r.days.surveys === 0) return `daily rollups already up to date`;
  return `updated the daily rollups (${r.days.contacts} day(s) of contacts, ${r.days.surveys} of surveys) in ${r.seconds.toFixed(1)} s`;
}

/** Each zone's state and what is pending, for `servq rollups`. */
export interface RollupStatus {
  readonly zones: readonly { readonly zone: string; readonly builtAt: Date | null }[];
  readonly pending: readonly { readonly source: RollupSource; readonly from: string; readonly to: string }[];
  readonly rows: Readonly<Record<string, number>>;
}

export async function rollupStatus(db: Database): Promise<RollupStatus> {
  return withSession(db, async (s) => {
    const zones = (await s.query<{ zone: string; built_at: Date | null }>('SELECT zone, built_at FROM rollup_zone ORDER BY zone')).rows;
    const pending = (
      await s.query<{ source: RollupSource; from_at: string; to_at: string }>(
        `SELECT source, from_at::text, to_at::text FROM rollup_pending ORDER BY source, from_at`,
      )
    ).rows;
    const tables = [...ROLLUP_TABLES.contacts, ...ROLLUP_TABLES.surveys, RATED_CONTACT_ROLLUP];
    const counts = (await s.query<Record<string, string>>(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::text AS ${t}`).join(', ')}`)).rows[0] ?? {};
    return {
      zones: zones.map((z) => ({ zone: z.zone, builtAt: z.built_at })),
      pending: pending.map((p) => ({ source: p.source, from: p.from_at, to: p.to_at })),
      rows: Object.fromEntries(tables.map((t) => [t, Number(counts[t] ?? 0)])),
    };
  });
}

/** `refreshRollupsIn` in a transaction of its own. */
export async function refreshRollups(db: Database): Promise<RollupRefresh> {
  return withSession(db, async (s) => {
    await s.query('BEGIN');
    const result = await refreshRollupsIn(s);
    await s.query('COMMIT');
    return result;
  });
}

/** The pending instants as local days of `zone`, overlapping spans merged (YYYY-MM-DD, inclusive). */
async function localSpans(s: Session, zone: string, notes: readonly { from_at: Date; to_at: Date }[]): Promise<Span[]> {
  const { rows } = await s.query<{ from_day: string; to_day: string }>(
    `SELECT to_char((f AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS from_day, to_char((t AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS to_day
     FROM unnest($2::timestamptz[], $3::timestamptz[]) AS n(f, t) ORDER BY 1`,
    [zone, notes.map((n) => n.from_at.toISOString()), notes.map((n) => n.to_at.toISOString())],
  );
  const merged: { from: string; to: string }[] = [];
  for (const r of rows) {
    const last = merged.at(-1);
    if (last !== undefined && r.from_day <= nextDay(last.to)) {
      if (r.to_day > last.to) last.to = r.to_day;
    } else merged.push({ from: r.from_day, to: r.to_day });
  }
  return merged;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Recomputes `source`'s rollup of `zone` for the local days of `span` (inclusive), or every day when null, and
 * the rated contacts' rows of those days unless `rated` is false (already rebuilt whole in this refresh).
 * @returns the number of distinct local days written
 */
async function rebuild(s: Session, source: RollupSource, zone: string, span: Span | null, rated: boolean): Promise<number> {
  const tables = ROLLUP_TABLES[source];
  const params: unknown[] = [zone];
  let dayWhere = '';
  if (span !== null) {
    params.push(span.from, nextDay(span.to));
    dayWhere = ' AND day >= $2::date AND day < $3::date';
  }
  for (const table of tables) await s.query(`DELETE FROM ${table} WHERE zone = $1${dayWhere}`, params);
  // the rated contacts' rows of these days: by the contact's day for contacts, by the response's for surveys
  const ratedDay = source === 'contacts' ? 'day' : 'answered_day';
  if (rated) await s.query(`DELETE FROM ${RATED_CONTACT_ROLLUP} WHERE zone = $1${span !== null ? ` AND ${ratedDay} >= $2::date AND ${ratedDay} < $3::date` : ''}`, params);
  const bounded = span !== null;
  const statements = source === 'contacts' ? [contactRollupSql(bounded), contactCoarseRollupSql(bounded), contactDurationRollupSql(bounded), contactHourRollupSql(bounded)] : [surveyRollupSql('survey_day_rollup', bounded), surveyRollupSql('survey_agent_day_rollup', bounded), responseRollupSql(bounded)];
  if (rated) statements.push(ratedContactRollupSql(source, bounded));
  let written = 0;
  for (const text of statements) {
    const { rows } = await s.query<{ days: number }>(text, params);
    written = Math.max(written, Number(rows[0]?.days ?? 0));
  }
  return written;
}

/** `time` within the local days [$2, $3) of zone $1 (or every non-null time). */
function timeWindow(time: string, bounded: boolean, extendDays = 0): string {
  if (!bounded) return `${time} IS NOT NULL`;
  const to = extendDays > 0 ? `(($3::date + ${extendDays})::timestamp AT TIME ZONE $1)` : '($3::date::timestamp AT TIME ZONE $1)';
  return `${time} >= ($2::date::timestamp AT TIME ZONE $1) AND ${time} < ${to}`;
}

/** The measure columns of the contact rollups, in table order; thresholds combine by max, the rest by sum. */
const CONTACT_MEASURES = [
  'offered', 'with_outcome', 'answered', 'abandoned',
  'sl_threshold', 'sl_answered_known', 'sl_answered_within', 'sl_abandoned_known', 'sl_abandoned_within',
  'pl_threshold', 'pl_answered_known', 'pl_answered_within', 'pl_abandoned_known', 'pl_abandoned_within',
  'wait_n', 'wait_sum', 'wait_sumsq', 'handle_n', 'handle_sum', 'handle_sumsq', 'talk_sum', 'hold_sum', 'after_work_sum',
  'fcr_n', 'fcr_yes', 'fcr_unkeyed', 'transferred_n', 'transferred_yes',
] as const;

/**
 * One row per (day, channel, priority, team, agent) in contact_agent_day_rollup: the columns of
 * contact-aggregates.ts as sums. The FCR window reads `ROLLUP_REPEAT_WINDOW_DAYS` past the last day, as the
 * row query does past its range.
 */
function contactRollupSql(bounded: boolean): string {
  return `
    WITH channel_policy AS (${policyPeriods('channel', 'channel IS NOT NULL AND priority IS NULL')}),
    priority_policy AS (${policyPeriods('priority', 'priority IS NOT NULL AND channel IS NULL')}),
    c AS (
      SELECT c.started_at, c.channel, c.team, c.agent_code, c.priority, c.outcome, c.talk_seconds, c.hold_seconds, c.after_work_seconds,
        c.resolved_first_contact, c.transferred, c.customer_key, (c.started_at AT TIME ZONE $1)::date AS local_day,
${CONTACT_WAIT_AND_HANDLE},
        CASE WHEN c.customer_key IS NOT NULL THEN lead(c.started_at) OVER (PARTITION BY c.customer_key ORDER BY c.started_at, c.batch_id, c.line_no) END AS next_at
      FROM contact_current c WHERE ${timeWindow('c.started_at', bounded, ROLLUP_REPEAT_WINDOW_DAYS)}),
    ins AS (
      INSERT INTO contact_agent_day_rollup (zone, day, channel, priority, team, agent_code, ${CONTACT_MEASURES.join(', ')})
      SELECT $1, c.local_day, c.channel, c.priority, c.team, c.agent_code,
        count(*), count(c.outcome), count(*) FILTER (WHERE c.outcome = 'answered'), count(*) FILTER (WHERE c.outcome = 'abandoned'),
        ${serviceLevelCounts('sl', 'cp')},
        ${serviceLevelCounts('pl', 'pp')},
        count(c.wait) FILTER (WHERE c.outcome = 'answered'),
        sum(c.wait) FILTER (WHERE c.outcome = 'answered'),
        sum(c.wait * c.wait) FILTER (WHERE c.outcome = 'answered'),
        count(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned'),
        sum(c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned'),
        sum(c.handle * c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned'),
        sum(c.talk_seconds) FILTER (WHERE c.handle IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned'),
        sum(coalesce(c.hold_seconds, 0)) FILTER (WHERE c.handle IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned'),
        sum(coalesce(c.after_work_seconds, 0)) FILTER (WHERE c.handle IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned'),
        count(c.resolved_first_contact),
        count(*) FILTER (WHERE c.resolved_first_contact AND (c.next_at IS NULL OR c.next_at > c.started_at + ${ROLLUP_REPEAT_WINDOW_DAYS} * interval '1 day')),
        count(c.resolved_first_contact) FILTER (WHERE c.customer_key IS NULL),
        count(c.transferred), count(*) FILTER (WHERE c.transferred)
      FROM c
      LEFT JOIN channel_policy cp ON cp.channel = c.channel AND ${inEffect('cp', 'c')}
      LEFT JOIN priority_policy pp ON pp.priority = c.priority AND ${inEffect('pp', 'c')}
      WHERE ${timeWindow('c.started_at', bounded)}
      GROUP BY c.local_day, c.channel, c.priority, c.team, c.agent_code
      ORDER BY c.local_day
      RETURNING day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/** contact_day_rollup summed from contact_agent_day_rollup (the same days; run after contactRollupSql). */
function contactCoarseRollupSql(bounded: boolean): string {
  return `
    WITH ins AS (
      INSERT INTO contact_day_rollup (zone, day, channel, priority, team, ${CONTACT_MEASURES.join(', ')})
      SELECT zone, day, channel, priority, team, ${CONTACT_MEASURES.map((m) => (m.endsWith('_threshold') ? `max(${m})` : `sum(${m})`)).join(', ')}
      FROM contact_agent_day_rollup
      WHERE zone = $1${bounded ? ' AND day >= $2::date AND day < $3::date' : ''}
      GROUP BY zone, day, channel, priority, team
      ORDER BY day
      RETURNING day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/**
 * contact_duration_day_rollup (sql/000011): per (day, channel, priority, team) the durations the quantile
 * statement of contact-aggregates.ts sorts — answered contacts' waits, handle times of contacts not abandoned,
 * known values only (percentile_cont skips nulls) — as ascending arrays.
 */
function contactDurationRollupSql(bounded: boolean): string {
  return `
    WITH c AS (
      SELECT (c.started_at AT TIME ZONE $1)::date AS local_day, c.channel, c.priority, c.team, c.outcome,
${CONTACT_WAIT_AND_HANDLE}
      FROM contact_current c WHERE ${timeWindow('c.started_at', bounded)}),
    ins AS (
      INSERT INTO contact_duration_day_rollup (zone, day, channel, priority, team, waits, handles)
      SELECT $1, c.local_day, c.channel, c.priority, c.team,
        coalesce(array_agg(c.wait ORDER BY c.wait) FILTER (WHERE c.outcome = 'answered' AND c.wait IS NOT NULL), '{}'),
        coalesce(array_agg(c.handle ORDER BY c.handle) FILTER (WHERE c.outcome IS DISTINCT FROM 'abandoned' AND c.handle IS NOT NULL), '{}')
      FROM c
      GROUP BY c.local_day, c.channel, c.priority, c.team
      ORDER BY c.local_day
      RETURNING day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/**
 * contact_hour_rollup (sql/000014): per (day, local hour, channel, priority) the columns of
 * contact-hour-arrivals.ts — every contact that started, and the handle time of those not abandoned with a talk
 * time.
 */
function contactHourRollupSql(bounded: boolean): string {
  return `
    WITH ins AS (
      INSERT INTO contact_hour_rollup (zone, day, hour, channel, priority, offered, handle_n, handle_sum)
      SELECT $1, (c.started_at AT TIME ZONE $1)::date, to_char(c.started_at AT TIME ZONE $1, 'HH24'), c.channel, c.priority,
        count(*),
        count(*) FILTER (WHERE c.talk_seconds IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned'),
        sum(c.talk_seconds + coalesce(c.hold_seconds, 0) + coalesce(c.after_work_seconds, 0))
          FILTER (WHERE c.talk_seconds IS NOT NULL AND c.outcome IS DISTINCT FROM 'abandoned')
      FROM contact_current c WHERE ${timeWindow('c.started_at', bounded)}
      GROUP BY 2, 3, 4, 5
      ORDER BY 2
      RETURNING day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/** The measure columns of the survey rollups, in table order (all combine by sum). */
const SURVEY_MEASURES = [
  'n', 'canonical_sum', 'canonical_sumsq', 'top2', 'dist1', 'dist2', 'dist3', 'dist4', 'dist5', 'raw_sum',
  'nps_n', 'promoters', 'detractors', 'ces_n', 'ces_easy', 'ces_raw_sum', 'ces_raw_sumsq',
  'effort_n', 'effort_low', 'effort_raw_sum', 'effort_raw_sumsq',
] as const;

/** The survey-aggregates.ts columns of answers `a` as sums, in SURVEY_MEASURES order. */
const SURVEY_SUMS = `
        count(*), sum(a.canonical), sum(a.canonical * a.canonical),
        count(*) FILTER (WHERE a.canonical >= 4),
        count(*) FILTER (WHERE round(a.canonical) = 1), count(*) FILTER (WHERE round(a.canonical) = 2),
        count(*) FILTER (WHERE round(a.canonical) = 3), count(*) FILTER (WHERE round(a.canonical) = 4),
        count(*) FILTER (WHERE round(a.canonical) = 5),
        sum(a.raw_value),
        count(*) FILTER (WHERE a.scale_id = 'nps11'),
        count(*) FILTER (WHERE a.scale_id = 'nps11' AND a.raw_value >= 9),
        count(*) FILTER (WHERE a.scale_id = 'nps11' AND a.raw_value <= 6),
        count(*) FILTER (WHERE a.scale_id = 'likert7'),
        count(*) FILTER (WHERE a.scale_id = 'likert7' AND a.raw_value >= 5),
        sum(a.raw_value) FILTER (WHERE a.scale_id = 'likert7'),
        sum(a.raw_value * a.raw_value) FILTER (WHERE a.scale_id = 'likert7'),
        count(*) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5')),
        count(*) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5') AND a.raw_value <= 2),
        sum(a.raw_value) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5')),
        sum(a.raw_value * a.raw_value) FILTER (WHERE a.scale_id IN ('likert5', 'verbal5'))`;

/**
 * The current survey answers as sums (SURVEY_SUMS) per day, channel, method and item, and `extra` columns of
 * the response: survey_day_rollup (none), survey_agent_day_rollup (team, region, agent; the overall item only).
 */
function surveyRollupSql(table: 'survey_day_rollup' | 'survey_agent_day_rollup', bounded: boolean): string {
  const extra = table === 'survey_agent_day_rollup' ? ['team', 'region', 'agent_code'] : [];
  const groups = Array.from({ length: 4 + extra.length }, (_, i) => String(i + 2)).join(', ');
  return `
    WITH ins AS (
      INSERT INTO ${table} (zone, day, channel, method, item, ${[...extra, ...SURVEY_MEASURES].join(', ')})
      SELECT $1, (r.answered_at AT TIME ZONE $1)::date, r.channel, r.method, a.item, ${extra.map((c) => `r.${c}, `).join('')}${SURVEY_SUMS}
      FROM survey_answer a
      JOIN survey_response_current r ON r.batch_id = a.batch_id AND r.line_no = a.line_no
      WHERE ${extra.length > 0 ? "a.item = 'overall' AND " : ''}${timeWindow('r.answered_at', bounded)}
      GROUP BY ${groups}
      ORDER BY 2
      RETURNING day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/**
 * rated_contact_day_rollup (sql/000013): the overall answers of the current responses that name a contact (by a
 * business key), joined to that contact as rated-contact-satisfaction.ts joins them, summed per contact day,
 * response day, channel, priority and team; the pairs whose contact (`contacts`) or response (`surveys`) falls
 * in the days being recomputed.
 */
function ratedContactRollupSql(source: RollupSource, bounded: boolean): string {
  const overall = RATED_OVERALL_SQL;
  return `
    WITH ins AS (
      INSERT INTO ${RATED_CONTACT_ROLLUP} (zone, day, answered_day, channel, priority, team, n, top2, overall_sum, overall_sumsq)
      SELECT $1, (c.started_at AT TIME ZONE $1)::date, (r.answered_at AT TIME ZONE $1)::date, c.channel, c.priority, c.team,
        count(*), count(*) FILTER (WHERE ${overall} >= 4), sum(${overall}), sum(${overall} * ${overall})
      FROM ${RATED_CONTACT_FROM}
      WHERE ${RATED_CONTACT_WHERE} AND ${timeWindow(source === 'contacts' ? 'c.started_at' : 'r.answered_at', bounded)}
      GROUP BY 2, 3, 4, 5, 6
      ORDER BY 2
      RETURNING ${source === 'contacts' ? 'day' : 'answered_day'} AS day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/** One row per (day, channel, method): current responses. */
function responseRollupSql(bounded: boolean): string {
  return `
    WITH ins AS (
      INSERT INTO survey_response_day_rollup
      SELECT $1, (r.answered_at AT TIME ZONE $1)::date, r.channel, r.method, count(*)
      FROM survey_response_current r
      WHERE ${timeWindow('r.answered_at', bounded)}
      GROUP BY 2, 3, 4
      ORDER BY 2
      RETURNING day)
    SELECT count(DISTINCT day)::int AS days FROM ins`;
}

/**
 * Before analyses: refreshes what is pending, so the analyses read the rollups instead of the rows. Never adds
 * a zone (ingest does: an analysis in another zone reads the rows); nothing with SERVQ_ROLLUPS=off. A role that may only read (sql/roles) cannot
 * refresh: then the analyses read the rows, and this returns null.
 */
export async function refreshPendingRollups(db: Database): Promise<RollupRefresh | null> {
  if (!rollupsEnabled()) return null;
  const { rows } = await withSession(db, (s) =>
    s.query<{ needed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM rollup_zone) AND (EXISTS (SELECT 1 FROM rollup_pending) OR EXISTS (SELECT 1 FROM rollup_zone WHERE built_at IS NULL)) AS needed`,
    ),
  );
  if (rows[0]?.needed !== true) return null;
  try {
    return await refreshRollups(db);
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return null;
    throw error;
  }
}
