/**
 * Exports servq has never seen, written from the vendors' and datasets' public documentation (see
 * test/fixtures/vendors/README.md and test/fixtures/exports/README.md): each must load as its expect.json
 * says — the preset detected, the columns mapped (and the ones that must stay unmapped), the row counts,
 * and SQL checks of the standardized values, computed by hand from the sample.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions } from '../../src/ingest/ingest-file.js';
import { readProfile } from '../../src/ingest/profile.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';

interface Expectation {
  readonly kind: IngestOptions['kind'];
  readonly file: string;
  readonly preset?: string | null;
  readonly profile?: string | null;
  readonly options?: { timeZone?: string; dateFormat?: 'DMY' | 'MDY' | 'YMD'; encoding?: 'utf-8' | 'gb18030'; minDate?: string };
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rowsDuplicate?: number;
  readonly mapped?: Record<string, string>;
  readonly unmapped?: readonly string[];
  readonly checks?: readonly { sql: string; rows: readonly Record<string, unknown>[] }[];
}

const ROOT = join(import.meta.dirname, '..', 'fixtures');
const cases = ['vendors', 'exports'].flatMap((set) => {
  const dir = join(ROOT, set);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'expect.json')))
    .map((d) => ({ name: `${set}/${d.name}`, dir: join(dir, d.name), expect: JSON.parse(readFileSync(join(dir, d.name, 'expect.json'), 'utf8')) as Expectation }));
});

const KEY = Buffer.alloc(32, 11);
const NOW = Date.UTC(2026, 11, 1, 12);

describe.each(TEST_DATABASES)('exports servq has never seen, on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it.each(cases)('$name', async ({ dir, expect: e }) => {
    const result = await ingestFile(t.db, join(dir, e.file), {
      kind: e.kind,
      hasher: new KeyedHasher(KEY),
      timeZone: e.options?.timeZone ?? 'UTC',
      nowMs: NOW,
      minEpochMs: Date.parse(`${e.options?.minDate ?? '2000-01-01'}T00:00:00Z`),
      dateFormat: e.options?.dateFormat,
      encoding: e.options?.encoding,
      profile: e.profile ? readProfile(join(dir, e.profile)) : undefined,
    });
    expect(result.error ?? null).toBeNull();
    expect({ status: result.status, preset: result.preset ?? null }).toEqual({ status: 'loaded', preset: e.preset ?? null });
    const batch = await withSession(t.db, async (s) => (await s.query<{ column_mapping: { used: { header: string; field: string }[]; unmapped: string[] } }>('SELECT column_mapping FROM ingest_batch WHERE batch_id = $1', [result.batchId])).rows[0]!);
    const mapped = Object.fromEntries(batch.column_mapping.used.map((u) => [u.header, u.field]));
    for (const [header, field] of Object.entries(e.mapped ?? {})) expect({ header, field: mapped[header] }).toEqual({ header, field });
    for (const header of e.unmapped ?? []) expect({ header, field: mapped[header] }).toEqual({ header, field: undefined });
    expect({ read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected, duplicate: result.rowsDuplicate }).toEqual({
      read: e.rowsRead,
      loaded: e.rowsLoaded,
      rejected: e.rowsRejected,
      duplicate: e.rowsDuplicate ?? 0,
    });
    for (const check of e.checks ?? []) {
      const rows = await withSession(t.db, async (s) => (await s.query(check.sql, [result.batchId])).rows);
      expect({ sql: check.sql, rows }).toEqual({ sql: check.sql, rows: check.rows });
    }
  });

  // Runs after every export above is loaded into this one database: record versions merge only versions of
  // one record — per-form sequence numbers and ids of different systems are not one record.
  it('merges no records across these exports in the current-state views', async () => {
    const counts = await withSession(t.db, async (s) =>
      (
        await s.query<{ table: string; all: number; current: number }>(
          `SELECT 'contact' AS table, (SELECT count(*)::int FROM contact) AS all, (SELECT count(*)::int FROM contact_current) AS current
           UNION ALL SELECT 'survey_response', (SELECT count(*)::int FROM survey_response), (SELECT count(*)::int FROM survey_response_current)
           UNION ALL SELECT 'complaint', (SELECT count(*)::int FROM complaint), (SELECT count(*)::int FROM complaint_current)`,
        )
      ).rows,
    );
    // The one merge: the Amazon Connect sample delivers contact …5e01 twice, the second after an update
    // (LastUpdateTimestamp later; test/fixtures/vendors/README.md) — two versions of one contact.
    const versions: Record<string, number> = { contact: 1, survey_response: 0, complaint: 0 };
    for (const c of counts) expect({ table: c.table, current: c.current }).toEqual({ table: c.table, current: c.all - versions[c.table]! });
    expect(counts.every((c) => c.all > 0)).toBe(true);
  });
});
