/**
 * Record versions (sql/000004): ticketing systems export snapshots and survey platforms re-export edited
 * responses. Every version stays in the fact table with the batch that brought it; the *_current views hold the
 * latest per business key — by the record's own update time when the export has one, else by load order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { removeBatch } from '../../src/db/batch-queries.js';
import { resolveBatchVersions } from '../../src/db/record-versions.js';
import { withSession, type Database } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const options = (kind: IngestOptions['kind']): IngestOptions => ({
  kind,
  hasher: new KeyedHasher(Buffer.alloc(32, 3)),
  timeZone: 'UTC',
  nowMs: Date.UTC(2026, 10, 30),
  maxRejectRate: 0,
});

async function rows<T>(db: Database, query: string): Promise<T[]> {
  return withSession(db, async (s) => (await s.query<T>(query)).rows);
}

describe.each(TEST_DATABASES)('record versions on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('counts a ticket exported open and then resolved once, with the resolved times, and keeps both versions', async () => {
    const monday = ['ticket_id,created_at,status,resolved_at,category', 'T-1,2026-03-02 09:00,open,,billing', 'T-2,2026-03-02 10:00,open,,network', ''].join('\n');
    const tuesday = ['ticket_id,created_at,status,resolved_at,category', 'T-1,2026-03-02 09:00,resolved,2026-03-03 08:30,billing', 'T-3,2026-03-03 11:00,open,,service', ''].join('\n');
    const first = await ingestFile(t.db, tempFile('monday.csv', monday), options('complaints'));
    const second = await ingestFile(t.db, tempFile('tuesday.csv', tuesday), options('complaints'));
    expect([first.status, second.status, first.rowsLoaded, second.rowsLoaded]).toEqual(['loaded', 'loaded', 2, 2]);
    const current = await rows<{ ticket_id: string; status: string; resolved: string | null; batch_id: string }>(
      t.db,
      `SELECT ticket_id, status, to_char(resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS resolved, batch_id::text
       FROM complaint_current ORDER BY ticket_id`,
    );
    expect(current).toEqual([
      { ticket_id: 'T-1', status: 'resolved', resolved: '2026-03-03 08:30', batch_id: String(second.batchId) },
      { ticket_id: 'T-2', status: 'open', resolved: null, batch_id: String(first.batchId) },
      { ticket_id: 'T-3', status: 'open', resolved: null, batch_id: String(second.batchId) },
    ]);
    const history = await rows<{ status: string; batch_id: string }>(t.db, `SELECT status, batch_id::text FROM complaint WHERE ticket_id = 'T-1' ORDER BY batch_id`);
    expect(history).toEqual([
      { status: 'open', batch_id: String(first.batchId) },
      { status: 'resolved', batch_id: String(second.batchId) },
    ]);
    expect(second.message).toContain('1 row(s) are now older versions of a record (same ticket_id');
    // Removing the export that brought the newer version makes the older one current again.
    await withSession(t.db, async (s) => {
      await s.query('BEGIN');
      await removeBatch(s, second.batchId!, 'tester@test', 'wrong export');
      await s.query('COMMIT');
    });
    const after = await rows<{ ticket_id: string; status: string }>(t.db, `SELECT ticket_id, status FROM complaint_current ORDER BY ticket_id`);
    expect(after).toEqual([
      { ticket_id: 'T-1', status: 'open' },
      { ticket_id: 'T-2', status: 'open' },
    ]);
  });

  it('finds the versions whichever side is smaller: a large export over a small one, then a small one over both', async () => {
    const header = 'ticket_id,created_at,status,resolved_at,category';
    const small = [header, 'V-7,2026-04-01 09:00,open,,billing', ''].join('\n');
    // 60 distinct tickets, V-7 among them now resolved: more rows than every complaint batch loaded before, so
    // the earlier batches' keys are looked up among this one's (record-versions.ts), not the other way round.
    const large = [
      header,
      ...Array.from({ length: 60 }, (_, i) => (i === 7 ? 'V-7,2026-04-01 09:00,resolved,2026-04-02 10:00,billing' : `V-${i},2026-04-01 1${i % 10}:00,open,,network`)),
      '',
    ].join('\n');
    const later = [header, 'V-8,2026-04-01 18:00,resolved,2026-04-03 09:00,network', ''].join('\n');
    const a = await ingestFile(t.db, tempFile('v-small.csv', small), options('complaints'));
    const b = await ingestFile(t.db, tempFile('v-large.csv', large), options('complaints'));
    const c = await ingestFile(t.db, tempFile('v-later.csv', later), options('complaints'));
    expect([a.status, b.status, c.status, b.rowsLoaded]).toEqual(['loaded', 'loaded', 'loaded', 60]);
    expect(b.message).toContain('1 row(s) are now older versions of a record');
    expect(c.message).toContain('1 row(s) are now older versions of a record');
    const current = await rows<{ ticket_id: string; status: string; batch_id: string }>(
      t.db,
      "SELECT ticket_id, status, batch_id::text FROM complaint_current WHERE ticket_id IN ('V-7', 'V-8', 'V-9') ORDER BY ticket_id",
    );
    expect(current).toEqual([
      { ticket_id: 'V-7', status: 'resolved', batch_id: String(b.batchId) },
      { ticket_id: 'V-8', status: 'resolved', batch_id: String(c.batchId) },
      { ticket_id: 'V-9', status: 'open', batch_id: String(b.batchId) },
    ]);
    const versions = await rows<{ n: string; superseded: string }>(t.db, "SELECT count(*)::text AS n, count(*) FILTER (WHERE superseded)::text AS superseded FROM complaint WHERE ticket_id LIKE 'V-%'");
    expect(versions).toEqual([{ n: '62', superseded: '2' }]);
  });

  it('supersedes a version loaded after a newer one at once, and re-ranks a key when a replace brings it again', async () => {
    const newer = ['ticket_id,created_at,updated_at,status', 'U-1,2026-06-01 09:00,2026-06-02 10:00,resolved', ''].join('\n');
    const older = ['ticket_id,created_at,updated_at,status', 'U-1,2026-06-01 09:00,2026-06-01 12:00,open', ''].join('\n');
    await ingestFile(t.db, tempFile('newer.csv', newer), options('complaints'));
    const late = await ingestFile(t.db, tempFile('older.csv', older), options('complaints'));
    expect(late.message).toContain('1 row(s) are now older versions');
    const current = () => rows<{ status: string; superseded: boolean }>(t.db, `SELECT status, superseded FROM complaint WHERE ticket_id = 'U-1' ORDER BY status`);
    expect(await current()).toEqual([
      { status: 'open', superseded: true },
      { status: 'resolved', superseded: false },
    ]);
    // Two versions in one file (a snapshot export listing a ticket twice): the later line is current.
    const twice = ['ticket_id,created_at,status', 'U-2,2026-06-05 09:00,open', 'U-3,2026-06-05 09:30,open', 'U-2,2026-06-05 09:00,closed', ''].join('\n');
    await ingestFile(t.db, tempFile('twice.csv', twice), options('complaints'));
    expect(await rows<{ status: string }>(t.db, `SELECT status FROM complaint_current WHERE ticket_id = 'U-2'`)).toEqual([{ status: 'closed' }]);
    // The older export replaced by a copy with a later update time: now it is the newest.
    const fixed = ['ticket_id,created_at,updated_at,status', 'U-1,2026-06-01 09:00,2026-06-03 08:00,open', ''].join('\n');
    await ingestFile(t.db, tempFile('older-fixed.csv', fixed), { ...options('complaints'), replace: { batchId: late.batchId! } });
    expect(await current()).toEqual([
      { status: 'open', superseded: false },
      { status: 'resolved', superseded: true },
    ]);
  });

  it("takes the record's own update time over load order, and keeps rows without a business key", async () => {
    // The newer snapshot (updated 12:00) is loaded first, an older one (updated 09:00) after it.
    const newer = ['response_id,submitted_at,updated_at,satisfaction', 'R-1,2026-04-01 08:00,2026-04-01 12:00,5', ',2026-04-01 08:30,,4', ''].join('\n');
    const older = ['response_id,submitted_at,updated_at,satisfaction', 'R-1,2026-04-01 08:00,2026-04-01 09:00,2', ',2026-04-01 08:30,,3', ''].join('\n');
    const a = await ingestFile(t.db, tempFile('newer.csv', newer), options('surveys'));
    const b = await ingestFile(t.db, tempFile('older.csv', older), options('surveys'));
    expect([a.status, b.status]).toEqual(['loaded', 'loaded']);
    const current = await rows<{ response_id: string | null; raw_value: number }>(
      t.db,
      `SELECT r.response_id, a.raw_value FROM survey_response_current r JOIN survey_answer_current a USING (batch_id, line_no) ORDER BY r.response_id NULLS LAST, a.raw_value`,
    );
    // R-1 keeps its 12:00 version (5); the two responses without an id are two records.
    expect(current).toEqual([
      { response_id: 'R-1', raw_value: 5 },
      { response_id: null, raw_value: 3 },
      { response_id: null, raw_value: 4 },
    ]);
  });

  it('keeps placeholder ids apart, and merges ids only within one source system (preset) and never across an upgrade', async () => {
    const placeholders = ['ticket_id,created_at,status', '-,2026-05-01 09:00,open', 'N/A,2026-05-01 10:00,open', '0,2026-05-01 11:00,open', '无,2026-05-01 12:00,open', ''].join('\n');
    const p = await ingestFile(t.db, tempFile('placeholders.csv', placeholders), options('complaints'));
    expect(p.rowsLoaded).toBe(4);
    const [kept] = await rows<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM complaint_current WHERE batch_id = ${p.batchId}`);
    expect(kept!.n).toBe(4);
    // Two batches with the same ticket number from two systems: two tickets. Same system: one.
    const a = await ingestFile(t.db, tempFile('system-a.csv', ['ticket_id,created_at,status', 'Z-9,2026-05-02 09:00,open', ''].join('\n')), options('complaints'));
    const b = await ingestFile(t.db, tempFile('system-b.csv', ['ticket_id,created_at,status', 'Z-9,2026-05-02 09:30,closed', ''].join('\n')), options('complaints'));
    const current = () => rows<{ status: string }>(t.db, `SELECT status FROM complaint_current WHERE ticket_id = 'Z-9' ORDER BY status`);
    expect(await current()).toEqual([{ status: 'closed' }]);
    // The batch's source system is part of the record (decisions.preset, written at load): as if b had been
    // loaded by the Freshdesk preset, then as if by none, then as if a had been loaded before record versions.
    const rescope = (batchId: number, path: string, value: string) =>
      withSession(t.db, async (s) => {
        await s.query(`UPDATE ingest_batch SET decisions = jsonb_set(decisions, '{${path}}', '${value}') WHERE batch_id = $1`, [batchId]);
        await resolveBatchVersions(s, 'complaint', [a.batchId!, b.batchId!]);
      });
    await rescope(b.batchId!, 'preset', '{"id": "freshdesk"}');
    expect(await current()).toEqual([{ status: 'closed' }, { status: 'open' }]);
    // A batch loaded before record versions (rowKeyVersion 2) is a scope of its own.
    await rescope(b.batchId!, 'preset', 'null');
    expect(await current()).toEqual([{ status: 'closed' }]);
    await rescope(a.batchId!, 'rowKeyVersion', '2');
    expect(await current()).toEqual([{ status: 'closed' }, { status: 'open' }]);
  });
});
