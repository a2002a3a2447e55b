/**
 * `servq batches`, `servq rejects BATCH`, `servq migrate`: what was loaded, what was refused and why.
 */
import { sql } from 'kysely';
import { connect } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { createRoles, PIPELINE_ROLE, READER_ROLE } from '../db/roles.js';
import { batchKind, BatchRemovalError, removeBatch, systemActor, type RemovedBatch } from '../db/batch-queries.js';
import { lockKind } from '../db/ingest-queries.js';
import { withSession } from '../db/session.js';
import { CliError } from './cli-error.js';
import { csvCell } from '../reports/csv-cell.js';
import { count, noteLockWait, table, withDatabase, type GlobalOptions } from './context.js';
import { kyselyOf } from '../db/kysely-dialect.js';

export async function runBatches(o: { json?: boolean; limit: number }, g: GlobalOptions): Promise<void> {
  await withDatabase(g, async (db) => {
    const rows = await kyselyOf(db)
      .selectFrom('ingest_batch')
      .select([
        'batch_id',
        'source_kind',
        'file_name',
        'content_sha256',
        'status',
        'rows_read',
        'rows_loaded',
        'rows_rejected',
        'rows_duplicate',
        'encoding',
        'started_at',
        'finished_at',
        'error',
        'replaced_by',
      ])
      .orderBy('batch_id', 'desc')
      .limit(o.limit)
      .execute();
    if (o.json) {
      // camelCase, like `servq ingest --json`.
      for (const r of rows) {
        const line = {
          batchId: r.batch_id,
          kind: r.source_kind,
          file: r.file_name,
          sha256: r.content_sha256,
          status: r.status,
          rowsRead: r.rows_read,
          rowsLoaded: r.rows_loaded,
          rowsRejected: r.rows_rejected,
          rowsDuplicate: r.rows_duplicate,
          encoding: r.encoding,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          error: r.error,
        };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      return;
    }
    if (rows.length === 0) {
      console.log('no batches yet: load files with servq ingest KIND FILE…');
      return;
    }
    console.log(
      table(
        ['batch', 'kind', 'file', 'status', 'read', 'loaded', 'rejected', 'duplicate', 'encoding', 'started (UTC)', 'sha256'],
        rows.map((r) => [
          String(r.batch_id),
          r.source_kind,
          r.file_name,
          r.status,
          count(r.rows_read),
          count(r.rows_loaded),
          count(r.rows_rejected),
          count(r.rows_duplicate),
          r.encoding ?? '-',
          new Date(r.started_at).toISOString().slice(0, 19).replace('T', ' '),
          r.content_sha256.slice(0, 12),
        ]),
      ),
    );
    for (const r of rows.filter((x) => x.status === 'failed')) console.log(`  batch ${r.batch_id} failed: ${r.error}`);
    for (const r of rows.filter((x) => x.status === 'removed')) {
      console.log(`  batch ${r.batch_id} removed${r.replaced_by === null ? '' : `, replaced by batch ${r.replaced_by}`} (servq batches history ${r.batch_id})`);
    }
  });
}

/** `servq batches remove BATCH…`: each batch in its own transaction, under its kind's load lock. */
export async function runRemove(ids: readonly number[], o: { reason?: string; json?: boolean }, g: GlobalOptions): Promise<number> {
  let failed = 0;
  await withDatabase(g, async (db) => {
    for (const id of ids) {
      let removed: RemovedBatch | undefined;
      let error: string | undefined;
      try {
        removed = await withSession(db, async (s) => {
          const kind = await batchKind(s, id);
          if (kind === undefined) throw new BatchRemovalError(`no batch ${id}; list them with servq batches`);
          await s.query('BEGIN');
          await lockKind(s, kind, undefined, () => noteLockWait(kind));
          const result = await removeBatch(s, id, systemActor(), o.reason ?? null);
          await s.query('COMMIT');
          return result;
        });
      } catch (e) {
        if (!(e instanceof BatchRemovalError)) throw e;
        error = e.message;
        failed++;
      }
      if (o.json) {
        process.stdout.write(`${JSON.stringify(removed ? { batchId: id, status: 'removed', rowsRemoved: removed.rowsRemoved, promoted: removed.promoted, error: null } : { batchId: id, status: 'failed', error })}\n`);
      } else if (removed) {
        const promoted = removed.promoted.map((p) => `${count(p.rows)} row(s) of batch ${p.batchId}`).join(', ');
        console.log(
          `removed batch ${id} (${removed.fileName}, ${removed.kind}): ${count(removed.rowsRemoved)} row(s)` +
            (promoted ? `; ${promoted} that repeated its rows are now loaded in their place` : ''),
        );
      }
      if (error !== undefined) console.error(`servq: ${error}`);
    }
  });
  return failed === 0 ? 0 : 1;
}

/** `servq batches history [BATCH]`. */
export async function runHistory(batchId: number | undefined, o: { json?: boolean; limit: number }, g: GlobalOptions): Promise<void> {
  await withDatabase(g, async (db) => {
    let query = kyselyOf(db)
      .selectFrom('batch_event as e')
      .innerJoin('ingest_batch as b', 'b.batch_id', 'e.batch_id')
      .select(['e.event_id', 'e.batch_id', 'b.file_name', 'e.event', 'e.at', 'e.actor', 'e.reason', 'e.detail'])
      .orderBy('e.event_id', 'desc')
      .limit(o.limit);
    if (batchId !== undefined) query = query.where('e.batch_id', '=', batchId);
    const rows = await query.execute();
    if (o.json) {
      for (const r of rows) {
        process.stdout.write(`${JSON.stringify({ eventId: r.event_id, batchId: r.batch_id, file: r.file_name, event: r.event, at: r.at, actor: r.actor, reason: r.reason, detail: r.detail })}\n`);
      }
      return;
    }
    if (rows.length === 0) {
      console.log(batchId === undefined ? 'no batch history yet' : `no history for batch ${batchId}`);
      return;
    }
    console.log(
      table(
        ['batch', 'file', 'event', 'at (UTC)', 'by', 'reason'],
        rows.map((r) => [
          String(r.batch_id),
          r.file_name,
          r.event,
          new Date(r.at).toISOString().slice(0, 19).replace('T', ' '),
          r.actor,
          r.reason ?? '',
        ]),
      ),
    );
  });
}

export async function runRejects(batchId: number, o: { csv?: boolean; limit: number }, g: GlobalOptions): Promise<void> {
  await withDatabase(g, async (db) => {
    const batch = await kyselyOf(db)
      .selectFrom('ingest_batch')
      .select(['file_name', 'rows_rejected', 'status', 'error'])
      .where('batch_id', '=', batchId)
      .executeTakeFirst();
    if (!batch) throw new CliError(`no batch ${batchId}; list them with servq batches`);
    const rows = await kyselyOf(db)
      .selectFrom('rejected_row')
      .select(['line_no', 'reasons', 'raw_text'])
      .where('batch_id', '=', batchId)
      .orderBy('line_no')
      .limit(o.limit)
      .execute();
    if (o.csv) {
      process.stdout.write('line_no,reasons,raw_text\n');
      for (const r of rows) process.stdout.write(`${r.line_no},${csvCell(r.reasons.join('; '))},${csvCell(r.raw_text)}\n`);
      return;
    }
    if (batch.status === 'failed') {
      // A refused file keeps its first rejected rows; other failures stop before any row is judged.
      if (rows.length === 0) {
        console.log(`batch ${batchId} (${batch.file_name}) failed before rows were judged, so there are no rejected rows: ${batch.error}`);
        return;
      }
      console.log(`batch ${batchId} (${batch.file_name}) was refused and nothing was loaded; the first rows that would have been rejected:`);
    } else {
      console.log(`batch ${batchId} (${batch.file_name}, ${batch.status}): ${count(batch.rows_rejected)} rejected row(s)`);
    }
    for (const r of rows) {
      console.log(`line ${r.line_no}: ${r.reasons.join('; ')}`);
      console.log(`  ${r.raw_text.length > 300 ? `${r.raw_text.slice(0, 300)}…` : r.raw_text}`);
    }
    if (batch.status !== 'failed' && rows.length < batch.rows_rejected) console.log(`(first ${rows.length}; use --limit or --csv for more)`);
  });
}

export async function runMigrate(g: GlobalOptions): Promise<void> {
  await withDatabase(g, async (db) => {
    // connect() already migrated; a second call reports the schema state.
    const applied = await migrate(db);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migration`.execute(kyselyOf(db));
    console.log(`${db.description}: schema at ${rows[0]?.n ?? 0} migration(s)${applied.length ? `, applied ${applied.join(', ')}` : ''}`);
  });
}

export async function runRoles(g: GlobalOptions): Promise<void> {
  // No migrations here: the tables are created later by the pipeline role, which then owns them.
  const db = await connect({ databaseUrl: g.databaseUrl, dataDir: g.dataDir, migrate: false });
  try {
    await createRoles(db);
    console.log(
      `${db.description}: roles ${PIPELINE_ROLE} (loads and migrates; no superuser) and ${READER_ROLE} (read-only) are ready; ` +
        `grant them to login roles, e.g. CREATE ROLE etl LOGIN PASSWORD '…' IN ROLE ${PIPELINE_ROLE};`,
    );
  } finally {
    await db.close();
  }
}
