/**
 * Duplicates: a row is a duplicate only when the whole source record repeats (mapped fields in canonical
 * form, unmapped columns as written); the search across overlapping batches is a sort or a hashed filter,
 * never a planner-chosen nested loop (issue: a 100k-row file over three small batches ran for hours); a file
 * that repeats itself implausibly often is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession, type Database } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';
import { minuteCallsCsv } from '../helpers/calls-csv.js';

const KEY = Buffer.alloc(32, 9);
const NOW = Date.UTC(2026, 10, 23, 12);

function options(kind: IngestOptions['kind'], extra: Partial<IngestOptions> = {}): IngestOptions {
  return { kind, hasher: new KeyedHasher(KEY), timeZone: 'Asia/Shanghai', nowMs: NOW, ...extra };
}

async function count(db: Database, query: string, params: unknown[] = []): Promise<number> {
  return withSession(db, async (s) => Number((await s.query<{ n: string }>(query, params)).rows[0]!.n));
}

describe.each(TEST_DATABASES)('duplicates on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('keeps complaints apart that differ only in columns servq does not map', async () => {
    // A consumer-complaint export: the ticket number and narrative are in columns no alias takes; the mapped
    // fields (received date, category) repeat across distinct complaints, as they do in real exports.
    const text = [
      'received_at,category,Reference No.,Narrative',
      '2026-03-01,服务,CFPB-1,charged twice',
      '2026-03-01,服务,CFPB-2,charged twice',
      '2026-03-01,服务,CFPB-3,never called back',
      '2026-03-01,服务,CFPB-3,never called back', // the same record twice: a real duplicate
      '2026-03-01,服务,,',
      '2026-03-01,服务,,', // identical in every column, empty ones included
      '',
    ].join('\n');
    const result = await ingestFile(t.db, tempFile('complaints.csv', text), options('complaints', { maxDuplicateRate: 1 }));
    expect(result, result.error).toMatchObject({ status: 'loaded', rowsRead: 6, rowsLoaded: 4, rowsDuplicate: 2 });
  });

  it('refuses a file whose rows repeat each other beyond --max-duplicate-rate, and loads it when allowed', async () => {
    const rows = ['call_id,start_time,channel,wait_time'];
    for (let i = 0; i < 90; i++) rows.push(`D${i},2026-02-0${1 + (i % 9)} 09:00,phone,${i}`);
    for (let i = 0; i < 10; i++) rows.push(`D${i},2026-02-0${1 + (i % 9)} 09:00,phone,${i}`); // 10 % repeats
    const file = tempFile('repeats.csv', `${rows.join('\n')}\n`);
    const refused = await ingestFile(t.db, file, options('calls'));
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/^10 of 100 rows \(10\.0 %\) repeat another row of this file exactly, more than the 5\.0 % allowed by --max-duplicate-rate/);
    expect(await count(t.db, "SELECT count(*) AS n FROM contact WHERE started_at >= '2026-02-01' AND started_at < '2026-02-10'")).toBe(0);
    const loaded = await ingestFile(t.db, file, options('calls', { maxDuplicateRate: 0.1 }));
    expect(loaded, loaded.error).toMatchObject({ status: 'loaded', rowsRead: 100, rowsLoaded: 90, rowsDuplicate: 10 });
    // Repeats of rows that earlier batches loaded (overlapping exports) do not count against the budget.
    const overlapping = tempFile('overlapping.csv', `${rows.slice(0, 60).join('\n')}\n`);
    const again = await ingestFile(t.db, overlapping, options('calls'));
    expect(again, again.error).toMatchObject({ status: 'loaded', rowsRead: 59, rowsLoaded: 0, rowsDuplicate: 59 });
  });

  it('loads a 100k-row file over three small overlapping batches, finding exactly the repeated rows', async () => {
    // Three small files in the same days (20, 3 and 10 rows), then a plain 100,000-row file with minute
    // timestamps (many rows share one) that repeats 5 rows of the first file exactly.
    const small = [minuteCallsCsv(20, 'A'), minuteCallsCsv(3, 'B'), minuteCallsCsv(10, 'C')];
    const earlier: number[] = [];
    for (const [i, text] of small.entries()) {
      const r = await ingestFile(t.db, tempFile(`small-${i}.csv`, text), options('calls'));
      expect(r, r.error).toMatchObject({ status: 'loaded', rowsDuplicate: 0 });
      earlier.push(r.batchId!);
    }
    const repeated = small[0]!.split('\n').slice(1, 6);
    const big = minuteCallsCsv(100_000, 'K') + `${repeated.join('\n')}\n`;
    const result = await ingestFile(t.db, tempFile('big.csv', big), options('calls'));
    expect(result, result.error).toMatchObject({ status: 'loaded', rowsRead: 100_005, rowsLoaded: 100_000, rowsDuplicate: 5 });
    expect(await count(t.db, 'SELECT count(*) AS n FROM contact WHERE batch_id = $1', [result.batchId])).toBe(100_000);
    expect(
      await count(t.db, 'SELECT count(*) AS n FROM duplicate_row WHERE batch_id = $1 AND original_batch_id = $2 AND original_line_no BETWEEN 2 AND 6', [
        result.batchId,
        earlier[0],
      ]),
    ).toBe(5);
  });
});

describe.each(TEST_DATABASES)('placeholder identifiers on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('treats declared null tokens and an identifier repeated across a large share of rows as no identifier', async () => {
    const rows = ['call_id,start_time,channel,phone'];
    // 300 calls: 120 (40 %) carry the same number (a form's default), 30 say '0' or '00000000000', the rest are distinct.
    for (let i = 0; i < 300; i++) {
      const phone = i % 5 < 2 ? '4008001234' : i % 10 === 2 ? (i % 20 === 2 ? '0' : '00000000000') : `139${String(i).padStart(8, '0')}`;
      rows.push(`P${i},2026-05-0${1 + (i % 9)} 10:00,phone,${phone}`);
    }
    const result = await ingestFile(t.db, tempFile('placeholders.csv', `${rows.join('\n')}\n`), options('calls'));
    expect(result, result.error).toMatchObject({ status: 'loaded', rowsLoaded: 300, rowsRejected: 0 });
    expect(result.message).toMatch(/one customer identifier repeats in 120 of 270 identified rows \(44\.4 %\): taken as a placeholder/);
    expect(await count(t.db, 'SELECT count(*) AS n FROM contact WHERE batch_id = $1 AND customer_key IS NULL', [result.batchId])).toBe(150);
    expect(await count(t.db, 'SELECT count(DISTINCT customer_key) AS n FROM contact WHERE batch_id = $1', [result.batchId])).toBe(150);
    const decisions = await withSession(t.db, async (s) => (await s.query<{ d: unknown }>("SELECT decisions -> 'placeholderIdentifiers' AS d FROM ingest_batch WHERE batch_id = $1", [result.batchId])).rows[0]!.d);
    expect(decisions).toEqual([{ rows: 120, share: 120 / 270, cleared: 120 }]);
  });

  it('keeps a frequent real caller below the placeholder share', async () => {
    const rows = ['call_id,start_time,channel,phone'];
    for (let i = 0; i < 300; i++) rows.push(`Q${i},2026-06-0${1 + (i % 9)} 10:00,phone,${i % 10 === 0 ? '13912345678' : `137${String(i).padStart(8, '0')}`}`);
    const result = await ingestFile(t.db, tempFile('frequent.csv', `${rows.join('\n')}\n`), options('calls'));
    expect(result.message).toBeUndefined();
    expect(await count(t.db, 'SELECT count(*) AS n FROM contact WHERE batch_id = $1 AND customer_key IS NULL', [result.batchId])).toBe(0);
  });
});

describe.each(TEST_DATABASES)('whole-record duplicate keys on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('counts JSON keys that first appear after the sampled objects', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) lines.push(JSON.stringify({ received_at: `2026-07-0${1 + (i % 9)} 10:00`, category: '服务', ref: `R${i}` }));
    // Two objects identical but for a key the first 200 objects never had.
    lines.push(JSON.stringify({ received_at: '2026-07-01 11:00', category: '服务', ticket_note: 'T-1' }));
    lines.push(JSON.stringify({ received_at: '2026-07-01 11:00', category: '服务', ticket_note: 'T-2' }));
    const result = await ingestFile(t.db, tempFile('late.ndjson', `${lines.join('\n')}\n`), options('complaints'));
    expect(result, result.error).toMatchObject({ status: 'loaded', rowsRead: 302, rowsLoaded: 302, rowsDuplicate: 0 });
  });

  it('keeps records apart that differ only in a second identifier or in masked free text', async () => {
    const text = [
      'received_at,category,customer_id,phone,description',
      '2026-07-10 09:00,服务,C1,13812345678,call me back',
      '2026-07-10 09:00,服务,C1,13987654321,call me back', // same customer id, another phone
      '2026-07-10 09:05,服务,,,call me on 13812345678',
      '2026-07-10 09:05,服务,,,call me on 13898765678', // masks to the same 138****5678
      '',
    ].join('\n');
    const result = await ingestFile(t.db, tempFile('secondary.csv', text), options('complaints', { maxDuplicateRate: 1 }));
    expect(result, result.error).toMatchObject({ status: 'loaded', rowsRead: 4, rowsLoaded: 4, rowsDuplicate: 0 });
  });

  it('finds no placeholder in a file of a few key accounts', async () => {
    const rows = ['call_id,start_time,channel,phone'];
    for (let i = 0; i < 400; i++) rows.push(`B${i},2026-08-0${1 + (i % 9)} 10:00,phone,1390000000${i % 4}`);
    const result = await ingestFile(t.db, tempFile('b2b.csv', `${rows.join('\n')}\n`), options('calls'));
    expect(result.message).toBeUndefined();
    expect(await count(t.db, 'SELECT count(DISTINCT customer_key) AS n FROM contact WHERE batch_id = $1', [result.batchId])).toBe(4);
  });
});
