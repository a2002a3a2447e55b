/**
 * What a report says about data quality: the batches behind it (rows read, loaded, rejected, duplicate), the
 * most frequent reject reasons with an example sentence, and files refused whole.
 */
import { withSession, type Database } from './session.js';

export interface ReportBatchRow {
  readonly batchId: number;
  readonly kind: string;
  readonly file: string;
  readonly status: 'loaded' | 'failed';
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsDuplicate: number;
  readonly encoding: string | null;
  readonly error: string | null;
}

export interface RejectReasonCount {
  readonly kind: string;
  readonly code: string;
  readonly rows: number;
  /** The first reason sentence of that code in text order (deterministic). */
  readonly example: string;
}

/**
 * The batches `batchIds`, and the files refused (status failed) that were read from the local day `refusedFrom`
 * in `timeZone` up to `refusedTo` (a report names the files refused since its period began, up to the time it is
 * made).
 */
export async function reportBatches(db: Database, batchIds: readonly number[], refusedFrom: string, timeZone: string, refusedTo: Date): Promise<ReportBatchRow[]> {
  const { rows } = await withSession(db, (s) =>
    s.query<{ batch_id: string | number; source_kind: string; file_name: string; status: 'loaded' | 'failed'; rows_read: string | number; rows_loaded: string | number; rows_rejected: string | number; rows_duplicate: string | number; encoding: string | null; error: string | null }>(
      `SELECT batch_id, source_kind, file_name, status, rows_read, rows_loaded, rows_rejected, rows_duplicate, encoding, error
       FROM ingest_batch
       WHERE batch_id = ANY($1::bigint[]) OR (status = 'failed' AND started_at >= ($2::timestamp AT TIME ZONE $3) AND started_at <= $4)
       ORDER BY batch_id`,
      [batchIds, refusedFrom, timeZone, refusedTo],
    ),
  );
  return rows.map((r) => ({
    batchId: Number(r.batch_id),
    kind: r.source_kind,
    file: r.file_name,
    status: r.status,
    rowsRead: Number(r.rows_read),
    rowsLoaded: Number(r.rows_loaded),
    rowsRejected: Number(r.rows_rejected),
    rowsDuplicate: Number(r.rows_duplicate),
    encoding: r.encoding,
    error: r.error,
  }));
}

/** The `limit` most frequent reject reason codes over `batchIds`, per source kind. */
export async function topRejectReasons(db: Database, batchIds: readonly number[], limit = 10): Promise<RejectReasonCount[]> {
  if (batchIds.length === 0) return [];
  const { rows } = await withSession(db, (s) =>
    s.query<{ source_kind: string; code: string; rows: string | number; example: string | null }>(
      `SELECT b.source_kind, c.code, count(*) AS rows, min(r.reasons[c.i]) AS example
       FROM rejected_row r
       JOIN ingest_batch b ON b.batch_id = r.batch_id
       CROSS JOIN LATERAL unnest(r.reason_codes) WITH ORDINALITY AS c(code, i)
       WHERE r.batch_id = ANY($1::bigint[])
       GROUP BY b.source_kind, c.code
       ORDER BY count(*) DESC, b.source_kind, c.code
       LIMIT $2`,
      [batchIds, limit],
    ),
  );
  return rows.map((r) => ({ kind: r.source_kind, code: r.code, rows: Number(r.rows), example: r.example ?? '' }));
}
