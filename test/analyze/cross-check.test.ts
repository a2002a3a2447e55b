/**
 * The SQL metrics against an independent computation over the same rows: the demo data's current records of a
 * quarter, fetched as plain rows and aggregated with arquero in JavaScript (its own grouping, quantiles and
 * means), with the policy thresholds read from the same table. Any difference in a definition (which contacts
 * count, how waits are derived, which time zone days fall in) shows as a mismatch.
 */
import * as aq from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES, parsePeriod, runAnalyses, runAnalysis, type AnalysisDocument, type AnalyzeRequest } from '../../src/analyze/index.js';
import { DEMO_TIME_ZONE, PLANTED_EFFECTS } from '../../src/demo/planted-effects.js';
import { complaintAggregates, complaintAggregateSets, complaintReceived } from '../../src/db/metrics/complaint-aggregates.js';
import { withSession } from '../../src/db/session.js';
import { TEST_DATABASES } from '../helpers/databases.js';
import { openDemoDatabase, type DemoDatabase } from '../helpers/demo-database.js';

const PERIOD = parsePeriod('2026-Q1');
const request: AnalyzeRequest = {
  period: PERIOD,
  by: ['channel'],
  filters: {},
  timeZone: DEMO_TIME_ZONE,
  minN: 1,
  abandonRule: 'missed',
  repeatWindowDays: 7,
  generatedAt: new Date(0),
  seed: 1,
};

const rowOf = (doc: AnalysisDocument, metric: string, group: Record<string, string>) =>
  doc.rows.find((r) => r['metric'] === metric && Object.entries(group).every(([k, v]) => r[k] === v));

describe.each(TEST_DATABASES)('SQL metrics against arquero on the demo data ($name)', (target) => {
  let t: DemoDatabase;
  let q: <R>(text: string, params?: unknown[]) => Promise<R[]>;
  beforeAll(async () => {
    t = await openDemoDatabase(target);
    q = async <R,>(text: string, params: unknown[] = []) => withSession(t.db, async (s) => (await s.query<R>(text, params)).rows);
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  const inPeriod = `>= ('${PERIOD.from}'::timestamp AT TIME ZONE '${DEMO_TIME_ZONE}') AND %s < ('${PERIOD.to}'::timestamp AT TIME ZONE '${DEMO_TIME_ZONE}')`;

  it('contacts per channel: offered, abandonment, service level, ASA, AHT, median wait', async () => {
    const rows = await q<Record<string, unknown>>(
      `SELECT channel, outcome, wait_seconds, talk_seconds, hold_seconds, after_work_seconds, answered_at, started_at, ended_at FROM contact_current WHERE started_at ${inPeriod.replace('%s', 'started_at')}`,
    );
    const policy = await q<{ channel: string; threshold_seconds: number }>(`SELECT channel, threshold_seconds FROM service_level_policy WHERE channel IS NOT NULL AND priority IS NULL`);
    const threshold = new Map(policy.map((p) => [p.channel, Number(p.threshold_seconds)]));
    const seconds = (a: unknown, b: unknown) => (a && b ? (new Date(a as string).getTime() - new Date(b as string).getTime()) / 1000 : null);
    const contacts = aq.from(
      rows.map((r) => {
        const wait = r['wait_seconds'] ?? (r['outcome'] === 'abandoned' ? seconds(r['ended_at'], r['started_at']) : seconds(r['answered_at'], r['started_at']));
        const limit = threshold.get(String(r['channel']));
        const answered = r['outcome'] === 'answered';
        const counted = limit !== undefined && (answered ? wait !== null : r['outcome'] === 'abandoned');
        return {
          channel: r['channel'],
          abandoned: r['outcome'] === 'abandoned' ? 1 : 0,
          known: r['outcome'] === null ? 0 : 1,
          slCounted: counted ? 1 : 0,
          slMet: counted && answered && (wait as number) <= limit! ? 1 : 0,
          answeredWait: answered ? wait : null,
          handle: answered && r['talk_seconds'] !== null ? Number(r['talk_seconds']) + Number(r['hold_seconds'] ?? 0) + Number(r['after_work_seconds'] ?? 0) : null,
        };
      }),
    );
    const expected = contacts
      .groupby('channel')
      .rollup({
        offered: aq.op.count(),
        abandoned: aq.op.sum('abandoned'),
        known: aq.op.sum('known'),
        slCounted: aq.op.sum('slCounted'),
        slMet: aq.op.sum('slMet'),
        asa: aq.op.mean('answeredWait'),
        medianWait: aq.op.median('answeredWait'),
        aht: aq.op.mean('handle'),
      })
      .objects() as { channel: string; offered: number; abandoned: number; known: number; slCounted: number; slMet: number; asa: number; medianWait: number; aht: number }[];
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const doc = await runAnalysis(t.db, ANALYSES['sla']!, request);
    for (const e of expected) {
      const g = { channel: e.channel };
      expect(rowOf(doc, 'contacts_offered', g)?.['value'], `offered ${g.channel}`).toBe(e.offered);
      expect(rowOf(doc, 'abandon_rate', g)?.['value'] as number).toBeCloseTo(e.abandoned / e.known, 12);
      if (e.slCounted > 0) expect(rowOf(doc, 'service_level', g)?.['value'] as number, `SL ${g.channel}`).toBeCloseTo(e.slMet / e.slCounted, 12);
      else expect(rowOf(doc, 'service_level', g), `no SL for ${g.channel}`).toBeUndefined();
      expect(rowOf(doc, 'asa_seconds', g)?.['value'] as number).toBeCloseTo(e.asa, 8);
      expect(rowOf(doc, 'wait_median_seconds', g)?.['value'] as number).toBeCloseTo(e.medianWait, 8);
      expect(rowOf(doc, 'aht_seconds', g)?.['value'] as number).toBeCloseTo(e.aht, 8);
    }
  });

  it('every survey response carries its answers as ratings (what drivers, tree and rated-contact CSAT read)', async () => {
    const answers = await q<{ batch_id: number; line_no: number; item: string; canonical: number }>('SELECT batch_id, line_no, item, canonical FROM survey_answer');
    const expected = new Map<string, Record<string, number>>();
    for (const a of answers) {
      const key = `${a.batch_id}:${a.line_no}`;
      const items = expected.get(key) ?? {};
      items[a.item] = Number(a.canonical);
      expected.set(key, items);
    }
    const responses = await q<{ batch_id: number; line_no: number; ratings: Record<string, number> }>('SELECT batch_id, line_no, ratings FROM survey_response');
    expect(responses.length).toBeGreaterThan(1000);
    let mismatched = 0;
    for (const r of responses) {
      const want = expected.get(`${r.batch_id}:${r.line_no}`) ?? {};
      if (JSON.stringify(Object.entries(r.ratings).sort()) !== JSON.stringify(Object.entries(want).sort())) mismatched++;
    }
    expect(mismatched).toBe(0);
  });

  it('surveys per channel: CSAT and NPS', async () => {
    const rows = await q<{ channel: string | null; item: string; canonical: number; raw_value: number; scale_id: string }>(
      `SELECT r.channel, a.item, a.canonical, a.raw_value, a.scale_id FROM survey_answer a JOIN survey_response_current r USING (batch_id, line_no)
       WHERE r.answered_at ${inPeriod.replace('%s', 'r.answered_at')}`,
    );
    const answers = aq.from(rows.map((r) => ({ channel: r.channel, item: r.item, top2: r.canonical >= 4 ? 1 : 0, promoter: r.raw_value >= 9 ? 1 : 0, detractor: r.raw_value <= 6 ? 1 : 0, nps11: r.scale_id === 'nps11' })));
    const csat = answers.filter((d: { item: string }) => d.item === 'overall').groupby('channel').rollup({ n: aq.op.count(), top2: aq.op.sum('top2') }).objects() as { channel: string; n: number; top2: number }[];
    const nps = answers.filter((d: { item: string; nps11: boolean }) => d.item === 'nps' && d.nps11).groupby('channel').rollup({ n: aq.op.count(), p: aq.op.sum('promoter'), d: aq.op.sum('detractor') }).objects() as { channel: string; n: number; p: number; d: number }[];
    const doc = await runAnalysis(t.db, ANALYSES['surveys']!, request);
    expect(csat.length).toBeGreaterThan(2);
    for (const e of csat) {
      const row = rowOf(doc, 'csat', { channel: e.channel });
      expect(row?.['n'], `csat n ${e.channel}`).toBe(e.n);
      expect(row?.['value'] as number).toBeCloseTo(e.top2 / e.n, 12);
    }
    for (const e of nps) expect(rowOf(doc, 'nps', { channel: e.channel })?.['value'] as number).toBeCloseTo((100 * (e.p - e.d)) / e.n, 10);
  });

  it('complaints per category: received, first reply within 30 min, resolution median', async () => {
    const rows = await q<{ category: string | null; received_at: string; first_response_at: string | null; resolved_at: string | null; closed_at: string | null }>(
      `SELECT category, received_at, first_response_at, resolved_at, closed_at FROM complaint_current WHERE received_at ${inPeriod.replace('%s', 'received_at')}`,
    );
    const ms = (a: string | null, b: string) => (a === null ? null : (new Date(a).getTime() - new Date(b).getTime()) / 1000);
    const complaints = aq.from(
      rows.map((r) => {
        const frt = ms(r.first_response_at, r.received_at);
        return { category: r.category, frt30: frt === null ? null : frt <= 1800 ? 1 : 0, resolution: ms(r.resolved_at ?? r.closed_at, r.received_at) };
      }),
    );
    const expected = complaints.groupby('category').rollup({ n: aq.op.count(), frt30: aq.op.mean('frt30'), resolution: aq.op.median('resolution') }).objects() as { category: string; n: number; frt30: number; resolution: number }[];
    const doc = await runAnalysis(t.db, ANALYSES['complaints']!, { ...request, by: ['category'] });
    for (const e of expected) {
      expect(rowOf(doc, 'complaints_received', { category: e.category })?.['value']).toBe(e.n);
      expect(rowOf(doc, 'first_reply_within_30min', { category: e.category })?.['value'] as number).toBeCloseTo(e.frt30, 12);
      expect(rowOf(doc, 'resolution_median_seconds', { category: e.category })?.['value'] as number).toBeCloseTo(e.resolution, 6);
    }
  });

  it('complaints per ISO week and category (a calendar grain of the local day beside a column): received, first reply within 30 min', async () => {
    const rows = await q<{ category: string | null; received_at: string; first_response_at: string | null }>(
      `SELECT category, received_at, first_response_at FROM complaint_current WHERE received_at ${inPeriod.replace('%s', 'received_at')}`,
    );
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: DEMO_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
    // ISO 8601 week of a calendar date: the week (Monday first) holding its Thursday, numbered within that Thursday's year
    const isoWeek = (ymd: string) => {
      const d = new Date(`${ymd}T00:00:00Z`);
      const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
      const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
      const week = 1 + Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000));
      return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    };
    const complaints = aq.from(
      rows.map((r) => {
        const frt = r.first_response_at === null ? null : (new Date(r.first_response_at).getTime() - new Date(r.received_at).getTime()) / 1000;
        return { category: r.category, week: isoWeek(localDay.format(new Date(r.received_at))), frt30: frt === null ? null : frt <= 1800 ? 1 : 0 };
      }),
    );
    const expected = complaints.groupby('week', 'category').rollup({ n: aq.op.count(), frt30: aq.op.mean('frt30') }).objects() as { week: string; category: string; n: number; frt30: number }[];
    expect(new Set(expected.map((e) => e.week)).size).toBeGreaterThan(12);
    const doc = await runAnalysis(t.db, ANALYSES['complaints']!, { ...request, by: ['week', 'category'] });
    expect(doc.rows.filter((r) => r['metric'] === 'complaints_received')).toHaveLength(expected.length);
    for (const e of expected) {
      expect(rowOf(doc, 'complaints_received', { week: e.week, category: e.category })?.['value'], `${e.week} ${e.category}`).toBe(e.n);
      expect(rowOf(doc, 'first_reply_within_30min', { week: e.week, category: e.category })?.['value'] as number).toBeCloseTo(e.frt30, 12);
    }
  });

  it('complaint aggregates of several groupings in one pass (GROUPING SETS) equal one statement per grouping', async () => {
    const input = {
      ranges: [{ key: 'current', from: PERIOD.from, to: PERIOD.to }, { key: 'previous', from: '2025-10-01', to: PERIOD.from }],
      timeZone: DEMO_TIME_ZONE,
      filters: {},
      asOf: new Date(`${PERIOD.to}T00:00:00Z`),
    };
    const sets = [['channel'], ['channel', 'category'], ['month', 'urgency'], [], ['category', 'channel']];
    const together = await complaintAggregateSets(t.db, { ...input, sets, quantiles: true });
    expect(together).toHaveLength(sets.length);
    const key = (r: { dimensions: object; rangeKey: string }) => JSON.stringify([r.dimensions, r.rangeKey]);
    for (const [i, by] of sets.entries()) {
      const alone = await complaintAggregates(t.db, { ...input, by, quantiles: i === 0 });
      const got = new Map(together[i]!.map((r) => [key(r), r]));
      expect(got.size, JSON.stringify(by)).toBe(alone.length);
      expect(alone.length).toBeGreaterThan(1);
      for (const want of alone) {
        const row = got.get(key(want));
        expect(row, `${JSON.stringify(by)} ${key(want)}`).toBeDefined();
        expect(Object.keys(row!.dimensions)).toEqual(by);
        for (const [column, value] of Object.entries(want.values)) {
          if (value === null) expect(row!.values[column], column).toBeNull();
          else expect(Math.abs(row!.values[column]! - value), `${key(want)} ${column}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
        }
      }
    }
    // complaintReceived: the same counts alone, per day too
    for (const by of [['channel', 'day'], []]) {
      const counts = await complaintReceived(t.db, { ranges: input.ranges, timeZone: input.timeZone, filters: {}, by });
      const full = await complaintAggregates(t.db, { ...input, by, quantiles: false });
      expect(counts.length).toBe(full.length);
      const received = new Map(full.map((r) => [key(r), r.values['received']]));
      for (const r of counts) expect(r.values, key(r)).toEqual({ received: received.get(key(r)) });
    }
    // the first set carries the quantiles, the others none
    expect(together[0]!.some((r) => r.values['frt_p50'] !== null)).toBe(true);
    expect(together[1]!.every((r) => r.values['frt_p50'] === null)).toBe(true);
  });

  it('runAnalyses two at a time gives each analysis the document runAnalysis gives alone', async () => {
    const names = ['kpis', 'drivers', 'tree', 'segments', 'complaints', 'themes'];
    const set = names.map((n) => ANALYSES[n]!);
    const quarter = { ...request, by: [] };
    const together = await runAnalyses(t.db, set, quarter);
    expect(together.map((e) => e.name)).toEqual(names);
    // another handle on the same database: the drivers/tree sample kept for the last handle is not reused
    const fresh = Object.create(t.db) as typeof t.db;
    for (const [i, definition] of set.entries()) {
      const alone = await runAnalysis(fresh, definition, quarter);
      expect(together[i]!.error).toBeNull();
      expect(together[i]!.document, definition.name).toEqual(alone);
    }
  }, 120_000);

  it('ranks the channels by speed as the demo plants them (channelSpeed): chat before phone before social before email', async () => {
    const doc = await runAnalysis(t.db, ANALYSES['sla']!, request);
    const median = (channel: string) => rowOf(doc, 'wait_median_seconds', { channel })?.['value'] as number;
    const planted = PLANTED_EFFECTS.channelSpeed.medianWaitSeconds;
    const order = (['chat', 'phone', 'social', 'email'] as const).slice().sort((a, b) => planted[a] - planted[b]);
    expect(order).toEqual(['chat', 'phone', 'social', 'email']);
    for (let i = 1; i < order.length; i++) expect(median(order[i - 1]!)).toBeLessThan(median(order[i]!));
    // Chat meets its 30 s standard far more often than e-mail meets its 2 h one.
    expect(rowOf(doc, 'service_level', { channel: 'chat' })!['value'] as number).toBeGreaterThan(rowOf(doc, 'service_level', { channel: 'email' })!['value'] as number);
  });
});
