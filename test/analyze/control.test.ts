/**
 * `servq analyze control` over the seeded demo data — planted effects `billingComplaintCluster` (华南 contacts
 * +35 % from 2025-09-01 to 2025-10-12), `seasonality` (busy weekdays queue longer: wait × load²) and
 * `channelSpeed` (chat answered faster than phone) — and over small hand-built call logs (too short a period,
 * an empty period, a constant series). The chart arithmetic and run rules are checked against R qcc in
 * test/analysis/control-chart.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmptyPeriodError, parsePeriod, runAnalysis, type AnalysisDocument } from '../../src/analyze/index.js';
import { sla } from '../../src/analyze/analyses/sla.js';
import { control, CONTROL_MIN_DAYS } from '../../src/analyze/analyses/control.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { expectFiniteNumbers, openCallsDatabase, request, rowsWhere, rowWhere } from './series-fixtures.js';

const CLUSTER = PLANTED_EFFECTS.billingComplaintCluster;
const Q3 = parsePeriod('2025-Q3');

describe.each(TEST_DATABASES)('control on $name', (target) => {
  describe('the demo data', () => {
    let demo: DemoDatabase;
    let phone: AnalysisDocument;
    beforeAll(async () => {
      demo = await openDemoDatabase(target);
      phone = await runAnalysis(demo.db, control, request(Q3, { timeZone: DEMO_TIME_ZONE }));
    }, 240_000);
    afterAll(() => demo?.dispose());

    it('charts every day of the period, phone only by default, with the limits of each chart', () => {
      for (const metric of ['service_level_miss_share', 'asa_seconds', 'contacts_offered_adjusted']) {
        const days = rowsWhere(phone, { metric });
        expect(days).toHaveLength(92);
        expect(days[0]!['day']).toBe('2025-07-01');
        const limits = rowWhere(phone, { chart: metric, metric: 'control_limits' });
        expect(limits['status']).toBe('ok');
        expect(limits['out_of_control_days']).toBe(days.filter((d) => d['out_of_control'] === true).length);
      }
      expect(phone.variants['scope']).toMatch(/phone contacts only/);
      expect(rowWhere(phone, { chart: 'service_level_miss_share', metric: 'control_limits' })['type']).toBe('p');
      expectFiniteNumbers(phone);
    });

    it('billingComplaintCluster: every day flagged above the weekday-adjusted volume of 华南 lies in the cluster', async () => {
      const doc = await runAnalysis(demo.db, control, request(Q3, { timeZone: DEMO_TIME_ZONE, filters: { region: [CLUSTER.region] } }));
      const above = rowsWhere(doc, { metric: 'contacts_offered_adjusted', out_of_control: true }).filter((r) => String(r['direction']).includes('above'));
      expect(above.length).toBeGreaterThanOrEqual(5);
      for (const r of above) {
        expect(r['day'] as string >= CLUSTER.fromDate && r['day'] as string <= CLUSTER.toDate, String(r['day'])).toBe(true);
      }
      // A sustained shift shows as runs (8 in a row above the centre), not only single points.
      expect(above.some((r) => String(r['signals']).includes('we-4'))).toBe(true);
    });

    it('seasonality (busy days queue longer): service-level misses flag busy weekdays above and weekends below, and say so', () => {
      const flagged = rowsWhere(phone, { metric: 'service_level_miss_share', out_of_control: true });
      expect(flagged.length).toBeGreaterThan(0);
      const weekend = (r: Readonly<Record<string, unknown>>) => r['weekday'] === 'sat' || r['weekday'] === 'sun';
      const below = flagged.filter((r) => r['direction'] === 'below');
      const above = flagged.filter((r) => r['direction'] === 'above');
      expect(below.length).toBeGreaterThan(0);
      expect(below.every(weekend)).toBe(true);
      expect(above.some((r) => r['weekday'] === 'mon')).toBe(true);
      expect(above.some(weekend)).toBe(false);
      expect(rowWhere(phone, { chart: 'service_level_miss_share', metric: 'control_limits' })['flagged_weekdays']).toMatch(/sun:\d+/);
    });

    it('uses the service level of `sla`: the pooled daily misses equal 1 − its phone service level', async () => {
      const days = rowsWhere(phone, { metric: 'service_level_miss_share' });
      const misses = days.reduce((s, r) => s + (r['misses'] as number), 0);
      const n = days.reduce((s, r) => s + (r['n'] as number), 0);
      const reference = await runAnalysis(demo.db, sla, request(Q3, { timeZone: DEMO_TIME_ZONE, by: [], filters: { channel: ['phone'] } }));
      const level = rowWhere(reference, { metric: 'service_level' });
      expect(n).toBe(level['n']);
      expect(1 - misses / n).toBeCloseTo(level['value'] as number, 12);
    });

    it('channelSpeed: by channel, chat misses its 30 s standard less often than phone its 60 s, and waits less', async () => {
      const doc = await runAnalysis(demo.db, control, request(Q3, { timeZone: DEMO_TIME_ZONE, by: ['channel'] }));
      const centre = (channel: string, chart: string) => rowWhere(doc, { channel, chart, metric: 'control_limits' })['value'] as number;
      expect(centre('chat', 'service_level_miss_share')).toBeLessThan(centre('phone', 'service_level_miss_share'));
      expect(centre('chat', 'asa_seconds')).toBeLessThan(centre('phone', 'asa_seconds'));
      expect(rowWhere(doc, { channel: 'chat', day: '2025-07-01', metric: 'service_level_miss_share' })['threshold_seconds']).toBe(30);
      expect(rowWhere(doc, { channel: 'social', chart: 'service_level_miss_share', metric: 'control_limits' })['reason']).toBe('no service-level policy covers these contacts');
      expect(doc.variants['scope']).toMatch(/--by \/ --filter/);
    });
  });

  describe('hand-built call logs', () => {
    let short: OpenTestDatabase;
    let constant: OpenTestDatabase;
    beforeAll(async () => {
      short = await openCallsDatabase(target, { from: '2026-01-05', days: 10, perDay: (d) => 20 + d });
      constant = await openCallsDatabase(target, { from: '2026-01-05', days: 100, perDay: 10 });
    }, 120_000);
    afterAll(async () => {
      await short?.dispose();
      await constant?.dispose();
    });

    it('too few days: each chart is insufficient with the reason, and the note names the days charted', async () => {
      const doc = await runAnalysis(short.db, control, request(parsePeriod('2026-01')));
      expect(doc.rows).toHaveLength(3);
      for (const r of doc.rows) {
        expect(r['metric']).toBe('control_limits');
        expect(r['status']).toBe('insufficient');
        expect(r['reason']).toBe(`control limits need at least ${CONTROL_MIN_DAYS} days with data, got 10`);
      }
      expect(doc.notes.join(' ')).toMatch(/charted days 2026-01-05 to 2026-01-14/);
    });

    it('an empty period: EmptyPeriodError naming the loaded span', async () => {
      await expect(runAnalysis(short.db, control, request(parsePeriod('2025-12')))).rejects.toThrow(EmptyPeriodError);
      await expect(runAnalysis(short.db, control, request(parsePeriod('2025-12')))).rejects.toThrow(/loaded data spans 2026-01-05 to 2026-01-14/);
    });

    it('a constant series: limits on the centre line, no day flagged, no NaN', async () => {
      const doc = await runAnalysis(constant.db, control, request(parsePeriod('2026-02')));
      expect(doc.rows).toHaveLength(3 * 28 + 3);
      for (const [chart, centre] of [['service_level_miss_share', 0], ['asa_seconds', 20], ['contacts_offered_adjusted', 10]] as const) {
        const limits = rowWhere(doc, { chart, metric: 'control_limits' });
        expect([limits['value'], limits['lower'], limits['upper'], limits['sigma'], limits['out_of_control_days']]).toEqual([centre, centre, centre, 0, 0]);
      }
      expect(doc.rows.some((r) => r['out_of_control'] === true)).toBe(false);
      expect(rowWhere(doc, { day: '2026-02-02', metric: 'contacts_offered_adjusted' })['weekday_index']).toBe(1);
      expectFiniteNumbers(doc);
    });
  });
});
