/**
 * `servq analyze drivers` on PGlite and on the server: the planted effects of the demo data are recovered (wait
 * lowers satisfaction, first-contact resolution raises it: src/demo/planted-effects.ts), and on a hand-built
 * export the models get exactly the columns they should (checked against keyDrivers on the same arrays, itself
 * checked against R relaimpo in test/analysis/key-drivers.test.ts), with an empty period, one group, a constant
 * driver and too few rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyDrivers } from '../../src/analysis/key-drivers.js';
import { EmptyPeriodError, runAnalysis } from '../../src/analyze/analysis.js';
import { drivers } from '../../src/analyze/analyses/drivers.js';
import type { AnalysisDocument } from '../../src/analyze/document.js';
import { parsePeriod } from '../../src/analyze/period.js';
import type { AnalyzeRequest } from '../../src/analyze/request.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { tempFile } from '../helpers/files.js';

type Row = Record<string, unknown>;

function request(overrides: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return {
    period: parsePeriod('2026-05'),
    by: [],
    filters: {},
    timeZone: 'UTC',
    minN: 1,
    abandonRule: 'missed',
    repeatWindowDays: 7,
    generatedAt: new Date(Date.UTC(2026, 5, 1)),
    seed: 1,
    ...overrides,
  };
}

const rowsOf = (doc: AnalysisDocument, metric: string, model: string, group: Record<string, string | null> = {}): Row[] =>
  doc.rows.filter((r) => r['metric'] === metric && r['model'] === model && Object.entries(group).every(([k, v]) => r[k] === v));
const driverRow = (doc: AnalysisDocument, metric: string, model: string, driver: string, group: Record<string, string | null> = {}): Row => {
  const found = rowsOf(doc, metric, model, group).filter((r) => r['driver'] === driver);
  if (found.length !== 1) throw new Error(`expected one ${metric} row of ${driver}, got ${found.length}`);
  return found[0]!;
};

describe.each(TEST_DATABASES)('drivers on the demo data ($name)', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('groups and filters by a dimension of the rated contact (queue): the contact is joined before the sample is drawn', async () => {
    const base = request({ period: parsePeriod('2025'), timeZone: DEMO_TIME_ZONE, minN: 30 });
    const byQueue = await runAnalysis(demo.db, drivers, { ...base, by: ['queue'] });
    const queues = [...new Set(byQueue.rows.map((r) => r['queue']).filter((q): q is string => typeof q === 'string'))].sort();
    expect(queues.length).toBeGreaterThan(1);
    const one = await runAnalysis(demo.db, drivers, { ...base, filters: { queue: [queues[0]!] } });
    expect(new Set(one.rows.map((r) => r['queue']))).toEqual(new Set([undefined]));
    const n = rowsOf(one, 'r_squared', 'operational')[0]!['n'];
    expect(n).toBeGreaterThan(30);
    expect(n).toBe(rowsOf(byQueue, 'r_squared', 'operational', { queue: queues[0]! })[0]!['n']);
  });

  it('ranks wait (waitLowersSatisfaction) and first-contact resolution (fcrRaisesSatisfaction) as the top operational drivers, with their signs', async () => {
    const doc = await runAnalysis(demo.db, drivers, request({ period: parsePeriod('2025'), timeZone: DEMO_TIME_ZONE, minN: 30 }));
    const importance = rowsOf(doc, 'importance', 'operational');
    expect(importance.map((r) => r['status'])).toEqual(['ok', 'ok', 'ok', 'ok']);
    const ranked = [...importance].sort((a, b) => (a['rank'] as number) - (b['rank'] as number)).map((r) => r['driver']);
    expect(new Set(ranked.slice(0, 2))).toEqual(new Set(['wait_seconds', 'resolved_first_contact']));
    const wait = driverRow(doc, 'importance', 'operational', 'wait_seconds');
    const fcr = driverRow(doc, 'importance', 'operational', 'resolved_first_contact');
    // waitLowersSatisfaction: −0.25 points per minute on the latent score (rounded and clamped to 1–5 in the data).
    expect(PLANTED_EFFECTS.waitLowersSatisfaction.overallPerWaitMinute).toBeLessThan(0);
    expect(wait['beta']).toBeLessThan(0);
    expect(wait['beta_p_value']).toBeLessThan(1e-6);
    expect((wait['coefficient'] as number) * 60).toBeGreaterThan(-0.3);
    expect((wait['coefficient'] as number) * 60).toBeLessThan(-0.05);
    // fcrRaisesSatisfaction: +0.6 points when resolved at first contact.
    expect(fcr['beta']).toBeGreaterThan(0);
    expect(fcr['beta_p_value']).toBeLessThan(1e-6);
    expect(fcr['coefficient']).toBeGreaterThan(0.2);
    expect(fcr['coefficient']).toBeLessThan(0.8);
    // The shares of R² sum to 1, the performance of the FCR flag is its share of contacts (0.76 planted, fewer with transfers).
    expect(importance.reduce((s, r) => s + (r['value'] as number), 0)).toBeCloseTo(1, 12);
    expect(driverRow(doc, 'performance', 'operational', 'resolved_first_contact')['value']).toBeGreaterThan(0.6);
    expect(driverRow(doc, 'performance', 'operational', 'resolved_first_contact')['quadrant']).toBeNull();
    expect(doc.variants['r_squared']).toMatch(/live channels only/);
  });

  it('builds the item quadrants from the other items of the same response', async () => {
    const doc = await runAnalysis(demo.db, drivers, request({ period: parsePeriod('2025-Q3'), timeZone: DEMO_TIME_ZONE, minN: 30 }));
    const items = rowsOf(doc, 'importance', 'items').map((r) => r['driver']);
    // Built-in rating items of the demo's surveys; transparency is asked only after complaints (left out: too few).
    expect(new Set(items)).toEqual(new Set(['attitude', 'communication', 'expertise', 'solved', 'speed']));
    expect(doc.notes.join('\n')).toMatch(/transparency/);
    for (const r of rowsOf(doc, 'importance', 'items')) {
      expect(['maintain', 'improve', 'secondary', 'overkill']).toContain(r['quadrant']);
      const performance = driverRow(doc, 'performance', 'items', r['driver'] as string);
      expect(performance['unit']).toBe('share');
      expect(performance['quadrant']).toBe(r['quadrant']);
    }
    expect(rowsOf(doc, 'r_squared', 'items')[0]).toMatchObject({ status: 'ok', method: 'lmg' });
  });
});

// Eight phone calls in May 2026, each rated by one survey. Transfers: never (a constant driver).
const CALLS = [
  'call_id,start_time,channel,status,wait_time,talk_time,fcr,transfer,team',
  'C1,2026-05-01 09:00,phone,answered,10,100,yes,no,T1',
  'C2,2026-05-01 10:00,phone,answered,200,300,no,no,T1',
  'C3,2026-05-02 09:00,phone,answered,30,150,yes,no,T1',
  'C4,2026-05-02 10:00,phone,answered,400,200,no,no,T1',
  'C5,2026-05-03 09:00,phone,answered,60,250,yes,no,T1',
  'C6,2026-05-03 10:00,phone,answered,20,120,no,no,T1',
  'C7,2026-05-04 09:00,phone,answered,300,400,yes,no,T1',
  'C8,2026-05-04 10:00,phone,answered,90,180,yes,no,T1',
  '',
].join('\n');
const SURVEYS = [
  'response_id,submitted_at,call_id,channel,satisfaction,attitude,speed',
  'S1,2026-05-01 12:00,C1,phone,5,5,5',
  'S2,2026-05-01 12:00,C2,phone,2,3,2',
  'S3,2026-05-02 12:00,C3,phone,5,4,5',
  'S4,2026-05-02 12:00,C4,phone,1,2,1',
  'S5,2026-05-03 12:00,C5,phone,4,4,3',
  'S6,2026-05-03 12:00,C6,phone,3,4,4',
  'S7,2026-05-04 12:00,C7,phone,3,3,2',
  'S8,2026-05-04 12:00,C8,phone,4,5,4',
  '',
].join('\n');
const OVERALL = [5, 2, 5, 1, 4, 3, 3, 4];

describe.each(TEST_DATABASES)('drivers on a hand-built export ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
    const options = { hasher: new KeyedHasher(Buffer.alloc(32, 4)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 };
    for (const [kind, name, text] of [['calls', 'calls.csv', CALLS], ['surveys', 'surveys.csv', SURVEYS]] as const) {
      const r = await ingestFile(t.db, tempFile(name, text), { ...options, kind });
      expect(r, `${name}: ${JSON.stringify(r)}`).toMatchObject({ status: 'loaded', rowsRejected: 0 });
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('feeds keyDrivers the outcome and the drivers of each model, and reports a constant driver as insufficient', async () => {
    const doc = await runAnalysis(t.db, drivers, request());
    const operational = keyDrivers({
      outcome: OVERALL,
      drivers: { wait_seconds: [10, 200, 30, 400, 60, 20, 300, 90], handle_seconds: [100, 300, 150, 200, 250, 120, 400, 180], resolved_first_contact: [1, 0, 1, 0, 1, 0, 1, 1] },
    });
    const items = keyDrivers({ outcome: OVERALL, drivers: { attitude: [5, 3, 4, 2, 4, 4, 3, 5], speed: [5, 2, 5, 1, 3, 4, 2, 4] } }, { scale: { min: 1, max: 5, topBoxes: 2 } });
    if (operational.status !== 'ok' || items.status !== 'ok') throw new Error('reference fits failed');
    // The rows arrive in the seeded sample order, not the file's: equal up to rounding.
    const close = (x: number) => expect.closeTo(x, 12);
    expect(rowsOf(doc, 'r_squared', 'operational')[0]).toMatchObject({ value: close(operational.rSquared), n: 8, status: 'ok' });
    for (const d of operational.drivers) {
      expect(driverRow(doc, 'importance', 'operational', d.name)).toMatchObject({ value: close(d.share), rank: d.rank, beta: close(d.beta), n: 8 });
      expect(driverRow(doc, 'performance', 'operational', d.name)['value']).toBeCloseTo(d.performance, 12);
    }
    expect(driverRow(doc, 'performance', 'operational', 'wait_seconds')['value']).toBeCloseTo(138.75, 12); // mean of the eight waits
    expect(driverRow(doc, 'importance', 'operational', 'transferred')).toMatchObject({ status: 'insufficient', value: null, reason: expect.stringMatching(/no variation/) });
    expect(rowsOf(doc, 'r_squared', 'items')[0]).toMatchObject({ value: close(items.rSquared), n: 8 });
    for (const d of items.drivers) {
      expect(driverRow(doc, 'importance', 'items', d.name)).toMatchObject({ value: close(d.share), quadrant: d.quadrant });
      expect(driverRow(doc, 'performance', 'items', d.name)).toMatchObject({ value: close(d.performance), unit: 'share' });
    }
    // attitude 4–5 in 5 of 8 responses
    expect(driverRow(doc, 'performance', 'items', 'attitude')['value']).toBe(5 / 8);
  });

  it('gives one group its own rows, and suppresses groups below the minimum n', async () => {
    const one = await runAnalysis(t.db, drivers, request({ by: ['channel'] }));
    expect(new Set(one.rows.map((r) => r['channel']))).toEqual(new Set(['phone']));
    const few = await runAnalysis(t.db, drivers, request({ minN: 9 }));
    expect(rowsOf(few, 'r_squared', 'operational')[0]).toMatchObject({ status: 'suppressed', value: null, reason: 'n = 8 < minimum 9' });
    expect(rowsOf(few, 'importance', 'operational').every((r) => r['status'] === 'suppressed' || r['status'] === 'insufficient')).toBe(true);
    expect(few.rows.every((r) => r['value'] === null || Number.isFinite(r['value']))).toBe(true);
  });

  it('says which period is empty', async () => {
    await expect(runAnalysis(t.db, drivers, request({ period: parsePeriod('2026-07') }))).rejects.toThrow(EmptyPeriodError);
  });
});
