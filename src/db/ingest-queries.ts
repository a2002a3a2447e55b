/**
 * The hand-tuned SQL of a load, one function per statement. Table names come from a fixed list (never from
 * input); every value is a parameter.
 */
import { KIND_OF_TABLE, TIME_COLUMN, type FactTable, ADVISORY_LOCK_CLASS } from './schema.js';
import type { Session } from './session.js';

/** The loaded batch of this content, if any. */
export async function findLoadedBatch(s: Session, kind: string, sha256: string): Promise<number | undefined> {
  return (await loadedBatchOptions(s, kind, sha256))?.batchId;
}

/** The loaded batch of this content and the options it was loaded with (null for batches older than that record). */
export async function loadedBatchOptions(s: Session, kind: string, sha256: string): Promise<{ batchId: number; options: Record<string, unknown> | null } | undefined> {
  const { rows } = await s.query<{ batch_id: number; options: Record<string, unknown> | null }>(
    "SELECT batch_id, decisions -> 'options' AS options FROM ingest_batch WHERE source_kind = $1 AND content_sha256 = $2 AND status = 'loaded'",
    [kind, sha256],
  );
  const row = rows[0];
  return row === undefined ? undefined : { batchId: Number(row.batch_id), options: row.options ?? null };
}

/**
 * Serialises loads of one kind across processes until the transaction ends. De-duplication compares a batch
 * with committed batches, so two loads of one kind must not overlap; a second load of the same file waits,
 * then finds it loaded and skips.
 */
export async function lockKind(s: Session, kind: string, signal?: AbortSignal, onWait?: () => void): Promise<void> {
  // Try, and wait visibly (and interruptibly) rather than block inside the server without a word.
  // Two-key form: class 0x5e7e ("servq"), key = hash of the kind; no clash with other applications' locks.
  for (let told = false; ; ) {
    const { rows } = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [ADVISORY_LOCK_CLASS, `load:${kind}`]);
    if (rows[0]?.ok) return;
    if (!told) onWait?.();
    told = true;
    signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface BatchStart {
  readonly kind: string;
  readonly fileName: string;
  readonly filePath: string;
  readonly fileBytes: number;
  readonly sha256: string;
  readonly startedAt: Date;
  readonly version: string;
  /** Who loads it (operating-system user@host), for the batch history. */
  readonly actor: string;
}

/** Creates the batch row (status loaded, counts zero until `finishBatch`) and returns its id. */
export async function insertBatch(s: Session, b: BatchStart, status: 'loaded' | 'failed', error?: string, reuseId?: number): Promise<number> {
  // A refused load records its failure under the id it ran as (its transaction rolled back, so the id is
  // free): the messages the user saw and the rejected rows kept with it name that id.
  const { rows } = await s.query<{ batch_id: number }>(
    `INSERT INTO ingest_batch (${reuseId === undefined ? '' : 'batch_id, '}source_kind, file_name, file_path, file_bytes, content_sha256, status, error, started_at, servq_version, finished_at)
     ${reuseId === undefined ? '' : 'OVERRIDING SYSTEM VALUE '}VALUES (${reuseId === undefined ? '' : '$10, '}$1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $6 = 'failed' THEN clock_timestamp() END) RETURNING batch_id`,
    [b.kind, b.fileName, b.filePath, b.fileBytes, b.sha256, status, error ?? null, b.startedAt, b.version, ...(reuseId === undefined ? [] : [reuseId])],
  );
  const batchId = Number(rows[0]!.batch_id);
  if (status === 'failed') {
    await s.query(
      `INSERT INTO batch_event (batch_id, event, actor, detail) VALUES ($1, 'failed', $2 || ' as ' || current_user, $3)`,
      [batchId, b.actor, JSON.stringify({ error: error ?? null })],
    );
  }
  return batchId;
}

export interface BatchFinish {
  /** Span of the loaded rows' time column (null when no row loaded). */
  readonly timeFrom: Date | null;
  readonly timeTo: Date | null;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsDuplicate: number;
  readonly format: string | null;
  readonly encoding: string | null;
  readonly encodingEvidence: string | null;
  readonly delimiter: string | null;
  readonly headerLine: number | null;
  readonly columnMapping: unknown;
  readonly decisions: unknown;
  readonly error?: string;
}

/** Stores the counts and the loader's decisions on the batch. */
export async function finishBatch(s: Session, batchId: number, f: BatchFinish): Promise<void> {
  await s.query(
    `UPDATE ingest_batch SET rows_read = $2, rows_loaded = $3, rows_rejected = $4, rows_duplicate = $5, format = $6,
       encoding = $7, encoding_evidence = $8, delimiter = $9, header_line = $10, column_mapping = $11, decisions = $12,
       error = $13, time_from = $14, time_to = $15, finished_at = clock_timestamp()
     WHERE batch_id = $1`,
    [
      batchId,
      f.rowsRead,
      f.rowsLoaded,
      f.rowsRejected,
      f.rowsDuplicate,
      f.format,
      f.encoding,
      f.encodingEvidence,
      f.delimiter,
      f.headerLine,
      JSON.stringify(f.columnMapping ?? null),
      JSON.stringify(f.decisions ?? null),
      f.error ?? null,
      f.timeFrom,
      f.timeTo,
    ],
  );
}

/** What `removeDuplicates` found: repeats of rows already loaded by earlier batches, and repeats inside this file. */
export interface DuplicateCounts {
  readonly earlier: number;
  readonly inFile: number;
  /** Overlapping earlier batches whose row keys were computed by an older rule (repeats of them go unseen). */
  readonly olderKeyBatches?: readonly number[];
}

/** The rule the row key follows (see src/ingest/row-writer.ts, keyBytes); stored on each batch. */
export const ROW_KEY_VERSION = 3;

/** Line numbers per DELETE statement (a hashed `= ANY` filter over the batch's rows). */
const DELETE_CHUNK = 500_000;
/** At most this many keys of earlier batches' rows are listed as candidates; past it the window is sorted whole. */
const MAX_EARLIER_KEYS = 100_000;

/**
 * Records this batch's duplicate rows in duplicate_row and deletes them (with their survey items), keeping
 * the earliest row of each key: a row of an earlier batch, else the first line of this one.
 *
 * Cost is paid only where duplicates can be, and never depends on the planner's row estimates (which, for
 * rows COPYed a moment ago in this transaction, are guesses: a join of new and earlier rows on row_key and
 * time was planned as a nested loop over sequential scans and ran for hours on 100k rows). So no statement
 * here joins two relations: each reads one table within one time window and either sorts it (a window
 * function over row_key: O(n log n)) or filters it by a hashed `= ANY (array)` (O(n)).
 *
 * A duplicate has the same canonical content, so the same time value: only earlier batches whose recorded
 * time span meets this batch's window `[fromMs, toMs]` are compared, within that window (a BRIN range). When
 * the rows of those batches there are few, only their keys and `candidates` (keys the writer's Bloom filter
 * saw twice in this file) are checked; `null` candidates (too many to list) or many earlier rows mean every
 * key in the window is.
 */
export async function removeDuplicates(
  s: Session,
  table: FactTable,
  batchId: number,
  window: { readonly fromMs: number; readonly toMs: number },
  candidates: readonly string[] | null,
): Promise<DuplicateCounts> {
  if (!Number.isFinite(window.fromMs)) return { earlier: 0, inFile: 0 }; // no row written
  const time = TIME_COLUMN[table];
  const from = new Date(window.fromMs);
  const to = new Date(window.toMs);
  // Earlier batches whose time span meets this one's: the only places a duplicate can be.
  const { rows: overlapping } = await s.query<{ batch_id: number; rows_loaded: string; key_version: string | null }>(
    `SELECT batch_id, rows_loaded::text, decisions ->> 'rowKeyVersion' AS key_version FROM ingest_batch
     WHERE status = 'loaded' AND source_kind = $1 AND batch_id <> $2 AND time_from <= $4 AND time_to >= $3`,
    [KIND_OF_TABLE[table], batchId, from, to],
  );
  // Keys worth checking: the Bloom filter's in-file candidates plus the keys of the overlapping rows of
  // earlier batches, when both lists are short (then the scan below is a hashed filter, not a sort of
  // everything); else every key in the window.
  let keys: string[] | null = candidates === null ? null : [...candidates];
  const older = overlapping.filter((r) => Number(r.key_version ?? 1) !== ROW_KEY_VERSION).map((r) => Number(r.batch_id));
  const olderKeyBatches = older.length > 0 ? { olderKeyBatches: older } : {};
  const earlierRows = overlapping.reduce((n, r) => n + Number(r.rows_loaded), 0);
  if (earlierRows > MAX_EARLIER_KEYS) keys = null;
  if (keys !== null && overlapping.length > 0) {
    const { rows: earlier } = await s.query<{ k: string }>(
      `SELECT row_key::text AS k FROM ${table} WHERE ${time} BETWEEN $2 AND $3 AND batch_id = ANY ($1::bigint[]) LIMIT ${MAX_EARLIER_KEYS + 1}`,
      [overlapping.map((r) => r.batch_id), from, to],
    );
    if (earlier.length > MAX_EARLIER_KEYS) keys = null;
    else for (const r of earlier) keys.push(r.k);
  }
  if (keys !== null && keys.length === 0) return { earlier: 0, inFile: 0, ...olderKeyBatches };
  // The sort of a large window spills to disk at the default 4 MB of work memory.
  await s.query("SET LOCAL work_mem = '64MB'");
  // One pass over this batch and the overlapping ones within the window, sorted by key: every row of this
  // batch that is not the first of its key (ordered by batch, then line) repeats that first row.
  const { rows: found } = await s.query<{ line_no: string; first_batch: string }>(
    `INSERT INTO duplicate_row (batch_id, line_no, original_batch_id, original_line_no)
     SELECT $1, line_no, first_batch, first_line FROM (
       SELECT batch_id, line_no,
              first_value(batch_id) OVER w AS first_batch, first_value(line_no) OVER w AS first_line
       FROM ${table}
       WHERE ${time} BETWEEN $3 AND $4 AND batch_id = ANY ($2::bigint[]) ${keys === null ? '' : 'AND row_key = ANY ($5::uuid[])'}
       WINDOW w AS (PARTITION BY row_key ORDER BY batch_id, line_no)) x
     WHERE batch_id = $1 AND NOT (first_batch = $1 AND first_line = line_no)
     RETURNING line_no::text, original_batch_id::text AS first_batch`,
    [batchId, [batchId, ...overlapping.map((r) => r.batch_id)], from, to, ...(keys === null ? [] : [keys])],
  );
  if (found.length === 0) return { earlier: 0, inFile: 0, ...olderKeyBatches };
  const lines = found.map((r) => r.line_no);
  let deleted = 0;
  for (let i = 0; i < lines.length; i += DELETE_CHUNK) {
    const chunk = lines.slice(i, i + DELETE_CHUNK);
    const result = await s.query(
      `DELETE FROM ${table} WHERE batch_id = $1 AND ${time} BETWEEN $2 AND $3 AND line_no = ANY ($4::bigint[])`,
      [batchId, from, to, chunk],
    );
    deleted += result.rowCount;
    if (table === 'survey_response') {
      await s.query('DELETE FROM survey_answer WHERE batch_id = $1 AND line_no = ANY ($2::bigint[])', [batchId, chunk]);
    }
  }
  // Each duplicate is one row: anything else means line numbers were not unique, and the batch must not commit.
  if (deleted !== found.length) throw new Error(`removeDuplicates: ${found.length} duplicates recorded but ${deleted} rows deleted`);
  const self = String(batchId);
  const inFile = found.reduce((n, r) => n + (r.first_batch === self ? 1 : 0), 0);
  return { earlier: found.length - inFile, inFile, ...olderKeyBatches };
}

/**
 * Clears the customer key of this batch's rows that carry one of `keys` (placeholder identifiers: see
 * src/ingest/placeholder-keys.ts). One table, one time window, a hashed `= ANY` filter. Returns the rows changed.
 */
export async function clearPlaceholderKeys(
  s: Session,
  table: FactTable,
  batchId: number,
  window: { readonly fromMs: number; readonly toMs: number },
  keys: readonly string[],
): Promise<number> {
  const time = TIME_COLUMN[table];
  const result = await s.query(
    `UPDATE ${table} SET customer_key = NULL, customer_key_source = NULL
     WHERE batch_id = $1 AND ${time} BETWEEN $2 AND $3 AND customer_key = ANY ($4::uuid[])`,
    [batchId, new Date(window.fromMs), new Date(window.toMs), keys],
  );
  return result.rowCount;
}

/** A survey item a profile declares (beyond the built-in ones). */
export interface DeclaredItem {
  readonly item: string;
  readonly label: string;
  readonly servqual: string | null;
  readonly direction: 'higher_better' | 'lower_better';
}

/**
 * Registers a profile's declared survey items before their answers are loaded (survey_answer.item references
 * survey_item). An item already known keeps its record; one declared with the other direction is a conflict
 * (its canonical values would mean the opposite): the message says so, and nothing is loaded.
 * @returns a message on conflict, else undefined
 */
export async function registerSurveyItems(s: Session, batchId: number, items: readonly DeclaredItem[]): Promise<string | undefined> {
  await s.query(
    `INSERT INTO survey_item (item, label, servqual_dimension, direction, declared_by_batch)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
     ON CONFLICT (item) DO NOTHING`,
    [items.map((i) => i.item), items.map((i) => i.label), items.map((i) => i.servqual), items.map((i) => i.direction), items.map(() => batchId)],
  );
  const known = await s.query<{ item: string; direction: string; built_in: boolean }>('SELECT item, direction, built_in FROM survey_item WHERE item = ANY($1::text[])', [
    items.map((i) => i.item),
  ]);
  for (const row of known.rows) {
    const declared = items.find((i) => i.item === row.item)!;
    if (declared.direction !== row.direction) {
      return `survey item '${row.item}' is already recorded as ${row.direction.replace('_', ' ')}${row.built_in ? ' (built in)' : ''}, but the profile declares it ${declared.direction.replace('_', ' ')}; use another item code`;
    }
  }
  return undefined;
}
