/**
 * `servq analyze staffing` over the seeded demo data — planted effects `seasonality` (Monday busiest, the phone
 * line peaking mid-morning) and `channelSpeed` (chat held to 30 s, phone to 60 s) — and over small hand-built
 * call logs (too short a history to forecast, an empty period, a constant day). Erlang C and the staffing
 * search are checked against reference values in test/analysis (erlang-c, staffing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erlangC, isOk } from '../../src/analysis/index.js';
import { EmptyPeriodError, parsePeriod, runAnalysis, type AnalysisDocument } from '../../src/analyze/index.js';
import { sla } from '../../src/analyze/analyses/sla.js';
import { DEFAULT_TARGET_SHARE, staffing } from '../../src/analyze/analyses/staffing.js';
import { DEMO_TIME_ZONE } from '../../src/demo/planted-effects.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { expectFiniteNumbers, openCallsDatabase, request, rowsWhere, rowWhere } from './series-fixtures.js';

const Q1 = parsePeriod('2026-Q1');

describe.each(TEST_DATABASES)('staffing on $name', (target) => {
  describe('the demo data', () => {
    let demo: DemoDatabase;
    let doc: AnalysisDocument;
    beforeAll(async () => {
      demo = await openDemoDatabase(target);
      doc = await runAnalysis(demo.db, staffing, request(Q1, { timeZone: DEMO_TIME_ZONE }));
    }, 240_000);
    afterAll(() => demo?.dispose());

    it('staffs the 168 hours of the week from the period\'s actual phone arrivals and AHT', async () => {
      expect(rowsWhere(doc, { metric: 'agents_required' })).toHaveLength(168);
      expect(rowsWhere(doc, { metric: 'contacts_per_hour', source: 'actual' })).toHaveLength(168);
      const arrivals = rowsWhere(doc, { metric: 'contacts_per_hour' }).reduce((s, r) => s + (r['n'] as number), 0);
      const reference = await runAnalysis(demo.db, sla, request(Q1, { timeZone: DEMO_TIME_ZONE, by: [], filters: { channel: ['phone'] } }));
      expect(arrivals).toBe(rowWhere(reference, { metric: 'contacts_offered' })['value']);
      const aht = rowWhere(doc, { metric: 'aht_seconds' });
      expect(aht['value'] as number).toBeCloseTo(rowWhere(reference, { metric: 'aht_seconds' })['value'] as number, 9);
      expect(rowWhere(doc, { metric: 'agent_hours_per_week' })['value']).toBe(rowsWhere(doc, { metric: 'agents_required' }).reduce((s, r) => s + (r['value'] as number), 0));
      expectFiniteNumbers(doc);
    });

    it('meets the phone standard in every staffed hour, with the fewest agents that do (Erlang C)', () => {
      for (const r of rowsWhere(doc, { metric: 'expected_service_level' })) {
        expect(r['value'] as number).toBeGreaterThanOrEqual(DEFAULT_TARGET_SHARE);
        expect([r['threshold_seconds'], r['target_share']]).toEqual([60, DEFAULT_TARGET_SHARE]);
      }
      const aht = rowWhere(doc, { metric: 'aht_seconds' })['value'] as number;
      const arrivals = rowWhere(doc, { weekday: 'mon', hour: '10', metric: 'contacts_per_hour' })['value'] as number;
      const agents = rowWhere(doc, { weekday: 'mon', hour: '10', metric: 'agents_required' })['value'] as number;
      const at = (n: number) => erlangC({ arrivals, intervalSeconds: 3600, ahtSeconds: aht, agents: n, targetAnswerSeconds: 60 });
      const staffed = at(agents);
      const fewer = at(agents - 1);
      expect(isOk(staffed) && staffed.serviceLevel).toBeCloseTo(rowWhere(doc, { weekday: 'mon', hour: '10', metric: 'expected_service_level' })['value'] as number, 12);
      expect(!isOk(fewer) || (fewer.serviceLevel as number) < DEFAULT_TARGET_SHARE).toBe(true);
    });

    it('seasonality: Monday is busier than Sunday at the same hour, and the phone line peaks mid-morning, not at night', () => {
      const at = (weekday: string, hour: string, metric: string) => rowWhere(doc, { weekday, hour, metric })['value'] as number;
      expect(at('mon', '10', 'contacts_per_hour')).toBeGreaterThan(at('sun', '10', 'contacts_per_hour') * 1.3);
      expect(at('mon', '10', 'agents_required')).toBeGreaterThan(at('mon', '03', 'agents_required'));
      const peak = rowWhere(doc, { metric: 'peak_agents_required' });
      expect(['08', '09', '10', '11', '14', '15', '16']).toContain(peak['hour']);
    });

    it('channelSpeed: by channel, chat is staffed to its 30 s standard, phone to 60 s; channels without a policy are insufficient', async () => {
      const byChannel = await runAnalysis(demo.db, staffing, request(Q1, { timeZone: DEMO_TIME_ZONE, by: ['channel'] }));
      expect(rowWhere(byChannel, { channel: 'chat', weekday: 'mon', hour: '20', metric: 'expected_service_level' })['threshold_seconds']).toBe(30);
      expect(rowWhere(byChannel, { channel: 'phone', weekday: 'mon', hour: '20', metric: 'expected_service_level' })['threshold_seconds']).toBe(60);
      for (const channel of ['app', 'social', 'onsite']) {
        expect(rowWhere(byChannel, { channel, metric: 'agents_required' })['reason']).toBe(`no service-level policy for channel '${channel}' in effect on 2026-01-01`);
      }
      // Chat leans into the evening (HOURLY_ARRIVALS): relative to its own 10:00, more chat than phone at 20:00.
      const share = (channel: string) =>
        (rowWhere(byChannel, { channel, weekday: 'mon', hour: '20', metric: 'contacts_per_hour' })['value'] as number) /
        (rowWhere(byChannel, { channel, weekday: 'mon', hour: '10', metric: 'contacts_per_hour' })['value'] as number);
      expect(share('chat')).toBeGreaterThan(share('phone'));
    });

    it('forecasts the arrivals of a period after the loaded data, and says so', async () => {
      const future = await runAnalysis(demo.db, staffing, request(parsePeriod('2026-Q2'), { timeZone: DEMO_TIME_ZONE }));
      expect(future.notes.join(' ')).toMatch(/starts after the loaded contacts \(which end on 2026-03-31\): arrivals are forecast/);
      expect(future.variants['source']).toMatch(/^forecast:/);
      expect(rowsWhere(future, { metric: 'contacts_per_hour', source: 'forecast' })).toHaveLength(168);
      const forecastMon10 = rowWhere(future, { weekday: 'mon', hour: '10', metric: 'contacts_per_hour' })['value'] as number;
      const actualMon10 = rowWhere(doc, { weekday: 'mon', hour: '10', metric: 'contacts_per_hour' })['value'] as number;
      expect(forecastMon10).toBeGreaterThan(actualMon10 * 0.6);
      expect(forecastMon10).toBeLessThan(actualMon10 * 1.6);
      expectFiniteNumbers(future);
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

    it('too short a history to forecast, or too few handled contacts for the AHT: insufficient with the reason', async () => {
      const future = await runAnalysis(short.db, staffing, request(parsePeriod('2026-02')));
      expect(future.rows).toHaveLength(1);
      expect(future.rows[0]).toMatchObject({ metric: 'agents_required', status: 'insufficient', reason: 'a daily forecast needs at least 28 days of history, got 10' });
      const strict = await runAnalysis(short.db, staffing, request(parsePeriod('2026-01'), { minN: 1000 }));
      expect(strict.rows[0]).toMatchObject({ metric: 'agents_required', status: 'insufficient', reason: 'AHT needs at least 1000 handled contacts, got 245' });
    });

    it('an empty period: EmptyPeriodError naming the loaded span', async () => {
      await expect(runAnalysis(short.db, staffing, request(parsePeriod('2025-06')))).rejects.toThrow(EmptyPeriodError);
      await expect(runAnalysis(short.db, staffing, request(parsePeriod('2025-06')))).rejects.toThrow(/loaded data spans 2026-01-05 to 2026-01-14/);
    });

    it('a constant day: every weekday staffed alike, hours without calls need no agent, no NaN', async () => {
      // Each day: 9 calls between 08:00 and 08:56 and one at 09:03, 300 s talk, 20 s wait.
      const doc = await runAnalysis(constant.db, staffing, request(parsePeriod('2026-02')));
      expect(rowWhere(doc, { metric: 'aht_seconds' })['value']).toBe(300);
      const expected = (arrivals: number) => {
        const n = [1, 2, 3].find((k) => {
          const r = erlangC({ arrivals, intervalSeconds: 3600, ahtSeconds: 300, agents: k, targetAnswerSeconds: 60 });
          return isOk(r) && (r.serviceLevel as number) >= DEFAULT_TARGET_SHARE;
        });
        return n;
      };
      for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
        expect(rowWhere(doc, { weekday, hour: '08', metric: 'contacts_per_hour' })['value']).toBe(9);
        expect(rowWhere(doc, { weekday, hour: '08', metric: 'agents_required' })['value']).toBe(expected(9));
        expect(rowWhere(doc, { weekday, hour: '09', metric: 'agents_required' })['value']).toBe(expected(1));
        const night = rowWhere(doc, { weekday, hour: '03', metric: 'agents_required' });
        expect([night['value'], night['binding']]).toEqual([0, 'no-traffic']);
        expect(rowWhere(doc, { weekday, hour: '03', metric: 'expected_service_level' })['value']).toBe(1);
      }
      expect(rowWhere(doc, { metric: 'agent_hours_per_week' })['value']).toBe(7 * (expected(9)! + expected(1)!));
      expectFiniteNumbers(doc);
    });
  });
});
