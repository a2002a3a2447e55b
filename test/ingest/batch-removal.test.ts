/**
 * Correcting a bad load: `removeBatch` (servq batches remove) and `ingestFile` with `replace` (servq ingest
 * --replace). Nothing is lost: rows of later batches that repeated a removed batch's rows are loaded in their
 * place; a replace that fails leaves the old batch as it was; every step is in the batch history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { removeBatch, BatchRemovalError } from '../../src/db/batch-queries.js';
import { withSession, type Database } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const KEY = Buffer.alloc(32, 3);
const NOW = Date.UTC(2026, 10, 23, 12);

function options(kind: IngestOptions['kind'], extra: Partial<IngestOptions> = {}): IngestOptions {
  return { kind, hasher: new KeyedHasher(KEY), timeZone: 'Asia/Shanghai', nowMs: NOW, maxRejectRate: 1, maxDuplicateRate: 1, actor: 'tester@test', ...extra };
}

async function rows<T>(db: Database, query: string, params: unknown[] = []): Promise<T[]> {
  return withSession(db, async (s) => (await s.query<T>(query, params)).rows);
}

async function remove(db: Database, batchId: number, reason: string | null = null) {
  return withSession(db, async (s) => {
    await s.query('BEGIN');
    const result = await removeBatch(s, batchId, 'tester@test', reason);
    await s.query('COMMIT');
    return result;
  });
}

const HEADER = 'call_id,start_time,channel,wait_time';
const calls = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;

describe.each(TEST_DATABASES)('batch removal and replacement on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('removes a batch and loads the later rows that repeated its rows in their place', async () => {
    const x = await ingestFile(t.db, tempFile('x.csv', calls('X1,2026-03-02 09:00,phone,1', 'X2,2026-03-02 09:01,phone,2', 'X3,2026-03-02 09:02,chat,3')), options('calls'));
    expect(x, x.error).toMatchObject({ status: 'loaded', rowsLoaded: 3 });
    // Y repeats X1 and X2 (lines 2, 3) and adds one; Z repeats X2 once more.
    const y = await ingestFile(t.db, tempFile('y.csv', calls('X1,2026-03-02 09:00,phone,1', 'X2,2026-03-02 09:01,phone,2', 'Y1,2026-03-02 10:00,phone,9')), options('calls'));
    expect(y, y.error).toMatchObject({ status: 'loaded', rowsLoaded: 1, rowsDuplicate: 2 });
    const z = await ingestFile(t.db, tempFile('z.csv', calls('Z1,2026-03-02 11:00,email,5', 'X2,2026-03-02 09:01,phone,2')), options('calls'));
    expect(z, z.error).toMatchObject({ status: 'loaded', rowsLoaded: 1, rowsDuplicate: 1 });

    const removed = await remove(t.db, x.batchId!, 'wrong time zone');
    expect(removed).toMatchObject({ batchId: x.batchId, rowsRemoved: 3, promoted: [{ batchId: y.batchId, rows: 2 }] });
    // Y now holds its three rows under its own lines; Z's repeat points at Y's copy of X2.
    expect(await rows(t.db, 'SELECT contact_id, line_no FROM contact WHERE batch_id = $1 ORDER BY line_no', [y.batchId])).toEqual([
      { contact_id: 'X1', line_no: 2 },
      { contact_id: 'X2', line_no: 3 },
      { contact_id: 'Y1', line_no: 4 },
    ]);
    expect(await rows(t.db, 'SELECT original_batch_id, original_line_no FROM duplicate_row WHERE batch_id = $1', [z.batchId])).toEqual([
      { original_batch_id: y.batchId, original_line_no: 3 },
    ]);
    expect(await rows(t.db, 'SELECT count(*)::int AS n FROM contact WHERE batch_id = $1', [x.batchId])).toEqual([{ n: 0 }]);
    expect(await rows(t.db, 'SELECT status, rows_loaded, rows_duplicate FROM ingest_batch WHERE batch_id = ANY ($1::bigint[]) ORDER BY batch_id', [[x.batchId, y.batchId]])).toEqual([
      { status: 'removed', rows_loaded: 3, rows_duplicate: 0 },
      { status: 'loaded', rows_loaded: 3, rows_duplicate: 0 },
    ]);
    const history = await rows<{ batch_id: number; event: string; reason: string | null; actor: string }>(
      t.db,
      'SELECT batch_id, event, reason, actor FROM batch_event WHERE batch_id = ANY ($1::bigint[]) ORDER BY event_id',
      [[x.batchId, y.batchId]],
    );
    expect(history.map((h) => [h.batch_id, h.event, h.reason])).toEqual([
      [x.batchId, 'loaded', null],
      [y.batchId, 'loaded', null],
      [x.batchId, 'removed', 'wrong time zone'],
      [y.batchId, 'rows_promoted', 'wrong time zone'],
    ]);
    expect(history[2]!.actor).toMatch(/^tester@test as \w+/);
    // Removed content no longer blocks loading it again; a removed batch cannot be removed twice.
    const again = await ingestFile(t.db, tempFile('x.csv', calls('X1,2026-03-02 09:00,phone,1', 'X2,2026-03-02 09:01,phone,2', 'X3,2026-03-02 09:02,chat,3')), options('calls'));
    expect(again).toMatchObject({ status: 'loaded', rowsLoaded: 1, rowsDuplicate: 2 });
    await expect(remove(t.db, x.batchId!)).rejects.toThrow(BatchRemovalError);
    await expect(remove(t.db, 99_999)).rejects.toThrow(/no batch 99999/);
  });

  it('promotes survey answers with their rated items', async () => {
    const text = 'response_id,answered_at,overall,attitude\nS1,2026-03-05 12:00,5,4\nS2,2026-03-05 12:05,2,1\n';
    const first = await ingestFile(t.db, tempFile('s1.csv', text), options('surveys'));
    const second = await ingestFile(t.db, tempFile('s2.csv', `${text}S3,2026-03-05 13:00,3,3\n`), options('surveys'));
    expect(second, second.error).toMatchObject({ status: 'loaded', rowsLoaded: 1, rowsDuplicate: 2 });
    await remove(t.db, first.batchId!);
    expect(
      await rows(t.db, 'SELECT line_no, item, raw_value FROM survey_answer WHERE batch_id = $1 ORDER BY line_no, item', [second.batchId]),
    ).toEqual([
      { line_no: 2, item: 'attitude', raw_value: 4 },
      { line_no: 2, item: 'overall', raw_value: 5 },
      { line_no: 3, item: 'attitude', raw_value: 1 },
      { line_no: 3, item: 'overall', raw_value: 2 },
      { line_no: 4, item: 'attitude', raw_value: 3 },
      { line_no: 4, item: 'overall', raw_value: 3 },
    ]);
  });

  it('replaces a batch by a load of the same file with other options, in one transaction', async () => {
    const file = tempFile('r.csv', calls('R1,2026-04-01 08:00,phone,1', 'R2,2026-04-01 08:10,phone,2'));
    const first = await ingestFile(t.db, file, options('calls'));
    expect(first.status).toBe('loaded');
    const skipped = await ingestFile(t.db, file, options('calls', { timeZone: 'UTC' }));
    expect(skipped).toMatchObject({ status: 'skipped', batchId: first.batchId });
    expect(skipped.message).toMatch(/with other options \(--time-zone: Asia\/Shanghai → UTC\); to load it again with these, add --replace/);
    expect((await ingestFile(t.db, file, options('calls'))).message).toMatch(/same content\); nothing changed/);

    // A replace whose new load fails changes nothing: the old batch stays loaded.
    const refused = await ingestFile(t.db, file, options('calls', { timeZone: 'UTC', replace: {}, dateFormat: 'MDY', maxRejectRate: 0, minEpochMs: Date.UTC(2027, 0, 1) }));
    expect(refused.status).toBe('failed');
    expect(await rows(t.db, 'SELECT status FROM ingest_batch WHERE batch_id = $1', [first.batchId])).toEqual([{ status: 'loaded' }]);

    const replaced = await ingestFile(t.db, file, options('calls', { timeZone: 'UTC', replace: {}, reason: 'exported in UTC' }));
    expect(replaced, replaced.error).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    expect(replaced.message).toBe(`replaced batch ${first.batchId} (r.csv, 2 row(s) removed)`);
    expect(await rows(t.db, 'SELECT status, replaced_by FROM ingest_batch WHERE batch_id = $1', [first.batchId])).toEqual([
      { status: 'removed', replaced_by: replaced.batchId },
    ]);
    expect(
      await rows(t.db, "SELECT to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI') AS t FROM contact WHERE batch_id = $1 ORDER BY line_no", [replaced.batchId]),
    ).toEqual([{ t: '08:00' }, { t: '08:10' }]);
    // A batch of another kind cannot be replaced by this file.
    const [survey] = await rows<{ batch_id: number }>(t.db, "SELECT batch_id FROM ingest_batch WHERE source_kind = 'surveys' AND status = 'loaded'");
    const wrongKind = await ingestFile(t.db, tempFile('other.csv', calls('Q1,2026-04-02 08:00,phone,1')), options('calls', { replace: { batchId: survey!.batch_id } }));
    expect(wrongKind).toMatchObject({ status: 'failed', error: `batch ${survey!.batch_id} (s2.csv) holds surveys, not calls: it cannot be replaced by this file` });
    // --replace with nothing to replace loads the file and says so.
    const fresh = await ingestFile(t.db, tempFile('fresh.csv', calls('N1,2026-04-03 08:00,phone,1')), options('calls', { replace: {} }));
    expect(fresh).toMatchObject({ status: 'loaded', rowsLoaded: 1, message: '--replace: no loaded batch holds this content, so nothing was replaced; loaded as a new batch' });
  });
});
