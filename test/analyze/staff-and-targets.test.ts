/**
 * Scorecards, targets and training effectiveness on the seeded demo data (src/demo/planted-effects.ts): the
 * scorecard must flag team T4, whose complaint rate the demo doubles (teamComplaintRate); shrinkage must pull
 * small agents toward their team; targets must be judged against the actual value; trainings with no planted
 * effect must not show one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES, parsePeriod, runAnalysis, type AnalyzeRequest } from '../../src/analyze/index.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { generateTrainings } from '../../src/demo/trainings.js';
import { setTarget } from '../../src/db/target-queries.js';
import { importTrainings } from '../../src/db/training-queries.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';

const request = (period: string, overrides: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({
  period: parsePeriod(period),
  by: [],
  filters: {},
  timeZone: DEMO_TIME_ZONE,
  minN: 30,
  abandonRule: 'missed',
  repeatWindowDays: 7,
  generatedAt: new Date(0),
  seed: 1,
  ...overrides,
});

describe.each(TEST_DATABASES)('scorecards, targets and training on the demo data ($name)', (target) => {
  let t: DemoDatabase;
  beforeAll(async () => {
    t = await openDemoDatabase(target);
  }, 180_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it(`flags team ${PLANTED_EFFECTS.teamComplaintRate.team} as worse on complaints per 1 000 contacts (teamComplaintRate)`, async () => {
    const doc = await runAnalysis(t.db, ANALYSES['scorecards']!, request('2025'));
    const teamRows = doc.rows.filter((r) => r['agent'] === undefined && r['metric'] === 'complaints_per_1000_contacts');
    expect(teamRows.length).toBe(6);
    const t4 = teamRows.find((r) => r['team'] === PLANTED_EFFECTS.teamComplaintRate.team)!;
    expect(t4['flag']).toBe('worse');
    const ratio = (t4['value'] as number) / (t4['other_teams'] as number);
    expect(ratio).toBeGreaterThan(1.4);
    expect(ratio).toBeLessThan(2.6);
    // No other team is flagged worse on complaints.
    expect(teamRows.filter((r) => r['flag'] === 'worse').map((r) => r['team'])).toEqual([PLANTED_EFFECTS.teamComplaintRate.team]);
  });

  it('shrinks each agent toward the team: never further from the team than the raw value, raw suppressed below the minimum n', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['scorecards']!, request('2025'));
    const team = new Map(doc.rows.filter((r) => r['agent'] === undefined && r['metric'] === 'csat').map((r) => [r['team'], r['value'] as number]));
    const agents = doc.rows.filter((r) => typeof r['agent'] === 'string' && r['metric'] === 'csat');
    expect(agents.length).toBeGreaterThan(20);
    let checked = 0;
    for (const a of agents) {
      expect(typeof a['shrunk']).toBe('number');
      expect(a['rank_in_team']).toBeGreaterThanOrEqual(1);
      if (a['status'] !== 'ok') {
        expect(a['value']).toBeNull();
        continue;
      }
      const mean = team.get(a['team'])!;
      expect(Math.abs((a['shrunk'] as number) - mean)).toBeLessThanOrEqual(Math.abs((a['value'] as number) - mean) + 0.02);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // Below 30 surveys an agent shows no raw CSAT (suppressed), but still a shrunk one.
    const small = await runAnalysis(t.db, ANALYSES['scorecards']!, request('2025-01'));
    const suppressed = small.rows.filter((r) => r['metric'] === 'csat' && typeof r['agent'] === 'string' && r['status'] === 'suppressed');
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed.every((r) => typeof r['shrunk'] === 'number')).toBe(true);
  });

  it('judges each target in effect against the actual value, with a monthly trend', async () => {
    const period = request('2026-Q1');
    const before = await runAnalysis(t.db, ANALYSES['targets']!, period);
    expect(before.rows.map((r) => r['target'])).toEqual(['feedback_handled_24h', 'satisfaction', 'transparency']);
    const csat = before.rows.find((r) => r['target'] === 'satisfaction')!;
    const kpis = await runAnalysis(t.db, ANALYSES['kpis']!, period);
    expect(csat['value']).toBe(kpis.rows.find((r) => r['metric'] === 'csat')!['value']);
    expect(csat['target_status']).toBe('missed'); // the demo's CSAT (~78 %) is far below 90 %
    expect(csat['trend_months']).toBe(12);
    await setTarget(t.db, { targetId: 'satisfaction', targetValue: 0.5, validFrom: '2026-01-01', reason: 'test' });
    await setTarget(t.db, { targetId: 'phone_sl', metric: 'service_level_phone', targetValue: 0.8, validFrom: '2026-01-01' });
    const after = await runAnalysis(t.db, ANALYSES['targets']!, period);
    expect(after.rows.find((r) => r['target'] === 'satisfaction')).toMatchObject({ target_value: 0.5, target_status: 'met' });
    const sla = await runAnalysis(t.db, ANALYSES['sla']!, { ...period, filters: { channel: ['phone'] } });
    const phone = after.rows.find((r) => r['target'] === 'phone_sl')!;
    expect(phone['value']).toBeCloseTo(sla.rows.find((r) => r['metric'] === 'service_level')!['value'] as number, 12);
    // Targets in effect at the period's end: the earlier value still judges 2025.
    const earlier = await runAnalysis(t.db, ANALYSES['targets']!, request('2025-Q4'));
    expect(earlier.rows.find((r) => r['target'] === 'satisfaction')).toMatchObject({ target_value: 0.9 });
    expect(earlier.rows.find((r) => r['target'] === 'phone_sl')).toBeUndefined();
  });

  it('training: says so when no trainings are recorded, and finds no effect the demo did not plant', async () => {
    await expect(runAnalysis(t.db, ANALYSES['training']!, request('2025'))).resolves.toMatchObject({ rows: [], notes: [expect.stringMatching(/no trainings are recorded/)] });
    const agents = await withSession(t.db, async (s) => (await s.query<{ a: string }>(`SELECT DISTINCT agent_code AS a FROM contact WHERE agent_code IS NOT NULL ORDER BY 1`)).rows.map((r) => r.a));
    const rows = generateTrainings({ seed: 5, agents, from: '2025-01-01', to: '2025-12-31' }).map((r, i) => ({ ...r, lineNo: i + 2 }));
    await importTrainings(t.db, rows, { fileName: 'trainings.csv', sha256: 'a'.repeat(64) });
    const doc = await runAnalysis(t.db, ANALYSES['training']!, request('2025'));
    expect(doc.rows.length).toBe(3 * new Set(rows.map((r) => r.course)).size);
    for (const r of doc.rows.filter((x) => x['status'] === 'ok')) {
      // No planted training effect: every interval is finite and a difference in AHT stays under 2 minutes.
      expect(Number.isFinite(r['lower'] as number) && Number.isFinite(r['upper'] as number)).toBe(true);
      if (r['metric'] === 'did_aht_seconds') expect(Math.abs(r['value'] as number)).toBeLessThan(120);
    }
    expect(doc.rows.every((r) => r['status'] !== 'ok' || (r['trained_agents'] as number) >= 5)).toBe(true);
  });
});
