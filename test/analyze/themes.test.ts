/**
 * `servq analyze themes` and `comment-themes` on PGlite and on the server: a new problem planted in one month of
 * a hand-built export (光猫 故障, "router" in English) tops the list against the month before, with its counts
 * and two masked examples; survey comments the same; too few texts, no previous period, grouping; and on the
 * demo data the billing cluster (billingComplaintCluster: 计费/账单/扣费 in 2025-09) is found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis } from '../../src/analyze/analysis.js';
import { commentThemes, themes } from '../../src/analyze/analyses/themes.js';
import { parsePeriod } from '../../src/analyze/period.js';
import type { AnalyzeRequest } from '../../src/analyze/request.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { textRows } from '../../src/db/metrics/text-rows.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { KeyedHasher } from '../../src/privacy/keyed-hash.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { tempFile } from '../helpers/files.js';

type Row = Record<string, unknown>;

function request(overrides: Partial<AnalyzeRequest> = {}): AnalyzeRequest {
  return { period: parsePeriod('2026-05'), by: [], filters: {}, timeZone: 'UTC', minN: 5, abandonRule: 'missed', repeatWindowDays: 7, generatedAt: new Date(Date.UTC(2026, 5, 1)), seed: 1, ...overrides };
}

const BACKGROUND = ['客服态度冷淡', '账单扣费有误', '排队等待太久', '套餐资费太贵', '宽带网速慢'];

/** April: background complaints only. May: the same, plus 12 about the modem (光猫故障), two with a phone number. */
function complaintsCsv(): string {
  const lines = ['ticket_id,created_at,region,description'];
  let n = 0;
  const add = (day: string, region: string, text: string) => lines.push(`C${++n},${day} 10:00,${region},"${text}"`);
  for (let i = 0; i < 30; i++) add(`2026-04-${String(1 + (i % 28)).padStart(2, '0')}`, i % 2 ? 'North' : 'South', BACKGROUND[i % 5]!);
  for (let i = 0; i < 30; i++) add(`2026-05-${String(1 + (i % 28)).padStart(2, '0')}`, i % 2 ? 'North' : 'South', BACKGROUND[i % 5]!);
  for (let i = 0; i < 12; i++) {
    const extra = i < 2 ? `，请回电1381234567${i}` : i === 5 ? ', the router is broken' : '';
    add(`2026-05-${String(10 + i).padStart(2, '0')}`, 'South', `光猫故障，指示灯常亮${extra}`);
  }
  add('2026-05-27 10:00'.slice(0, 10), 'South', '');
  return `${lines.join('\n')}\n`;
}

function surveysCsv(): string {
  const lines = ['response_id,answered_at,overall,comment'];
  let n = 0;
  for (const [month, texts] of [['04', ['服务很好', '回复及时', '一般']], ['05', ['服务很好', '回复及时', '一般', 'app闪退无法登录', 'app闪退无法登录']]] as const) {
    for (let i = 0; i < 24; i++) lines.push(`R${++n},2026-${month}-${String(1 + (i % 28)).padStart(2, '0')} 12:00,4,${texts[i % texts.length]}`);
  }
  return `${lines.join('\n')}\n`;
}

const themeRows = (rows: readonly Row[], kind: 'term' | 'phrase') => rows.filter((r) => r['metric'] === 'theme' && r['kind'] === kind);

describe.each(TEST_DATABASES)('themes on a hand-built export ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
    for (const [kind, name, text] of [['complaints', 'complaints.csv', complaintsCsv()], ['surveys', 'surveys.csv', surveysCsv()]] as const) {
      const r = await ingestFile(t.db, tempFile(name, text), { kind, hasher: new KeyedHasher(Buffer.alloc(32, 8)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 });
      expect(r, JSON.stringify(r)).toMatchObject({ status: 'loaded', rowsRejected: 0 });
    }
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('reads each text with its record, id, time and range, in time order, and samples above the cap', async () => {
    const ranges = [{ key: 'period', from: '2026-05-01', to: '2026-06-01' }, { key: 'previous', from: '2026-04-01', to: '2026-05-01' }];
    const read = await textRows(t.db, { source: 'complaints', ranges, timeZone: 'UTC', by: ['region'], filters: {}, cap: 1000, seed: 1 });
    // the empty description is left out: 30 + 12 in May, 30 in April
    expect(read.totals).toEqual({ period: 42, previous: 30 });
    expect(read.rows).toHaveLength(72);
    const c61 = read.rows.find((r) => r.businessId === 'C61')!;
    expect(c61).toMatchObject({ rangeKey: 'period', dimensions: { region: 'South' }, text: '光猫故障，指示灯常亮，请回电138****5670' }); // masked at ingest
    expect(c61.at.toISOString()).toBe('2026-05-10T10:00:00.000Z');
    expect(c61.record).toMatch(/^\d+:62$/); // the file's line 62 (the header is line 1)
    const times = read.rows.filter((r) => r.rangeKey === 'period').map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const sampled = await textRows(t.db, { source: 'complaints', ranges, timeZone: 'UTC', by: [], filters: {}, cap: 10, seed: 1 });
    expect(sampled.totals).toEqual({ period: 42, previous: 30 });
    expect(sampled.rows.filter((r) => r.rangeKey === 'period')).toHaveLength(10);
  });

  it('puts the new problem first, with counts, z and two masked examples', async () => {
    const doc = await runAnalysis(t.db, themes, request());
    const terms = themeRows(doc.rows, 'term');
    // Four terms, each in the 12 new complaints and in none before: the same z, ties in code-unit order.
    expect(terms.slice(0, 4).map((r) => r['term'])).toEqual(['光猫', '常亮', '指示灯', '故障']);
    expect(terms[0]).toMatchObject({ count_now: 12, count_before: 0, n: 42, status: 'ok', unit: 'score', rank: 1 });
    expect(terms[0]!['share_now']).toBeCloseTo(12 / 42, 12);
    expect(terms[0]!['value'] as number).toBeGreaterThan(1);
    // Background terms kept their share: not themes.
    expect(terms.map((r) => r['term'])).not.toContain('态度');
    const examples = String(terms[0]!['examples']).split(' ¦ ');
    expect(examples).toEqual(['光猫故障，指示灯常亮，请回电138****5670', '光猫故障，指示灯常亮，请回电138****5671']);
    expect(String(terms[0]!['example_records']).split(' ')).toHaveLength(2);
    expect(themeRows(doc.rows, 'phrase')[0]).toMatchObject({ term: expect.stringMatching(/^(光猫 故障|故障 指示灯|指示灯 常亮)$/), count_now: 12 });
    expect(doc.variants['theme']).toMatch(/Monroe, Colaresi & Quinn 2008/);
    expect(doc.notes.join('\n')).toContain('compared with 2026-04: 30 complaints with text then, 42 now');
    // Personal data never becomes a term.
    expect(doc.rows.every((r) => !/\d{4}|\*/.test(String(r['term'])))).toBe(true);
  });

  it('groups by a dimension, suppresses small groups, and says when there is nothing to compare with', async () => {
    const byRegion = await runAnalysis(t.db, themes, request({ by: ['region'], minN: 20 }));
    expect(byRegion.rows.filter((r) => r['region'] === 'North')).toEqual([expect.objectContaining({ status: 'suppressed', reason: 'n = 15 < minimum 20', value: null })]);
    expect(byRegion.rows.find((r) => r['region'] === 'South' && r['kind'] === 'term')).toMatchObject({ term: expect.stringMatching(/^(光猫|故障)$/), count_now: 12 });
    const first = await runAnalysis(t.db, themes, request({ period: parsePeriod('2026-04') }));
    expect(first.rows).toEqual([expect.objectContaining({ metric: 'theme', status: 'insufficient', reason: 'no complaints in the previous period to compare with' })]);
  });

  it('survey comments: the new app problem', async () => {
    const doc = await runAnalysis(t.db, commentThemes, request());
    const terms = themeRows(doc.rows, 'term').map((r) => r['term']);
    expect(terms.slice(0, 3).sort()).toEqual(['app', '无法登录', '闪退']);
    expect(themeRows(doc.rows, 'term')[0]).toMatchObject({ n: 24, count_before: 0 });
  });
});

describe.each(TEST_DATABASES)('themes on the demo data ($name)', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('finds the billing cluster (billingComplaintCluster) in 2025-09 against 2025-08', async () => {
    const cluster = PLANTED_EFFECTS.billingComplaintCluster;
    expect(cluster.fromDate.slice(0, 7)).toBe('2025-09');
    const doc = await runAnalysis(demo.db, themes, request({ period: parsePeriod('2025-09'), timeZone: DEMO_TIME_ZONE, minN: 30 }));
    const top = themeRows(doc.rows, 'term').slice(0, 4).map((r) => r['term']);
    expect(top.filter((t) => ['计费', '账单', '扣费'].includes(String(t))).length).toBeGreaterThanOrEqual(2);
    for (const r of themeRows(doc.rows, 'term')) expect(String(r['examples'])).not.toMatch(/1[3-9]\d{9}/);
  });
});
