/**
 * The richer mapping profile, end to end through ingestFile on each test database: constants, missing-value
 * codes, declared survey items (survey_item, direction), label scales, the effort item (canonical reversed),
 * ces on 1–7 agreement, second header rows, two-digit years, and the value evidence that keeps a US "State"
 * column from becoming the complaint status. Expected values are computed by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type IngestOptions, type IngestResult } from '../../src/ingest/ingest-file.js';
import { parseProfile, type MappingProfile } from '../../src/ingest/profile.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { withSession, type Database } from '../../src/db/session.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const KEY = Buffer.alloc(32, 5);
const NOW = Date.UTC(2026, 5, 1, 12);

function options(kind: IngestOptions['kind'], profile?: unknown, extra: Partial<IngestOptions> = {}): IngestOptions {
  return {
    kind,
    hasher: new KeyedHasher(KEY),
    timeZone: 'UTC',
    nowMs: NOW,
    ...(profile === undefined ? {} : { profile: parseProfile(profile, 'test profile') as MappingProfile }),
    ...extra,
  };
}

async function rows<T = Record<string, unknown>>(db: Database, query: string, params: unknown[] = []): Promise<T[]> {
  return withSession(db, async (s) => (await s.query<T>(query, params)).rows);
}

const csv = (lines: string[]) => `${lines.join('\n')}\n`;

/** survey_answer rows of a batch as [line, item, raw_value, scale, canonical], in line and item order. */
async function answers(db: Database, batchId: number | null): Promise<unknown[][]> {
  const found = await rows<{ line_no: string | number; item: string; raw_value: number; scale_id: string; canonical: number }>(
    db,
    'SELECT line_no, item, raw_value, scale_id, canonical FROM survey_answer WHERE batch_id = $1 ORDER BY line_no, item',
    [batchId],
  );
  return found.map((r) => [Number(r.line_no), r.item, r.raw_value, r.scale_id, r.canonical]);
}

function loaded(result: IngestResult): void {
  expect(result.error ?? null).toBeNull();
  expect(result.status).toBe('loaded');
}

describe.each(TEST_DATABASES)('profile features on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t.dispose();
  });

  describe('constants', () => {
    it('gives a phone-only call log its channel', async () => {
      const file = tempFile('phone-log.csv', csv(['call_id,start_time,wait_time,talk_time', 'P1,2026-01-05 09:00:00,12,95', 'P2,2026-01-05 09:10:00,30,']));
      const result = await ingestFile(t.db, file, options('calls', { constants: { channel: 'phone' } }));
      loaded(result);
      expect({ read: result.rowsRead, loaded: result.rowsLoaded }).toEqual({ read: 2, loaded: 2 });
      expect(await rows(t.db, 'SELECT contact_id, channel FROM contact WHERE batch_id = $1 ORDER BY line_no', [result.batchId])).toEqual([
        { contact_id: 'P1', channel: 'phone' },
        { contact_id: 'P2', channel: 'phone' },
      ]);
      const [batch] = await rows<{ column_mapping: { constants?: Record<string, string> } }>(t.db, 'SELECT column_mapping FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
      expect(batch!.column_mapping.constants).toEqual({ channel: 'phone' });
    });

    it('refuses, before reading, a constant its field cannot take', async () => {
      const file = tempFile('pigeon-log.csv', csv(['call_id,start_time', 'Q1,2026-01-05 09:00:00']));
      const result = await ingestFile(t.db, file, options('calls', { constants: { channel: 'pigeon' } }));
      expect(result.status).toBe('failed');
      expect(result.error).toBe("the profile's constant channel = 'pigeon' is not a channel label; codes are phone, email, chat, social, app, onsite, sms, other");
    });

    it('dates a survey wave with a date constant, read in the time zone as a column would be', async () => {
      const file = tempFile('wave.csv', csv(['respondent,overall', 'W1,5', 'W2,3']));
      const result = await ingestFile(t.db, file, options('surveys', { constants: { answered_at: '2026-03-31' } }, { timeZone: 'Asia/Shanghai' }));
      loaded(result);
      // Midnight in Shanghai (UTC+8) is 16:00 UTC the day before.
      expect(
        await rows(t.db, `SELECT to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at FROM survey_response WHERE batch_id = $1 ORDER BY line_no`, [result.batchId]),
      ).toEqual([{ at: '2026-03-30 16:00' }, { at: '2026-03-30 16:00' }]);
    });
  });

  describe('missingCodes', () => {
    const lines = [
      'response_id,answered_at,overall,attitude,nps',
      'M1,2026-02-01 10:00,5,0,9',
      'M2,2026-02-01 11:00,0,2,99',
      'M3,2026-02-01 12:00,4,3,10',
    ];

    it('drops the answers that mean "no answer" and loads the rest of the row', async () => {
      const result = await ingestFile(t.db, tempFile('missing.csv', csv(lines)), options('surveys', { missingCodes: { '*': ['0'], nps: ['99'] } }));
      loaded(result);
      expect({ read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected }).toEqual({ read: 3, loaded: 3, rejected: 0 });
      // overall and attitude on likert5 (identity), nps on nps11: 1 + 4·9/10 = 4.6, 10 → 5.
      expect(await answers(t.db, result.batchId)).toEqual([
        [2, 'nps', 9, 'nps11', 4.6],
        [2, 'overall', 5, 'likert5', 5],
        [3, 'attitude', 2, 'likert5', 2],
        [4, 'attitude', 3, 'likert5', 3],
        [4, 'nps', 10, 'nps11', 5],
        [4, 'overall', 4, 'likert5', 4],
      ]);
    });

    it('without the codes, the same answers reject their rows', async () => {
      // Other response ids: not the content (nor the rows) the test above loaded.
      const file = tempFile('missing-plain.csv', csv(lines.map((l) => l.replace(/^M/, 'N'))));
      const result = await ingestFile(t.db, file, options('surveys', undefined, { maxRejectRate: 1 }));
      loaded(result);
      // M1: attitude 0 is outside 1–5; M2: overall 0 and nps 99 out of range. Only M3 loads.
      expect({ read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected }).toEqual({ read: 3, loaded: 1, rejected: 2 });
      expect(Object.keys(result.rejectReasons ?? {})).toEqual(['rating_out_of_range']);
    });
  });

  describe('declared items', () => {
    const profile = {
      columns: { 'Seat comfort': 'seat_comfort', 'Waiting felt long': 'waiting_long' },
      items: {
        seat_comfort: { label: 'Seat comfort', scale: 'likert5', servqual: 'tangibles' },
        waiting_long: { label: 'Waiting felt long', scale: 'likert5', servqual: 'responsiveness', direction: 'lower_better' },
      },
    };

    it('registers them in survey_item and stores answers under their code (lower_better reversed)', async () => {
      const file = tempFile('items.csv', csv(['response_id,answered_at,Seat comfort,Waiting felt long', 'D1,2026-02-02 09:00,4,2', 'D2,2026-02-02 09:30,5,5']));
      const result = await ingestFile(t.db, file, options('surveys', profile));
      loaded(result);
      expect(
        await rows(t.db, "SELECT item, label, servqual_dimension, direction, built_in, declared_by_batch::int AS batch FROM survey_item WHERE item IN ('seat_comfort', 'waiting_long') ORDER BY item"),
      ).toEqual([
        { item: 'seat_comfort', label: 'Seat comfort', servqual_dimension: 'tangibles', direction: 'higher_better', built_in: false, batch: result.batchId },
        { item: 'waiting_long', label: 'Waiting felt long', servqual_dimension: 'responsiveness', direction: 'lower_better', built_in: false, batch: result.batchId },
      ]);
      // waiting_long is lower-better: canonical = 6 − raw on 1–5 (2 → 4, 5 → 1).
      expect(await answers(t.db, result.batchId)).toEqual([
        [2, 'seat_comfort', 4, 'likert5', 4],
        [2, 'waiting_long', 2, 'likert5', 4],
        [3, 'seat_comfort', 5, 'likert5', 5],
        [3, 'waiting_long', 5, 'likert5', 1],
      ]);
    });

    it('refuses a later profile that declares a known item with the other direction, loading nothing', async () => {
      const flipped = { ...profile, items: { ...profile.items, waiting_long: { ...profile.items.waiting_long, direction: 'higher_better' } } };
      const file = tempFile('items-flipped.csv', csv(['response_id,answered_at,Seat comfort,Waiting felt long', 'F1,2026-02-03 09:00,3,1']));
      const result = await ingestFile(t.db, file, options('surveys', flipped));
      expect(result.status).toBe('failed');
      expect(result.error).toBe("survey item 'waiting_long' is already recorded as lower better, but the profile declares it higher better; use another item code");
      expect(await rows(t.db, "SELECT count(*)::int AS n FROM survey_response WHERE response_id = 'F1'")).toEqual([{ n: 0 }]);
      expect(await rows(t.db, "SELECT direction FROM survey_item WHERE item = 'waiting_long'")).toEqual([{ direction: 'lower_better' }]);
    });

    it('refuses a profile that redeclares a built-in item (its direction is fixed)', () => {
      expect(() => parseProfile({ columns: { Ease: 'ces' }, items: { ces: { direction: 'lower_better' } } }, 'p')).toThrow(
        "p: invalid mapping profile: items: 'ces' is a built-in field; declare only items beyond the built-in ones (its scale goes in \"scales\")",
      );
    });
  });

  describe('rating scales', () => {
    it('reads a label scale: satisfied = 1, neutral or dissatisfied = 0 on binary (case and spacing aside)', async () => {
      const file = tempFile('labels.csv', csv(['id,date,satisfaction', '1,2026-01-10 08:00,satisfied', '2,2026-01-10 09:00,neutral or dissatisfied', '3,2026-01-10 10:00, Neutral  or Dissatisfied ']));
      const result = await ingestFile(t.db, file, options('surveys', { scales: { overall: { scale: 'binary', labels: { satisfied: 1, 'neutral or dissatisfied': 0 } } } }));
      loaded(result);
      // binary: 1 → 5, 0 → 1. "satisfied" would otherwise be 4 on verbal5: the label scale comes first.
      expect(await answers(t.db, result.batchId)).toEqual([
        [2, 'overall', 1, 'binary', 5],
        [3, 'overall', 0, 'binary', 1],
        [4, 'overall', 0, 'binary', 1],
      ]);
    });

    it('reverses the canonical value of the effort item (lower is better): raw 1 → 5 on likert5', async () => {
      const file = tempFile('effort.csv', csv(['response_id,answered_at,effort', 'E1,2026-01-11 08:00,1', 'E2,2026-01-11 09:00,5', 'E3,2026-01-11 10:00,2']));
      const result = await ingestFile(t.db, file, options('surveys'));
      loaded(result);
      // canonical = 6 − raw on likert5.
      expect(await answers(t.db, result.batchId)).toEqual([
        [2, 'effort', 1, 'likert5', 5],
        [3, 'effort', 5, 'likert5', 1],
        [4, 'effort', 2, 'likert5', 4],
      ]);
      expect(await rows(t.db, "SELECT direction, built_in FROM survey_item WHERE item = 'effort'")).toEqual([{ direction: 'lower_better', built_in: true }]);
    });

    // Regression (a bug found in review, fixed in rating.ts / row-writer.ts): verbal labels are read on verbal5 with ease labels pointing up ("Very
    // easy" = 5) and effort labels pointing up too ("Very high effort" = 5); the effort item then reverses every
    // answer. So "Very easy" — the least effort — is stored as canonical 1, the worst, and "Very difficult" as
    // 5. "Customer Effort Score" is an alias of effort, and the common CES question is "How easy was it…?".
    it('does not reverse ease labels on the effort item: "Very easy" is the best answer', async () => {
      const file = tempFile('effort-labels.csv', csv(['response_id,answered_at,Customer Effort Score', 'L1,2026-01-13 08:00,Very easy', 'L2,2026-01-13 09:00,Very difficult', 'L3,2026-01-13 10:00,Very low effort']));
      const result = await ingestFile(t.db, file, options('surveys'));
      loaded(result);
      const canonical = (await answers(t.db, result.batchId)).map((a) => [a[0], a[4]]);
      // Very easy and very low effort are the best answers (5), very difficult the worst (1).
      expect(canonical).toEqual([
        [2, 5],
        [3, 1],
        [4, 5],
      ]);
    });

    it('reads ces on 1–7 agreement by default: "Agree" = 6, "Strongly agree" = 7', async () => {
      const file = tempFile('ces.csv', csv(['response_id,answered_at,ces', 'C1,2026-01-12 08:00,Agree', 'C2,2026-01-12 09:00,Strongly agree', 'C3,2026-01-12 10:00,4']));
      const result = await ingestFile(t.db, file, options('surveys'));
      loaded(result);
      // likert7: canonical = 1 + 4·(raw − 1)/6: 6 → 4.3333, 7 → 5, 4 → 3.
      expect(await answers(t.db, result.batchId)).toEqual([
        [2, 'ces', 6, 'likert7', 4.3333],
        [3, 'ces', 7, 'likert7', 5],
        [4, 'ces', 4, 'likert7', 3],
      ]);
    });
  });

  describe('skipLinesAfterHeader', () => {
    const lines = [
      'ResponseId,RecordedDate,Q1',
      'Response ID,Recorded Date,How satisfied were you overall?',
      '"{""ImportId"":""_recordId""}","{""ImportId"":""recordedDate""}","{""ImportId"":""QID1""}"',
      'R_1,2026-02-17 09:00:00,5',
      'R_2,2026-02-17 09:05:00,4',
    ];
    const columns = { ResponseId: 'response_id', RecordedDate: 'answered_at', Q1: 'overall' };

    it('skips the further header rows without counting them as rows', async () => {
      const result = await ingestFile(t.db, tempFile('qualtrics-like.csv', csv(lines)), options('surveys', { columns, skipLinesAfterHeader: 2 }));
      loaded(result);
      expect({ read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected }).toEqual({ read: 2, loaded: 2, rejected: 0 });
      expect(await rows(t.db, 'SELECT line_no::int AS line, response_id FROM survey_response WHERE batch_id = $1 ORDER BY line_no', [result.batchId])).toEqual([
        { line: 4, response_id: 'R_1' },
        { line: 5, response_id: 'R_2' },
      ]);
      const [batch] = await rows<{ decisions: { headerRecordsSkipped: number } }>(t.db, 'SELECT decisions FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
      expect(batch!.decisions.headerRecordsSkipped).toBe(2);
    });

    it('without it, the header rows are read as (rejected) rows', async () => {
      // Other response ids: not the content (nor the rows) the test above loaded.
      const result = await ingestFile(t.db, tempFile('qualtrics-like-2.csv', csv(lines.map((l) => l.replace(/^R_/, 'S_')))), options('surveys', { columns }, { maxRejectRate: 1 }));
      loaded(result);
      expect({ read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected }).toEqual({ read: 4, loaded: 2, rejected: 2 });
    });
  });

  describe('two-digit years', () => {
    const lines = ['call_id,start_time,channel', 'Y1,05/01/26 09:00,phone', 'Y2,28/02/25 17:30,phone'];

    it('refuses two-digit years without a pivot, and the message names twoDigitYearPivot', async () => {
      const result = await ingestFile(t.db, tempFile('yy.csv', csv(lines)), options('calls'));
      expect(result.status).toBe('failed');
      expect(result.error).toContain('two_digit_year ×2');
      expect(result.error).toContain('"twoDigitYearPivot"');
    });

    it('reads them with a pivot and a date order', async () => {
      const result = await ingestFile(t.db, tempFile('yy-pivot.csv', csv(lines)), options('calls', { twoDigitYearPivot: 70, dateFormat: 'DMY' }));
      loaded(result);
      // 26 < 70 → 2026, 25 → 2025; DMY.
      expect(
        await rows(t.db, `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at FROM contact WHERE batch_id = $1 ORDER BY line_no`, [result.batchId]),
      ).toEqual([{ at: '2026-01-05 09:00' }, { at: '2025-02-28 17:30' }]);
    });

    it('refuses a pivot without a date order', async () => {
      // Another call id: not the content the test above loaded (that would be skipped before any check).
      const result = await ingestFile(t.db, tempFile('yy-no-order.csv', csv([...lines, 'Y3,01/03/25 08:00,phone'])), options('calls', { twoDigitYearPivot: 70 }));
      expect(result.status).toBe('failed');
      expect(result.error).toContain('the profile declares twoDigitYearPivot but no dateFormat');
    });
  });

  describe('value evidence for a one-word "State" column', () => {
    it('does not take a US state column for the complaint status', async () => {
      const states = ['CA', 'NY', 'TX', 'FL', 'WA', 'CA'];
      const file = tempFile('us-complaints.csv', csv(['Complaint ID,Date received,State,Submitted via', ...states.map((s, i) => `${i + 1},2026-01-0${i + 1},${s},Phone`)]));
      const result = await ingestFile(t.db, file, options('complaints', undefined, { preset: 'none' }));
      loaded(result);
      expect({ read: result.rowsRead, loaded: result.rowsLoaded }).toEqual({ read: 6, loaded: 6 });
      expect(result.message).toContain("column 'State' not mapped to 'status': 6 of 6 sampled values ('CA', 'NY', 'TX', 'FL') cannot be read as status");
      expect(await rows(t.db, 'SELECT count(*)::int AS n FROM complaint WHERE batch_id = $1 AND status IS NOT NULL', [result.batchId])).toEqual([{ n: 0 }]);
      const [batch] = await rows<{ column_mapping: { unmapped: string[] } }>(t.db, 'SELECT column_mapping FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
      expect(batch!.column_mapping.unmapped).toContain('State');
    });

    it('takes a ServiceNow-like State column whose values are status labels', async () => {
      const states = ['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Awaiting User Info'];
      const file = tempFile('incidents.csv', csv(['Number,Opened,State,Short description', ...states.map((s, i) => `INC00${i + 1},2026-01-0${i + 1} 08:00:00,${s},printer ${i + 1}`)]));
      const result = await ingestFile(t.db, file, options('complaints', undefined, { preset: 'none' }));
      loaded(result);
      // New → open, In Progress / On Hold → in_progress, Resolved, Closed; Awaiting… → in_progress by the rule 'awaiting'.
      expect((await rows<{ status: string }>(t.db, 'SELECT status FROM complaint WHERE batch_id = $1 ORDER BY line_no', [result.batchId])).map((r) => r.status)).toEqual([
        'open',
        'in_progress',
        'in_progress',
        'resolved',
        'closed',
        'in_progress',
      ]);
      const [batch] = await rows<{ decisions: { labelRules: Record<string, Record<string, number>> } }>(t.db, 'SELECT decisions FROM ingest_batch WHERE batch_id = $1', [result.batchId]);
      expect(batch!.decisions.labelRules).toEqual({ status: { "'awaiting' (built-in) → in_progress": 1 } });
    });
  });
});

describe('effort words outside the effort item (review: "Very high effort" on the ease item read as best)', () => {
  it('reads effort words only on the effort item', async () => {
    const { parseRating } = await import('../../src/ingest/standardize/rating.js');
    const out = { raw: 0, canonical: 0, scale: 'likert5' as const };
    // On any other item an effort word is not a rating: "high" would read as good.
    expect(parseRating('Very high effort', 'likert5', out)).not.toBe(0);
    expect(parseRating('Very easy', 'likert5', out)).toBe(0);
    expect(out.canonical).toBe(5);
  });
});
