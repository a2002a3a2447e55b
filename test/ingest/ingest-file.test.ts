import { utimesSync } from 'node:fs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession, type Database } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';
import { kyselyOf } from '../../src/db/kysely-dialect.js';

const KEY = Buffer.alloc(32, 7);
const NOW = Date.UTC(2026, 10, 23, 12);

function options(kind: IngestOptions['kind'], extra: Partial<IngestOptions> = {}): IngestOptions {
  return { kind, hasher: new KeyedHasher(KEY), timeZone: 'Asia/Shanghai', nowMs: NOW, maxRejectRate: 1, maxDuplicateRate: 1, ...extra };
}

async function rows<T>(db: Database, query: string, params: unknown[] = []): Promise<T[]> {
  return withSession(db, async (s) => (await s.query<T>(query, params)).rows);
}

const CALLS = [
  'call_id,start_time,answer_time,channel,status,wait_time,talk_time,agent,team,region,phone',
  'C1,2026-01-05 09:00:00,2026-01-05 09:00:45,phone,answered,45,1:30,A0101,T1,华东,13812345678',
  'C2,2026/01/05 09:05:00,,电话,放弃,00:02:10,,A0102,T1,华东,+86 139-1234-5678',
  'C3,2026-01-05T09:10:00+08:00,2026-01-05T09:10:05+08:00,在线客服,接通,5s,2分30秒,A0201,"Team, Two",华南,13812345678',
  '',
].join('\n');

describe.each(TEST_DATABASES)('ingestFile on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('loads a call log: standardized values, times in the configured zone, pseudonymous customers', async () => {
    const file = tempFile('calls.csv', CALLS);
    const result = await ingestFile(t.db, file, options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, rowsDuplicate: 0, encoding: 'utf-8', format: 'csv' });
    const loaded = await rows<Record<string, unknown>>(
      t.db,
      `SELECT contact_id, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS started_utc, channel, outcome,
              wait_seconds, talk_seconds, team, customer_key, customer_key_source
       FROM contact WHERE batch_id = $1 ORDER BY line_no`,
      [result.batchId],
    );
    expect(loaded.map((r) => [r['contact_id'], r['started_utc'], r['channel'], r['outcome'], r['wait_seconds'], r['talk_seconds']])).toEqual([
      ['C1', '2026-01-05 01:00:00', 'phone', 'answered', 45, 90],
      ['C2', '2026-01-05 01:05:00', 'phone', 'abandoned', 130, null],
      ['C3', '2026-01-05 01:10:00', 'chat', 'answered', 5, 150],
    ]);
    expect(loaded[2]!['team']).toBe('Team, Two');
    // One customer called twice (two spellings of one number): one key, never the number itself.
    expect(loaded[0]!['customer_key']).toBe(loaded[2]!['customer_key']);
    expect(loaded[0]!['customer_key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(loaded[1]!['customer_key']).not.toBe(loaded[0]!['customer_key']);
    expect(loaded[0]!['customer_key_source']).toBe('phone');
    const dump = JSON.stringify(await rows(t.db, 'SELECT * FROM contact'));
    expect(dump).not.toMatch(/13812345678|1391234/);
    const customers = await rows<{ n: number }>(t.db, 'SELECT count(*)::int AS n FROM customer');
    expect(customers[0]!.n).toBe(2);
    const [batchRow] = await rows<{ n: number }>(t.db, 'SELECT count(*)::int AS n FROM agent_assignment');
    expect(batchRow!.n).toBe(3);
    const [batch] = await rows<Record<string, unknown>>(t.db, 'SELECT * FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
    expect(batch).toMatchObject({ status: 'loaded', rows_read: 3, rows_loaded: 3, delimiter: 'comma', header_line: 1, encoding: 'utf-8' });
    expect((batch!['column_mapping'] as { used: unknown[] }).used).toContainEqual({ header: 'start_time', column: 1, field: 'started_at', via: 'alias' });
    // Each label met and the code it became are recorded on the batch (call rows keep no raw label).
    const labels = (batch!['decisions'] as { labels: Record<string, Record<string, string>> }).labels;
    expect(labels['channel']).toEqual({ phone: 'phone', 电话: 'phone', 在线客服: 'chat' });
    expect(labels['outcome']).toEqual({ answered: 'answered', 放弃: 'abandoned', 接通: 'answered' });
  });

  it('gives one customer one key however the number is written, and different numbers different keys', async () => {
    // 13812345678 and 13812411199 (= +65521) share a slot of the phone-key cache; full-width digits and
    // 15-digit numbers take the uncached paths.
    const phones = ['13812345678', '13812411199', '+86 138 1234 5678', '008613812411199', '１３８１２３４５６７８', '13812345678', '123456789012345'];
    const text = ['start_time,channel,phone', ...phones.map((p, i) => `2026-01-06 09:0${i}:00,phone,"${p}"`), ''].join('\n');
    const result = await ingestFile(t.db, tempFile('phones.csv', text), options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsLoaded: 7 });
    const keys = (await rows<{ k: string }>(t.db, 'SELECT customer_key::text AS k FROM contact WHERE batch_id = $1 ORDER BY line_no', [result.batchId])).map((r) => r.k);
    expect(new Set([keys[0], keys[2], keys[4], keys[5]]).size).toBe(1);
    expect(keys[1]).toBe(keys[3]);
    expect(keys[0]).not.toBe(keys[1]);
    expect(new Set(keys).size).toBe(3);
    // The key is the HMAC of the normalised number (the same function the string path uses).
    const expected = new KeyedHasher(KEY).hex('phone:13812345678');
    expect(keys[0]!.replaceAll('-', '')).toBe(expected);
  });

  it('skips a file whose content is already loaded, changing nothing', async () => {
    const before = await rows<{ n: number }>(t.db, 'SELECT count(*)::int AS n FROM contact');
    const again = await ingestFile(t.db, tempFile('renamed.csv', CALLS), options('calls'));
    expect(again.status).toBe('skipped');
    expect(again.rowsLoaded).toBe(0);
    const after = await rows<{ n: number }>(t.db, 'SELECT count(*)::int AS n FROM contact');
    expect(after).toEqual(before);
  });

  it('counts exact duplicates within a file and against earlier batches, recording the original', async () => {
    const overlap = [
      'call_id,start_time,channel,wait_time,phone',
      'C1,2026-01-05 09:00:00,phone,45,13812345678', // differs from batch 1's C1 (fewer columns): new row
      'C9,2026-01-06 10:00:00,chat,3,13700000000',
      'C9,2026-01-06 10:00:00,chat,3,13700000000', // exact duplicate within the file
      '',
    ].join('\n');
    const first = await ingestFile(t.db, tempFile('overlap.csv', overlap), options('calls'));
    expect(first).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 2, rowsDuplicate: 1 });
    const second = await ingestFile(t.db, tempFile('overlap2.csv', overlap.replace('C1,', 'C1b,')), options('calls'));
    expect(second).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 1, rowsDuplicate: 2 });
    const dups = await rows<Record<string, number>>(
      t.db,
      'SELECT line_no, original_batch_id, original_line_no FROM duplicate_row WHERE batch_id = $1 ORDER BY line_no',
      [second.batchId],
    );
    expect(dups).toEqual([
      { line_no: 3, original_batch_id: first.batchId, original_line_no: 3 },
      { line_no: 4, original_batch_id: first.batchId, original_line_no: 3 },
    ]);
  });

  it('rejects bad rows with every reason and loads the good rows around them', async () => {
    const text = [
      'call_id,start_time,channel,wait_time,talk_time,phone',
      'R1,2026-01-05 09:00:00,phone,30,60,13812345678',
      'R2,2026-02-30 09:00:00,phone,-5,60,13812345678',
      'R3,2026-01-05 09:00:00,pigeon,abc,60,13812345678',
      'R4,2099-01-01 00:00:00,phone,30,60,not-a-phone',
      'R5,2026-01-05 09:00:00,phone',
      'R6,2026-01-05 09:01:00,chat,10,20,13812345678',
      '',
    ].join('\n');
    const result = await ingestFile(t.db, tempFile('bad.csv', text), options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 6, rowsLoaded: 2, rowsRejected: 4, rowsDuplicate: 0 });
    const rejected = await rows<{ line_no: number; reason_codes: string[]; reasons: string[]; raw_text: string }>(
      t.db,
      'SELECT line_no, reason_codes, reasons, raw_text FROM rejected_row WHERE batch_id = $1 ORDER BY line_no',
      [result.batchId],
    );
    expect(rejected.map((r) => [r.line_no, r.reason_codes])).toEqual([
      [3, ['invalid_timestamp', 'negative_duration']],
      [4, ['unknown_label', 'invalid_duration']],
      [5, ['future_date', 'invalid_phone']],
      [6, ['ragged_row']],
    ]);
    expect(rejected[0]!.reasons[0]).toBe("started_at: '2026-02-30 09:00:00' is not a valid date/time");
    expect(rejected[1]!.reasons[0]).toMatch(/^channel: unknown label 'pigeon'/);
    // Raw text is kept, personal data masked.
    expect(rejected[0]!.raw_text).toBe('R2,2026-02-30 09:00:00,phone,-5,60,138****5678');
  });

  it('refuses a file whose rows are mostly bad (error budget), loading nothing and saying why', async () => {
    const text = ['start_time,channel', '2026-01-05 09:00:00,phone', ...Array.from({ length: 9 }, (_, i) => `2026-13-0${i + 1} 09:00,phone`), ''].join('\n');
    const result = await ingestFile(t.db, tempFile('mostly-bad.csv', text), options('calls', { maxRejectRate: 0.1 }));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/9 of 10 rows rejected \(90\.0 %.*most common: invalid_timestamp ×9 \(e\.g\. line 3, 4, 5/);
    const [batch] = await rows<Record<string, unknown>>(t.db, 'SELECT status, rows_loaded FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
    expect(batch).toEqual({ status: 'failed', rows_loaded: 0 });
    const loaded = await rows<{ n: number }>(t.db, 'SELECT count(*)::int AS n FROM contact WHERE batch_id = $1', [result.batchId]);
    expect(loaded[0]!.n).toBe(0);
  });

  it('reads GB18030 with Chinese headers and a title line above the header', async () => {
    const text = '呼叫记录导出\n来电时间\t渠道\t坐席工号\t等待时长\t通话时长\t主叫号码\n2026/01/05 09:00:00\t电话\tA0101\t1分30秒\t00:03:00\t13812345678\n';
    const result = await ingestFile(t.db, tempFile('gb.tsv', iconv.encode(text, 'gb18030')), options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsLoaded: 1, encoding: 'gb18030' });
    const [row] = await rows<Record<string, unknown>>(t.db, 'SELECT channel, agent_code, wait_seconds, talk_seconds FROM contact WHERE batch_id = $1', [result.batchId]);
    expect(row).toEqual({ channel: 'phone', agent_code: 'A0101', wait_seconds: 90, talk_seconds: 180 });
    const [batch] = await rows<Record<string, unknown>>(t.db, 'SELECT header_line, delimiter, encoding_evidence FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
    expect(batch).toMatchObject({ header_line: 2, delimiter: 'tab' });
    expect(String(batch!['encoding_evidence'])).toMatch(/GB18030/);
  });

  it('stops on day/month order that no date settles, and follows the order a later date proves', async () => {
    const ambiguous = 'start_time,channel\n03/05/2026 09:00,phone\n04/06/2026 10:00,phone\n';
    const refused = await ingestFile(t.db, tempFile('ambiguous.csv', ambiguous), options('calls'));
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/line 2, field started_at: dates like '03\/05\/2026 09:00' could be day-first or month-first.*--date-format DMY or MDY/);
    const given = await ingestFile(t.db, tempFile('ambiguous2.csv', ambiguous), options('calls', { dateFormat: 'MDY' }));
    expect(given.status).toBe('loaded');
    const proven = await ingestFile(t.db, tempFile('us.csv', 'start_time,channel\n03/05/2026 09:00,email\n12/25/2025 10:00,email\n'), options('calls'));
    expect(proven).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    const dates = await rows<{ d: string }>(t.db, "SELECT to_char(started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM contact WHERE batch_id = $1 ORDER BY line_no", [proven.batchId]);
    expect(dates.map((r) => r.d)).toEqual(['2026-03-05', '2025-12-25']);
  });

  it('loads survey answers from NDJSON: one item row per rating, raw and canonical, on its scale', async () => {
    const text = [
      '{"response_id":"S1","answered_at":"2026-01-05 10:00:00","contact_id":"C1","satisfaction":5,"attitude":"非常满意","nps":9,"phone":"13812345678","comment":"请回电 13812345678"}',
      '{"response_id":"S2","answered_at":"2026-01-05 08:00:00","contact_id":"C1","satisfaction":"2","nps":"3"}',
      '{"response_id":"S3","answered_at":"2026-01-05 11:00:00","satisfaction":7}',
      'not json at all',
      '',
    ].join('\n');
    const result = await ingestFile(t.db, tempFile('answers.ndjson', text), options('surveys'));
    expect(result).toMatchObject({ status: 'loaded', format: 'ndjson', rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    const items = await rows<Record<string, unknown>>(
      t.db,
      'SELECT line_no, item, raw_text, raw_value, scale_id, canonical FROM survey_answer WHERE batch_id = $1 ORDER BY line_no, item',
      [result.batchId],
    );
    expect(items).toEqual([
      { line_no: 1, item: 'attitude', raw_text: '非常满意', raw_value: 5, scale_id: 'verbal5', canonical: 5 },
      { line_no: 1, item: 'nps', raw_text: '9', raw_value: 9, scale_id: 'nps11', canonical: 4.6 },
      { line_no: 1, item: 'overall', raw_text: '5', raw_value: 5, scale_id: 'likert5', canonical: 5 },
      { line_no: 2, item: 'nps', raw_text: '3', raw_value: 3, scale_id: 'nps11', canonical: 2.2 },
      { line_no: 2, item: 'overall', raw_text: '2', raw_value: 2, scale_id: 'likert5', canonical: 2 },
    ]);
    const answers = await rows<Record<string, unknown>>(t.db, 'SELECT response_id, comment, ratings FROM survey_response WHERE batch_id = $1 ORDER BY line_no', [result.batchId]);
    expect(answers[0]!['comment']).toBe('请回电 138****5678');
    // Each response carries the same canonical answers by item (sql/000012), the values read back as numbers.
    expect(answers.map((r) => r['ratings'])).toEqual([
      { attitude: 5, nps: 4.6, overall: 5 },
      { nps: 2.2, overall: 2 },
    ]);
    // S2 was answered (08:00) before contact C1 started (09:00): named by the view, not dropped.
    const early = await rows<{ response_id: string }>(t.db, 'SELECT DISTINCT response_id FROM survey_answered_before_contact WHERE batch_id = $1', [result.batchId]);
    expect(early).toEqual([{ response_id: 'S2' }]);
    const reasons = await rows<{ reason_codes: string[] }>(t.db, 'SELECT reason_codes FROM rejected_row WHERE batch_id = $1 ORDER BY line_no', [result.batchId]);
    expect(reasons.map((r) => r.reason_codes)).toEqual([['rating_out_of_range'], ['invalid_record']]);
  });

  it('loads complaints from a JSON array: taxonomy codes with raw labels, masked description', async () => {
    const text = JSON.stringify([
      { ticket_id: 'K1', received_at: '2026-01-05 09:00', category: '计费', urgency: '紧急', root_cause: '流程', description: '用户 li@corp.cn 反映扣费', first_response_at: '2026-01-05 09:20', reopened: '否' },
      { ticket_id: 'K2', received_at: '2026-01-05 09:00', category: 'network', urgency: 'low', resolved_at: '2026-01-04 09:00' },
    ]);
    const result = await ingestFile(t.db, tempFile('complaints.json', text), options('complaints'));
    expect(result).toMatchObject({ status: 'loaded', format: 'json', rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    const [row] = await rows<Record<string, unknown>>(t.db, 'SELECT category, category_raw, urgency, root_cause, description, reopened FROM complaint WHERE batch_id = $1', [result.batchId]);
    expect(row).toEqual({ category: 'product', category_raw: '计费', urgency: 'critical', root_cause: 'process', description: '用户 l***@corp.cn 反映扣费', reopened: false });
    const [rejected] = await rows<{ reasons: string[] }>(t.db, 'SELECT reasons FROM rejected_row WHERE batch_id = $1', [result.batchId]);
    expect(rejected!.reasons).toEqual(['resolved_at: before received_at']);
  });

  it('joins a date column and a time column into one timestamp', async () => {
    const text = '日期;时间;渠道类型;坐席;排队(秒)\n2026-01-07;09:00:01;电话;A1;12\n2026-01-07;21:30:00;在线客服;A2;4\n';
    const result = await ingestFile(t.db, tempFile('split.csv', text), options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    const times = await rows<{ t: string }>(t.db, "SELECT to_char(started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS t FROM contact WHERE batch_id = $1 ORDER BY line_no", [result.batchId]);
    expect(times.map((r) => r.t)).toEqual(['2026-01-07 09:00:01', '2026-01-07 21:30:00']);
  });

  it('fails a file with no usable header, naming what it found and the fix', async () => {
    const result = await ingestFile(t.db, tempFile('unknown.csv', 'foo,bar\n1,2\n'), options('calls'));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/no column for 'started_at'.*found: foo, bar; map a column in a profile \(--map FILE.*servq inspect/);
  });

  it('keeps distinct survey answers that differ only in their ratings (review finding)', async () => {
    const result = await ingestFile(t.db, tempFile('anon.csv', '日期,渠道,满意度\n2026-01-08,电话,5\n2026-01-08,电话,1\n2026-01-08,电话,3\n2026-01-08,电话,3\n'), options('surveys'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 4, rowsLoaded: 3, rowsDuplicate: 1 });
  });

  it('numbers JSON records by ordinal, so objects sharing a line are distinct rows (review finding)', async () => {
    const a = { ticket_id: 'M1', received_at: '2026-01-09 10:00', category: '服务' };
    const b = { ticket_id: 'M2', received_at: '2026-01-09 10:00', category: '服务' };
    const result = await ingestFile(t.db, tempFile('minified.json', JSON.stringify([a, b, a, { nothing: 1 }])), options('complaints'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 4, rowsLoaded: 2, rowsDuplicate: 1, rowsRejected: 1 });
    const lines = await rows<{ line_no: number }>(t.db, 'SELECT line_no FROM complaint WHERE batch_id = $1 ORDER BY line_no', [result.batchId]);
    expect(lines.map((r) => r.line_no)).toEqual([1, 2]);
    const [reject] = await rows<{ reasons: string[] }>(t.db, 'SELECT reasons FROM rejected_row WHERE batch_id = $1', [result.batchId]);
    expect(reject!.reasons[0]).toMatch(/no value under any key servq reads \(keys: nothing\)/);
  });

  it('keeps long JSON integers exact and reads keys that first appear late (review findings)', async () => {
    const objects = Array.from({ length: 250 }, (_, i) => `{"call_id":${9007199254740990n + BigInt(i)},"start_time":"2026-01-10 10:00:${String(i % 60).padStart(2, '0')}","channel":"phone"${i === 240 ? ',"wait_time":42' : ''}}`);
    const result = await ingestFile(t.db, tempFile('late.ndjson', objects.join('\n')), options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsRead: 250, rowsLoaded: 250 });
    const ids = await rows<{ contact_id: string; wait_seconds: number | null }>(t.db, 'SELECT contact_id, wait_seconds FROM contact WHERE batch_id = $1 ORDER BY line_no', [result.batchId]);
    expect(ids[3]!.contact_id).toBe('9007199254740993');
    expect(new Set(ids.map((r) => r.contact_id)).size).toBe(250);
    expect(ids[240]!.wait_seconds).toBe(42);
  });

  it('keeps personal data out of reasons and label maps (review finding)', async () => {
    const text = 'start_time,channel,wait_time\n2026-01-11 09:00,请回电13812345678,zhang.san@example.com\n2026-01-11 09:01,phone,5\n';
    const result = await ingestFile(t.db, tempFile('pii.csv', text), options('calls'));
    expect(result.status).toBe('loaded');
    const dump = JSON.stringify(await rows(t.db, 'SELECT r.reasons, r.raw_text, b.decisions FROM rejected_row r JOIN ingest_batch b USING (batch_id) WHERE batch_id = $1', [result.batchId]));
    expect(dump).not.toMatch(/13812345678|zhang\.san/);
    expect(dump).toContain('138****5678');
  });

  it('treats withheld caller ids as no identifier, not as bad rows', async () => {
    const text = 'start_time,channel,phone\n2026-01-12 09:00,phone,anonymous\n2026-01-12 09:01,phone,私人号码\n';
    const result = await ingestFile(t.db, tempFile('anon-callers.csv', text), options('calls'));
    expect(result).toMatchObject({ status: 'loaded', rowsLoaded: 2, rowsRejected: 0 });
  });

  it('refuses a delimiter that is not one ASCII character, naming it', async () => {
    const result = await ingestFile(t.db, tempFile('fw.csv', 'start_time，channel\n2026-01-13 09:00，phone\n'), options('calls', { delimiter: '，' }));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^the delimiter must be one ASCII character .*got '，' \(a full-width comma/);
  });

  it('does not commit a file that changed while it was loaded', async () => {
    const file = tempFile('growing.csv', 'start_time,channel\n2026-01-14 09:00,phone\n');
    const touch = (phase: string) => {
      if (phase.startsWith('scan')) utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    };
    const result = await ingestFile(t.db, file, options('calls', { onPhase: touch }));
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/the file changed while it was being loaded/);
    const again = await ingestFile(t.db, file, options('calls'));
    expect(again).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
  });

  it('keeps every input row accounted for on every loaded batch', async () => {
    const bad = await rows<{ batch_id: number }>(
      t.db,
      `SELECT b.batch_id FROM ingest_batch b WHERE b.status = 'loaded' AND (
         b.rows_read <> b.rows_loaded + b.rows_rejected + b.rows_duplicate
         OR b.rows_rejected <> (SELECT count(*) FROM rejected_row r WHERE r.batch_id = b.batch_id)
         OR b.rows_duplicate <> (SELECT count(*) FROM duplicate_row d WHERE d.batch_id = b.batch_id)
         OR b.rows_loaded <> (SELECT count(*) FROM contact c WHERE c.batch_id = b.batch_id)
              + (SELECT count(*) FROM survey_response s WHERE s.batch_id = b.batch_id)
              + (SELECT count(*) FROM complaint k WHERE k.batch_id = b.batch_id))`,
    );
    expect(bad).toEqual([]);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ingest_batch WHERE status = 'loaded'`.execute(kyselyOf(t.db));
    expect(n.rows[0]!.n).toBeGreaterThan(5);
  });
});
