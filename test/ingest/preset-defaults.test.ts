/**
 * What a preset declares is where reading starts, not a verdict (review): its date order gives way to evidence
 * in the dates, and its time zone applies only when the user named none.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const base = (kind: IngestOptions['kind'], extra: Partial<IngestOptions> = {}): IngestOptions => ({
  kind,
  hasher: new KeyedHasher(Buffer.alloc(32, 4)),
  timeZone: 'UTC',
  nowMs: Date.UTC(2026, 10, 1),
  ...extra,
});

describe.each(TEST_DATABASES)('preset defaults on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  const decisions = async (batchId: number | null) =>
    withSession(t.db, async (s) => (await s.query<{ decisions: { dayOrder: { order: string; source: string }; timeZone: string } }>('SELECT decisions FROM ingest_batch WHERE batch_id = $1', [batchId])).rows[0]!.decisions);

  it("lets the dates overrule a preset's date order (Microsoft Forms saved by a day-first Excel)", async () => {
    const file = tempFile('forms.csv', ['ID,Start time,Completion time,Email,Name,Last modified time,How satisfied are you?', '1,25/03/2026 09:00,25/03/2026 09:05,a@example.com,A,,5', '2,03/04/2026 10:00,03/04/2026 10:04,b@example.com,B,,4', ''].join('\n'));
    const result = await ingestFile(t.db, file, base('surveys'));
    expect({ status: result.status, preset: result.preset, loaded: result.rowsLoaded, error: result.error }).toEqual({ status: 'loaded', preset: 'microsoft-forms', loaded: 2, error: undefined });
    expect((await decisions(result.batchId)).dayOrder).toMatchObject({ order: 'DMY', source: 'evidence' });
    const [row] = await withSession(t.db, async (s) => (await s.query<{ d: string }>(`SELECT to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d FROM survey_response WHERE batch_id = $1 AND line_no = 3`, [result.batchId])).rows);
    expect(row!.d).toBe('2026-04-03');
  });

  it("reads times in the preset's zone when the user named none, and in the user's when they did", async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'vendors', '7moor-calls', '通话记录.csv');
    const byPreset = await ingestFile(t.db, fixture, base('calls', { timeZoneIsDefault: true }));
    expect({ status: byPreset.status, zone: byPreset.timeZone }).toEqual({ status: 'loaded', zone: 'Asia/Shanghai' });
    expect((await decisions(byPreset.batchId)).timeZone).toBe('Asia/Shanghai');
    const byUser = await ingestFile(t.db, fixture, base('calls', { timeZone: 'Europe/Berlin', replace: {} }));
    expect({ status: byUser.status, zone: byUser.timeZone }).toEqual({ status: 'loaded', zone: 'Europe/Berlin' });
  });

  it('refuses to skip a "second header row" that holds data (a Qualtrics export without its extra header rows)', async () => {
    const { readFileSync } = await import('node:fs');
    const dir = join(import.meta.dirname, '..', 'fixtures', 'vendors', 'qualtrics');
    const name = 'Support CSAT Survey_February 17, 2026_09.42.csv';
    const lines = readFileSync(join(dir, name), 'utf8').split(/\r?\n/);
    // Drop the question-text and ImportId rows: line 2 is now the first response.
    const legacy = tempFile('legacy.csv', [lines[0], ...lines.slice(3)].join('\n'));
    const refused = await ingestFile(t.db, legacy, base('surveys'));
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/^line 2 holds data .*\(skipLinesAfterHeader\).*"skipLinesAfterHeader": 0/);
    const loaded = await ingestFile(t.db, legacy, base('surveys', { profile: { skipLinesAfterHeader: 0 } }));
    expect({ status: loaded.status, preset: loaded.preset, read: loaded.rowsRead }).toEqual({ status: 'loaded', preset: 'qualtrics', read: lines.slice(3).filter((l) => l.trim() !== '').length });
  });
});
