/**
 * `servq analyze segments` on PGlite and on the server: in the demo's billing-cluster window the segments single
 * out the product complaints of 华南 with their long resolution (billingComplaintCluster in
 * src/demo/planted-effects.ts); on a hand-built export of two obvious kinds of complaint the two segments and
 * their profiles are exact (medians worked out by hand), with an empty period, one group, a constant feature, an
 * open complaint and too few rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmptyPeriodError, runAnalysis } from '../../src/analyze/analysis.js';
import { segments } from '../../src/analyze/analyses/segments.js';
import type { AnalysisDocument } from '../../src/analyze/document.js';
import { parsePeriod, rangePeriod } from '../../src/analyze/period.js';
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
    minN: 5,
    abandonRule: 'missed',
    repeatWindowDays: 7,
    generatedAt: new Date(Date.UTC(2026, 5, 1)),
    seed: 1,
    ...overrides,
  };
}

const segmentRow = (doc: AnalysisDocument, segment: string, metric: string): Row => {
  const rows = doc.rows.filter((r) => r['segment'] === segment && r['metric'] === metric);
  if (rows.length !== 1) throw new Error(`expected one ${metric} row of segment ${segment}, got ${rows.length}`);
  return rows[0]!;
};
const segmentNames = (doc: AnalysisDocument): string[] => [...new Set(doc.rows.map((r) => r['segment']).filter((s): s is string => typeof s === 'string'))];

describe.each(TEST_DATABASES)('segments on the demo data ($name)', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('finds the billing cluster (billingComplaintCluster): product complaints of 华南 with a multi-day backlog', async () => {
    const cluster = PLANTED_EFFECTS.billingComplaintCluster;
    const doc = await runAnalysis(demo.db, segments, request({ period: rangePeriod(cluster.fromDate, cluster.toDate), timeZone: DEMO_TIME_ZONE, minN: 30 }));
    const chosen = doc.rows.filter((r) => r['metric'] === 'mean_silhouette' && r['chosen'] === true);
    expect(chosen).toHaveLength(1);
    expect(doc.rows.filter((r) => r['metric'] === 'mean_silhouette').map((r) => r['k'])).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const names = segmentNames(doc);
    expect(names).toHaveLength(chosen[0]!['k'] as number);
    const billing = names.filter((s) => {
      const p = segmentRow(doc, s, 'complaints');
      return p['top_category'] === cluster.category && (p['top_category_share'] as number) >= 0.75 && p['top_region'] === cluster.region && (p['top_region_share'] as number) >= 0.75;
    });
    expect(billing.length).toBeGreaterThanOrEqual(1);
    // The cluster's backlog: resolution medians of days (72 h planted) against hours elsewhere.
    for (const s of billing) expect(segmentRow(doc, s, 'resolution_median_seconds')['value'] as number).toBeGreaterThan(48 * 3600);
    const others = names.filter((s) => !billing.includes(s));
    for (const s of others) expect(segmentRow(doc, s, 'complaints')['top_region_share'] as number).toBeLessThan(0.75);
    // Shares of the segments sum to 1 and their sizes to the complaints segmented.
    expect(names.reduce((s, n) => s + (segmentRow(doc, n, 'share')['value'] as number), 0)).toBeCloseTo(1, 12);
  });
});

// May 2026: six product complaints by phone, answered in ~30 min and resolved in ~3 days; six service complaints
// by chat, answered in ~5 min and resolved in ~1 h; every urgency is medium (a constant feature). K13 is open.
const COMPLAINTS = [
  'ticket_id,created_at,category,channel,urgency,first_response_at,resolved_at,region',
  'K1,2026-05-01 08:00,product,phone,medium,2026-05-01 08:30,2026-05-04 06:00,South', // 70 h
  'K2,2026-05-02 08:00,product,phone,medium,2026-05-02 08:31,2026-05-05 07:00,South', // 71 h
  'K3,2026-05-03 08:00,product,phone,medium,2026-05-03 08:29,2026-05-06 08:00,South', // 72 h
  'K4,2026-05-04 08:00,product,phone,medium,2026-05-04 08:30,2026-05-07 09:00,South', // 73 h
  'K5,2026-05-05 08:00,product,phone,medium,2026-05-05 08:32,2026-05-08 10:00,South', // 74 h
  'K6,2026-05-06 08:00,product,phone,medium,2026-05-06 08:28,2026-05-09 11:00,South', // 75 h
  'K7,2026-05-07 08:00,service,chat,medium,2026-05-07 08:05,2026-05-07 09:00,South', // 60 min
  'K8,2026-05-08 08:00,service,chat,medium,2026-05-08 08:04,2026-05-08 09:02,South', // 62 min
  'K9,2026-05-09 08:00,service,chat,medium,2026-05-09 08:06,2026-05-09 09:04,South', // 64 min
  'K10,2026-05-10 08:00,service,chat,medium,2026-05-10 08:05,2026-05-10 09:06,South', // 66 min
  'K11,2026-05-11 08:00,service,chat,medium,2026-05-11 08:05,2026-05-11 09:08,South', // 68 min
  'K12,2026-05-12 08:00,service,chat,medium,2026-05-12 08:05,2026-05-12 09:10,South', // 70 min
  'K13,2026-05-13 08:00,service,chat,medium,2026-05-13 08:05,,South',
  '',
].join('\n');

describe.each(TEST_DATABASES)('segments on a hand-built export ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
    const r = await ingestFile(t.db, tempFile('complaints.csv', COMPLAINTS), { kind: 'complaints', hasher: new KeyedHasher(Buffer.alloc(32, 8)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 });
    expect(r, JSON.stringify(r)).toMatchObject({ status: 'loaded', rowsRejected: 0 });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('separates the two kinds exactly and profiles them in original units', async () => {
    const doc = await runAnalysis(t.db, segments, request());
    expect(doc.rows.find((r) => r['metric'] === 'mean_silhouette' && r['chosen'] === true)).toMatchObject({ k: 2, status: 'ok' });
    expect(segmentNames(doc)).toEqual(['1', '2']);
    // Equal sizes: numbered by size, ties in k-means' order; find each by its category.
    const product = segmentNames(doc).find((s) => segmentRow(doc, s, 'complaints')['top_category'] === 'product')!;
    const service = segmentNames(doc).find((s) => segmentRow(doc, s, 'complaints')['top_category'] === 'service')!;
    expect(segmentRow(doc, product, 'complaints')).toMatchObject({ value: 6, top_category_share: 1, top_channel: 'phone', top_channel_share: 1, top_urgency: 'medium', top_region: 'South', top_root_cause: null });
    expect(segmentRow(doc, product, 'share')).toMatchObject({ value: 0.5, n: 12 });
    // First responses 30, 31, 29, 30, 32, 28 min → median 30 min; resolutions 70…75 h → median 72.5 h.
    expect(segmentRow(doc, product, 'first_response_median_seconds')['value']).toBe(1800);
    expect(segmentRow(doc, product, 'resolution_median_seconds')['value']).toBe(72.5 * 3600);
    expect(segmentRow(doc, service, 'complaints')).toMatchObject({ value: 6, top_channel: 'chat' });
    // Resolutions 60, 62, 64, 66, 68, 70 min → median 65 min.
    expect(segmentRow(doc, service, 'resolution_median_seconds')['value']).toBe(65 * 60);
    expect(doc.notes.join('\n')).toMatch(/^1 of 13 complaints lack a first-response or resolution time/m);
  });

  it('handles one group, too few rows and an empty period', async () => {
    const grouped = await runAnalysis(t.db, segments, request({ by: ['region'] }));
    expect(new Set(grouped.rows.map((r) => r['region']))).toEqual(new Set(['South']));
    const few = await runAnalysis(t.db, segments, request({ minN: 13 }));
    expect(few.rows).toEqual([expect.objectContaining({ metric: 'mean_silhouette', status: 'suppressed', value: null, reason: 'n = 12 < minimum 13' })]);
    const filtered = await runAnalysis(t.db, segments, request({ filters: { category: ['product'] }, minN: 1 }));
    expect(filtered.rows.every((r) => r['value'] === null || Number.isFinite(r['value']))).toBe(true);
    await expect(runAnalysis(t.db, segments, request({ period: parsePeriod('2026-07') }))).rejects.toThrow(EmptyPeriodError);
  });
});
