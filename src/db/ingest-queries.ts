/**
 * The hand-tuned SQL of a load, one function per statement. Table names come from a fixed list (never from
 * input); every value is a parameter.
 */
import type { Session } from './session.js';

export type FactTable = 'contact' | 'survey_response' | 'complaint';

/** The time column that dates a row of each table (for customer and staff periods). */
const TIME_COLUMN: Record<FactTable, string> = {
  contact: 'started_at',
  survey_response: 'answered_at',
  complaint: 'received_at',
};

/** The loaded batch of this content, if any. */
export async function findLoadedBatch(s: Session, kind: string, sha256: string): Promise<number | undefined> {
  const { rows } = await s.query<{ batch_id: number }>(
    "SELECT batch_id FROM ingest_batch WHERE source_kind = $1 AND content_sha256 = $2 AND status = 'loaded'",
    [kind, sha256],
  );
  return rows[0]?.batch_id;
}

/**
 * Serialises loads of the same content across processes until the transaction ends: the second waits, then
 * finds the batch loaded and skips.
 */
export async function lockContent(s: Session, kind: string, sha256: string): Promise<void> {
  await s.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`servq:${kind}:${sha256}`]);
}

/** Sets the time zone offset-less timestamps are read in, for this transaction only. */
export async function setTransactionTimeZone(s: Session, timeZone: string): Promise<void> {
  await s.query("SELECT set_config('TimeZone', $1, true)", [timeZone]);
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
    `INSERT INTO ingest_batch (source_kind, file_name, file_path, file_bytes, content_sha256, status, error, started_at, servq_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING batch_id`,
    [b.kind, b.fileName, b.filePath, b.fileBytes, b.sha256, status, error ?? null, b.startedAt, b.version],
  );
  return rows[0]!.batch_id;
}

export interface BatchFinish {
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
       error = $13, finished_at = clock_timestamp()
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
    ],
  );
}

/**
 * Checks the deferred row-key uniqueness now. Returns false when this batch brought duplicates (within itself
 * or of earlier batches); the savepoint is rolled back so the transaction can go on.
 */
export async function rowKeysUnique(s: Session, table: FactTable): Promise<boolean> {
  await s.query('SAVEPOINT servq_unique');
  try {
    await s.query(`SET CONSTRAINTS ${table}_row_key_unique IMMEDIATE`);
    await s.query('RELEASE SAVEPOINT servq_unique');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await s.query('ROLLBACK TO SAVEPOINT servq_unique');
    return false;
  }
}

/**
 * Moves this batch's duplicate rows out of the fact table: each is recorded in duplicate_row with the earliest
 * row of the same key (an earlier batch, or an earlier line of this one), then deleted with its survey items.
 * Runs only when `rowKeysUnique` found duplicates. Returns the number removed.
 */
export async function removeDuplicates(s: Session, table: FactTable, batchId: number): Promise<number> {
  const { rowCount } = await s.query(
    `INSERT INTO duplicate_row (batch_id, line_no, original_batch_id, original_line_no)
     SELECT n.batch_id, n.line_no, o.batch_id, o.line_no
     FROM ${table} n
     CROSS JOIN LATERAL (
       SELECT e.batch_id, e.line_no FROM ${table} e
       WHERE e.row_key = n.row_key AND (e.batch_id, e.line_no) < (n.batch_id, n.line_no)
       ORDER BY e.batch_id, e.line_no LIMIT 1) o
     WHERE n.batch_id = $1`,
    [batchId],
  );
  if (rowCount === 0) return 0;
  await s.query(
    `DELETE FROM ${table} t USING duplicate_row d
     WHERE d.batch_id = $1 AND t.batch_id = $1 AND t.line_no = d.line_no`,
    [batchId],
  );
  if (table === 'survey_response') {
    await s.query(
      `DELETE FROM survey_answer a USING duplicate_row d
       WHERE d.batch_id = $1 AND a.batch_id = $1 AND a.line_no = d.line_no`,
      [batchId],
    );
  }
  await s.query(`SET CONSTRAINTS ${table}_row_key_unique IMMEDIATE`);
  return rowCount;
}

/** Records the customers, teams and agent-team periods this batch saw (set-based, in the database). */
export async function upsertDimensions(s: Session, table: FactTable, batchId: number): Promise<void> {
  const time = TIME_COLUMN[table];
  await s.query(
    `INSERT INTO customer (customer_key, key_source, first_seen_at, last_seen_at)
     SELECT customer_key, min(customer_key_source), min(${time}), max(${time})
     FROM ${table} WHERE batch_id = $1 AND customer_key IS NOT NULL GROUP BY customer_key
     ON CONFLICT (customer_key) DO UPDATE SET
       first_seen_at = LEAST(customer.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(customer.last_seen_at, EXCLUDED.last_seen_at)`,
    [batchId],
  );
  await s.query(
    `INSERT INTO team (team_code, first_seen_at, last_seen_at)
     SELECT team, min(${time}), max(${time}) FROM ${table} WHERE batch_id = $1 AND team IS NOT NULL GROUP BY team
     ON CONFLICT (team_code) DO UPDATE SET
       first_seen_at = LEAST(team.first_seen_at, EXCLUDED.first_seen_at),
       last_seen_at = GREATEST(team.last_seen_at, EXCLUDED.last_seen_at)`,
    [batchId],
  );
  await s.query(
    `INSERT INTO agent_assignment (agent_code, team_code, agent_name, valid_from, valid_to)
     SELECT agent_code, coalesce(team, ''), max(agent_name), min(${time}), max(${time})
     FROM ${table} WHERE batch_id = $1 AND agent_code IS NOT NULL GROUP BY agent_code, coalesce(team, '')
     ON CONFLICT (agent_code, team_code) DO UPDATE SET
       agent_name = coalesce(EXCLUDED.agent_name, agent_assignment.agent_name),
       valid_from = LEAST(agent_assignment.valid_from, EXCLUDED.valid_from),
       valid_to = GREATEST(agent_assignment.valid_to, EXCLUDED.valid_to)`,
    [batchId],
  );
}

/**
 * Flags survey answers given before the contact they rate started (clock skew or a wrong link): which record
 * is wrong cannot be known, so both stay and the answer carries the flag `answered_before_contact`.
 * Checked in both directions, for whichever side this batch brought.
 */
export async function flagAnswersBeforeContact(s: Session, table: FactTable, batchId: number): Promise<void> {
  if (table === 'complaint') return;
  const side = table === 'survey_response' ? 's.batch_id = $1' : 'c.batch_id = $1';
  await s.query(
    `UPDATE survey_response s SET flags = array_append(s.flags, 'answered_before_contact')
     FROM contact c
     WHERE ${side} AND s.contact_id = c.contact_id AND s.answered_at < c.started_at
       AND NOT ('answered_before_contact' = ANY (s.flags))`,
    [batchId],
  );
}
