/**
 * The hand-tuned SQL of a load, one function per statement. Table names come from a fixed list (never from
 * input); every value is a parameter.
 */
import type { SourceKind } from '../ingest/fields.js';
import type { Session } from './session.js';

export type FactTable = 'contact' | 'survey_response' | 'complaint';

/** The table each source kind loads into. */
export const FACT_TABLE: Readonly<Record<SourceKind, FactTable>> = { calls: 'contact', surveys: 'survey_response', complaints: 'complaint' };

/** The required time column that dates a row of each table (and bounds where its duplicates can be). */
export const TIME_COLUMN: Readonly<Record<FactTable, string>> = {
  contact: 'started_at',
  survey_response: 'answered_at',
  complaint: 'received_at',
};

const KIND_OF_TABLE = Object.fromEntries(Object.entries(FACT_TABLE).map(([kind, table]) => [table, kind])) as Record<FactTable, SourceKind>;

/** The loaded batch of this content, if any. */
export async function findLoadedBatch(s: Session, kind: string, sha256: string): Promise<number | undefined> {
  const { rows } = await s.query<{ batch_id: number }>(
    "SELECT batch_id FROM ingest_batch WHERE source_kind = $1 AND content_sha256 = $2 AND status = 'loaded'",
    [kind, sha256],
  );
  return rows[0]?.batch_id;
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
    const { rows } = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [0x5e7e, `load:${kind}`]);
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
}

/** Creates the batch row (status loaded, counts zero until `finishBatch`) and returns its id. */
export async function insertBatch(s: Session, b: BatchStart, status: 'loaded' | 'failed', error?: string): Promise<number> {
  const { rows } = await s.query<{ batch_id: number }>(
    `INSERT INTO ingest_batch (source_kind, file_name, file_path, file_bytes, content_sha256, status, error, started_at, servq_version, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $6 = 'failed' THEN clock_timestamp() END) RETURNING batch_id`,
    [b.kind, b.fileName, b.filePath, b.fileBytes, b.sha256, status, error ?? null, b.startedAt, b.version],
  );
  return rows[0]!.batch_id;
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

/**
 * Records this batch's duplicate rows in duplicate_row and deletes them (with their survey items), keeping
 * the earliest row of each key: a row of an earlier batch, else the first line of this one.
 *
 * Cost is paid only where duplicates can be. A duplicate has the same canonical content, so the same time
 * value: only earlier batches whose recorded time span meets this batch's window `[fromMs, toMs]` are
 * compared, within that window (a BRIN range). Inside the batch, only `candidates` (keys the writer's Bloom
 * filter saw twice) are checked; `null` means too many to list, so the whole batch is checked.
 * Returns the number of duplicate rows removed.
 */
export async function removeDuplicates(
  s: Session,
  table: FactTable,
  batchId: number,
  window: { readonly fromMs: number; readonly toMs: number },
  candidates: readonly string[] | null,
): Promise<number> {
  const time = TIME_COLUMN[table];
  if (!Number.isFinite(window.fromMs)) return 0; // no row written
  // This batch's rows are found by batch id within its time span: the time BRIN index narrows the scan.
  const from = new Date(window.fromMs);
  const to = new Date(window.toMs);
  let found = 0;
  // Earlier batches whose time span meets this one's: the only places a duplicate can be.
  const { rows: overlapping } = await s.query<{ batch_id: number }>(
    `SELECT batch_id FROM ingest_batch
     WHERE status = 'loaded' AND source_kind = $1 AND batch_id <> $2 AND time_from <= $4 AND time_to >= $3`,
    [KIND_OF_TABLE[table], batchId, from, to],
  );
  if (overlapping.length > 0) {
    const result = await s.query(
      `INSERT INTO duplicate_row (batch_id, line_no, original_batch_id, original_line_no)
       SELECT DISTINCT ON (n.line_no) n.batch_id, n.line_no, o.batch_id, o.line_no
       FROM ${table} n
       JOIN ${table} o ON o.row_key = n.row_key AND o.${time} = n.${time}
       WHERE n.batch_id = $1 AND n.${time} BETWEEN $3 AND $4
         AND o.batch_id = ANY ($2::bigint[]) AND o.${time} BETWEEN $3 AND $4
       ORDER BY n.line_no, o.batch_id, o.line_no`,
      [batchId, overlapping.map((r) => r.batch_id), from, to],
    );
    found += result.rowCount;
  }
  if (candidates === null || candidates.length > 0) {
    const keyFilter = candidates === null ? '' : 'AND row_key = ANY ($4::uuid[])';
    const result = await s.query(
      `INSERT INTO duplicate_row (batch_id, line_no, original_batch_id, original_line_no)
       SELECT $1, line_no, $1, first_line FROM (
         SELECT line_no, min(line_no) OVER (PARTITION BY row_key) AS first_line
         FROM ${table} WHERE batch_id = $1 AND ${time} BETWEEN $2 AND $3 ${keyFilter}) x
       WHERE line_no > first_line
         AND NOT EXISTS (SELECT FROM duplicate_row d WHERE d.batch_id = $1 AND d.line_no = x.line_no)
         AND NOT EXISTS (SELECT FROM duplicate_row d WHERE d.batch_id = $1 AND d.line_no = x.first_line)`,
      candidates === null ? [batchId, from, to] : [batchId, from, to, candidates],
    );
    found += result.rowCount;
  }
  if (found === 0) return 0;
  const deleted = await s.query(
    `DELETE FROM ${table} t USING duplicate_row d
     WHERE d.batch_id = $1 AND t.batch_id = $1 AND t.${time} BETWEEN $2 AND $3 AND t.line_no = d.line_no`,
    [batchId, from, to],
  );
  // Each duplicate is one row: anything else means line numbers were not unique, and the batch must not commit.
  if (deleted.rowCount !== found) throw new Error(`removeDuplicates: ${found} duplicates recorded but ${deleted.rowCount} rows deleted`);
  if (table === 'survey_response') {
    await s.query(
      `DELETE FROM survey_answer a USING duplicate_row d
       WHERE d.batch_id = $1 AND a.batch_id = $1 AND a.line_no = d.line_no`,
      [batchId],
    );
  }
  return found;
}
