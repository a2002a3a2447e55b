/**
 * `servq analyze trend` over the seeded demo data (planted effect `seasonality`: weekday factors Monday high,
 * Sunday low, volume growing 15 % a year; `channelSpeed`: chat answered faster than phone) and over small
 * hand-built call logs for the edge cases (too short a history, an empty period, a constant series).
 * The statistics themselves are checked against R in test/analysis (sen-slope, mann-kendall, stl).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmptyPeriodError, parsePeriod, rangePeriod, runAnalysis, type AnalysisDocument } from '../../src/analyze/index.js';
import { trend, TREND_MIN_DAYS } from '../../src/analyze/analyses/trend.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { TEST_DATABASES, type OpenTestDatabase } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';
import { expectFiniteNumbers, openCallsDatabase, request, rowsWhere, rowWhere } from './series-fixtures.js';

const SEASONALITY = PLANTED_EFFECTS.seasonality;

describe.each(TEST_DATABASES)('trend on $name', (target) => {
  describe('the demo data', () => {
    let demo: DemoDatabase;
    let doc: AnalysisDocument;
    let byChannel: AnalysisDocument;
    beforeAll(async () => {
      demo = await openDemoDatabase(target);
      doc = await runAnalysis(demo.db, trend, request(parsePeriod('2026-Q1'), { timeZone: DEMO_TIME_ZONE }));
      byChannel = await runAnalysis(demo.db, trend, request(parsePeriod('2026-Q1'), { timeZone: DEMO_TIME_ZONE, by: ['channel'] }));
    }, 240_000);
    afterAll(() => demo?.dispose());

    it('seasonality (trendPerYear 0.15): daily volume has a positive Sen slope and an increasing Mann–Kendall trend', () => {
      const slope = rowWhere(doc, { series: 'contacts_per_day', metric: 'sen_slope' });
      expect(slope['status']).toBe('ok');
      expect(slope['n']).toBe(455); // 2025-01-01 … 2026-03-31
      expect(slope['lower'] as number).toBeGreaterThan(0);
      // Relative growth per year ≈ 0.15, blurred by the yearly bumps at both ends of 15 months (observed ≈ 0.11).
      expect(slope['relative_slope_per_year'] as number).toBeGreaterThan(SEASONALITY.trendPerYear / 3);
      expect(slope['relative_slope_per_year'] as number).toBeLessThan(SEASONALITY.trendPerYear * 2);
      const mk = rowWhere(doc, { series: 'contacts_per_day', metric: 'mann_kendall_p' });
      expect(mk['direction']).toBe('increasing');
      expect(mk['value'] as number).toBeLessThan(0.01);
      expect(mk['q_value'] as number).toBeGreaterThanOrEqual(mk['value'] as number);
      const weekly = rowWhere(doc, { series: 'contacts_per_week', metric: 'sen_slope' });
      expect(weekly['value'] as number).toBeGreaterThan(0);
      expect(weekly['n']).toBe(64); // complete ISO weeks 2025-W02 … 2026-W13
    });

    it('seasonality (weekday factors): the STL weekly component has Monday highest and Sunday lowest', () => {
      const effects = rowsWhere(doc, { metric: 'weekday_effect' });
      expect(effects.map((r) => r['weekday'])).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
      expect(rowWhere(doc, { metric: 'weekday_effect', weekday: 'mon' })['rank']).toBe(1);
      expect(rowWhere(doc, { metric: 'weekday_effect', weekday: 'sun' })['rank']).toBe(7);
      // Planted: Monday 1.3 and Sunday 0.7 of a weekly mean of 1.057 → about +23 % and −34 %.
      const mean = Object.values(SEASONALITY.weekdayFactors).reduce((a, b) => a + b, 0) / 7;
      expect(rowWhere(doc, { metric: 'weekday_effect', weekday: 'mon' })['relative'] as number).toBeCloseTo(SEASONALITY.weekdayFactors.mon / mean - 1, 1);
      expect(rowWhere(doc, { metric: 'weekday_effect', weekday: 'sun' })['relative'] as number).toBeLessThan(-0.2);
      const strength = rowWhere(doc, { metric: 'seasonal_strength', season: 'weekly' });
      expect(strength['value'] as number).toBeGreaterThan(0.6);
    });

    it('states the yearly cycle as insufficient with 15 months of data, and the history it used', () => {
      const yearly = rowWhere(doc, { metric: 'seasonal_strength', season: 'yearly' });
      expect(yearly['status']).toBe('insufficient');
      expect(yearly['reason']).toMatch(/more than 104 complete weeks.*got 64/);
      expect(doc.variants['history']).toMatch(/2025-01-01 to 2026-03-31, 455 days, 64 complete weeks/);
      expect(doc.notes.join(' ')).toMatch(/history starts on 2025-01-01/);
      for (const series of ['service_level', 'asa_seconds', 'csat', 'complaints_per_week']) {
        expect(rowWhere(doc, { series, metric: 'sen_slope' })['status'], series).toBe('ok');
      }
      expectFiniteNumbers(doc);
    });

    it('channelSpeed: by channel, chat answers faster than phone (median weekly ASA), each channel with its own slope', () => {
      const asa = (channel: string) => rowWhere(byChannel, { channel, series: 'asa_seconds', metric: 'sen_slope' })['median'] as number;
      expect(asa('chat')).toBeLessThan(asa('phone'));
      expect(asa('phone')).toBeLessThan(asa('email'));
      // Social has no service-level policy: its weekly service level is insufficient, with the reason.
      expect(rowWhere(byChannel, { channel: 'social', series: 'service_level', metric: 'sen_slope' })['reason']).toMatch(/no service-level policy/);
      expect(byChannel.rows.filter((r) => r['metric'] === 'weekday_effect' && r['weekday'] === 'mon').length).toBe(6);
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

    it('too short a history: every trend row is insufficient with a reason, never NaN', async () => {
      const doc = await runAnalysis(short.db, trend, request(parsePeriod('2026-01')));
      expect(doc.rows.length).toBeGreaterThan(0);
      expect(doc.rows.every((r) => r['status'] === 'insufficient' && typeof r['reason'] === 'string' && r['value'] === null)).toBe(true);
      expect(rowWhere(doc, { series: 'contacts_per_day', metric: 'sen_slope' })['reason']).toBe(`needs at least ${TREND_MIN_DAYS} days with a value, got 10`);
      expect(rowWhere(doc, { series: 'contacts_per_week', metric: 'sen_slope' })['reason']).toBe('needs at least 10 weeks with a value, got 1');
      expect(rowWhere(doc, { metric: 'seasonal_strength', season: 'weekly' })['reason']).toMatch(/at least 28 days, got 10/);
      expectFiniteNumbers(doc);
    });

    it('an empty period: EmptyPeriodError naming the loaded span', async () => {
      await expect(runAnalysis(short.db, trend, request(parsePeriod('2025-06')))).rejects.toThrow(EmptyPeriodError);
      await expect(runAnalysis(short.db, trend, request(parsePeriod('2025-06')))).rejects.toThrow(/no contacts, survey responses or complaints between 2025-06-01 and 2025-06-30 \(UTC\); loaded: contacts 2026-01-05 to 2026-01-14, survey responses none, complaints none/);
    });

    it('a constant series: slope 0 with a zero-width interval, Mann–Kendall and seasonality insufficient', async () => {
      const doc = await runAnalysis(constant.db, trend, request(rangePeriod('2026-01-05', '2026-04-14')));
      const slope = rowWhere(doc, { series: 'contacts_per_day', metric: 'sen_slope' });
      expect([slope['value'], slope['lower'], slope['upper'], slope['n']]).toEqual([0, 0, 0, 100]);
      expect(slope['relative_slope_per_year']).toBe(0);
      expect(rowWhere(doc, { series: 'contacts_per_day', metric: 'mann_kendall_p' })['reason']).toMatch(/all 100 values are equal/);
      expect(rowWhere(doc, { metric: 'seasonal_strength', season: 'weekly' })['reason']).toMatch(/does not vary/);
      expect(rowWhere(doc, { metric: 'weekday_effect', weekday: 'mon' })['status']).toBe('insufficient');
      // 14 complete weeks of 70 calls, all answered within the 60 s phone standard.
      const weekly = rowWhere(doc, { series: 'contacts_per_week', metric: 'sen_slope' });
      expect([weekly['value'], weekly['n'], weekly['median']]).toEqual([0, 14, 70]);
      expect(rowWhere(doc, { series: 'service_level', metric: 'sen_slope' })['median']).toBe(1);
      expect(rowWhere(doc, { series: 'asa_seconds', metric: 'sen_slope' })['median']).toBe(20);
      // The fixture loads calls only: the other sources say so.
      expect(doc.notes.join(' ')).toMatch(/no survey responses are loaded.*no complaints are loaded/);
      expectFiniteNumbers(doc);
    });
  });
});
