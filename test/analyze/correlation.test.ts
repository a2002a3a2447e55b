/**
 * `servq analyze correlation` on PGlite and on the server: across the demo's team-days ASA and CSAT move against
 * each other on the live channels (waitLowersSatisfaction in src/demo/planted-effects.ts; busy days wait longer),
 * and on a hand-built panel of ten team-days each pair is exactly the Spearman test of the values worked out by
 * hand (correlation() is itself checked against R cor.test in test/analysis/correlation.test.ts), with a constant
 * KPI, one group, too few team-days, the unit as --by and an empty period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustPValues } from '../../src/analysis/adjust-p-values.js';
import { correlation as spearman } from '../../src/analysis/correlation/index.js';
import { EmptyPeriodError, runAnalysis } from '../../src/analyze/analysis.js';
import { correlation } from '../../src/analyze/analyses/correlation.js';
import type { AnalysisDocument } from '../../src/analyze/document.js';
import { parsePeriod } from '../../src/analyze/period.js';
import type { AnalyzeRequest } from '../../src/analyze/request.js';
import { DEMO_TIME_ZONE } from '../../src/demo/planted-effects.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { tempFile } from '../helpers/files.js';

type Row = Record<string, unknown>;

function request(overrides: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    period: parsePeriod('2026-05'),
    by: ['channel'],
    filters: {},
    timeZone: 'UTC',
    minN: 5,
    abandonRule: 'missed',
    repeatWindowDays: 7,
    generatedAt: new Date(Date.UTC(2026, 5, 1)),
    seed: 1,
    ...overrides,
  };
}

const pair = (doc: AnalysisDocument, x: string, y: string, group: Record<string, string | null> = {}): Row => {
  const rows = doc.rows.filter((r) => r['x'] === x && r['y'] === y && Object.entries(group).every(([k, v]) => r[k] === v));
  if (rows.length !== 1) throw new Error(`expected one ${x}–${y} row, got ${rows.length}`);
  return rows[0]!;
};

describe.each(TEST_DATABASES)('correlation on the demo data ($name)', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('shows ASA against CSAT negative across team-days on the live channels (waitLowersSatisfaction)', async () => {
    // No --by given: the analysis's default grouping (channel) applies, as on the command line.
    const doc = await runAnalysis(demo.db, correlation, request({ period: parsePeriod('2025'), timeZone: DEMO_TIME_ZONE, minN: 30, by: [] }));
    expect(doc.by).toEqual(['channel']);
    for (const channel of ['phone', 'social']) {
      const r = pair(doc, 'asa_seconds', 'csat', { channel });
      expect(r['status']).toBe('ok');
      expect(r['value'] as number).toBeLessThan(-0.05);
      expect(r['qValue'] as number).toBeLessThan(0.05);
    }
    // The mechanical one: longer waits, fewer answered within the standard.
    expect(pair(doc, 'service_level', 'asa_seconds', { channel: 'phone' })['value'] as number).toBeLessThan(-0.5);
    expect(doc.notes.join('\n')).toMatch(/service_level has no value in any team-day of .*channel social/);
    expect(doc.rows.every((r) => r['value'] === null || (Number.isFinite(r['value']) && Math.abs(r['value'] as number) <= 1))).toBe(true);
  });
});

// Ten team-days (two teams × five days), one phone call each, rated by one survey. Every team-day has one
// contact offered (a constant KPI) and no abandon.
const PANEL = [
  // team, day, wait s, talk s, fcr, overall
  ['T1', '04', 10, 100, 'yes', 5],
  ['T1', '05', 40, 300, 'no', 4],
  ['T1', '06', 90, 250, 'no', 2],
  ['T1', '07', 20, 120, 'yes', 5],
  ['T1', '08', 150, 400, 'no', 1],
  ['T2', '04', 30, 180, 'yes', 4],
  ['T2', '05', 200, 350, 'no', 2],
  ['T2', '06', 15, 90, 'yes', 5],
  ['T2', '07', 60, 200, 'yes', 3],
  ['T2', '08', 120, 260, 'no', 2],
] as const;
const CALLS = ['call_id,start_time,channel,status,wait_time,talk_time,fcr,team', ...PANEL.map(([team, day, wait, talk, fcr], i) => `C${i + 1},2026-05-${day} 10:00,phone,answered,${wait},${talk},${fcr},${team}`), ''].join('\n');
// Surveys answered the next day: CSAT follows the contact rated, not the day of the answer.
const SURVEYS = ['response_id,submitted_at,call_id,satisfaction', ...PANEL.map(([, day, , , , overall], i) => `S${i + 1},2026-05-${String(Number(day) + 1).padStart(2, '0')} 09:00,C${i + 1},${overall}`), ''].join('\n');

describe.each(TEST_DATABASES)('correlation on a hand-built panel ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
    const options = { hasher: new KeyedHasher(Buffer.alloc(32, 9)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 };
    for (const [kind, name, text] of [['calls', 'calls.csv', CALLS], ['surveys', 'surveys.csv', SURVEYS]] as const) {
      const r = await ingestFile(t.db, tempFile(name, text), { ...options, kind });
      expect(r, `${name}: ${JSON.stringify(r)}`).toMatchObject({ status: 'loaded', rowsRejected: 0 });
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('correlates the team-day KPIs pair by pair as Spearman tests, BH-adjusted across the document', async () => {
    const doc = await runAnalysis(t.db, correlation, request());
    const wait = PANEL.map((p) => p[2]);
    const handle = PANEL.map((p) => p[3]);
    const fcr = PANEL.map((p) => (p[4] === 'yes' ? 1 : 0));
    const csat = PANEL.map((p) => (p[5] >= 4 ? 1 : 0));
    // Service level: phone's standard is 60 s, so each team-day is 1 (answered within) or 0.
    const serviceLevel = wait.map((w) => (w <= 60 ? 1 : 0));
    const cases: [string, string, readonly number[], readonly number[]][] = [
      ['asa_seconds', 'csat', wait, csat],
      ['service_level', 'asa_seconds', serviceLevel, wait],
      ['asa_seconds', 'aht_seconds', wait, handle],
      ['fcr', 'csat', fcr, csat],
    ];
    for (const [x, y, xs, ys] of cases) {
      const expected = spearman([...xs], [...ys], { method: 'spearman' });
      if (expected.status !== 'ok') throw new Error('reference failed');
      expect(pair(doc, x, y, { channel: 'phone' })).toMatchObject({ status: 'ok', n: 10, value: expect.closeTo(expected.estimate, 12), pValue: expect.closeTo(expected.pValue, 12) });
    }
    // The q-values are BH over the p-values of every ok pair, in document order.
    const ok = doc.rows.filter((r) => r['status'] === 'ok');
    const q = adjustPValues(ok.map((r) => r['pValue'] as number), 'BH').adjusted;
    expect(ok.map((r) => r['qValue'])).toEqual(q);
    // One contact per team-day: the volume is constant; nothing is abandoned; no complaint is loaded.
    expect(pair(doc, 'contacts_offered', 'csat', { channel: 'phone' })).toMatchObject({ status: 'insufficient', value: null, reason: 'contacts_offered constant over the team-days' });
    expect(pair(doc, 'abandon_rate', 'asa_seconds', { channel: 'phone' })['status']).toBe('insufficient');
    expect(doc.notes.join('\n')).toMatch(/no complaints between 2026-05-01 and 2026-05-31/);
  });

  it('keeps one group, suppresses pairs below the minimum n, and refuses the unit as a grouping', async () => {
    const doc = await runAnalysis(t.db, correlation, request());
    expect(new Set(doc.rows.map((r) => r['channel']))).toEqual(new Set(['phone']));
    const few = await runAnalysis(t.db, correlation, request({ minN: 11 }));
    expect(pair(few, 'asa_seconds', 'csat')).toMatchObject({ status: 'suppressed', value: null, n: 10, reason: 'n = 10 < minimum 11', pValue: null, qValue: null });
    await expect(runAnalysis(t.db, correlation, request({ by: ['team'] }))).rejects.toThrow(/team × day/);
    const filtered = await runAnalysis(t.db, correlation, request({ filters: { team: ['T1'] }, by: [] }));
    expect(pair(filtered, 'asa_seconds', 'csat')).toMatchObject({ n: 5 });
  });

  it('says which period is empty', async () => {
    await expect(runAnalysis(t.db, correlation, request({ period: parsePeriod('2026-07') }))).rejects.toThrow(EmptyPeriodError);
  });
});
