/**
 * Row-level survey responses for the models of `servq analyze drivers` and `servq analyze tree`: one row per
 * current survey response in the period with an `overall` answer, its item answers (canonical 1–5), and the
 * operational measures of the contact it rates (joined where the survey names a contact by a business key).
 *
 * Bounded: when the period holds more than `cap` responses, a seeded, deterministic sample of `cap` is
 * returned (ordered by uuid_hash_extended(row_key, seed), so the same data and seed give the same rows on every engine);
 * `total` says how many there were.
 *
 * - Wait: the export's queue wait, else answered − started (answered) or ended − started (abandoned), the
 *   same SQL as the contact aggregates (contact-sql.ts). Handle time = talk + hold + after-contact work (missing hold or work = 0) when a talk
 *   time is known.
 * - Hour of day and ISO weekday (1 = Monday … 7 = Sunday) of the contact's start, in the request's time zone.
 * - Channel, team and region: the rated contact's, else the survey's own.
 */
import { queryManyRows } from '../many-rows.js';
import { withSession, type Database } from '../session.js';
import { contactHandleSql, contactWaitSql } from './contact-sql.js';
import { needsRatedContact } from './dimensions.js';
import { groupedParts, Params, type DateRange } from './grouped-query.js';
import { sampleOrderSql } from './sample-order.js';

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

/** The output columns of the rated contact (ratedContactSelect). */
const RATED_CONTACT_COLUMNS = ['linked', 'c_channel', 'c_outcome', 'c_wait', 'c_handle', 'c_transferred', 'c_fcr', 'c_priority', 'c_team', 'c_region', 'c_queue', 'c_hour', 'c_weekday'];

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 't' || v === 'true');

/**
 * The responses of the period with an overall answer, their items and their rated contact (a seeded sample of
 * `cap` when there are more).
 * @throws UnknownDimensionError for a `by` or filter name surveys do not have
 */
export async function ratedResponseRows(db: Database, input: RatedResponseInput): Promise<RatedResponseRows> {
  // drivers and tree ask for the same rows one after the other, or at once (a report runs both): the last read,
  // finished or under way, is kept for the next reader — handed over once, within a minute, while no batch was
  // loaded, removed or replaced since (every such change writes a batch_event; the rows read nothing else). Handed
  // over, not kept: the sample (~50 MB of objects at 50,000 rows) is then freed with the two documents instead of
  // staying alive under the analyses run after them.
  const key = JSON.stringify(input);
  const { rows: versions } = await withSession(db, (s) => s.query<{ v: string }>('SELECT coalesce(max(event_id), 0)::text AS v FROM batch_event'));
  const version = versions[0]?.v ?? '0';
  const kept = lastRead.get(db);
  if (kept !== undefined && kept.key === key && kept.version === version) {
    clearTimeout(kept.timer);
    lastRead.delete(db);
    return kept.result;
  }
  const result = readRatedResponses(db, input);
  const id = ++readCount;
  const entry: KeptRead = { id, key, version, result, timer: undefined };
  lastRead.set(db, entry);
  // The timer's callback holds the read's id only, never the rows: handed over, they are freed with the documents.
  const forget = () => {
    if (lastRead.get(db)?.id === id) lastRead.delete(db);
  };
  // a failed read is not kept; a good one for KEEP_MS
  result.then(() => {
    if (lastRead.get(db)?.id === id) entry.timer = setTimeout(forget, KEEP_MS).unref();
  }, forget);
  return result;
}

/** How long the last read is kept for the next analysis (ms). */
const KEEP_MS = 60_000;
interface KeptRead {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  readonly result: Promise<RatedResponseRows>;
  timer: ReturnType<typeof setTimeout> | undefined;
}
let readCount = 0;
const lastRead = new WeakMap<Database, KeptRead>();

async function readRatedResponses(db: Database, input: RatedResponseInput): Promise<RatedResponseRows> {
  const params = new Params();
  const parts = groupedParts('surveys', { ranges: [input.range], timeZone: input.timeZone, by: input.by, filters: input.filters }, params, 'r.answered_at');
  const seed = params.add(String(input.seed));
  const cap = params.add(input.cap);
  const zone = parts.zone;
  // Dimensions or filters from the rated contact (queue, priority) need it joined before the sample is drawn;
  // otherwise it is joined to the sampled rows only, through its index (not hashed whole: 2M contacts).
  const early = needsRatedContact([...input.by, ...Object.keys(input.filters)]);
  // The plan is fixed by the statement's shape, not left to estimates (a LIMIT's row count is a guess to the
  // planner, which then hashes all 2M contacts or 1M responses to join 50k rows; measured 1.4 s and 0.5 s):
  // 1. k: the responses of the period with an overall answer (survey_response.ratings, sql/000012), the columns
  //    the models read, the seeded order and their count, sorted for the top `cap`. (Sorting only their ctids and
  //    fetching each sampled row again by TID cost more than carrying the ratings through the sort: on PGlite at
  //    500k calls 1.3 s against 1.0 s warm, and 2.32 s against 1.34 s as the first statement of a process in the
  //    analysis benchmark; on the server at 2M calls no different.)
  // 2. each sampled row's rated contact through the contact_id index: LATERAL with OFFSET 0 keeps it a per-row
  //    lookup, in the sample's order, so no final sort either.
  // The table is read with its view's filter (`NOT superseded`, sql/000008), as the view would.
  const ratedContactSelect = `
      rc.contact_id IS NOT NULL AS linked,
      rc.channel AS c_channel, rc.outcome AS c_outcome,
      (${contactWaitSql('rc')})::float8 AS c_wait,
      (${contactHandleSql('rc')})::float8 AS c_handle,
      rc.transferred AS c_transferred, rc.resolved_first_contact AS c_fcr, rc.priority AS c_priority,
      rc.team AS c_team, rc.region AS c_region, rc.queue AS c_queue,
      extract(hour FROM rc.started_at AT TIME ZONE ${zone})::int AS c_hour,
      extract(isodow FROM rc.started_at AT TIME ZONE ${zone})::int AS c_weekday`;
  const text = `
    WITH k AS (
      SELECT r.ratings, r.channel, r.team, r.region, r.contact_id, ${sampleOrderSql('r.row_key', seed)} AS sample_order, r.batch_id, r.line_no,
        count(*) OVER ()::float8 AS total_rows, ${parts.rangeKeySql} AS range_key
        ${parts.dimensionSelect ? `, ${parts.dimensionSelect}` : ''}
      FROM survey_response r
      ${early ? 'LEFT JOIN contact_current rc ON rc.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)' : ''}
      WHERE NOT r.superseded AND (r.ratings ->> 'overall') IS NOT NULL AND ${parts.timeWhere} AND ${parts.filterWhere}
      ORDER BY sample_order, r.batch_id, r.line_no
      LIMIT ${cap})
    SELECT k.total_rows${input.by.map((_, i) => `, k.d${i}`).join('')}, k.ratings AS items,
      k.channel AS survey_channel, k.team AS survey_team, k.region AS survey_region,
      ${ratedContactSelect}
    FROM k
    LEFT JOIN LATERAL (
      SELECT rc.* FROM contact_current rc
      WHERE rc.contact_id = k.contact_id AND servq_is_business_key(k.contact_id)
      OFFSET 0) rc ON true
    ORDER BY k.sample_order, k.batch_id, k.line_no`;
  const columns = ['total_rows', ...input.by.map((_, i) => `d${i}`), 'items', 'survey_channel', 'survey_team', 'survey_region', ...RATED_CONTACT_COLUMNS];
  const rows = await queryManyRows(db, text, params.values, columns);
  const total = rows.length > 0 ? Number(rows[0]!['total_rows']) : 0;
  // Labels (channel, team, outcome …) repeat across the sample: one string each instead of one per row and field.
  const labels = new Map<string, string>();
  const str = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    const text = String(v);
    const kept = labels.get(text);
    if (kept !== undefined) return kept;
    labels.set(text, text);
    return text;
  };
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
