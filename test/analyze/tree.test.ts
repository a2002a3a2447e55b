/**
 * `servq analyze tree` on PGlite and on the server: on the demo data the tree of rated contacts that miss CSAT
 * splits on the planted effects (first-contact resolution: fcrRaisesSatisfaction; wait: waitLowersSatisfaction)
 * and beats the baselines out of sample; on a hand-built export whose answer is known (unresolved contacts are
 * the unsatisfied ones) the rule is exact, and an empty period, one group, a constant feature, a constant target
 * and too few rows are handled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmptyPeriodError, runAnalysis } from '../../src/analyze/analysis.js';
import { tree } from '../../src/analyze/analyses/tree.js';
import type { AnalysisDocument } from '../../src/analyze/document.js';
import { parsePeriod } from '../../src/analyze/period.js';
import type { AnalyzeRequest } from '../../src/analyze/request.js';
import { ratedResponseRows } from '../../src/db/metrics/rated-response-rows.js';
import { withSession } from '../../src/db/session.js';
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

const metricRows = (doc: AnalysisDocument, metric: string): Row[] => doc.rows.filter((r) => r['metric'] === metric);
const one = (doc: AnalysisDocument, metric: string): Row => {
  const rows = metricRows(doc, metric);
  if (rows.length !== 1) throw new Error(`expected one ${metric} row, got ${rows.length}`);
  return rows[0]!;
};

describe.each(TEST_DATABASES)('tree on the demo data ($name)', (target) => {
  let demo: DemoDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(target);
  }, 600_000);
  afterAll(async () => {
    await demo?.dispose();
  });

  it('splits on first-contact resolution (fcrRaisesSatisfaction) and wait (waitLowersSatisfaction), better than the baselines out of sample', async () => {
    const doc = await runAnalysis(demo.db, tree, request({ period: parsePeriod('2025'), timeZone: DEMO_TIME_ZONE, minN: 30 }));
    const rules = metricRows(doc, 'rule');
    expect(rules.length).toBeGreaterThanOrEqual(3);
    const text = rules.map((r) => r['rule'] as string);
    expect(text.some((t) => /resolved_first_contact = no/.test(t))).toBe(true);
    expect(text.some((t) => /wait_seconds/.test(t))).toBe(true);
    // Leaves are listed worst first, each with at least the minimum n; their rows add up to the rated contacts.
    const shares = rules.map((r) => r['value'] as number);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    const total = one(doc, 'share_not_satisfied')['n'] as number;
    expect(rules.reduce((s, r) => s + (r['n'] as number), 0)).toBe(total);
    expect(rules.every((r) => (r['n'] as number) >= 30)).toBe(true);
    // Unresolved contacts are less satisfied than resolved ones in the same branch.
    const unresolved = rules.find((r) => /resolved_first_contact = no/.test(r['rule'] as string))!;
    const resolved = rules.find((r) => /resolved_first_contact = yes/.test(r['rule'] as string))!;
    expect(unresolved['value'] as number).toBeGreaterThan((resolved['value'] as number) + 0.1);
    const importance = metricRows(doc, 'variable_importance').slice(0, 3).map((r) => r['variable']);
    expect(importance).toContain('resolved_first_contact');
    expect(importance).toContain('wait_seconds');
    expect(one(doc, 'cv_auc')['value']).toBeGreaterThan(0.65);
    expect(one(doc, 'cv_r_squared')['value']).toBeGreaterThan(0.05);
    const accuracy = one(doc, 'cv_accuracy');
    expect(accuracy['value'] as number).toBeGreaterThanOrEqual(accuracy['baseline'] as number);
  });

  it('hands the sample drivers read over to the next reader once (the tree), then reads it again', async () => {
    const input = { range: { key: 'period', from: '2025-01-01', to: '2026-01-01' }, timeZone: DEMO_TIME_ZONE, by: [], filters: {}, cap: 2000, seed: 3 };
    const first = await ratedResponseRows(demo.db, input);
    const second = await ratedResponseRows(demo.db, input);
    expect(second).toBe(first);
    // handed over: the third reader reads the rows again (the same rows, not the same objects)
    const third = await ratedResponseRows(demo.db, input);
    expect(third).not.toBe(first);
    expect(third).toEqual(first);
    expect(first.rows).toHaveLength(2000);
    expect(first.sampled).toBe(true);
    // another input is another read
    expect(await ratedResponseRows(demo.db, { ...input, seed: 4 })).not.toEqual(first);
  });

  it('samples the responses first in the seeded order, each with its ratings and rated contact as a plain join gives them', async () => {
    const input = { range: { key: 'period', from: '2025-03-01', to: '2025-09-01' }, timeZone: DEMO_TIME_ZONE, by: [], filters: {}, cap: 1500, seed: 11 };
    const sample = await ratedResponseRows(demo.db, input);
    // The reference: the current views joined plainly (no per-row lookups), ordered by the documented sample order.
    const { rows: expected } = await withSession(demo.db, (s) =>
      s.query<Row>(
        `SELECT r.ratings::text AS items, r.channel, r.team, r.region, c.contact_id IS NOT NULL AS linked, c.channel AS c_channel,
                c.outcome AS c_outcome, c.team AS c_team, c.priority AS c_priority, c.resolved_first_contact AS c_fcr,
                count(*) OVER ()::int AS total
         FROM survey_response_current r
         LEFT JOIN contact_current c ON c.contact_id = r.contact_id AND servq_is_business_key(r.contact_id)
         WHERE (r.ratings ->> 'overall') IS NOT NULL
           AND r.answered_at >= ($1::timestamp AT TIME ZONE $3) AND r.answered_at < ($2::timestamp AT TIME ZONE $3)
         ORDER BY uuid_hash_extended(r.row_key, $4::int8), r.batch_id, r.line_no
         LIMIT $5`,
        [input.range.from, input.range.to, input.timeZone, input.seed, input.cap],
      ),
    );
    expect(expected).toHaveLength(1500);
    expect(sample.total).toBe(Number(expected[0]!['total']));
    expect(sample.total).toBeGreaterThan(1500);
    expect(sample.sampled).toBe(true);
    expect(sample.rows.map((r) => [r.items, r.surveyChannel, r.surveyTeam, r.surveyRegion, r.contact !== null, r.contact?.channel, r.contact?.outcome, r.contact?.team, r.contact?.priority, r.contact?.resolvedFirstContact])).toEqual(
      expected.map((e) => {
        const items = Object.fromEntries(Object.entries(JSON.parse(String(e['items'])) as Record<string, number | null>).filter(([, v]) => v !== null));
        const linked = e['linked'] === true;
        return [items, e['channel'], e['team'], e['region'], linked, linked ? e['c_channel'] : undefined, linked ? e['c_outcome'] : undefined, linked ? e['c_team'] : undefined, linked ? e['c_priority'] : undefined, linked ? e['c_fcr'] : undefined];
      }),
    );
    expect(sample.rows.filter((r) => r.contact !== null).length).toBeGreaterThan(1000);
  });
});

// 20 phone calls in May 2026: the resolved ones rated 5, the unresolved ones 2; transfers never happen.
const CALL_ROWS = Array.from({ length: 20 }, (_, i) => {
  const resolved = i % 2 === 0;
  const day = String(1 + (i % 10)).padStart(2, '0');
  return `C${i + 1},2026-05-${day} ${String(8 + (i % 9)).padStart(2, '0')}:00,phone,answered,${10 + 7 * i},${100 + 13 * i},${resolved ? 'yes' : 'no'},no,T${1 + (i % 2)}`;
});
const CALLS = ['call_id,start_time,channel,status,wait_time,talk_time,fcr,transfer,team', ...CALL_ROWS, ''].join('\n');
const SURVEYS = [
  'response_id,submitted_at,call_id,channel,satisfaction',
  ...Array.from({ length: 20 }, (_, i) => `S${i + 1},2026-05-${String(1 + (i % 10)).padStart(2, '0')} 20:00,C${i + 1},phone,${i % 2 === 0 ? 5 : 2}`),
  // A survey in June rating nothing, all satisfied, for the constant target.
  ...Array.from({ length: 12 }, (_, i) => `J${i + 1},2026-06-${String(1 + i).padStart(2, '0')} 20:00,C${i + 1},phone,5`),
  '',
].join('\n');

describe.each(TEST_DATABASES)('tree on a hand-built export ($name)', ({ open }) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await open();
    const options = { hasher: new KeyedHasher(Buffer.alloc(32, 6)), timeZone: 'UTC', nowMs: Date.UTC(2026, 10, 1), maxRejectRate: 0 };
    for (const [kind, name, text] of [['calls', 'calls.csv', CALLS], ['surveys', 'surveys.csv', SURVEYS]] as const) {
      const r = await ingestFile(t.db, tempFile(name, text), { ...options, kind });
      expect(r, `${name}: ${JSON.stringify(r)}`).toMatchObject({ status: 'loaded', rowsRejected: 0 });
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('finds the one rule that separates them exactly, and never splits on a constant feature', async () => {
    const doc = await runAnalysis(t.db, tree, request());
    expect(one(doc, 'share_not_satisfied')).toMatchObject({ value: 0.5, n: 20, status: 'ok' });
    const rules = metricRows(doc, 'rule');
    expect(rules.map((r) => [r['rule'], r['value'], r['n']])).toEqual([
      ['resolved_first_contact = no → 100.0 % not satisfied, n = 10', 1, 10],
      ['resolved_first_contact = yes → 0.0 % not satisfied, n = 10', 0, 10],
    ]);
    expect(doc.rows.some((r) => r['variable'] === 'transferred' || /transferred/.test(String(r['rule'] ?? '')))).toBe(false);
    expect(one(doc, 'cv_auc')).toMatchObject({ value: 1, baseline: 0.5, folds: 10 });
    expect(one(doc, 'cv_accuracy')).toMatchObject({ value: 1, baseline: 0.5 });
    expect(one(doc, 'cv_r_squared')['value']).toBeCloseTo(1, 12);
  });

  it('handles one group, a constant target and too few rows without NaN', async () => {
    const grouped = await runAnalysis(t.db, tree, request({ by: ['channel'] }));
    expect(new Set(grouped.rows.map((r) => r['channel']))).toEqual(new Set(['phone']));
    const june = await runAnalysis(t.db, tree, request({ period: parsePeriod('2026-06') }));
    expect(one(june, 'share_not_satisfied')).toMatchObject({ value: 0, n: 12 });
    expect(metricRows(june, 'rule').map((r) => r['rule'])).toEqual(['all rows → 0.0 % not satisfied, n = 12']);
    expect(one(june, 'cv_auc')).toMatchObject({ status: 'insufficient', value: null, reason: 'the pruned tree has no split: it gives every contact the same share' });
    expect(one(june, 'cv_r_squared')).toMatchObject({ status: 'insufficient', value: null });
    const few = await runAnalysis(t.db, tree, request({ minN: 21 }));
    expect(one(few, 'rule')).toMatchObject({ status: 'suppressed', value: null, reason: 'n = 20 < minimum 21' });
    for (const doc of [grouped, june, few]) expect(doc.rows.every((r) => r['value'] === null || Number.isFinite(r['value']))).toBe(true);
  });

  it('says which period is empty', async () => {
    await expect(runAnalysis(t.db, tree, request({ period: parsePeriod('2026-08') }))).rejects.toThrow(EmptyPeriodError);
  });
});
