/**
 * The SQL metrics of `servq analyze` on small hand-built exports whose every figure is worked out by hand in
 * the comments, on PGlite and on the server: service level under the three abandon rules, ASA, AHT, FCR with
 * the repeat-contact window, priority standards, complaint handling with pending complaints, follow-up
 * callbacks, CSAT, NPS and item distributions, and the period comparisons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES, parsePeriod, runAnalysis, type AnalysisDocument, type AnalyzeRequest } from '../../src/analyze/index.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { tempFile } from '../helpers/files.js';

const CALLS = [
  'call_id,start_time,channel,status,wait_time,talk_time,hold_time,acw,fcr,priority,phone',
  // May, phone: C1 answered in 10 s (within 60 s), C2 in 90 s; C3 abandoned after 20 s, C4 after 120 s.
  'C1,2026-05-01 09:00,phone,answered,10,100,0,20,yes,ordinary,13800000001',
  'C2,2026-05-01 10:00,phone,answered,90,200,10,30,no,ordinary,13800000002',
  'C3,2026-05-02 09:00,phone,abandoned,20,,,,,ordinary,13800000003',
  'C4,2026-05-02 10:00,phone,abandoned,120,,,,,,13800000004',
  // May, chat (30 s): C5 in 5 s — the customer of C1 again two days later, so C1 is no first-contact resolution.
  'C5,2026-05-03 09:00,chat,answered,5,50,0,10,yes,,13800000001',
  'C6,2026-05-20 09:00,chat,answered,40,60,,,yes,,13800000005',
  // April (the previous period): one phone call answered in 30 s.
  'C7,2026-04-10 09:00,phone,answered,30,100,,,yes,,13800000006',
  '',
].join('\n');

const COMPLAINTS = [
  'ticket_id,created_at,category,urgency,first_response_at,resolved_at,followup_at,reopened,escalated',
  // critical: first response 10 min (major standard 15 min: met; 30 min: met); resolved in 12 h; callback 16 h later.
  'K1,2026-05-01 08:00,service,critical,2026-05-01 08:10,2026-05-01 20:00,2026-05-02 12:00,no,no',
  // low: first response 2 h (ordinary 1 h: missed); resolved in 48 h; no callback (16 days before the data ends: a miss).
  'K2,2026-05-02 08:00,product,low,2026-05-02 10:00,2026-05-04 08:00,,yes,yes',
  // open for 10 days when the data ends: a 24 h miss.
  'K3,2026-05-10 08:00,product,medium,,,,,no',
  // open, received when the data ends (2026-05-20 08:00): pending, not judged for 24 h; first response 20 min.
  'K4,2026-05-20 08:00,technical,high,2026-05-20 08:20,,,no,no',
  '',
].join('\n');

const SURVEYS = [
  'response_id,submitted_at,satisfaction,nps,transparency',
  'S1,2026-05-01 12:00,5,10,4',
  'S2,2026-05-02 12:00,4,9,2',
  'S3,2026-05-03 12:00,2,3,',
  'S4,2026-05-04 12:00,1,7,5',
  '',
].join('\n');

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

type Row = Record<string, unknown>;
const pick = (doc: AnalysisDocument, metric: string, group: Record<string, string | null> = {}): Row => {
  const rows = doc.rows.filter((r) => r['metric'] === metric && Object.entries(group).every(([k, v]) => r[k] === v));
  if (rows.length !== 1) throw new Error(`expected one ${metric} row for ${JSON.stringify(group)}, got ${rows.length}`);
  return rows[0]!;
};
const value = (doc: AnalysisDocument, metric: string, group: Record<string, string | null> = {}) => pick(doc, metric, group)['value'];

describe.each(TEST_DATABASES)('analysis metrics on $name', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
    const hasher = new KeyedHasher(Buffer.alloc(32, 3));
    const options = { hasher, timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 };
    for (const [kind, name, text] of [['calls', 'calls.csv', CALLS], ['complaints', 'complaints.csv', COMPLAINTS], ['surveys', 'surveys.csv', SURVEYS]] as const) {
      const r = await ingestFile(t.db, tempFile(name, text), { ...options, kind });
      expect(r, `${name}: ${JSON.stringify(r)}`).toMatchObject({ status: 'loaded', rowsRejected: 0 });
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('counts contacts and measures the service level under each abandon rule', async () => {
    const missed = await runAnalysis(t.db, ANALYSES['sla']!, request());
    expect(missed.by).toEqual(['channel']);
    expect([value(missed, 'contacts_offered', { channel: 'phone' }), value(missed, 'contacts_answered', { channel: 'phone' }), value(missed, 'contacts_abandoned', { channel: 'phone' })]).toEqual([4, 2, 2]);
    expect(pick(missed, 'service_level', { channel: 'phone' })).toMatchObject({ value: 0.25, n: 4, threshold_seconds: 60 });
    expect(pick(missed, 'service_level', { channel: 'chat' })).toMatchObject({ value: 0.5, n: 2, threshold_seconds: 30 });
    const excluded = await runAnalysis(t.db, ANALYSES['sla']!, request({ abandonRule: 'excluded' }));
    expect(pick(excluded, 'service_level', { channel: 'phone' })).toMatchObject({ value: 1 / 3, n: 3 });
    const met = await runAnalysis(t.db, ANALYSES['sla']!, request({ abandonRule: 'met' }));
    expect(pick(met, 'service_level', { channel: 'phone' })).toMatchObject({ value: 0.5, n: 4 });
    expect(met.variants['service_level']).toMatch(/'met'/);
    // Priority standard (ordinary: 1 h): C1, C2 answered within, C3 abandoned; C4 has no priority.
    expect(pick(missed, 'service_level_priority', { channel: 'phone' })).toMatchObject({ value: 2 / 3, n: 3, threshold_seconds: 3600 });
  });

  it('computes ASA, AHT with its parts, wait quantiles, abandonment and FCR with the repeat window', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['sla']!, request());
    expect(pick(doc, 'asa_seconds', { channel: 'phone' })).toMatchObject({ value: 50, n: 2 });
    expect(pick(doc, 'aht_seconds', { channel: 'phone' })).toMatchObject({ value: 180, n: 2 });
    expect([value(doc, 'talk_mean_seconds', { channel: 'phone' }), value(doc, 'hold_mean_seconds', { channel: 'phone' }), value(doc, 'after_work_mean_seconds', { channel: 'phone' })]).toEqual([150, 5, 25]);
    expect(value(doc, 'wait_median_seconds', { channel: 'phone' })).toBe(50);
    expect(value(doc, 'wait_p90_seconds', { channel: 'phone' })).toBeCloseTo(82, 10); // 10 + 0.9 × 80
    expect(pick(doc, 'abandon_rate', { channel: 'phone' })).toMatchObject({ value: 0.5, n: 4 });
    // C1 was resolved, but its customer called again (C5) two days later; C2 was not resolved.
    expect(pick(doc, 'fcr', { channel: 'phone' })).toMatchObject({ value: 0, n: 2 });
    expect(pick(doc, 'fcr', { channel: 'chat' })).toMatchObject({ value: 1, n: 2 });
    // With a one-day window C5 is no longer a repeat of C1.
    const shortWindow = await runAnalysis(t.db, ANALYSES['sla']!, request({ repeatWindowDays: 1 }));
    expect(pick(shortWindow, 'fcr', { channel: 'phone' })).toMatchObject({ value: 0.5, n: 2 });
  });

  it('compares with the previous period and suppresses small groups', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['sla']!, request({ filters: { channel: ['phone'] } }));
    const sl = pick(doc, 'service_level', { channel: 'phone' });
    expect(sl['previous']).toMatchObject({ period: '2026-04', value: 1, n: 1, change: -0.75, test: 'two-proportion-z-yates', status: 'ok' });
    expect(sl['lastYear']).toMatchObject({ period: '2025-05', value: null, status: 'insufficient' });
    expect(doc.rows.every((r) => r['channel'] === 'phone')).toBe(true);
    const suppressed = await runAnalysis(t.db, ANALYSES['sla']!, request({ minN: 3 }));
    expect(pick(suppressed, 'service_level', { channel: 'chat' })).toMatchObject({ value: null, n: 2, status: 'suppressed', reason: 'n = 2 < minimum 3' });
    expect(pick(suppressed, 'service_level', { channel: 'phone' })['previous']).toMatchObject({ status: 'suppressed', change: null });
  });

  it('measures complaint handling, leaving open complaints pending until their standard has passed', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['complaints']!, request());
    expect(value(doc, 'complaints_received')).toBe(4);
    expect(pick(doc, 'first_response_within_standard')).toMatchObject({ value: 2 / 3, n: 3, major_seconds: 900, ordinary_seconds: 3600 });
    expect(pick(doc, 'first_reply_within_30min')).toMatchObject({ value: 2 / 3, n: 3 });
    expect(value(doc, 'first_response_median_seconds')).toBe(1200);
    expect(pick(doc, 'handled_within_24h')).toMatchObject({ value: 1 / 3, n: 3, threshold_seconds: 86400 });
    expect(pick(doc, 'resolution_median_seconds')).toMatchObject({ value: 30 * 3600, n: 2 });
    expect(pick(doc, 'followup_within_48h')).toMatchObject({ value: 0.5, n: 2 });
    expect(pick(doc, 'reopen_rate')).toMatchObject({ value: 1 / 3, n: 3 });
    expect(pick(doc, 'escalation_rate')).toMatchObject({ value: 0.25, n: 4 });
    expect(value(doc, 'complaints_per_1000_contacts')).toBeCloseTo((4 / 6) * 1000, 10);
    // Pareto: product 2, then service and technical 1 each (ties by name).
    const pareto = doc.rows.filter((r) => r['metric'] === 'pareto_share' && r['pareto_of'] === 'category');
    expect(pareto.map((r) => [r['category'], r['n'], r['rank'], r['cumulative_share']])).toEqual([
      ['product', 2, 1, 0.5],
      ['service', 1, 2, 0.75],
      ['technical', 1, 3, 1],
    ]);
  });

  it('computes CSAT, NPS, transparency and item distributions', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['surveys']!, request());
    expect(value(doc, 'responses')).toBe(4);
    const csat = pick(doc, 'csat');
    expect(csat).toMatchObject({ value: 0.5, n: 4 });
    // Wilson 95 %: R prop.test(2, 4, correct = FALSE)$conf.int = 0.1500, 0.8500
    expect(csat['lower']).toBeCloseTo(0.15002, 4);
    expect(csat['upper']).toBeCloseTo(0.84998, 4);
    expect(pick(doc, 'nps')).toMatchObject({ value: 25, n: 4 });
    expect(pick(doc, 'transparency_satisfied')).toMatchObject({ value: 2 / 3, n: 3 });
    expect([1, 2, 3, 4, 5].map((k) => value(doc, `share_${k}`, { item: 'overall' }))).toEqual([0.25, 0.25, 0, 0.25, 0.25]);
    expect(pick(doc, 'mean', { item: 'overall' })).toMatchObject({ value: 3, n: 4 });
  });

  it('puts the three sources side by side in kpis and names the batches read', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['kpis']!, request());
    expect(doc.rows.map((r) => r['metric'])).toEqual(
      expect.arrayContaining(['contacts_offered', 'service_level', 'csat', 'nps', 'complaints_received', 'handled_within_24h', 'complaints_per_1000_contacts']),
    );
    expect(value(doc, 'service_level')).toBeCloseTo(2 / 6, 12); // C1 and C5 of six offered
    expect(doc.dataBatches).toHaveLength(3);
    expect(doc.period).toEqual({ label: '2026-05', from: '2026-05-01', to: '2026-05-31', timeZone: 'UTC' });
  });

  it('explains an empty period with the span of the loaded data, and refuses an unknown dimension', async () => {
    await expect(runAnalysis(t.db, ANALYSES['sla']!, request({ period: parsePeriod('2025-Q1') }))).rejects.toThrow(
      /^no contacts between 2025-01-01 and 2025-03-31 \(UTC\); loaded data spans 2026-04-10 to 2026-05-20$/,
    );
    await expect(runAnalysis(t.db, ANALYSES['sla']!, request({ by: ['colour'] }))).rejects.toThrow(/unknown dimension 'colour'.*valid: channel, team, region, agent, queue, priority, day/);
  });
});
