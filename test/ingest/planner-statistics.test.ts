/**
 * PGlite runs no autovacuum, so a load refreshes the planner's statistics of the tables it wrote
 * (src/ingest/ingest-file.ts): without them the analyses' joins are planned on guesses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

describe.each(TEST_DATABASES.filter((d) => d.name === 'pglite'))('planner statistics on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('are there for the fact table and the survey answers right after a load', async () => {
    const lines = ['response_id,submitted_at,satisfaction,nps'];
    for (let i = 0; i < 300; i++) lines.push(`R-${i},2026-04-${String(1 + (i % 28)).padStart(2, '0')} 10:00,${1 + (i % 5)},${i % 11}`);
    const r = await ingestFile(t.db, tempFile('surveys.csv', `${lines.join('\n')}\n`), { kind: 'surveys', hasher: new KeyedHasher(Buffer.alloc(32, 5)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 300 });
    const { rows } = await withSession(t.db, (s) =>
      s.query<{ relname: string; reltuples: number; columns: number }>(
        `SELECT c.relname, c.reltuples::float8 AS reltuples, (SELECT count(*)::int FROM pg_stats s WHERE s.tablename = c.relname) AS columns
         FROM pg_class c WHERE c.relname IN ('survey_response', 'survey_answer') ORDER BY c.relname`,
      ),
    );
    expect(rows.map((x) => x.relname)).toEqual(['survey_answer', 'survey_response']);
    expect(rows.find((x) => x.relname === 'survey_response')!.reltuples).toBe(300);
    expect(rows.find((x) => x.relname === 'survey_answer')!.reltuples).toBe(600);
    for (const x of rows) expect(x.columns).toBeGreaterThan(0);
  });
});
