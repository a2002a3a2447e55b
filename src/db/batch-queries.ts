/**
 * Removing a batch, and the batch history: the statements behind `servq batches remove`, `servq ingest
 * --replace` and `servq batches history`. Table and column names come from fixed lists and the catalog,
 * never from input; every value is a parameter.
 *
 * Removing a batch must not lose rows of later batches: a row of a later batch that was filed as a duplicate
 * of a row of the removed batch is still data. Such rows are "promoted": the removed row's content is copied
 * into the later batch under that batch's line (the first later line per removed row; other repeats now
 * point at it), and the later batch's counts move from duplicate to loaded.
 */
import { hostname, userInfo } from 'node:os';
import { FACT_TABLE, TIME_COLUMN, type SourceKind } from './schema.js';
import { collectVersionKeys, resolveVersions } from './record-versions.js';
import { noteTableChange } from './rollups.js';
import type { Session } from './session.js';

/** Who acts on a batch, for its history: the operating-system user and host (SQL adds the database role). */
export function systemActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (containers): keep 'unknown' */
  }
  return `${user}@${hostname()}`;
}

export type BatchEvent = 'loaded' | 'failed' | 'removed' | 'replaced' | 'rows_promoted';

/** Appends an event to the batch's history. */
export async function recordBatchEvent(
  s: Session,
  batchId: number,
  event: BatchEvent,
  actor: string,
  reason: string | null,
  detail: unknown,
): Promise<void> {
  await s.query(
    `INSERT INTO batch_event (batch_id, event, actor, reason, detail) VALUES ($1, $2, $3 || ' as ' || current_user, $4, $5)`,
    [batchId, event, actor, reason, JSON.stringify(detail ?? null)],
  );
}

/** Thrown when a batch cannot be removed (unknown, not loaded): the message says why. */
export class BatchRemovalError extends Error {
  override name = 'BatchRemovalError';
}

export interface RemovedBatch {
  readonly batchId: number;
  readonly kind: SourceKind;
  readonly fileName: string;
  /** Fact rows deleted with the batch. */
  readonly rowsRemoved: number;
  /** Rows of later batches that repeated the removed rows and are now loaded in their place, per batch. */
  readonly promoted: readonly { readonly batchId: number; readonly rows: number }[];
}

async function columnsOf(s: Session, table: string): Promise<string[]> {
  const { rows } = await s.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND column_name NOT IN ('batch_id', 'line_no')
     ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => `"${r.column_name.replaceAll('"', '""')}"`);
}

/**
 * Removes a loaded batch inside the caller's transaction (the caller holds the kind's load lock): its fact
 * rows, survey items, rejected and duplicate rows go; rows of later batches that repeated its rows are
 * promoted (see the module comment); the batch record stays with status `removed`, and the event is
 * recorded with `actor` and `reason`.
 *
 * @param how `kind`: the kind the caller locked (a batch of another kind is refused); `replacement`: recorded
 *   as replaced (by the load in the same transaction) rather than removed
 * @throws BatchRemovalError when the batch does not exist, is not loaded, or is of another kind
 */
export async function removeBatch(
  s: Session,
  batchId: number,
  actor: string,
  reason: string | null,
  how: { readonly kind?: SourceKind; readonly replacement?: boolean } = {},
): Promise<RemovedBatch> {
  const { rows: found } = await s.query<{ source_kind: SourceKind; status: string; file_name: string; time_from: Date | null; time_to: Date | null }>(
    'SELECT source_kind, status, file_name, time_from, time_to FROM ingest_batch WHERE batch_id = $1 FOR UPDATE',
    [batchId],
  );
  const batch = found[0];
  if (batch === undefined) throw new BatchRemovalError(`no batch ${batchId}; list them with servq batches`);
  if (batch.status !== 'loaded') throw new BatchRemovalError(`batch ${batchId} (${batch.file_name}) is ${batch.status}: it holds no rows to remove`);
  if (how.kind !== undefined && how.kind !== batch.source_kind) {
    throw new BatchRemovalError(`batch ${batchId} (${batch.file_name}) holds ${batch.source_kind}, not ${how.kind}: it cannot be replaced by this file`);
  }
  const table = FACT_TABLE[batch.source_kind];
  const time = TIME_COLUMN[table];
  await s.query('DROP TABLE IF EXISTS pg_temp.servq_heir');
  await s.query(
    `CREATE TEMP TABLE servq_heir ON COMMIT DROP AS
     SELECT DISTINCT ON (original_line_no) original_line_no AS orig_line, batch_id AS heir_batch, line_no AS heir_line
     FROM duplicate_row WHERE original_batch_id = $1 AND batch_id <> $1
     ORDER BY original_line_no, batch_id, line_no`,
    [batchId],
  );
  await s.query('ANALYZE servq_heir');
  // The keys whose versions this removal changes (collected before the rows go; heirs carry the same keys).
  await collectVersionKeys(s, table, [batchId]);
  const span = batch.time_from === null ? null : [batch.time_from, batch.time_to];
  const inSpan = span === null ? '' : `AND t.${time} BETWEEN $2 AND $3`;
  const spanParams = span === null ? [] : span;
  const columns = await columnsOf(s, table);
  // Copying the rows joins the (analysed) temp table with one batch's rows of a fact table: never let the
  // planner pick a nested loop over sequential scans of that table on a guess. The statements on
  // duplicate_row below use its indexes and the temp table's real statistics.
  await s.query('SET LOCAL enable_nestloop = off');
  const { rows: heirs } = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM servq_heir');
  const copied = await s.query(
    `INSERT INTO ${table} (batch_id, line_no, ${columns.join(', ')})
     SELECT h.heir_batch, h.heir_line, ${columns.map((c) => `t.${c}`).join(', ')}
     FROM ${table} t JOIN servq_heir h ON t.line_no = h.orig_line
     WHERE t.batch_id = $1 ${inSpan}`,
    [batchId, ...spanParams],
  );
  if (table === 'survey_response') {
    const items = await columnsOf(s, 'survey_answer');
    await s.query(
      `INSERT INTO survey_answer (batch_id, line_no, ${items.join(', ')})
       SELECT h.heir_batch, h.heir_line, ${items.map((c) => `a.${c}`).join(', ')}
       FROM survey_answer a JOIN servq_heir h ON a.line_no = h.orig_line WHERE a.batch_id = $1`,
      [batchId],
    );
  }
  // Every repeat pointed at a row of this batch: a missing row would mean a count moved without its data.
  if (copied.rowCount !== Number(heirs[0]!.n)) {
    throw new Error(`removeBatch: ${heirs[0]!.n} rows to promote but ${copied.rowCount} copied; nothing was changed`);
  }
  await s.query('RESET enable_nestloop');
  await s.query('DELETE FROM duplicate_row d USING servq_heir h WHERE d.batch_id = h.heir_batch AND d.line_no = h.heir_line');
  await s.query(
    `UPDATE duplicate_row d SET original_batch_id = h.heir_batch, original_line_no = h.heir_line
     FROM servq_heir h WHERE d.original_batch_id = $1 AND d.original_line_no = h.orig_line`,
    [batchId],
  );
  const { rows: promoted } = await s.query<{ batch_id: number; rows: number }>(
    `UPDATE ingest_batch b SET rows_loaded = b.rows_loaded + c.n, rows_duplicate = b.rows_duplicate - c.n
     FROM (SELECT heir_batch, count(*)::int AS n FROM servq_heir GROUP BY heir_batch) c
     WHERE b.batch_id = c.heir_batch
     RETURNING b.batch_id::int AS batch_id, c.n AS rows`,
  );
  const deleted = await s.query(`DELETE FROM ${table} t WHERE t.batch_id = $1 ${inSpan}`, [batchId, ...spanParams]);
  if (table === 'survey_response') await s.query('DELETE FROM survey_answer WHERE batch_id = $1', [batchId]);
  await s.query('DELETE FROM rejected_row WHERE batch_id = $1', [batchId]);
  await s.query('DELETE FROM duplicate_row WHERE batch_id = $1', [batchId]);
  await s.query('DROP TABLE pg_temp.servq_heir');
  await s.query(
    `UPDATE ingest_batch SET status = 'removed', removed_at = clock_timestamp() WHERE batch_id = $1`,
    [batchId],
  );
  const versions = await resolveVersions(s, table);
  // The daily rollups of the days this batch and the changed versions cover are recomputed (src/db/rollups.ts).
  await noteTableChange(s, table, batch.time_from, batch.time_to);
  await noteTableChange(s, table, versions.timeFrom, versions.timeTo);
  const result: RemovedBatch = {
    batchId,
    kind: batch.source_kind,
    fileName: batch.file_name,
    rowsRemoved: deleted.rowCount,
    promoted: promoted.map((p) => ({ batchId: Number(p.batch_id), rows: Number(p.rows) })),
  };
  await recordBatchEvent(s, batchId, how.replacement ? 'replaced' : 'removed', actor, reason, {
    rowsRemoved: result.rowsRemoved,
    promoted: result.promoted,
  });
  for (const p of result.promoted) {
    await recordBatchEvent(s, p.batchId, 'rows_promoted', actor, reason, { rows: p.rows, fromBatch: batchId });
  }
  return result;
}

/** The kind of a batch (to take the right load lock before removing it), or undefined. */
export async function batchKind(s: Session, batchId: number): Promise<SourceKind | undefined> {
  const { rows } = await s.query<{ source_kind: SourceKind }>('SELECT source_kind FROM ingest_batch WHERE batch_id = $1', [batchId]);
  return rows[0]?.source_kind;
}
