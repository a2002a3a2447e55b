/**
 * Row-level survey responses for the models of `servq analyze drivers` and `servq analyze tree`: one row per
 * current survey response in the period with an `overall` answer, its item answers (canonical 1–5), and the
 * operational measures of the contact it rates (joined where the survey names a contact by a business key).
 *
 * Bounded: when the period holds more than `cap` responses, a seeded, deterministic sample of `cap` is
 * returned (ordered by md5(row_key ‖ seed), so the same data and seed give the same rows on every engine);
 * `total` says how many there were.
 *
 * - Wait: the export's queue wait, else answered − started (answered) or ended − started (abandoned), as in
 *   contact-aggregates.ts. Handle time = talk + hold + after-contact work (missing hold or work = 0) when a talk
 *   time is known.
 * - Hour of day and ISO weekday (1 = Monday … 7 = Sunday) of the contact's start, in the request's time zone.
 * - Channel, team and region: the rated contact's, else the survey's own.
 */
import { withSession, type Database } from '../session.js';
import { needsRatedContact } from './dimensions.js';
import { groupedParts, Params, type DateRange } from './grouped-query.js';

export interface RatedResponseInput {
  /** The period (one range). */
  readonly range: DateRange;
  readonly timeZone: string;
  /** Survey dimensions (dimensions.ts) returned per row, for grouping. */
  readonly by: readonly string[];
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** Most rows returned; above it a seeded sample. */
  readonly cap: number;
  /** Seed of the sample order. */
  readonly seed: number;
}

/** The rated contact's measures (null fields where the export lacks them). */
export interface RatedContact {
  readonly channel: string | null;
  readonly outcome: string | null;
  readonly waitSeconds: number | null;
  readonly handleSeconds: number | null;
  readonly transferred: boolean | null;
  readonly resolvedFirstContact: boolean | null;
  readonly priority: string | null;
  readonly team: string | null;
  readonly region: string | null;
  readonly queue: string | null;
  /** 0–23, local. */
  readonly hourOfDay: number | null;
  /** ISO weekday 1 (Monday) … 7 (Sunday), local. */
  readonly weekday: number | null;
}

export interface RatedResponseRow {
  /** Values of `by`, by name. */
  readonly dimensions: Readonly<Record<string, string | null>>;
  /** Item → canonical answer (1–5, 5 best); always has `overall`. */
  readonly items: Readonly<Record<string, number>>;
  /** The survey's own channel, team and region. */
  readonly surveyChannel: string | null;
  readonly surveyTeam: string | null;
  readonly surveyRegion: string | null;
  /** The contact the response rates, or null when it names none (or one not loaded). */
  readonly contact: RatedContact | null;
}

export interface RatedResponseRows {
  readonly rows: readonly RatedResponseRow[];
  /** Responses with an overall answer in the period, before sampling. */
  readonly total: number;
  readonly sampled: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 't' || v === 'true');

/**
 * The responses of the period with an overall answer, their items and their rated contact (a seeded sample of
 * `cap` when there are more).
 * @throws UnknownDimensionError for a `by` or filter name surveys do not have
 */
export async function ratedResponseRows(db: Database, input: RatedResponseInput): Promise<RatedResponseRows> {
  // drivers and tree ask for the same rows one after the other (a report runs both): the last read is kept for a
  // minute and reused while no batch was loaded, removed or replaced since (every such change writes a
  // batch_event; the rows read nothing else).
  const key = JSON.stringify(input);
  const { rows: versions } = await withSession(db, (s) => s.query<{ v: string }>('SELECT coalesce(max(event_id), 0)::text AS v FROM batch_event'));
  const version = versions[0]?.v ?? '0';
  const kept = lastRead.get(db);
  if (kept !== undefined && kept.key === key && kept.version === version) return kept.result;
  const result = await readRatedResponses(db, input);
  lastRead.set(db, { key, version, result });
  setTimeout(() => {
    if (lastRead.get(db)?.result === result) lastRead.delete(db);
  }, KEEP_MS).unref();
  return result;
}

/** How long the last read is kept for the next analysis (ms). */
const KEEP_MS = 60_000;
const lastRead = new WeakMap<Database, { readonly key: string; readonly version: string; readonly result: RatedResponseRows }>();

async function readRatedResponses(db: Database, input: RatedResponseInput): Promise<RatedResponseRows> {
  const params = new Params();
  const parts = groupedParts('surveys', { ranges: [input.range], timeZone: input.timeZone, by: input.by, filters: input.filters }, params, 'r.answered_at');
  const seed = params.add(String(input.seed));
  const cap = params.add(input.cap);
  const zone = parts.zone;
  // Dimensions or filters from the rated contact (queue, priority) need it joined before the sample is drawn;
  // otherwise it is joined to the sampled rows only, through its index (not hashed whole: 2M contacts).
  const early = needsRatedContact([...input.by, ...Object.keys(input.filters)]);
  const sampleOrder = `md5(r.row_key::text || ${seed}), r.batch_id, r.line_no`;
  const text = `
    WITH r AS (
      SELECT r.batch_id, r.line_no, r.row_key, r.contact_id, ${parts.rangeKeySql} AS range_key,
        r.channel AS survey_channel, r.team AS survey_team, r.region AS survey_region
        ${parts.dimensionSelect ? `, ${parts.dimensionSelect}` : ''}
      FROM survey_response_current r
      ${early ? 'LEFT JOIN contact_current rc ON rc.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)' : ''}
      WHERE ${parts.timeWhere} AND ${parts.filterWhere}),
    -- The responses with an overall answer (the answers of the responses' batches only: BRIN on batch_id),
    -- counted, then the seeded sample of at most cap.
    s AS (
      SELECT r.*, count(*) OVER ()::float8 AS total_rows
      FROM r
      WHERE EXISTS (SELECT 1 FROM survey_answer o
                    WHERE o.batch_id = r.batch_id AND o.line_no = r.line_no AND o.item = 'overall'
                      AND o.batch_id = ANY (ARRAY(SELECT DISTINCT batch_id FROM r)))
      ORDER BY ${sampleOrder}
      LIMIT ${cap}),
    a AS (
      SELECT a.batch_id, a.line_no, jsonb_object_agg(a.item, a.canonical) AS items
      FROM survey_answer a JOIN s ON s.batch_id = a.batch_id AND s.line_no = a.line_no
      WHERE a.batch_id = ANY (ARRAY(SELECT DISTINCT batch_id FROM s))
      GROUP BY a.batch_id, a.line_no)
    SELECT r.*, a.items,
      rc.contact_id IS NOT NULL AS linked,
      rc.channel AS c_channel, rc.outcome AS c_outcome,
      (CASE WHEN rc.outcome = 'abandoned' THEN coalesce(rc.wait_seconds, extract(epoch FROM rc.ended_at - rc.started_at))
            ELSE coalesce(rc.wait_seconds, extract(epoch FROM rc.answered_at - rc.started_at)) END)::float8 AS c_wait,
      (CASE WHEN rc.talk_seconds IS NOT NULL THEN rc.talk_seconds + coalesce(rc.hold_seconds, 0) + coalesce(rc.after_work_seconds, 0) END)::float8 AS c_handle,
      rc.transferred AS c_transferred, rc.resolved_first_contact AS c_fcr, rc.priority AS c_priority,
      rc.team AS c_team, rc.region AS c_region, rc.queue AS c_queue,
      extract(hour FROM rc.started_at AT TIME ZONE ${zone})::int AS c_hour,
      extract(isodow FROM rc.started_at AT TIME ZONE ${zone})::int AS c_weekday
    FROM s r
    JOIN a ON a.batch_id = r.batch_id AND a.line_no = r.line_no
    LEFT JOIN contact_current rc ON rc.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)
    ORDER BY ${sampleOrder}`;
  const { rows } = await withSession(db, (s) => s.query<Record<string, unknown>>(text, params.values));
  const total = rows.length > 0 ? Number(rows[0]!['total_rows']) : 0;
  return {
    total,
    sampled: total > rows.length,
    rows: rows.map((row) => {
      const dimensions: Record<string, string | null> = {};
      input.by.forEach((name, i) => {
        dimensions[name] = str(row[`d${i}`]);
      });
      const rawItems = typeof row['items'] === 'string' ? (JSON.parse(row['items']) as Record<string, unknown>) : (row['items'] as Record<string, unknown>);
      const items: Record<string, number> = {};
      for (const [k, v] of Object.entries(rawItems)) if (v !== null) items[k] = Number(v);
      return {
        dimensions,
        items,
        surveyChannel: str(row['survey_channel']),
        surveyTeam: str(row['survey_team']),
        surveyRegion: str(row['survey_region']),
        contact: bool(row['linked'])
          ? {
              channel: str(row['c_channel']),
              outcome: str(row['c_outcome']),
              waitSeconds: num(row['c_wait']),
              handleSeconds: num(row['c_handle']),
              transferred: bool(row['c_transferred']),
              resolvedFirstContact: bool(row['c_fcr']),
              priority: str(row['c_priority']),
              team: str(row['c_team']),
              region: str(row['c_region']),
              queue: str(row['c_queue']),
              hourOfDay: num(row['c_hour']),
              weekday: num(row['c_weekday']),
            }
          : null,
      };
    }),
  };
}
