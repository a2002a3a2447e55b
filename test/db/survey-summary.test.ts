/**
 * Customer effort comes in two directions: Gartner's CES 2.0 ease item ("made it easy", 1–7, higher is better)
 * and the CES 1.0 effort item ("how much effort", 1–5, higher is worse). Each is summarised on its own raw
 * scale; the stored canonical value is oriented so that 5 is best for both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { surveySummary } from '../../src/db/summary-queries.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

// ease (1–7): 7, 6, 5, 2 → mean 5, 3 of 4 answer 5–7; effort (1–5): 1, 2, 4, 5 → mean 3, 2 of 4 answer 1–2.
const FILE = [
  'response_id,submitted_at,satisfaction,ces,effort',
  'R1,2026-05-01 10:00,5,7,1',
  'R2,2026-05-01 11:00,4,Agree,2',
  'R3,2026-05-01 12:00,2,5,4',
  'R4,2026-05-01 13:00,1,2,very high effort',
  '',
].join('\n');

describe.each(TEST_DATABASES)('survey summary on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('summarises ease and effort each in its own direction', async () => {
    const result = await ingestFile(t.db, tempFile('effort.csv', FILE), { kind: 'surveys', hasher: new KeyedHasher(Buffer.alloc(32, 5)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 });
    expect(result).toMatchObject({ status: 'loaded', rowsLoaded: 4 });
    const s = await surveySummary(t.db);
    expect({ n: s.cesAnswers, mean: s.cesMean, easy: s.cesEasyShare }).toEqual({ n: 4, mean: 5, easy: 0.75 });
    expect({ n: s.effortAnswers, mean: s.effortMean, low: s.effortLowShare }).toEqual({ n: 4, mean: 3, low: 0.5 });
    expect({ csat: s.csat, n: s.overallAnswers }).toEqual({ csat: 0.5, n: 4 });
    // Effort's canonical value is reversed (raw 1 = least effort = best = 5); ease's is the linear map.
    const rows = await withSession(t.db, async (x) =>
      (await x.query<{ item: string; raw_value: number; canonical: number }>(`SELECT item, raw_value, canonical FROM survey_answer WHERE item IN ('ces', 'effort') ORDER BY item, line_no`)).rows,
    );
    expect(rows.map((r) => [r.item, r.raw_value, r.canonical])).toEqual([
      ['ces', 7, 5],
      ['ces', 6, 4.3333],
      ['ces', 5, 3.6667],
      ['ces', 2, 1.6667],
      ['effort', 1, 5],
      ['effort', 2, 4],
      ['effort', 4, 2],
      ['effort', 5, 1],
    ]);
  });
});
