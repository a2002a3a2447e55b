/**
 * Duration columns whose header names a unit ("Queue Time (min)", "处理时长（小时）") hold plain numbers in that
 * unit; values with their own form (`1:30`, `2分30秒`) are read as written; a profile's durationUnits wins over
 * the header. Stored as seconds, on PGlite and the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durationUnitOfHeader } from '../../src/ingest/standardize/duration-unit.js';
import { parseDurationBytes } from '../../src/ingest/standardize/duration.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

describe('durationUnitOfHeader', () => {
  it.each([
    ['Queue Time (min)', 'minutes'],
    ['Full resolution time in minutes', 'minutes'],
    ['Hold mins', 'minutes'],
    ['Wait (m)', 'minutes'],
    ['时长（分）', 'minutes'],
    ['排队时长(分钟)', 'minutes'],
    ['通话时长(秒)', 'seconds'],
    ['Talk Time (s)', 'seconds'],
    ['ACW (sec)', 'seconds'],
    ['talk_seconds', 'seconds'],
    ['处理时长（小时）', 'hours'],
    ['Wait [h]', 'hours'],
    ['Resolution hrs', 'hours'],
    ['AHT ms', 'milliseconds'],
    ['振铃时长(毫秒)', 'milliseconds'],
  ] as const)('%s → %s', (header, unit) => {
    expect(durationUnitOfHeader(header)).toBe(unit);
  });

  it.each(['wait_time', '排队时长', 'Handle time (hh:mm:ss)', 'admins', 'Time (min or sec)', 'Summary'])('%s names no single unit', (header) => {
    expect(durationUnitOfHeader(header)).toBeUndefined();
  });

  it('scales plain numbers only', () => {
    const b = (t: string) => Buffer.from(t, 'utf8');
    expect(parseDurationBytes(b('2.5'), 0, 3, 60)).toBe(150);
    expect(parseDurationBytes(b('1:30'), 0, 4, 60)).toBe(90);
    expect(parseDurationBytes(b('2分30秒'), 0, b('2分30秒').length, 3600)).toBe(150);
    expect(parseDurationBytes(b('1500'), 0, 4, 0.001)).toBe(1.5);
  });
});

const FILE = [
  'call_id,start_time,channel,Queue Time (min),Talk Time (sec),处理时长（小时）',
  'D1,2026-05-01 09:00,phone,2.5,300,',
  'D2,2026-05-01 10:00,phone,1:30,2分,0.5',
  '',
].join('\n');

describe.each(TEST_DATABASES)('duration units on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  const waits = async () =>
    withSession(t.db, async (s) => (await s.query<{ contact_id: string; wait_seconds: number; talk_seconds: number; after_work_seconds: number | null }>(`SELECT contact_id, wait_seconds, talk_seconds, after_work_seconds FROM contact ORDER BY batch_id DESC, contact_id LIMIT 2`)).rows);

  it('reads each column in its unit and says so', async () => {
    const options = { kind: 'calls' as const, hasher: new KeyedHasher(Buffer.alloc(32, 1)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0, profile: { columns: { '处理时长（小时）': 'after_work_seconds' } } };
    const r = await ingestFile(t.db, tempFile('units.csv', FILE), options);
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    expect(r.message).toMatch(/wait_seconds: plain numbers in 'Queue Time \(min\)' read as minutes/);
    expect(r.message).toMatch(/after_work_seconds: plain numbers in '处理时长（小时）' read as hours/);
    expect((await waits()).map((w) => [w.contact_id, w.wait_seconds, w.talk_seconds, w.after_work_seconds])).toEqual([
      ['D1', 150, 300, null],
      ['D2', 90, 120, 1800],
    ]);
  });

  it("takes the profile's unit over the header's", async () => {
    const options = { kind: 'calls' as const, hasher: new KeyedHasher(Buffer.alloc(32, 1)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0, profile: { columns: { '处理时长（小时）': 'after_work_seconds' }, durationUnits: { wait_seconds: 'seconds' as const } } };
    const r = await ingestFile(t.db, tempFile('units2.csv', FILE.replace('D1,', 'E1,').replace('D2,', 'E2,')), options);
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    expect((await waits()).map((w) => [w.contact_id, w.wait_seconds])).toEqual([
      ['E1', 2.5],
      ['E2', 90],
    ]);
  });
});
